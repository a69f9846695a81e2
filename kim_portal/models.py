from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

whatsapp_validator = RegexValidator(
    r"^\+?[0-9 \-]{8,20}$",
    _("Enter a phone number of digits only, for example 081234567890."),
)


class EmailUserManager(UserManager):
    """The e-mail address is the login: there is no username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    whatsapp = models.CharField(
        _("WhatsApp number"), max_length=20, blank=True, validators=[whatsapp_validator]
    )
    wants_news_email = models.BooleanField(
        _("Send me non-essential e-mail (announcements that are not marked important)"),
        default=True,
    )
    # The language the user last chose (the switch, or the page they logged in on): their
    # e-mail is written in it, whoever's click sent it.
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def remember_language(self, code: str | None) -> None:
        if code in dict(settings.LANGUAGES) and code != self.language:
            self.language = code
            User.objects.filter(pk=self.pk).update(language=code)


class Photo(models.Model):
    """An uploaded photo, re-encoded without metadata, with resized renditions for `srcset`.

    `original` is the cleaned master (never the file the user sent); `renditions` maps a width to
    the storage names of its WebP and JPEG files, filled in by a task after upload.
    """

    original = models.FileField(_("photo"), upload_to="photos/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    renditions = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.original.name

    # Link previews (og:image) and feed enclosures: big enough for a preview card, a fraction of
    # a phone photo's original.
    SHARE_WIDTH = 960

    def share_rendition(self) -> tuple[str, int, int]:
        """The storage name, width and height of the JPEG to share: the rendition closest to
        SHARE_WIDTH, or the original while renditions are still being made."""
        widths = sorted(int(width) for width in self.renditions)
        if not widths:
            return self.original.name, self.width, self.height
        width = min(widths, key=lambda candidate: abs(candidate - self.SHARE_WIDTH))
        height = round(self.height * width / self.width)
        return self.renditions[str(width)]["jpeg"], width, height
