"""Information materials (bahan informasi), dissemination reports and announcements."""

import uuid
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim_portal.richtext import RichTextField
from kim_portal.uploads import private_storage


def material_upload_to(instance, filename: str) -> str:
    # The uploader's file name may say more than they meant to; keep only the extension.
    return f"materials/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"


class MaterialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def current(self, today: date | None = None):
        """Published and within its validity dates today (Jakarta)."""
        today = today or timezone.localdate()
        return self.published().filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today), valid_from__lte=today
        )

    def archived(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.published().filter(valid_until__lt=today)

    def for_audience(self, *, members: bool):
        """Everything a member may see, or only public items for everyone else."""
        return self if members else self.filter(audience=Material.Audience.PUBLIC)

    def annotate_report_totals(self):
        return self.annotate(
            report_count=Count("reports", distinct=True),
            people_reached=Sum("reports__people_reached"),
        )


class Material(models.Model):
    class Kind(models.TextChoices):
        INFOGRAPHIC = "infografis", _("Infographic")
        PRESS_RELEASE = "siaran-pers", _("Press release")
        OUTREACH = "sosialisasi", _("Outreach material")
        REGULATION = "regulasi", _("Regulation or policy")
        VIDEO = "video", _("Video")

    class Topic(models.TextChoices):
        GOVERNMENT = "pemerintahan", _("Government and public services")
        HEALTH = "kesehatan", _("Health")
        EDUCATION = "pendidikan", _("Education")
        ECONOMY = "ekonomi", _("Economy")
        ENVIRONMENT = "lingkungan", _("Environment")
        SAFETY = "keamanan", _("Safety and disaster preparedness")
        DIGITAL = "digital", _("Digital literacy")
        COMMUNITY = "kemasyarakatan", _("Community life")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("KIM members only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, db_index=True)
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown in lists.")
    )
    description = RichTextField(_("description"), blank=True)
    video_url = models.URLField(
        _("video link"),
        blank=True,
        help_text=_("For videos: the address of the video, for example on YouTube."),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("After this date the item moves to the archive. Leave empty to keep it."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("information material")
        verbose_name_plural = _("information materials")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="material_valid_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("materials:material", args=[self.slug])

    @property
    def is_members_only(self) -> bool:
        return self.audience == self.Audience.MEMBERS

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_archived(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class MaterialFile(models.Model):
    """A PDF or image of a material, always in private storage and served through a view that
    checks the audience. Images of public materials also get a `Photo` (renditions for lists)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=material_upload_to, storage=private_storage)
    kind = models.CharField(max_length=10)  # "pdf" or "jpeg"
    name = models.CharField(_("file name"), max_length=120)
    size = models.PositiveIntegerField(default=0)
    photo = models.ForeignKey(
        "kim_portal.Photo", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["material", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("materials:material_file", args=[self.material.slug, self.pk])

    @property
    def is_image(self) -> bool:
        return self.kind != "pdf"


class DisseminationReportQuerySet(models.QuerySet):
    """Aggregates for the statistics page and the KIM scorecard, computed in the database."""

    def _totals(self):
        return self.annotate(reports=Count("pk"), people=Sum("people_reached"))

    def totals_by_month(self, year: int) -> list[dict]:
        """[{"month": date(year, m, 1), "reports": n, "people": n}, …], months cut in WIB."""
        start = datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())
        end = datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())
        rows = (
            self.filter(shared_at__gte=start, shared_at__lt=end)
            .annotate(month=TruncMonth("shared_at", tzinfo=timezone.get_default_timezone()))
            .values("month")
            .annotate(reports=Count("pk"), people=Sum("people_reached"))
            .order_by("month")
        )
        return [
            {"month": row["month"].date(), "reports": row["reports"], "people": row["people"]}
            for row in rows
        ]

    def totals_by_kim(self):
        """Rows of kim (id), kim__name, kim__slug, reports, people; most people first."""
        return (
            self.values("kim", "kim__name", "kim__slug")
            .annotate(reports=Count("pk"), people=Sum("people_reached"))
            .order_by("-people", "kim__name")
        )

    def totals_by_kecamatan(self):
        """Rows of kecamatan (id), kecamatan_name, reports, people; by name."""
        return (
            self.values(
                kecamatan=models.F("kim__kelurahan__kecamatan"),
                kecamatan_name=models.F("kim__kelurahan__kecamatan__name"),
            )
            .annotate(reports=Count("pk"), people=Sum("people_reached"))
            .order_by("kecamatan_name")
        )

    def totals_by_material(self):
        return (
            self.values("material", "material__title", "material__slug")
            .annotate(reports=Count("pk"), people=Sum("people_reached"))
            .order_by("-people", "material__title")
        )

    def totals(self) -> dict:
        totals = self.aggregate(reports=Count("pk"), people=Sum("people_reached"))
        return {"reports": totals["reports"], "people": totals["people"] or 0}


MAX_PEOPLE_REACHED = 100_000


class DisseminationReport(models.Model):
    class Channel(models.TextChoices):
        WHATSAPP = "whatsapp", _("WhatsApp group")
        SOCIAL = "social", _("Social media")
        MEETING = "meeting", _("Village or RT meeting")
        NOTICE_BOARD = "board", _("Notice board")
        OTHER = "other", _("Other")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="reports")
    kim = models.ForeignKey(
        "groups.Kim", on_delete=models.PROTECT, related_name="dissemination_reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dissemination_reports"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    shared_at = models.DateTimeField(_("shared at"), db_index=True)
    people_reached = models.PositiveIntegerField(
        _("people reached (estimate)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE_REACHED)],
    )
    note = models.TextField(_("note"), max_length=500, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisseminationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("dissemination report")
        verbose_name_plural = _("dissemination reports")
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_reached__gte=1, people_reached__lte=MAX_PEOPLE_REACHED),
                name="dissemination_people_reached_sane",
            )
        ]

    def __str__(self) -> str:
        return f"{self.material} · {self.kim} · {self.people_reached}"


class Announcement(models.Model):
    class Audience(models.TextChoices):
        ALL = "all", _("All KIM members")
        KECAMATAN = "kecamatan", _("Members of the KIM in one kecamatan")
        PENGURUS = "pengurus", _("KIM officers (pengurus) only")

    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))
    important = models.BooleanField(
        _("important"),
        default=False,
        help_text=_("Important announcements are e-mailed even to members who turned e-mail off."),
    )
    audience = models.CharField(_("send to"), max_length=10, choices=Audience.choices)
    kecamatan = models.ForeignKey(
        "groups.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("materials:announcement", args=[self.pk])


class AnnouncementRecipient(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcements_received"
    )
    # Decided when sent: the announcement is important, or the member wants such e-mail.
    email_wanted = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["announcement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="one_recipient_row_per_user"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.user}"
