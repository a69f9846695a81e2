from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
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
    # UU 27/2022: when the person agreed to the privacy notice at sign-up (empty for accounts
    # made by the admin or the demo seed), and when the account was erased at its owner's request.
    privacy_consent_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

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
        SHARE_WIDTH, or the master while renditions are still being made (with
        TASKS_BACKEND=database they wait for the worker)."""
        widths = sorted(
            int(width) for width, names in (self.renditions or {}).items() if "jpeg" in names
        )
        if not widths:
            return self.original.name, self.width, self.height
        width = min(widths, key=lambda candidate: abs(candidate - self.SHARE_WIDTH))
        height = round(self.height * width / self.width)
        return self.renditions[str(width)]["jpeg"], width, height


class AuditLogIsAppendOnly(Exception):
    """An attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    """The log is append-only: rows are created, never changed or removed through the ORM."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly

    def delete(self):
        raise AuditLogIsAppendOnly


class AuditEntry(models.Model):
    """One privileged action: who did what to which object, when, and why.

    Written only by `kim_portal.audit.record`, inside the transaction of the service that acts.
    The actor's name and the object's description are snapshots: they stay readable when the
    account or the object changes or disappears.
    """

    class Action(models.TextChoices):
        """The short codes of `action`; new actions need no migration (the field has no choices)."""

        KIM_VERIFY = "kim.verify", _("KIM verified")
        KIM_REJECT = "kim.reject", _("KIM rejected")
        KIM_DEACTIVATE = "kim.deactivate", _("KIM deactivated")
        MEMBERSHIP_APPROVE = "membership.approve", _("Join request approved")
        MEMBERSHIP_DECLINE = "membership.decline", _("Join request declined")
        MEMBERSHIP_ROLE = "membership.role", _("Member's role changed")
        MEMBERSHIP_REMOVE = "membership.remove", _("Member removed")
        PROGRAM_APPROVE = "program.approve", _("Work program approved")
        PROGRAM_REVISION = "program.revision", _("Work program sent back for revision")
        ARTICLE_APPROVE = "article.approve", _("Article approved by the KIM")
        ARTICLE_REQUEST_CHANGES = "article.request_changes", _("Article sent back for changes")
        ARTICLE_PUBLISH = "article.publish", _("Article published or scheduled")
        ARTICLE_REJECT = "article.reject", _("Article rejected")
        ARTICLE_UNPUBLISH = "article.unpublish", _("Article unpublished")
        ARTICLE_FEATURE = "article.feature", _("Article featured or unfeatured")
        COMMENT_APPROVE = "comment.approve", _("Comment approved")
        COMMENT_REJECT = "comment.reject", _("Comment rejected")
        COMMENT_SPAM = "comment.spam", _("Comment marked as spam")
        EVENT_PUBLISH = "event.publish", _("Event published")
        EVENT_CANCEL = "event.cancel", _("Event cancelled")
        EVENT_CHECK_IN = "event.check_in", _("Participant checked in")
        MATERIAL_PUBLISH = "material.publish", _("Material published")
        MATERIAL_UNPUBLISH = "material.unpublish", _("Material unpublished")
        ANNOUNCEMENT_SEND = "announcement.send", _("Announcement sent")
        CSV_EXPORT = "csv.export", _("CSV exported")
        ACCOUNT_EXPORT = "account.export", _("Personal data exported")
        ACCOUNT_ERASE = "account.erase", _("Account deleted")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor's name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly

    @property
    def action_label(self) -> str:
        return self.Action(self.action).label if self.action in self.Action.values else self.action
