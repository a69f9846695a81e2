import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kim_portal.models import whatsapp_validator


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


def private_storage():
    return storages["private"]


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
