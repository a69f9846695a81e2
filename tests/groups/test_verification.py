import pytest
from django.urls import reverse

from groups import services
from groups.models import Kim, KimStatusChange
from tests.conftest import add_member, make_kim, make_user
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(db):
    kim = make_kim("KIM Baru", kelurahan="dukuh", status=Kim.Status.PENDING)
    registrant = make_user("pendaftar@uji.kim.id", "Pendaftar Uji")
    kim.registered_by = registrant
    kim.save()
    add_member(kim, registrant, "ketua")
    return kim


def _decide(client, kim, action, note=""):
    return client.post(reverse("groups:review", args=[kim.slug]), {"action": action, "note": note})


def test_queue_lists_pending_kims_oldest_first(client_for, redaksi, pending):
    newer = make_kim("KIM Lebih Baru", kelurahan="bugel", status=Kim.Status.PENDING)
    response = client_for(redaksi).get(reverse("groups:review_queue"))
    html = response.content.decode()
    assert html.index(pending.name) < html.index(newer.name)


def test_redaksi_verifies_and_the_registrant_is_emailed(
    client_for, redaksi, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client_for(redaksi), pending, "verify", "SK sah.")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Kim.Status.VERIFIED
    change = KimStatusChange.objects.get(kim=pending, to_status="verified")
    assert (change.actor, change.from_status, change.note) == (redaksi, "pending", "SK sah.")
    assert [m.to for m in mailoutbox] == [["pendaftar@uji.kim.id"]]
    assert "KIM Baru" in mailoutbox[0].subject
    assert "http://127.0.0.1:8000/kim/saya/" in mailoutbox[0].body  # a link back to the portal


def test_rejecting_needs_a_note(client_for, redaksi, pending, mailoutbox):
    response = _decide(client_for(redaksi), pending, "reject", "  ")
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == Kim.Status.PENDING
    assert not mailoutbox


def test_redaksi_rejects_with_a_reason_the_registrant_reads(
    client_for, redaksi, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client_for(redaksi), pending, "reject", "SK tidak terbaca.")
    pending.refresh_from_db()
    assert pending.status == Kim.Status.REJECTED
    assert KimStatusChange.objects.filter(
        kim=pending, to_status="rejected", note="SK tidak terbaca."
    ).exists()
    assert "SK tidak terbaca." in mailoutbox[0].body


def test_redaksi_deactivates_a_verified_kim_with_a_note(
    client_for, redaksi, kim, ketua, mailoutbox, django_capture_on_commit_callbacks
):
    assert _decide(client_for(redaksi), kim, "deactivate").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client_for(redaksi), kim, "deactivate", "Tidak aktif dua tahun.")
    kim.refresh_from_db()
    assert kim.status == Kim.Status.INACTIVE
    assert [m.to for m in mailoutbox] == [[ketua.email]]
    client_for(redaksi).logout()
    assert client_for(ketua).get(reverse("groups:list")).content.decode().count(kim.name) == 0


def test_a_rejected_kim_cannot_be_verified_by_a_forged_post(client_for, redaksi, pending):
    services.kim_reject(kim=pending, actor=redaksi, note="Tidak lengkap.")
    _decide(client_for(redaksi), pending, "verify")
    pending.refresh_from_db()
    assert pending.status == Kim.Status.REJECTED


def test_services_refuse_a_rejection_without_a_reason(redaksi, pending):
    with pytest.raises(services.KimDecisionRefused):
        services.kim_reject(kim=pending, actor=redaksi, note="")
    assert not KimStatusChange.objects.filter(kim=pending).exists()


def test_desk_shows_the_number_of_pending_kims(client_for, redaksi, pending):
    response = client_for(redaksi).get(reverse("desk"))
    assert "1 KIM" in response.content.decode()
    assert reverse("groups:review_queue") in response.content.decode()


def test_sitemap_lists_verified_kims_only(client, kim, pending):
    xml = sitemap_text(client)
    assert f"/kim/{kim.slug}/" in xml
    assert f"/kim/{pending.slug}/" not in xml
    assert "/kim/cakupan/" in xml
