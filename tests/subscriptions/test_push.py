"""The Web Push exchange (RFC 8030/8291/8292) against a push endpoint started by the test.

The test plays the browser: it makes an ECDH P-256 key pair and an auth secret, hands the public
half to the portal as a subscription, receives the portal's request on its own HTTP server and
decrypts the aes128gcm payload with its private key (http_ece, which pywebpush uses too)."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command

from news import services as news_services
from news.models import Article
from subscriptions import services
from subscriptions.models import PushDelivery, PushSubscription
from tests.news.conftest import write

pytestmark = pytest.mark.django_db


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service endpoint: records each request, answers `status`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                service.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.stop()


@pytest.fixture
def vapid(settings, capsys):
    call_command("vapid_keys")
    keys = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    settings.VAPID_PUBLIC_KEY = keys["VAPID_PUBLIC_KEY"]
    settings.VAPID_PRIVATE_KEY = keys["VAPID_PRIVATE_KEY"]
    settings.VAPID_SUBJECT = "mailto:redaksi@uji.kim.id"
    settings.SITE_URL = "https://kim.uji"
    return keys


class Browser:
    def __init__(self, endpoint: str):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.auth_secret = b"0123456789abcdef"
        self.endpoint = endpoint
        self.p256dh = b64(public)
        self.auth = b64(self.auth_secret)

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


def publish(article, *, ketua, redaksi, capture):
    news_services.article_submit(article=article, actor=article.author)
    news_services.article_approve(article=article, actor=ketua)
    with capture(execute=True):
        news_services.article_publish(article=article, actor=redaksi)


def test_a_new_article_is_pushed_encrypted_to_its_followers_and_a_gone_browser_is_removed(
    push_service, vapid, kim, anggota, ketua, redaksi, django_capture_on_commit_callbacks
):
    browser = Browser(f"{push_service.url}/push/browser-1")
    services.push_subscribe(
        endpoint=browser.endpoint,
        p256dh=browser.p256dh,
        auth=browser.auth,
        target_kind="kelurahan",
        target=kim.kelurahan,
        language="id",
    )
    # The same browser also follows the KIM: still one notification per article.
    services.push_subscribe(
        endpoint=browser.endpoint,
        p256dh=browser.p256dh,
        auth=browser.auth,
        target_kind="kim",
        target=kim,
        language="id",
    )
    article = write(anggota, kim, title="Posyandu Ledok buka malam")
    publish(article, ketua=ketua, redaksi=redaksi, capture=django_capture_on_commit_callbacks)

    assert len(push_service.requests) == 1
    request = push_service.requests[0]
    assert request["path"] == "/push/browser-1"
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert int(headers["ttl"]) > 0
    # RFC 8292: the portal signs with its VAPID key and names it.
    assert headers["authorization"].startswith("vapid t=")
    assert f"k={vapid['VAPID_PUBLIC_KEY']}" in headers["authorization"]
    payload = browser.decrypt(request["body"])
    assert payload["title"] == "Posyandu Ledok buka malam"
    assert payload["url"] == f"https://kim.uji/berita/{article.slug}/"
    assert PushDelivery.objects.filter(article=article).count() == 2  # both rows, one message

    # Sending again (the cron catch-up) pushes nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.push_article.call(article_id=article.pk) == 0
        assert services.push_enqueue_owed() == 0
    assert len(push_service.requests) == 1

    # The browser unsubscribed at the push service: 410 Gone removes it here too.
    push_service.status = 410
    second = write(anggota, kim, title="Kerja bakti Ledok")
    publish(second, ketua=ketua, redaksi=redaksi, capture=django_capture_on_commit_callbacks)
    assert len(push_service.requests) == 2
    assert not PushSubscription.objects.filter(endpoint=browser.endpoint).exists()


def test_a_scheduled_article_is_pushed_once_it_is_public(
    push_service, vapid, kim, anggota, ketua, redaksi, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    browser = Browser(f"{push_service.url}/push/browser-2")
    services.push_subscribe(
        endpoint=browser.endpoint,
        p256dh=browser.p256dh,
        auth=browser.auth,
        target_kind="kim",
        target=kim,
        language="en",
    )
    article = write(anggota, kim, title="Jadwal posyandu baru")
    news_services.article_submit(article=article, actor=anggota)
    news_services.article_approve(article=article, actor=ketua)
    with django_capture_on_commit_callbacks(execute=True):
        news_services.article_publish(
            article=article, actor=redaksi, at=timezone.now() + timedelta(hours=2)
        )
    assert push_service.requests == []  # not public yet
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert len(push_service.requests) == 1
    assert browser.decrypt(push_service.requests[0]["body"])["title"] == "Jadwal posyandu baru"
