"""Residents follow a kelurahan, a kecamatan, a KIM or a category: by e-mail digest, by Web Push.

A subscription follows exactly one target. E-mail subscriptions are confirmed by a link (double
opt-in) before anything is sent; each digest sent is recorded per subscription and period
(`DigestDelivery`), so no period is ever sent twice. An address that bounced or complained is
listed in `SuppressedAddress` and receives nothing more.
"""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models import Article

TARGETS = ("kelurahan", "kecamatan", "kim", "category")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Target(models.Model):
    """What is followed: exactly one of the four. Shared by e-mail and push subscriptions."""

    kelurahan = models.ForeignKey(
        "groups.Kelurahan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    kecamatan = models.ForeignKey(
        "groups.Kecamatan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    kim = models.ForeignKey(
        "groups.Kim",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("KIM"),
    )
    category = models.ForeignKey(
        "news.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )

    class Meta:
        abstract = True

    @property
    def target(self):
        return self.kelurahan or self.kecamatan or self.kim or self.category

    @property
    def target_kind(self) -> str:
        return next(name for name in TARGETS if getattr(self, f"{name}_id"))

    def get_target_kind_display(self) -> str:
        return {
            "kelurahan": _("Kelurahan"),
            "kecamatan": _("Kecamatan"),
            "kim": _("KIM"),
            "category": _("Category"),
        }[self.target_kind]

    def articles(self):
        """The public articles this subscription follows."""
        articles = Article.objects.public()
        if self.kelurahan_id:
            return articles.filter(kelurahan_id=self.kelurahan_id)
        if self.kecamatan_id:
            return articles.filter(kelurahan__kecamatan_id=self.kecamatan_id)
        if self.kim_id:
            return articles.filter(kim_id=self.kim_id)
        return articles.filter(categories=self.category_id)


def one_target_constraint(name: str) -> models.CheckConstraint:
    """Exactly one of the four targets is set."""
    only = [Q(**{f"{field}__isnull": field != chosen for field in TARGETS}) for chosen in TARGETS]
    condition = only[0]
    for other in only[1:]:
        condition |= other
    return models.CheckConstraint(condition=condition, name=name)


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscription.Status.ACTIVE).exclude(
            email__in=SuppressedAddress.objects.values("email")
        )

    def for_user(self, user):
        """A signed-in member's subscriptions: made while signed in, or to their address."""
        return self.filter(Q(user=user) | Q(email__iexact=user.email)).exclude(
            status=Subscription.Status.UNSUBSCRIBED
        )


class Subscription(Target):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # The secret in the confirmation and unsubscribe links: knowing it is the permission.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        ordering = ["-created_at", "-pk"]
        constraints = [one_target_constraint("subscription_one_target")]

    def __str__(self) -> str:
        return f"{self.email} → {self.target}"


def digest_period(frequency: str, now: datetime | None = None) -> date:
    """The first day of the last complete period before `now`, in WIB.

    Daily: yesterday. Weekly: the Monday of last week (Monday to Sunday)."""
    today = timezone.localdate(now or timezone.now())
    if frequency == Subscription.Frequency.DAILY:
        return today - timedelta(days=1)
    return today - timedelta(days=today.weekday() + 7)


def period_bounds(frequency: str, first: date) -> tuple[datetime, datetime]:
    days = 1 if frequency == Subscription.Frequency.DAILY else 7
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, zone),
        datetime.combine(first + timedelta(days=days), time.min, zone),
    )


class DigestDelivery(models.Model):
    """One digest owed or sent: the row is claimed before sending and kept once sent."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    period_start = models.DateField()
    article_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start"], name="one_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.period_start}"


class SuppressedAddress(models.Model):
    """An address that bounced or complained: nothing more is sent to it."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Bounced")
        COMPLAINT = "complaint", _("Complained (marked as spam)")

    email = models.EmailField(_("e-mail address"), unique=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.reason})"


class PushSubscription(Target):
    """A browser's Web Push subscription (RFC 8030) for one target."""

    endpoint = models.URLField(max_length=1000)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="push_subscriptions",
    )
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("browser notification")
        verbose_name_plural = _("browser notifications")
        # One row per browser and target; a browser following two things has two rows with
        # the same endpoint (kept unique by `push_subscribe`).
        constraints = [one_target_constraint("push_subscription_one_target")]
        indexes = [models.Index(fields=["endpoint"], name="push_endpoint")]

    def __str__(self) -> str:
        return f"push → {self.target}"


class PushDelivery(models.Model):
    """An article pushed to a browser subscription: never twice."""

    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "article"], name="one_push_per_article")
        ]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.article_id}"
