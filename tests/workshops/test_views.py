import csv
import io
from datetime import timedelta

import icalendar
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.conftest import make_user
from tests.sitemaps import sitemap_entries
from tests.workshops.conftest import attend, make_event
from workshops import services, tickets
from workshops.models import Event, EventMaterial, Feedback, Registration

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def registration(event, anggota):
    return services.registration_create(event=event, user=anggota)


@pytest.fixture
def event_today(registration):
    """The registered event is under way: check-in is possible only on its day(s)."""
    event = registration.event
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.ends_at = timezone.now() + timedelta(hours=2)
    Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at, ends_at=event.ends_at)
    return event


def test_redaksi_creates_and_publishes_an_event_on_the_desk(client_for, redaksi):
    client = client_for(redaksi)
    response = client.post(
        reverse("workshops:desk_create"),
        {
            "kind": "bimtek",
            "title": "Bimtek Pengelolaan Informasi",
            "summary": "Mengolah informasi warga.",
            "description": "<p>Materi <script>x</script></p>",
            "starts_at": "2030-03-02T09:00",
            "ends_at": "2030-03-02T12:00",
            "venue": "Aula",
            "audience": "public",
            "materials_visibility": "registrants",
            "signatory_name": "Drs. Ahmad Syafi’i",
            "signatory_title": "Kepala Dinas Komunikasi dan Informatika",
        },
    )
    event = Event.objects.get()
    assert (event.signatory_name, event.signatory_title) == (
        "Drs. Ahmad Syafi’i",
        "Kepala Dinas Komunikasi dan Informatika",
    )
    assertRedirects(response, reverse("workshops:desk_edit", args=[event.slug]))
    assert event.status == "draft" and event.description == "<p>Materi </p>"
    assert timezone.localtime(event.starts_at).hour == 9
    client.post(reverse("workshops:desk_publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == "published"


@pytest.mark.usefixtures("english")
def test_event_form_rejects_an_end_before_the_start(client_for, redaksi):
    response = client_for(redaksi).post(
        reverse("workshops:desk_create"),
        {
            "kind": "forum",
            "title": "X",
            "summary": "Y",
            "starts_at": "2030-03-02T09:00",
            "ends_at": "2030-03-02T08:00",
            "venue": "Aula",
            "audience": "public",
            "materials_visibility": "public",
        },
    )
    assertContains(response, "cannot end before it starts")
    assert not Event.objects.exists()


def test_agenda_lists_upcoming_published_events_with_agenda_links(client):
    make_event("Akan Datang")
    make_event("Draf", status=Event.Status.DRAFT)
    make_event("Sudah Lewat", starts_at=timezone.now() - timedelta(days=3))
    response = client.get("/agenda/")
    assertContains(response, 'href="/agenda/akan-datang/"')
    assertNotContains(response, "Draf")
    assertNotContains(response, "Sudah Lewat")
    assertContains(client.get("/agenda/?arsip=1"), 'href="/agenda/sudah-lewat/"')


def test_agenda_filters_by_kind(client):
    make_event("Forum Warga", kind="forum")
    make_event("Simulasi Hoaks", kind="simulasi")
    response = client.get("/agenda/?jenis=forum")
    assertContains(response, "Forum Warga")
    assertNotContains(response, "Simulasi Hoaks")


@pytest.mark.parametrize("size", [3, 12])
def test_agenda_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for n in range(size):
        event = make_event(f"Acara {n}", capacity=5)
        services.registration_create(event=event, user=make_user(f"p{n}@uji.kim.id"))
    with django_assert_max_num_queries(3):
        response = client.get("/agenda/")
    assert response.status_code == 200


def test_draft_events_are_hidden_from_everyone_but_redaksi(client, client_for, anggota, redaksi):
    make_event("Draf", status=Event.Status.DRAFT)
    assert client.get("/agenda/draf/").status_code == 404
    assert client_for(anggota).get("/agenda/draf/").status_code == 404
    assert client_for(redaksi).get("/agenda/draf/").status_code == 200


def test_registering_through_the_page_shows_the_ticket(client_for, outsider, event):
    client = client_for(outsider)
    response = client.post(reverse("workshops:register", args=[event.slug]))
    registration = Registration.objects.get(user=outsider)
    assertRedirects(response, reverse("workshops:ticket", args=[registration.pk]))
    assertContains(client.get(response.url), "<svg")


@pytest.mark.usefixtures("english")
def test_closed_registration_window_shows_a_clear_message(client_for, outsider):
    event = make_event(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = client_for(outsider).post(
        reverse("workshops:register", args=[event.slug]), follow=True
    )
    assertContains(response, "Registration for this event has closed.")


def test_registrant_pages_are_private_to_their_owner(client, client_for, registration, outsider):
    urls = [
        reverse("workshops:ticket", args=[registration.pk]),
        reverse("workshops:feedback", args=[registration.pk]),
        reverse("workshops:certificate", args=[registration.pk]),
    ]
    for url in urls:
        assert "/accounts/login/" in client.get(url).url
    other = client_for(outsider)
    for url in urls:
        assert other.get(url).status_code == 404, url
    cancel = reverse("workshops:registration_cancel", args=[registration.pk])
    assert other.post(cancel).status_code == 404
    assert other.get(cancel).status_code == 404
    assert client_for(registration.user).get(reverse("workshops:mine")).status_code == 200


def test_owner_cancels_their_registration(client_for, registration):
    client_for(registration.user).post(
        reverse("workshops:registration_cancel", args=[registration.pk])
    )
    registration.refresh_from_db()
    assert registration.status == "cancelled"


# --- check-in -----------------------------------------------------------------------------


@pytest.mark.usefixtures("event_today")
def test_redaksi_checks_in_by_scanning_the_ticket(client_for, redaksi, registration):
    url = reverse(
        "workshops:desk_scan", args=[registration.event.slug, tickets.check_in_token(registration)]
    )
    client = client_for(redaksi)
    assertContains(client.get(url), registration.user.full_name)
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "attended" and registration.checked_in_by == redaksi


@pytest.mark.usefixtures("english")
@pytest.mark.usefixtures("event_today")
def test_a_reused_token_does_not_check_in_twice(client_for, redaksi, registration):
    url = reverse(
        "workshops:desk_scan", args=[registration.event.slug, tickets.check_in_token(registration)]
    )
    client = client_for(redaksi)
    client.post(url)
    first_time = Registration.objects.get(pk=registration.pk).checked_in_at
    response = client.post(url, follow=True)
    assertContains(response, "already checked in")
    assert Registration.objects.get(pk=registration.pk).checked_in_at == first_time


def test_a_token_for_another_event_is_refused(client_for, redaksi, registration):
    other = make_event("Acara Lain")
    url = reverse("workshops:desk_scan", args=[other.slug, tickets.check_in_token(registration)])
    assert client_for(redaksi).post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_forged_or_stale_token_is_refused(client_for, redaksi, registration):
    from django.core import signing

    slug = registration.event.slug
    forged = signing.dumps({"r": registration.pk, "t": registration.token}, salt="something-else")
    guessed = signing.dumps({"r": registration.pk, "t": "tebakan"}, salt=tickets.CHECK_IN_SALT)
    tampered = tickets.check_in_token(registration)[:-2] + "xx"
    client = client_for(redaksi)
    for token in (forged, guessed, tampered):
        assert client.post(reverse("workshops:desk_scan", args=[slug, token])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_waitlisted_person_cannot_be_checked_in(client_for, redaksi):
    event = make_event(capacity=0)
    waiting = services.registration_create(event=event, user=make_user("w@uji.kim.id"))
    url = reverse("workshops:desk_scan", args=[event.slug, tickets.check_in_token(waiting)])
    client_for(redaksi).post(url)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


@pytest.mark.usefixtures("event_today")
def test_redaksi_searches_registrants_and_checks_in_from_the_list(
    client_for, redaksi, registration
):
    client = client_for(redaksi)
    url = reverse("workshops:desk_registrants", args=[registration.event.slug])
    assertContains(client.get(url, {"q": "Anggota"}), "anggota@uji.kim.id")
    assertNotContains(client.get(url, {"q": "tidak-ada"}), "anggota@uji.kim.id")
    client.post(reverse("workshops:desk_check_in", args=[registration.event.slug, registration.pk]))
    registration.refresh_from_db()
    assert registration.attended


@pytest.mark.usefixtures("event_today")
def test_csv_export_lists_registrants_with_attendance(client_for, redaksi, registration):
    services.registration_check_in(registration=registration, actor=redaksi)
    response = client_for(redaksi).get(
        reverse("workshops:desk_export", args=[registration.event.slug])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "anggota@uji.kim.id"
    assert rows[1][6] != ""


# --- after the event ------------------------------------------------------------------------


@pytest.mark.usefixtures("event_today")
def test_only_attendees_give_feedback_and_only_once(client_for, registration, redaksi):
    client = client_for(registration.user)
    url = reverse("workshops:feedback", args=[registration.pk])
    client.post(url, {"rating": "5", "comment": "Bagus"})
    assert not Feedback.objects.exists()
    services.registration_check_in(registration=registration, actor=redaksi)
    client.post(url, {"rating": "4", "comment": "Bermanfaat"})
    client.post(url, {"rating": "1", "comment": "Ulang"})
    assert list(Feedback.objects.values_list("rating", "comment")) == [(4, "Bermanfaat")]
    page = client_for(redaksi).get(
        reverse("workshops:desk_registrants", args=[registration.event.slug])
    )
    assertContains(page, "Bermanfaat")
    assertContains(page, "4")


@pytest.mark.usefixtures("event_today")
def test_certificate_is_only_for_attendees_and_verifies_publicly(
    client, client_for, registration, redaksi
):
    owner = client_for(registration.user)
    url = reverse("workshops:certificate", args=[registration.pk])
    assert owner.get(url).status_code == 404
    verify = reverse("workshops:certificate_verify", args=[registration.certificate_code])
    assert client.get(verify).status_code == 404
    services.registration_check_in(registration=registration, actor=redaksi)
    response = owner.get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    client.logout()
    assertContains(client.get(verify), registration.user.full_name)
    assert (
        client.get(reverse("workshops:certificate_verify", args=["ZZZZZZZZZZ"])).status_code == 404
    )


# --- calendar --------------------------------------------------------------------------------


def test_calendar_feed_parses_with_icalendar_and_holds_published_events(client):
    make_event("Satu")
    make_event("Dua")
    make_event("Draf", status=Event.Status.DRAFT)
    response = client.get("/agenda/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Dua", "Satu"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Jakarta"
    assert events[0]["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert events[0].walk("VALARM")[0]["TRIGGER"].dt == timedelta(days=-1)


def test_a_cancelled_event_stays_in_the_calendar_feed_marked_cancelled(client):
    make_event("Batal", status=Event.Status.CANCELLED)
    calendar = icalendar.Calendar.from_ical(client.get("/agenda/kalender.ics").content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Batal" and str(event["STATUS"]) == "CANCELLED"


def test_calendar_text_is_plain_text_with_paragraphs(client):
    event = make_event(
        'Pelatihan "Foto & Video"',
        summary="Ringkas & jelas",
        description="<p>Satu &amp; dua</p><p>Paragraf\nkedua</p>",
    )
    response = client.get(reverse("workshops:ics", args=[event.slug]))
    [item] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["DESCRIPTION"]) == "Ringkas & jelas\n\nSatu & dua\n\nParagraf kedua"
    assert str(item["SUMMARY"]) == 'Pelatihan "Foto & Video"'
    assert b"&amp;" not in response.content


def test_single_event_ics_parses(client, event):
    response = client.get(reverse("workshops:ics", args=[event.slug]))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == event.title


# --- materials -------------------------------------------------------------------------------


def test_redaksi_uploads_a_material_that_only_registrants_may_download(
    client, client_for, redaksi, registration, outsider
):
    event = registration.event
    client_for(redaksi).post(
        reverse("workshops:event_material_add", args=[event.slug]),
        {"title": "Slide", "file": SimpleUploadedFile("slide.pdf", PDF, "application/pdf")},
    )
    material = EventMaterial.objects.get()
    url = reverse("workshops:event_material", args=[event.slug, material.pk])
    client.logout()
    assert "/accounts/login/" in client.get(url).url
    assert client_for(outsider).get(url).status_code == 403
    assert client_for(registration.user).get(url).status_code == 200
    event.materials_visibility = Event.MaterialsVisibility.PUBLIC
    event.save()
    client.logout()
    assert client.get(url).status_code == 200


def test_material_upload_rejects_a_disguised_file(client_for, redaksi, event):
    response = client_for(redaksi).post(
        reverse("workshops:event_material_add", args=[event.slug]),
        {"title": "Palsu", "file": SimpleUploadedFile("x.pdf", b"<html>", "application/pdf")},
    )
    assert response.status_code == 400
    assert not EventMaterial.objects.exists()


# --- links -----------------------------------------------------------------------------------


def test_home_shows_upcoming_events_and_desk_shows_a_summary(client, client_for, redaksi):
    make_event("Sarasehan KIM")
    assertContains(client.get("/"), 'href="/agenda/sarasehan-kim/"')
    assertContains(client_for(redaksi).get("/redaksi/"), reverse("workshops:desk_list"))


def test_kim_partial_lists_events_its_members_attended(kim, anggota):
    from django.template.loader import render_to_string

    attend(make_event("Bimtek Lalu", starts_at=timezone.now() - timedelta(days=9)), anggota)
    html = render_to_string("workshops/_kim_events.html", {"kim": kim})
    assert 'href="/agenda/bimtek-lalu/"' in html


def test_sitemap_lists_published_events(client, event):
    assert f"{settings.SITE_URL}/agenda/{event.slug}/" in sitemap_entries(client)


def test_calendar_feed_leaves_out_events_long_past(client):
    make_event("Sarasehan Lama", starts_at=timezone.now() - timedelta(days=400))
    make_event("Forum Bulan Lalu", starts_at=timezone.now() - timedelta(days=30))
    calendar = icalendar.Calendar.from_ical(client.get("/agenda/kalender.ics").content)
    titles = {str(component["SUMMARY"]) for component in calendar.walk("VEVENT")}
    assert "Forum Bulan Lalu" in titles
    assert "Sarasehan Lama" not in titles


def test_agenda_is_paginated_so_every_upcoming_event_is_reachable(client):
    for day in range(25):
        make_event(f"Bimtek Hari {day:02d}", starts_at=timezone.now() + timedelta(days=day + 1))
    first = client.get("/agenda/").content.decode()
    second = client.get("/agenda/?page=2").content.decode()
    assert "/agenda/bimtek-hari-00/" in first and "/agenda/bimtek-hari-24/" not in first
    assert "/agenda/bimtek-hari-24/" in second


def test_an_event_links_its_related_article_only_while_it_is_public(
    client, kim, anggota, ketua, redaksi, django_capture_on_commit_callbacks
):
    from news import services as news_services
    from news.models import Article
    from tests.news.conftest import article_in

    article = article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )
    event = make_event(related_article=article)
    assertContains(client.get(event.get_absolute_url()), article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):  # the page cache learns of it
        news_services.article_unpublish(article=article, actor=redaksi, note="Data keliru.")
    assertNotContains(client.get(event.get_absolute_url()), article.get_absolute_url())


def test_the_event_form_offers_only_public_articles(kim, anggota, ketua, redaksi):
    from news.models import Article
    from tests.news.conftest import article_in
    from workshops.forms import EventForm

    public = article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )
    draft = article_in(Article.State.DRAFT, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi)
    offered = set(EventForm().fields["related_article"].queryset)
    assert public in offered and draft not in offered
