"""The whole e-mail journey through a real SMTP server (aiosmtpd) started by the test."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from groups.models import Kelurahan
from subscriptions import services
from subscriptions.models import DigestDelivery, Subscription
from tests.conftest import make_kim
from tests.subscriptions.helpers import first_link, html_of, published, start_smtp, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    controller, inbox = start_smtp(settings)
    settings.SITE_URL = "http://testserver"
    yield inbox
    controller.stop()


def test_subscribe_confirm_digest_and_one_click_unsubscribe(
    client, smtp, kim, anggota, ketua, redaksi, django_capture_on_commit_callbacks
):
    # Subscribe (Indonesian page, no account) to the news of kelurahan Ledok, daily.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/langganan/",
            {"email": "Warga.Ledok@Contoh.id", "target": "kelurahan:ledok", "frequency": "daily"},
        )
    assert response.status_code == 302
    assert len(smtp.messages) == 1
    confirmation = smtp.messages[0]
    assert confirmation["To"] == "warga.ledok@contoh.id"
    assert "Konfirmasi" in confirmation["Subject"]

    # Nothing is sent before the link in the mail is followed and its button pressed.
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.language == "id"
    confirm_path = urlsplit(first_link(text_of(confirmation), "/langganan/konfirmasi/")).path
    assert client.get(confirm_path).status_code == 200
    assert client.post(confirm_path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE

    # News: two in Ledok, one elsewhere; the digest of the day carries exactly the two.
    cast = {"author": anggota, "kim": kim, "ketua": ketua, "redaksi": redaksi}
    published("Posyandu Ledok buka malam", **cast)
    published("Kerja bakti Ledok Minggu pagi", **cast)
    elsewhere = make_kim("KIM Dukuh", kelurahan="dukuh")
    from groups.models import Membership
    from tests.conftest import add_member, make_user

    writer = make_user("dukuh@uji.kim.id")
    add_member(elsewhere, writer)
    chief = make_user("ketua-dukuh@uji.kim.id")
    add_member(elsewhere, chief, Membership.Role.KETUA)
    published("Pasar murah Dukuh", author=writer, kim=elsewhere, ketua=chief, redaksi=redaksi)
    assert Kelurahan.objects.get(slug="dukuh").articles.count() == 1

    tomorrow = timezone.now() + timedelta(days=1)  # today is then the last complete day
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_enqueue_due(now=tomorrow) == 1
    assert len(smtp.messages) == 2
    digest = smtp.messages[1]
    text, html = text_of(digest), html_of(digest)
    assert "Posyandu Ledok buka malam" in text and "Kerja bakti Ledok Minggu pagi" in text
    assert "Pasar murah Dukuh" not in text and "Pasar murah Dukuh" not in html
    assert "Posyandu Ledok buka malam" in html
    assert "Berita Ledok" in text  # in the subscriber's language
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = str(digest["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe_url in text  # the visible link is the same

    # Running again sends nothing more for the same day.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_enqueue_due(now=tomorrow) == 0
    assert len(smtp.messages) == 2

    # One-click unsubscribe, as a mail client does it: a POST without cookies or CSRF token.
    client.logout()
    client.cookies.clear()
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(urlsplit(unsubscribe_url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED

    # The next day brings news again, and no mail.
    published("Posyandu Ledok lagi", **cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_enqueue_due(now=tomorrow + timedelta(days=1))
    assert len(smtp.messages) == 2
    assert DigestDelivery.objects.count() == 1
