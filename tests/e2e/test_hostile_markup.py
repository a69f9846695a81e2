"""A small hostile corpus goes through the article, comment, KIM and event text fields, is
published through the real review flow, and is read in Chromium: no payload runs and none
becomes an element, on the article, the lists, search, the KIM and the event pages."""

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Kelurahan, Kim
from news.models import Article, Comment
from tests.conftest import make_user
from tests.groups.conftest import pdf_upload, registration_data
from workshops.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

# Each payload, if it ever ran, would set window.__xss.
PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=1</script>",
    '"><svg onload="window.__xss=1">',
    "</script><script>window.__xss=1</script>",
    "&lt;img src=x onerror=window.__xss=1&gt;",
    '<a href="javascript:window.__xss=1" id=xss-link>klik</a>',
]
CORPUS = " ".join(PAYLOADS)
WORD = "tanggulangi"  # something to search for


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _publish_everything(redaksi) -> dict:
    registrant = make_user("ketua.jahil@uji.kim.id", "Ketua " + PAYLOADS[0][:40])
    data = registration_data(
        name=f"KIM {PAYLOADS[2]}"[:100],
        kelurahan=Kelurahan.objects.get(slug="noborejo").pk,
        description=CORPUS,
        address=PAYLOADS[1],
    )
    response = _client(registrant).post(
        reverse("groups:register"), {**data, "decree_upload": pdf_upload()}
    )
    assert response.status_code == 302, response.content[:500]
    kim = Kim.objects.get()
    _client(redaksi).post(reverse("groups:review", args=[kim.slug]), {"action": "verify"})

    response = _client(registrant).post(
        reverse("news:write"),
        {
            "kim": kim.pk,
            "title": f"Warga {WORD} banjir {PAYLOADS[3]}",
            "summary": f"{WORD} {CORPUS}",
            "body": f"{WORD} {CORPUS}",  # the no-JavaScript textarea
            "submit": "1",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    _client(redaksi).post(reverse("news:publish", args=[article.pk]))
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED

    Client().post(
        reverse("news:comment", args=[article.slug]),
        {"name": PAYLOADS[2][:80], "email": "jahil@contoh.id", "text": CORPUS},
    )
    comment = Comment.objects.get()
    _client(redaksi).post(reverse("news:comment_approve", args=[comment.pk]))

    desk = _client(redaksi)
    desk.post(
        reverse("workshops:desk_create"),
        {
            "kind": "bimtek",
            "title": f"Bimtek {PAYLOADS[3]}",
            "summary": PAYLOADS[0],
            "description": CORPUS,
            "starts_at": "2030-03-02T09:00",
            "ends_at": "2030-03-02T12:00",
            "venue": PAYLOADS[2],
            "audience": "public",
            "materials_visibility": "registrants",
        },
    )
    event = Event.objects.get()
    desk.post(reverse("workshops:desk_publish", args=[event.slug]))
    return {"article": article, "kim": kim, "event": event}


def _assert_inert(page) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    injected = page.evaluate(
        'document.querySelectorAll(\'img[src="x"], svg[onload], [onerror], [onload],'
        ' a[href^="javascript:"], main script\').length'
    )
    assert injected == 0, page.url


def test_no_hostile_payload_runs_anywhere_it_is_shown(new_page, redaksi):
    published = _publish_everything(redaksi)
    article, kim, event = published["article"], published["kim"], published["event"]
    urls = [
        article.get_absolute_url(),
        "/",
        reverse("news:list"),
        reverse("news:list") + f"?q={WORD}",
        kim.get_absolute_url(),
        reverse("groups:list"),
        event.get_absolute_url(),
        reverse("workshops:list"),
    ]
    page = new_page()
    for url in urls:
        page.goto(url)
        _assert_inert(page)
    # The typed text is shown as text, as typed.
    page.goto(article.get_absolute_url())
    assert "<script>window.__xss=1</script>" in page.locator("main").inner_text()
    signed_in = new_page()
    signed_in.context.add_cookies(
        [{"name": "sessionid", "value": _session_for(redaksi), "url": page.url}]
    )
    for url in (article.get_absolute_url(), reverse("news:review", args=[article.pk])):
        signed_in.goto(url)
        _assert_inert(signed_in)


def _session_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
