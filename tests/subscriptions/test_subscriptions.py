"""Subscribing, managing and digests: permissions, bad input, never twice, bounces, language."""

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groups.models import Kelurahan
from news.models import Article
from subscriptions import services
from subscriptions.models import DigestDelivery, Subscription, SuppressedAddress
from tests.subscriptions.helpers import published

pytestmark = pytest.mark.django_db
TOMORROW = timedelta(days=1)


def active(email="warga@contoh.id", *, frequency="daily", language="id", **target):
    target = target or {"kelurahan": Kelurahan.objects.get(slug="ledok")}
    return Subscription.objects.create(
        email=email,
        frequency=frequency,
        language=language,
        status=Subscription.Status.ACTIVE,
        confirmed_at=timezone.now() - timedelta(days=30),
        **target,
    )


@pytest.fixture
def cast(kim, anggota, ketua, redaksi):
    return {"author": anggota, "kim": kim, "ketua": ketua, "redaksi": redaksi}


def send_due(capture, now=None):
    with capture(execute=True):
        return services.digests_enqueue_due(now=now or timezone.now() + TOMORROW)


# -- Pages and permissions -----------------------------------------------------------------


def test_anyone_may_open_the_subscribe_page_with_a_target_preselected(client):
    response = client.get("/langganan/?kelurahan=ledok")
    assert response.status_code == 200
    assert b'value="kelurahan:ledok" selected' in response.content


def test_bad_input_is_refused_in_indonesian_and_keeps_what_was_typed(client):
    response = client.post("/langganan/", {"email": "bukan-email", "target": "kim:tidak-ada"})
    assert response.status_code == 200
    assert "Masukkan alamat e-mail yang benar" in response.content.decode()
    assert "Pilih yang ingin Anda ikuti dari daftar." in response.content.decode()
    assert b'value="bukan-email"' in response.content
    assert not Subscription.objects.exists()


def test_a_pending_subscription_receives_no_digest(
    cast, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/langganan/",
            {"email": "a@contoh.id", "target": "kelurahan:ledok", "frequency": "daily"},
        )
    assert len(mail.outbox) == 1  # the confirmation only
    published("Berita Ledok", **cast)
    send_due(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_a_members_own_verified_address_is_active_at_once(client_for, outsider):
    response = client_for(outsider).post(
        "/langganan/",
        {"email": outsider.email, "target": "kecamatan:argomulyo", "frequency": "weekly"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:mine")
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.user == outsider
    assert not mail.outbox


def test_my_subscriptions_needs_login(client):
    response = client.get("/akun/langganan/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post("/akun/langganan/1/", {"action": "unsubscribe"})
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_manages_all_their_subscriptions_on_the_profile(client_for, outsider):
    mine = active(outsider.email)  # made before signing in, to the same address
    theirs = active("lain@contoh.id")
    client = client_for(outsider)
    page = client.get("/akun/langganan/").content.decode()
    assert "Ledok" in page and "lain@contoh.id" not in page
    client.post(f"/akun/langganan/{mine.pk}/", {"action": "frequency", "frequency": "weekly"})
    mine.refresh_from_db()
    assert mine.frequency == "weekly"
    client.post(f"/akun/langganan/{mine.pk}/", {"action": "unsubscribe"})
    mine.refresh_from_db()
    assert mine.status == Subscription.Status.UNSUBSCRIBED
    # Someone else's subscription: 404, whatever is asked.
    response = client.post(f"/akun/langganan/{theirs.pk}/", {"action": "unsubscribe"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Subscription.Status.ACTIVE


def test_post_only_addresses_refuse_get(client_for, outsider):
    client = client_for(outsider)
    subscription = active(outsider.email)
    assert client.get(f"/akun/langganan/{subscription.pk}/").status_code == 405
    assert client.get("/langganan/push/").status_code == 405
    assert client.get("/langganan/push/hapus/").status_code == 405
    assert client.put("/langganan/").status_code == 405


def test_an_unknown_token_is_not_found(client):
    assert client.get("/langganan/konfirmasi/salah/").status_code == 404
    assert client.post("/langganan/berhenti/salah/").status_code == 404


def test_the_unsubscribe_link_asks_first_and_needs_no_login(client):
    subscription = active()
    url = reverse("subscriptions:unsubscribe", args=[subscription.token])
    assert "Hentikan e-mail ini" in client.get(url).content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE  # a GET (link scanner) stops nothing
    client.post(url)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED


def test_subscribing_is_limited_per_visitor_address(client, settings):
    data = {"email": "a@contoh.id", "target": "kelurahan:ledok", "frequency": "daily"}
    for _ in range(services.SUBSCRIBE_RATE_LIMIT):
        assert client.post("/langganan/", data).status_code == 302
    response = client.post("/langganan/", data)
    assert response.status_code == 200
    assert "Terlalu banyak permintaan langganan" in response.content.decode()


# -- Digests ---------------------------------------------------------------------------------


def test_a_digest_follows_its_target(cast, django_capture_on_commit_callbacks, category):
    ledok = published("Kabar Ledok", **cast)
    ledok.categories.add(category)
    by_kecamatan = active("kec@contoh.id", kecamatan=ledok.kelurahan.kecamatan)
    by_kim = active("kim@contoh.id", kim=cast["kim"])
    by_category = active("cat@contoh.id", category=category)
    elsewhere = active("dukuh@contoh.id", kelurahan=Kelurahan.objects.get(slug="dukuh"))
    send_due(django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mail.outbox) == [
        by_category.email,
        by_kecamatan.email,
        by_kim.email,
    ]
    # The subscriber with no news this time is recorded as done, with nothing sent.
    assert DigestDelivery.objects.get(subscription=elsewhere).article_count == 0


def test_a_weekly_digest_covers_last_week_only(cast, django_capture_on_commit_callbacks):
    subscription = active(frequency="weekly")
    article = published("Kabar sepekan", **cast)
    next_week = timezone.now() + timedelta(days=7)
    send_due(django_capture_on_commit_callbacks, now=next_week)
    assert [m.to[0] for m in mail.outbox] == [subscription.email]
    assert article.title in mail.outbox[0].body


def test_digest_is_in_the_subscribers_language(cast, django_capture_on_commit_callbacks):
    active("en@contoh.id", language="en")
    published("Kabar Ledok", **cast)
    send_due(django_capture_on_commit_callbacks)
    assert "News of Ledok on" in mail.outbox[0].body
    assert "Unsubscribe (no login needed)" in mail.outbox[0].alternatives[0].content


def test_after_an_smtp_failure_a_retry_sends_only_what_is_owed(
    cast, django_capture_on_commit_callbacks
):
    first, second = active("satu@contoh.id"), active("dua@contoh.id")
    published("Kabar Ledok", **cast)
    real_send = mail.EmailMultiAlternatives.send

    def failing_for_second(message, *args, **kwargs):
        if message.to == [second.email]:
            raise SMTPException("451 try again later")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", failing_for_second):
        send_due(django_capture_on_commit_callbacks)  # the task fails (the backend records it)
    assert [m.to[0] for m in mail.outbox] == [first.email]
    assert not DigestDelivery.objects.filter(subscription=second).exists()
    # The next run queues what is still owed: the second one, and only it.
    assert send_due(django_capture_on_commit_callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [second.email, first.email]
    send_due(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_one_address_gets_one_digest_with_a_section_for_each_subscription(
    cast, django_capture_on_commit_callbacks, category, client
):
    ledok = published("Posyandu Ledok buka malam", **cast)
    ledok.categories.add(category)
    published("Kerja bakti Ledok", **cast)
    dukuh = published("Senam sehat Dukuh", **cast)
    dukuh.categories.add(category)
    Article.objects.filter(pk=dukuh.pk).update(kelurahan=Kelurahan.objects.get(slug="dukuh"))
    by_kelurahan = active("Warga@Contoh.id")
    by_category = active("warga@contoh.id", category=category)
    by_kim = active("warga@contoh.id", kim=cast["kim"])
    weekly = active("warga@contoh.id", frequency="weekly", category=category)
    other = active("lain@contoh.id")

    assert send_due(django_capture_on_commit_callbacks) == 2  # the daily batch, the weekly one
    assert sorted(m.to[0] for m in mail.outbox) == ["Warga@Contoh.id", other.email]
    digest = next(m for m in mail.outbox if m.to[0] != other.email)
    assert digest.subject == "[Portal KIM Salatiga] Berita Ledok dan Kesehatan hari ini"
    # Each article once, under the first section that follows it; KIM Uji's are all listed.
    body = digest.body
    assert body.count("Posyandu Ledok buka malam") == 1
    assert body.index("== Ledok ==") < body.index("Posyandu Ledok buka malam")
    assert body.index("== Kesehatan ==") < body.index("Senam sehat Dukuh")
    assert "== KIM Uji ==" not in body
    assert f"/langganan/berhenti/{by_category.token}/" in body  # stop one of them
    assert "<h2" in digest.alternatives[0].content and "<h3" in digest.alternatives[0].content
    counts = dict(DigestDelivery.objects.values_list("subscription", "article_count"))
    assert counts == {
        by_kelurahan.pk: 2,
        by_category.pk: 1,
        by_kim.pk: 0,
        weekly.pk: 0,  # nothing last week
        other.pk: 2,
    }

    # The one-click link stops this digest: the three daily ones, not the weekly one.
    one_click = str(digest.extra_headers["List-Unsubscribe"]).strip("<>")
    assert one_click.endswith(f"/langganan/berhenti/{by_kelurahan.token}/semua/")
    page = client.get(one_click)
    assert all(name in page.content.decode() for name in ("Ledok", "Kesehatan", "KIM Uji"))
    client.post(one_click, {"List-Unsubscribe": "One-Click"})
    assert set(Subscription.objects.active().values_list("pk", flat=True)) == {
        weekly.pk,
        other.pk,
    }


def test_an_address_never_spans_two_batches(monkeypatch, cast, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "DIGEST_BATCH_SIZE", 2)
    published("Kabar Ledok", **cast)
    active("a@contoh.id")
    active("b@contoh.id")
    active("b@contoh.id", kim=cast["kim"])
    active("c@contoh.id")
    assert send_due(django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@contoh.id", "b@contoh.id", "c@contoh.id"]


def test_bounced_and_complained_addresses_receive_nothing(cast, django_capture_on_commit_callbacks):
    bounced, complained, fine = active("b@contoh.id"), active("c@contoh.id"), active("f@contoh.id")
    call_command("suppress_address", bounced.email)
    call_command("suppress_address", complained.email.upper(), "--reason", "complaint")
    published("Kabar Ledok", **cast)
    send_due(django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [fine.email]
    assert SuppressedAddress.objects.get(email=complained.email).reason == "complaint"


def test_a_suppressed_address_cannot_subscribe_again(client):
    SuppressedAddress.objects.create(email="b@contoh.id", reason="bounce")
    response = client.post(
        "/langganan/", {"email": "B@contoh.id", "target": "kelurahan:ledok", "frequency": "daily"}
    )
    assert "terpental" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_admin_marks_an_address_as_bounced(admin_client):
    subscription = active("b@contoh.id")
    admin_client.post(
        "/admin/subscriptions/subscription/",
        {"action": "mark_bounced", "_selected_action": [subscription.pk]},
    )
    assert SuppressedAddress.objects.filter(email="b@contoh.id", reason="bounce").exists()
    assert not Subscription.objects.active().exists()


@pytest.fixture
def category(db):
    from news.models import Category

    return Category.objects.create(name="Kesehatan", slug="kesehatan")


# -- Browser notifications: the page's endpoints -------------------------------------------


def test_a_browser_subscribes_to_notifications_for_the_chosen_target(client, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "public", "private"
    body = {
        "endpoint": "https://push.example/abc",
        "keys": {"p256dh": "BPkey", "auth": "secret"},
        "target": "kelurahan:ledok",
    }
    response = client.post("/langganan/push/", body, content_type="application/json")
    assert response.status_code == 200 and "Ledok" in response.json()["message"]
    from subscriptions.models import PushSubscription

    assert PushSubscription.objects.get().kelurahan.slug == "ledok"
    bad = client.post(
        "/langganan/push/", {**body, "target": "kim:tidak-ada"}, content_type="application/json"
    )
    assert bad.status_code == 400
    client.post(
        "/langganan/push/hapus/", {"endpoint": body["endpoint"]}, content_type="application/json"
    )
    assert not PushSubscription.objects.exists()


def test_without_vapid_keys_the_page_offers_no_notifications(client, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    assert b'id="push"' not in client.get("/langganan/").content
    response = client.post("/langganan/push/", {}, content_type="application/json")
    assert response.status_code == 404


def test_the_service_worker_is_served_under_its_scope(client):
    response = client.get("/langganan/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert b"showNotification" in response.content


def test_the_redaksi_sees_subscriber_counts_per_kelurahan_and_others_do_not(
    client, client_for, redaksi
):
    active("a@contoh.id")
    active("b@contoh.id")
    active("c@contoh.id", kecamatan=Kelurahan.objects.get(slug="ledok").kecamatan)
    assert "Pelanggan per kelurahan" not in client.get("/statistik/").content.decode()
    page = client_for(redaksi).get("/statistik/").content.decode()
    assert "Pelanggan per kelurahan" in page
    assert "a@contoh.id" not in page  # counts only
    rows = client_for(redaksi).get("/statistik/csv/subscribers/").content.decode().splitlines()
    assert "Argomulyo,Ledok,2,0" in rows
