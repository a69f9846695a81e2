"""Data rights (UU 27/2022): a copy of one's data, deleting one's account, the same by the
Redaksi on request; every step in the audit log."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership
from kim_portal.audit import Action
from kim_portal.models import AuditEntry, User
from materials.models import DisseminationReport
from news import comments
from news.models import Article, Comment
from overview.privacy import FORMER_MEMBER, ErasureRefused, account_erase
from tests.conftest import PASSWORD, add_member, make_user
from tests.materials.conftest import make_material
from tests.news.conftest import article_in, write
from tests.workshops.conftest import attend, make_event
from workshops.models import Feedback, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def footprint(kim, ketua, anggota, redaksi):
    """Everything a member leaves behind: articles, comments, registrations, reports."""
    cast = {"author": anggota, "kim": kim, "ketua": ketua, "redaksi": redaksi}
    published = article_in(Article.State.PUBLISHED, **cast)
    draft = write(anggota, kim, title="Draf belum selesai")
    comment = comments.comment_create(article=published, user=anggota, text="Mantap, Pak RT!")
    past = make_event("Pelatihan Lalu", starts_at=timezone.now() - timedelta(days=30))
    attended = attend(past, anggota, kim=kim)
    Feedback.objects.create(registration=attended, rating=5, comment="Saya Anggota Uji, puas.")
    upcoming = make_event("Pelatihan Nanti", capacity=10)
    booked = Registration.objects.create(
        event=upcoming, user=anggota, status=Registration.Status.CONFIRMED
    )
    report = DisseminationReport.objects.create(
        material=make_material(author=redaksi),
        kim=kim,
        reporter=anggota,
        channel=DisseminationReport.Channel.OTHER,
        shared_at=timezone.now(),
        people_reached=40,
        note="Di grup WA RT 03, kata Bu Anggota Uji",
        evidence_url="https://facebook.com/anggota.uji/posts/1",
    )
    return {
        "published": published,
        "draft": draft,
        "comment": comment,
        "attended": attended,
        "booked": booked,
        "report": report,
    }


def download(client, url) -> dict:
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)


# -- A copy of one's data -------------------------------------------------------------------


def test_member_downloads_all_their_data_and_it_is_recorded(client_for, anggota, footprint):
    data = download(client_for(anggota), reverse("my_data"))
    assert data["profile"]["email"] == "anggota@uji.kim.id"
    assert [m["role"] for m in data["memberships"]] == ["anggota"]
    assert {a["title"] for a in data["articles"]} == {
        footprint["published"].title,
        "Draf belum selesai",
    }
    assert data["comments"][0]["text"] == "Mantap, Pak RT!"
    registrations = {r["event"]: r for r in data["event_registrations"]}
    assert registrations["Pelatihan Lalu"]["certificate_code"] == (
        footprint["attended"].certificate_code
    )
    assert registrations["Pelatihan Lalu"]["feedback"]["rating"] == 5
    assert registrations["Pelatihan Nanti"]["certificate_code"] is None
    assert data["dissemination_reports"][0]["people_reached"] == 40
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_EXPORT)
    assert (entry.actor, entry.object_id) == (anggota, str(anggota.pk))


def test_the_download_holds_nobody_else_s_data(client_for, outsider, footprint):
    data = download(client_for(outsider), reverse("my_data"))
    assert data["profile"]["email"] == outsider.email
    assert data["articles"] == data["comments"] == data["event_registrations"] == []


def test_data_download_is_post_only_and_needs_login(client, client_for, anggota):
    response = client.post(reverse("my_data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(anggota).get(reverse("my_data")).status_code == 405


# -- Deleting one's account -----------------------------------------------------------------


def test_deleting_needs_the_password_and_the_tick(client_for, anggota, english):
    client = client_for(anggota)
    response = client.post(reverse("account_delete"), {"password": "salah", "confirm": "on"})
    assert "That is not your password." in response.content.decode()
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert "Tick the box to confirm." in response.content.decode()
    anggota.refresh_from_db()
    assert anggota.erased_at is None and anggota.is_active


def test_member_deletes_their_account(client, client_for, kim, anggota, footprint, mailoutbox):
    client = client_for(anggota)
    response = client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("home")

    anggota.refresh_from_db()
    assert anggota.full_name == FORMER_MEMBER and anggota.whatsapp == ""
    assert anggota.email.endswith("@invalid") and not anggota.is_active
    assert not anggota.has_usable_password() and anggota.erased_at
    assert not EmailAddress.objects.filter(user=anggota).exists()
    # Logged out, and the old address no longer logs in.
    assert client.get(reverse("profile")).status_code == 302
    login = client.post(
        reverse("account_login"), {"login": "anggota@uji.kim.id", "password": PASSWORD}
    )
    assert login.status_code == 200

    # The published article stays, under the neutral byline; the draft is withdrawn.
    page = client.get(footprint["published"].get_absolute_url()).content.decode()
    assert FORMER_MEMBER in page and "Anggota Uji" not in page
    footprint["draft"].refresh_from_db()
    assert footprint["draft"].state == Article.State.WITHDRAWN
    # The comment is anonymised.
    comment = Comment.objects.get(pk=footprint["comment"].pk)
    assert (comment.user, comment.name, comment.email, comment.ip_address) == (
        None,
        FORMER_MEMBER,
        "",
        None,
    )
    assert comment.text == "Mantap, Pak RT!"
    # Memberships ended; the upcoming seat freed; the past attendance kept without feedback text.
    assert not Membership.objects.active().filter(user=anggota).exists()
    footprint["booked"].refresh_from_db()
    assert footprint["booked"].status == Registration.Status.CANCELLED
    attended = Registration.objects.get(pk=footprint["attended"].pk)
    assert attended.status == Registration.Status.ATTENDED and attended.kim == kim
    assert (attended.feedback.rating, attended.feedback.comment) == (5, "")
    verify = client.get(
        reverse("workshops:certificate_verify", args=[attended.certificate_code])
    ).content.decode()
    assert FORMER_MEMBER in verify and "Anggota Uji" not in verify
    # Dissemination figures stay.
    report = DisseminationReport.objects.get(pk=footprint["report"].pk)
    assert (report.people_reached, report.note, report.evidence_url) == (40, "", "")

    entry = AuditEntry.objects.get(action=Action.ACCOUNT_ERASE)
    assert (entry.actor, entry.actor_name, entry.object_repr) == (
        anggota,
        FORMER_MEMBER,
        f"#{anggota.pk}",
    )


def test_the_last_ketua_hands_over_first(client_for, kim, ketua, anggota):
    client = client_for(ketua)
    page = client.get(reverse("account_delete")).content.decode()
    assert kim.name in page
    response = client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert kim.name in response.content.decode()
    ketua.refresh_from_db()
    assert ketua.erased_at is None
    assert not AuditEntry.objects.filter(action=Action.ACCOUNT_ERASE).exists()

    # With a second ketua, it goes.
    add_member(kim, make_user("ketua2@uji.kim.id", "Ketua Dua"), Membership.Role.KETUA)
    account_erase(user=ketua, actor=ketua)
    ketua.refresh_from_db()
    assert ketua.erased_at is not None


def test_an_account_is_erased_only_once(anggota):
    account_erase(user=anggota, actor=anggota)
    with pytest.raises(ErasureRefused):
        account_erase(user=anggota, actor=anggota)


def test_account_delete_needs_login(client):
    response = client.get(reverse("account_delete"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- The Redaksi, on request ----------------------------------------------------------------


def test_personal_data_desk_permissions(client, client_for, anggota, redaksi):
    urls = [
        reverse("desk_personal_data"),
        reverse("desk_personal_data_export", args=[anggota.pk]),
        reverse("desk_account_erase", args=[anggota.pk]),
    ]
    for url in urls:
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    member = client_for(anggota)
    assert member.get(urls[0]).status_code == 403
    assert member.post(urls[1]).status_code == 403
    assert member.post(urls[2], {"note": "x", "confirm": "on"}).status_code == 403
    desk = client_for(redaksi)
    assert desk.get(urls[0]).status_code == 200
    assert desk.get(urls[1]).status_code == 405
    assert desk.get(urls[2]).status_code == 405
    assert desk.post(reverse("desk_personal_data_export", args=[99999])).status_code == 404


def test_redaksi_finds_exports_and_deletes_on_request(client_for, redaksi, anggota, footprint):
    client = client_for(redaksi)
    found = client.get(reverse("desk_personal_data"), {"email": "ANGGOTA@uji.kim.id"})
    assert "Anggota Uji" in found.content.decode()
    missing = client.get(reverse("desk_personal_data"), {"email": "siapa@uji.kim.id"})
    assert missing.context["lookup"].errors["email"]

    data = download(client, reverse("desk_personal_data_export", args=[anggota.pk]))
    assert data["profile"]["full_name"] == "Anggota Uji"
    export = AuditEntry.objects.get(action=Action.ACCOUNT_EXPORT)
    assert (export.actor, export.object_id) == (redaksi, str(anggota.pk))

    url = reverse("desk_account_erase", args=[anggota.pk])
    no_note = client.post(url, {"confirm": "on"})
    assert no_note.status_code == 200 and no_note.context["erase_form"].errors["note"]
    assert User.objects.get(pk=anggota.pk).erased_at is None

    response = client.post(url, {"note": "Surel 3 Maret, ref. 12/2025", "confirm": "on"})
    assert response.status_code == 302
    anggota.refresh_from_db()
    assert anggota.full_name == FORMER_MEMBER
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_ERASE)
    assert (entry.actor, entry.note) == (redaksi, "Surel 3 Maret, ref. 12/2025")
    # An erased account is gone from the desk.
    assert client.post(reverse("desk_personal_data_export", args=[anggota.pk])).status_code == 404


def test_redaksi_is_told_when_the_person_is_the_last_ketua(client_for, redaksi, ketua, kim):
    response = client_for(redaksi).post(
        reverse("desk_account_erase", args=[ketua.pk]), {"note": "Surat", "confirm": "on"}
    )
    assert response.status_code == 200
    assert kim.name in response.content.decode()
    ketua.refresh_from_db()
    assert ketua.erased_at is None


def test_an_administrator_is_not_deleted_from_the_desk(redaksi):
    admin = make_user("admin@uji.kim.id", "Admin", is_superuser=True, is_staff=True)
    with pytest.raises(ErasureRefused):
        account_erase(user=admin, actor=redaksi)
