import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim_portal.models import whatsapp_validator
from kim_portal.uploads import private_storage


class Kecamatan(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan", verbose_name=_("kecamatan")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        ordering = ["kecamatan__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "name"], name="unique_kelurahan_name")
        ]

    def __str__(self) -> str:
        return self.name


def _random_name(folder: str, filename: str) -> str:
    # The uploader's file name may say more than they meant to; keep only the extension.
    return f"{folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"


def decree_upload_to(instance, filename: str) -> str:
    return _random_name("kim/decrees", filename)


def statutes_upload_to(instance, filename: str) -> str:
    return _random_name("kim/statutes", filename)


def logo_upload_to(instance, filename: str) -> str:
    return _random_name("kim/logos", filename)


class KimQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Kim.Status.VERIFIED)

    def pending(self):
        return self.filter(status=Kim.Status.PENDING)

    def active_for(self, user):
        """The verified KIMs this user actively belongs to (none for an anonymous visitor)."""
        return self.filter(pk__in=Membership.objects.active_for(user).values("kim_id"))


class Kim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        INACTIVE = "inactive", _("Inactive")

    class FocusArea(models.TextChoices):
        GOVERNMENT = "pemerintahan", _("Government and public services")
        HEALTH = "kesehatan", _("Health")
        EDUCATION = "pendidikan", _("Education")
        ECONOMY = "ekonomi", _("Economy and small businesses")
        AGRICULTURE = "pertanian", _("Agriculture and food")
        ENVIRONMENT = "lingkungan", _("Environment")
        CULTURE = "sosial-budaya", _("Society and culture")
        DISASTER = "kebencanaan", _("Disaster preparedness")
        DIGITAL = "literasi-digital", _("Digital literacy")
        TOURISM = "pariwisata", _("Tourism")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="kims", verbose_name=_("kelurahan")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    address = models.TextField(_("address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_upload_to, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    decree_issuer = models.CharField(
        _("decree issued by"),
        max_length=150,
        blank=True,
        help_text=_("For example: Lurah Ledok."),
    )
    decree_file = models.FileField(
        _("decree document"), storage=private_storage, upload_to=decree_upload_to, blank=True
    )
    statutes_file = models.FileField(
        _("statutes (AD/ART)"),
        storage=private_storage,
        upload_to=statutes_upload_to,
        blank=True,
    )
    phone = models.CharField(
        _("phone / WhatsApp"), max_length=20, blank=True, validators=[whatsapp_validator]
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    website_url = models.URLField(_("website"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KimQuerySet.as_manager()

    class Meta:
        verbose_name = _("KIM")
        verbose_name_plural = _("KIM")
        ordering = ["name"]
        constraints = [
            # Case-insensitive: "KIM Ledok Maju" and "kim ledok maju" are the same group.
            models.UniqueConstraint(
                models.functions.Lower("name"), "kelurahan", name="unique_kim_name_per_kelurahan"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def get_focus_areas_display(self) -> list[str]:
        labels = dict(self.FocusArea.choices)
        return [labels[value] for value in self.focus_areas if value in labels]

    def social_links(self) -> list[tuple[str, str]]:
        links = [
            (_("Website"), self.website_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


class KimStatusChange(models.Model):
    """One step in a KIM's life (registered, verified, rejected, deactivated), with who and why."""

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=10, choices=Kim.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Kim.Status.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kim}: {self.from_status or '-'} → {self.to_status}"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def pengurus(self):
        return self.active().exclude(role=Membership.Role.ANGGOTA)

    def active_for(self, user):
        """This user's active memberships in verified KIMs (none for an anonymous visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.active().filter(user=user, kim__status=Kim.Status.VERIFIED)


class Membership(models.Model):
    class Role(models.TextChoices):
        KETUA = "ketua", _("Chair (ketua)")
        SEKRETARIS = "sekretaris", _("Secretary (sekretaris)")
        BENDAHARA = "bendahara", _("Treasurer (bendahara)")
        PENGUMPULAN = "pengumpulan", _("Lead, information gathering")
        PENGOLAHAN = "pengolahan", _("Lead, information processing")
        PENYEBARLUASAN = "penyebarluasan", _("Lead, information dissemination")
        ANGGOTA = "anggota", _("Member (anggota)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Requested")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ANGGOTA)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["kim", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kim", "user"],
                condition=Q(status__in=["pending", "active"]),
                name="one_open_membership_per_kim",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kim} ({self.get_role_display()})"

    @property
    def is_ketua(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role == self.Role.KETUA

    @property
    def is_pengurus(self) -> bool:
        """Officers approve members, edit the profile and do the first news review."""
        return self.status == self.Status.ACTIVE and self.role != self.Role.ANGGOTA


# -- Work programs (program kerja) ----------------------------------------------------------


MONTH_CHOICES = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class WorkProgramQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=WorkProgram.Status.APPROVED)

    def waiting_for_redaksi(self):
        return self.filter(status=WorkProgram.Status.SUBMITTED).order_by("submitted_at", "pk")


class WorkProgram(models.Model):
    """A KIM's plan for one year: drafted by its pengurus, approved by the Redaksi."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for Redaksi review")
        APPROVED = "approved", _("Approved")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="work_programs")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("work program")
        verbose_name_plural = _("work programs")
        ordering = ["-year", "kim__name"]
        constraints = [
            models.UniqueConstraint(fields=["kim", "year"], name="one_work_program_per_kim_year")
        ]

    def __str__(self) -> str:
        return f"{self.kim} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("groups:program", args=[self.kim.slug, self.year])

    @property
    def is_editable(self) -> bool:
        """The plan itself (activities, targets) changes only before approval."""
        return self.status in (self.Status.DRAFT, self.Status.REVISION_REQUESTED)

    def year_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The program's year in Salatiga's time: where its counted progress starts and ends."""
        return (
            datetime.datetime(self.year, 1, 1, tzinfo=timezone.get_default_timezone()),
            datetime.datetime(self.year + 1, 1, 1, tzinfo=timezone.get_default_timezone()),
        )

    def counted_progress(self) -> dict[str, int]:
        """What the portal counts itself, one query per indicator whatever the number of items:
        the KIM's public articles of the year, and its members' attended event registrations."""
        start, end = self.year_bounds()
        return {
            WorkProgramItem.Indicator.PUBLISHED_NEWS: self.kim.articles.public()
            .filter(published_at__gte=start, published_at__lt=end)
            .count(),
            WorkProgramItem.Indicator.EVENT_ATTENDANCE: Membership.objects.active()
            .filter(
                kim=self.kim,
                user__event_registrations__status="attended",
                user__event_registrations__event__starts_at__gte=start,
                user__event_registrations__event__starts_at__lt=end,
            )
            .count(),
        }

    def items_with_progress(self) -> list["WorkProgramItem"]:
        """The items, each with `progress` (a number) and `progress_percent` (0–100)."""
        items = list(self.items.all())
        counted = self.counted_progress() if any(item.is_counted for item in items) else {}
        for item in items:
            item.progress = counted.get(item.indicator, item.manual_progress)
            item.progress_percent = (
                min(100, round(item.progress * 100 / item.target)) if item.target else 0
            )
        return items


class WorkProgramItem(models.Model):
    class Indicator(models.TextChoices):
        PUBLISHED_NEWS = "published_news", _("News published by the KIM (counted by the portal)")
        EVENT_ATTENDANCE = (
            "event_attendance",
            _("Event attendance by members (counted by the portal)"),
        )
        MANUAL = "manual", _("Other (progress entered by the pengurus)")

    class Status(models.TextChoices):
        PLANNED = "rencana", _("Planned")
        RUNNING = "berjalan", _("Running")
        DONE = "selesai", _("Done")
        CANCELLED = "batal", _("Cancelled")

    program = models.ForeignKey(WorkProgram, on_delete=models.CASCADE, related_name="items")
    activity = models.CharField(_("activity"), max_length=200)
    objective = models.TextField(_("objective"), blank=True)
    indicator = models.CharField(
        _("indicator"), max_length=20, choices=Indicator.choices, default=Indicator.MANUAL
    )
    target = models.PositiveIntegerField(_("target"), help_text=_("A number, e.g. 24."))
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. berita, kegiatan, orang."))
    planned_months = models.JSONField(_("planned months"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    progress_notes = models.TextField(_("progress notes"), blank=True)
    evidence_links = models.TextField(
        _("evidence links"), blank=True, help_text=_("One web address per line.")
    )
    manual_progress = models.PositiveIntegerField(
        _("progress so far"),
        default=0,
        help_text=_("Only for indicators the portal cannot count."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work program item")
        verbose_name_plural = _("work program items")
        ordering = ["program", "pk"]

    def __str__(self) -> str:
        return self.activity

    @property
    def is_counted(self) -> bool:
        return self.indicator != self.Indicator.MANUAL

    def evidence_list(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]

    def get_planned_months_display(self) -> list[str]:
        labels = dict(MONTH_CHOICES)
        return [str(labels[month]) for month in sorted(self.planned_months) if month in labels]


class WorkProgramReview(models.Model):
    """One step of a program's review: who moved it from which status to which, and why."""

    program = models.ForeignKey(WorkProgram, on_delete=models.CASCADE, related_name="reviews")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=WorkProgram.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=WorkProgram.Status.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.program}: {self.from_status or '-'} → {self.to_status}"
