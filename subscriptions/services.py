"""Subscriptions: subscribing, confirming, unsubscribing, digests and browser notifications.

Digests go out in batches through the `send_digest_batch` task, one mail per address and
frequency: an address following Ledok and the category Kesehatan gets one digest with a section
for each, and an article both follow is listed once. Before a digest is sent a `DigestDelivery`
row (subscription + period, unique) is created for each of its subscriptions; a failed send
deletes the rows again, so a later run (`manage.py send_digests`, e.g. hourly from cron) sends
exactly what is still owed, and nobody gets the same period twice. A worker killed between claiming and sending
loses that one digest rather than risking a second copy.

Browser notifications: when news says an article was published (`news.signals`), the
`push_article` task sends one Web Push message to every browser following its kelurahan,
kecamatan, KIM or category (`PushDelivery` keeps it to one each); a subscription the push
service reports gone (404 or 410) is deleted.
"""

import json
import logging
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from kim_portal.links import absolute_url
from kim_portal.mail import send_portal_mail
from news.models import Article
from subscriptions.models import (
    TARGETS,
    DigestDelivery,
    PushDelivery,
    PushSubscription,
    Subscription,
    SuppressedAddress,
    digest_period,
    period_bounds,
)

logger = logging.getLogger(__name__)

DIGEST_BATCH_SIZE = 50
DIGEST_MAX_ARTICLES = 30
# Per visitor address: at most this many subscribe requests an hour (each may send a mail).
SUBSCRIBE_RATE_LIMIT = 10
SUBSCRIBE_RATE_WINDOW = 60 * 60
PUSH_TTL = 24 * 60 * 60
# Articles published this recently are still pushed by `send_digests` if their push is owed
# (a scheduled article, or a push task that never ran).
PUSH_CATCH_UP = timedelta(days=2)


class SubscriptionRefused(Exception):
    """The message is shown to the visitor as is."""


# -- E-mail subscriptions -------------------------------------------------------------------


def subscribe_rate_exceeded(ip_address: str | None) -> bool:
    """Count one subscribe request from this address; True when over the hourly limit."""
    if not ip_address:
        return False
    key = f"subscriptions:ip:{ip_address}"
    if cache.add(key, 1, SUBSCRIBE_RATE_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, SUBSCRIBE_RATE_WINDOW)
        count = 1
    return count > SUBSCRIBE_RATE_LIMIT


def _owns_verified(user, email: str) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def subscription_create(
    *, email: str, target_kind: str, target, frequency: str, language: str, user=None
) -> Subscription:
    """Subscribe `email` to `target`. A signed-in member's own verified address is active at
    once; any other address first gets a confirmation link. Subscribing again to the same
    thing changes the frequency (and resends the link if still unconfirmed)."""
    if target_kind not in TARGETS:
        raise ValueError(target_kind)
    email = email.strip().lower()
    if SuppressedAddress.objects.filter(email=email).exists():
        raise SubscriptionRefused(
            _(
                "Mail to this address has bounced or was reported as spam, so the portal no "
                "longer sends to it. Use another address."
            )
        )
    user = user if user is not None and user.is_authenticated else None
    verified = _owns_verified(user, email)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(email=email, **{target_kind: target})
            .exclude(status=Subscription.Status.UNSUBSCRIBED)
            .first()
        )
        if subscription is None:
            subscription = Subscription(email=email, **{target_kind: target})
        subscription.frequency = frequency
        subscription.language = language
        if user is not None and verified:
            subscription.user = user
        if verified and subscription.status == Subscription.Status.PENDING:
            subscription.status = Subscription.Status.ACTIVE
            subscription.confirmed_at = timezone.now()
        subscription.save()
    if subscription.status == Subscription.Status.PENDING:
        with translation.override(language):
            send_portal_mail(
                template="subscriptions/email/confirm",
                context={
                    "subscription": subscription,
                    "url": absolute_url(
                        reverse("subscriptions:confirm", args=[subscription.token])
                    ),
                },
                recipients=[email],
            )
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    if subscription.status == Subscription.Status.PENDING:
        subscription.status = Subscription.Status.ACTIVE
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["status", "confirmed_at"])
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, subscription: Subscription) -> Subscription:
    if subscription.status != Subscription.Status.UNSUBSCRIBED:
        subscription.status = Subscription.Status.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


@transaction.atomic
def subscription_change_frequency(*, subscription: Subscription, frequency: str) -> Subscription:
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency"])
    return subscription


def address_suppress(*, email: str, reason: str) -> SuppressedAddress:
    """Stop all mail to an address that bounced or complained (from the admin or a command)."""
    suppressed, _created = SuppressedAddress.objects.get_or_create(
        email=email.strip().lower(), defaults={"reason": reason}
    )
    return suppressed


# -- Digests --------------------------------------------------------------------------------


def digests_enqueue_due(*, now: datetime | None = None) -> int:
    """Queue a batch task for every digest owed for the last complete day and week. An address's
    subscriptions of one frequency stay in one batch: they make one mail."""
    batches = 0
    for frequency in Subscription.Frequency.values:
        first = digest_period(frequency, now)
        _start, end = period_bounds(frequency, first)
        owed = (
            Subscription.objects.active()
            .filter(frequency=frequency, confirmed_at__lt=end)
            .exclude(deliveries__period_start=first)
            .order_by(Lower("email"), "pk")
            .values_list("pk", Lower("email"))
        )
        period = first.isoformat()
        for batch in _batches_by_address(owed):
            transaction.on_commit(
                lambda f=frequency, p=period, b=batch: send_digest_batch.enqueue(
                    frequency=f, period_start=p, subscription_ids=b
                )
            )
            batches += 1
    return batches


def _batches_by_address(rows) -> list[list[int]]:
    """Subscription ids in batches of DIGEST_BATCH_SIZE addresses; `rows` are (pk, address),
    ordered by address."""
    batches: list[list[int]] = []
    addresses = 0
    previous = None
    for pk, address in rows:
        if address != previous:
            if not batches or addresses == DIGEST_BATCH_SIZE:
                batches.append([])
                addresses = 0
            addresses += 1
            previous = address
        batches[-1].append(pk)
    return batches


class DigestBatchFailed(Exception):
    pass


def _digest_message(
    sections: list[tuple[Subscription, list[Article]]], frequency: str, first: date
) -> EmailMultiAlternatives:
    """One mail for one address: a section per subscription with news. The one-click
    unsubscribe stops every subscription of this digest; each section has its own link too."""
    subscriptions = [subscription for subscription, _articles in sections]
    address = subscriptions[0].email
    # The language the subscriber chose last.
    language = max(subscriptions, key=lambda s: (s.confirmed_at or s.created_at, s.pk)).language
    unsubscribe_url = absolute_url(
        reverse("subscriptions:unsubscribe_digest", args=[subscriptions[0].token])
    )
    with translation.override(language):
        context = {
            "language": language,
            "frequency": frequency,
            "target": targets_text(subscriptions),
            "sections": [
                {
                    "target": subscription.target,
                    "articles": [
                        (article, absolute_url(article.get_absolute_url())) for article in articles
                    ],
                    "unsubscribe_url": absolute_url(
                        reverse("subscriptions:unsubscribe", args=[subscription.token])
                    ),
                }
                for subscription, articles in sections
            ],
            # Under a heading per section when there are several.
            "article_heading": "h3" if len(sections) > 1 else "h2",
            "period_start": first,
            "unsubscribe_url": unsubscribe_url,
            "manage_url": absolute_url(reverse("subscriptions:mine")),
            "site_url": settings.SITE_URL,
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(
            render_to_string("subscriptions/email/digest_subject.txt", context).split()
        )
        text = render_to_string("subscriptions/email/digest_body.txt", context)
        html = render_to_string("subscriptions/email/digest_body.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [address],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe button that
            # POSTs "List-Unsubscribe=One-Click" to this address.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def targets_text(subscriptions: list[Subscription]) -> str:
    """ "Ledok, Sidorejo and Kesehatan", in the active language."""
    return get_text_list([str(subscription.target) for subscription in subscriptions], _("and"))


def digest_companions(subscription: Subscription):
    """The subscriptions whose news comes in the same digest mail as `subscription`'s."""
    return Subscription.objects.filter(
        email__iexact=subscription.email, frequency=subscription.frequency
    ).exclude(status=Subscription.Status.UNSUBSCRIBED)


@task
def send_digest_batch(*, frequency: str, period_start: str, subscription_ids: list[int]) -> int:
    """Send one batch of digests, one mail per address; returns how many were mailed. Safe to
    run again (module doc)."""
    first = date.fromisoformat(period_start)
    start, end = period_bounds(frequency, first)
    subscriptions = (
        Subscription.objects.active()
        .filter(pk__in=subscription_ids, frequency=frequency)
        .select_related("kelurahan", "kecamatan", "kim", "category")
        .order_by("pk")
    )
    by_address: dict[str, list[Subscription]] = {}
    for subscription in subscriptions:
        by_address.setdefault(subscription.email.lower(), []).append(subscription)
    sent, failed = 0, []
    for group in by_address.values():
        claimed = _claim_deliveries(group, first)
        if not claimed:
            continue
        sections, listed = [], set()
        for subscription, delivery in claimed:
            # An article that two of the address's subscriptions follow is listed once.
            articles = [
                article
                for article in subscription.articles()
                .filter(published_at__gte=start, published_at__lt=end)
                .order_by("-published_at", "-pk")[:DIGEST_MAX_ARTICLES]
                if article.pk not in listed
            ]
            listed.update(article.pk for article in articles)
            delivery.article_count = len(articles)
            if articles:
                sections.append((subscription, articles))
        if sections:
            try:
                _digest_message(sections, frequency, first).send()
            except Exception:
                logger.exception("Digest for %s failed", [s.pk for s, _d in claimed])
                DigestDelivery.objects.filter(pk__in=[d.pk for _s, d in claimed]).delete()
                failed.extend(s.pk for s, _d in claimed)
                continue
            sent += 1
        now = timezone.now()
        for _subscription, delivery in claimed:
            DigestDelivery.objects.filter(pk=delivery.pk).update(
                sent_at=now, article_count=delivery.article_count
            )
    if failed:
        raise DigestBatchFailed(f"{len(failed)} digests failed: subscriptions {failed}")
    return sent


def _claim_deliveries(group: list[Subscription], first: date):
    """The (subscription, delivery) pairs this run may send: a period already claimed (sent, or
    being sent by another worker) is skipped."""
    claimed = []
    for subscription in group:
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(
                    subscription=subscription, period_start=first
                )
        except IntegrityError:
            continue
        claimed.append((subscription, delivery))
    return claimed


# -- Browser notifications (Web Push) --------------------------------------------------------


def push_is_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def push_subscribe(
    *, endpoint: str, p256dh: str, auth: str, target_kind: str, target, language: str, user=None
) -> PushSubscription:
    if target_kind not in TARGETS:
        raise ValueError(target_kind)
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        subscription, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            **{name: (target if name == target_kind else None) for name in TARGETS},
            defaults={"p256dh": p256dh, "auth": auth, "language": language, "user": user},
        )
    return subscription


def push_unsubscribe(*, endpoint: str) -> int:
    deleted, _detail = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return deleted


def _push_followers(article: Article):
    follows = Q(kim_id=article.kim_id) if article.kim_id else Q(pk__in=[])
    if article.kelurahan_id:
        follows |= Q(kelurahan_id=article.kelurahan_id)
        follows |= Q(kecamatan_id=article.kelurahan.kecamatan_id)
    category_ids = list(article.categories.values_list("pk", flat=True))
    if category_ids:
        follows |= Q(category_id__in=category_ids)
    return (
        PushSubscription.objects.filter(follows)
        .exclude(deliveries__article=article)
        .order_by("endpoint", "pk")
    )


def _push_payload(article: Article, language: str) -> str:
    with translation.override(language):
        return json.dumps(
            {
                "title": article.title,
                "body": article.summary,
                "url": absolute_url(article.get_absolute_url()),
                "tag": f"article-{article.pk}",
                "site": _("KIM Salatiga"),
            },
            ensure_ascii=False,
        )


def send_push(subscription: PushSubscription, payload: str) -> bool:
    """One Web Push message (RFC 8291 encryption, VAPID). False when the endpoint is gone."""
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=PUSH_TTL,
            timeout=10,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            return False
        raise
    return True


@task
def push_article(*, article_id: int) -> int:
    """Notify every browser following this article, once each; returns how many were sent.

    An article not public yet (scheduled) is left for later: `send_digests` catches it up."""
    article = Article.objects.public().filter(pk=article_id).select_related("kelurahan").first()
    if article is None or not push_is_configured():
        return 0
    sent, gone, failed = 0, set(), 0
    for subscription in _push_followers(article):
        if subscription.endpoint in gone:
            continue
        try:
            with transaction.atomic():
                PushDelivery.objects.create(subscription=subscription, article=article)
        except IntegrityError:
            continue
        # One message per browser even when it follows the article twice over.
        PushDelivery.objects.bulk_create(
            [
                PushDelivery(subscription=other, article=article)
                for other in PushSubscription.objects.filter(endpoint=subscription.endpoint)
                .exclude(pk=subscription.pk)
                .exclude(deliveries__article=article)
            ],
            ignore_conflicts=True,
        )
        try:
            delivered = send_push(subscription, _push_payload(article, subscription.language))
        except Exception:
            logger.exception("Push for subscription %s failed", subscription.pk)
            PushDelivery.objects.filter(
                subscription__endpoint=subscription.endpoint, article=article
            ).delete()
            failed += 1
            continue
        if not delivered:
            gone.add(subscription.endpoint)
            push_unsubscribe(endpoint=subscription.endpoint)
            continue
        sent += 1
    return sent


def push_enqueue_owed(*, now: datetime | None = None) -> int:
    """Queue the push of recently public articles that no browser has been sent yet."""
    now = now or timezone.now()
    if not push_is_configured():
        return 0
    recent = Article.objects.public().filter(published_at__gte=now - PUSH_CATCH_UP)
    count = 0
    for article in recent.select_related("kelurahan"):
        if _push_followers(article).exists():  # someone follows it and has not had it yet
            transaction.on_commit(lambda a=article.pk: push_article.enqueue(article_id=a))
            count += 1
    return count


def article_published_receiver(sender, *, article: Article, **kwargs) -> None:
    """news.signals.article_published: queue the push (at its time, where the backend can)."""
    queued = push_article
    if article.published_at and article.published_at > timezone.now():
        if not push_article.get_backend().supports_defer:
            return  # pushed by `send_digests` once it is public
        queued = push_article.using(run_after=article.published_at)
    transaction.on_commit(lambda: queued.enqueue(article_id=article.pk))
