import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim_portal.richtext import RichTextField
from kim_portal.uploads import private_storage

# Path segments under /agenda/ that an event slug must never take.
RESERVED_SLUGS = {"saya", "kalender", "sertifikat", "arsip", "baru"}


def new_token() -> str:
    return secrets.token_urlsafe(16)


def new_certificate_code() -> str:
    # Unambiguous letters and digits, easy to read aloud and type from paper.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def material_path(instance: "EventMaterial", filename: str) -> str:
    return f"events/{instance.event_id}/{uuid.uuid4().hex}/{filename}"


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def listed(self):
        """What the public agenda shows: published and cancelled (marked so), never drafts."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.published().filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now=None):
        now = now or timezone.now()
        return self.listed().filter(ends_at__lt=now).order_by("-starts_at", "-pk")


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        BIMTEK = "bimtek", _("Technical guidance (bimbingan teknis)")
        SARASEHAN = "sarasehan", _("Sarasehan")
        FORUM = "forum", _("Forum")
        SIMULASI = "simulasi", _("Simulation")
        STUDI_BANDING = "studi_banding", _("Study visit (studi banding)")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("KIM members only")
        PUBLIC = "public", _("Everyone")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class MaterialsVisibility(models.TextChoices):
        REGISTRANTS = "registrants", _("Registrants only")
        PUBLIC = "public", _("Everyone")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = RichTextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    seats_per_kim = models.PositiveIntegerField(
        _("seats per KIM"),
        null=True,
        blank=True,
        help_text=_("Most confirmed seats one KIM may take. Leave empty for no limit."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line."))
    contact = models.CharField(_("organiser contact"), max_length=200, blank=True)
    # Who signs the certificates of attendance: set per event by the Redaksi.
    signatory_name = models.CharField(_("signatory's name"), max_length=150, blank=True)
    signatory_title = models.CharField(
        _("signatory's title"),
        max_length=200,
        blank=True,
        help_text=_("For example: Kepala Dinas Komunikasi dan Informatika Kota Salatiga."),
    )
    materials_visibility = models.CharField(
        _("materials visible to"),
        max_length=12,
        choices=MaterialsVisibility.choices,
        default=MaterialsVisibility.REGISTRANTS,
    )
    # A plain URL until the news app lands on this branch; then a nullable FK to news.Article.
    related_article = models.ForeignKey(
        "news.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related news"),
        help_text=_("A published article about this event."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    def is_on_event_day(self, moment) -> bool:
        """Whether `moment` falls on one of the event's days, in the portal's time zone."""
        day = timezone.localdate(moment)
        return timezone.localdate(self.starts_at) <= day <= timezone.localdate(self.ends_at)

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_published or now >= self.starts_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)


class RegistrationQuerySet(models.QuerySet):
    def holding_seat(self):
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED])

    def open(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def latest_per_event(self):
        """Without cancelled rows that a newer registration for the same event replaced."""
        replaced = Registration.objects.filter(
            event=OuterRef("event"), user=OuterRef("user"), pk__gt=OuterRef("pk")
        )
        return self.exclude(Q(status=Registration.Status.CANCELLED) & Exists(replaced))


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    kim = models.ForeignKey(
        "groups.Kim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("on behalf of KIM"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    token = models.CharField(max_length=32, default=new_token, editable=False)
    certificate_code = models.CharField(
        max_length=12, unique=True, default=new_certificate_code, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_open_registration_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("workshops:ticket", args=[self.pk])

    @property
    def holds_seat(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.ATTENDED)

    @property
    def attended(self) -> bool:
        return self.status == self.Status.ATTENDED

    @property
    def has_certificate(self) -> bool:
        """A certificate proves attendance: only a check-in on the event's day(s) earns one."""
        return (
            self.attended
            and self.checked_in_at is not None
            and self.event.is_on_event_day(self.checked_in_at)
        )


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.rating}/5"


class EventMaterial(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path, storage=private_storage)
    kind = models.CharField(max_length=10, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:event_material", args=[self.event.slug, self.pk])
