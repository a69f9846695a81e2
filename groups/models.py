from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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


class KimQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Kim.Status.VERIFIED)


class Kim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        INACTIVE = "inactive", _("Inactive")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="kims", verbose_name=_("kelurahan")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
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
    def is_pengurus(self) -> bool:
        """Officers approve members, edit the profile and do the first news review."""
        return self.status == self.Status.ACTIVE and self.role != self.Role.ANGGOTA
