"""The audit log: every privileged action leaves exactly one entry; the Redaksi reads it; nobody
changes it."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from groups import program_services, services
from groups.models import Kim, Membership
from kim_portal.audit import Action, record
from kim_portal.models import AuditEntry, AuditLogIsAppendOnly
from materials import services as material_services
from materials.models import Announcement
from news import comments
from news import services as news_services
from news.models import Article
from tests.conftest import make_kim, make_user
from tests.groups.test_programs import item_fields
from tests.materials.conftest import make_material
from tests.news.conftest import article_in, write
from tests.workshops.conftest import make_event
from workshops import services as workshop_services
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def only_entry(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, f"{action}: {len(entries)} entries"
    return entries[0]


def test_kim_decisions_are_recorded_with_actor_object_and_note(redaksi):
    pending = make_kim("KIM Baru", status=Kim.Status.PENDING)
    services.kim_verify(kim=pending, actor=redaksi, note="Dokumen lengkap.")
    entry = only_entry(Action.KIM_VERIFY)
    assert (entry.actor, entry.actor_name) == (redaksi, "Redaksi Uji")
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "groups.kim",
        str(pending.pk),
        "KIM Baru",
    )
    assert entry.note == "Dokumen lengkap."

    services.kim_deactivate(kim=pending, actor=redaksi, note="Tidak aktif setahun.")
    assert only_entry(Action.KIM_DEACTIVATE).note == "Tidak aktif setahun."
    other = make_kim("KIM Lain", status=Kim.Status.PENDING)
    services.kim_reject(kim=other, actor=redaksi, note="SK tidak terbaca.")
    assert only_entry(Action.KIM_REJECT).object_id == str(other.pk)


def test_membership_decisions_roles_and_removal_are_recorded(kim, ketua, outsider):
    joining = services.membership_request(kim=kim, user=outsider)
    services.membership_approve(membership=joining, actor=ketua)
    assert only_entry(Action.MEMBERSHIP_APPROVE).actor == ketua

    services.membership_change_role(
        membership=joining, actor=ketua, role=Membership.Role.SEKRETARIS
    )
    assert only_entry(Action.MEMBERSHIP_ROLE).note == "anggota → sekretaris"

    services.membership_remove(membership=joining, actor=ketua)
    assert only_entry(Action.MEMBERSHIP_REMOVE).object_id == str(joining.pk)

    other = make_user("lain@uji.kim.id", "Warga Lain")
    declined = services.membership_request(kim=kim, user=other)
    services.membership_decline(membership=declined, actor=ketua)
    only_entry(Action.MEMBERSHIP_DECLINE)


def test_leaving_a_kim_is_not_a_privileged_action(kim, anggota):
    services.membership_leave(membership=anggota.memberships.get())
    assert not AuditEntry.objects.exists()


def test_work_program_decisions_are_recorded(kim, ketua, redaksi):
    program = program_services.program_create(kim=kim, year=2025, actor=ketua)
    program_services.program_item_save(program=program, actor=ketua, fields=item_fields())
    program_services.program_submit(program=program, actor=ketua)
    program_services.program_request_revision(program=program, actor=redaksi, note="Target?")
    assert only_entry(Action.PROGRAM_REVISION).note == "Target?"
    program_services.program_submit(program=program, actor=ketua)
    program_services.program_approve(program=program, actor=redaksi)
    assert only_entry(Action.PROGRAM_APPROVE).object_repr == f"{kim} 2025"


def test_each_article_decision_is_recorded(kim, ketua, anggota, redaksi):
    cast = {"author": anggota, "kim": kim, "ketua": ketua, "redaksi": redaksi}
    published = article_in(Article.State.PUBLISHED, **cast)
    assert only_entry(Action.ARTICLE_APPROVE).actor == ketua
    assert only_entry(Action.ARTICLE_PUBLISH).object_repr == published.title

    news_services.article_feature(article=published, actor=redaksi)
    news_services.article_feature(article=published, actor=redaksi, featured=False)
    assert AuditEntry.objects.filter(action=Action.ARTICLE_FEATURE).count() == 2
    news_services.article_unpublish(article=published, actor=redaksi, note="Salah data.")
    assert only_entry(Action.ARTICLE_UNPUBLISH).note == "Salah data."

    sent_back = write(anggota, kim, title="Kabar kedua")
    news_services.article_submit(article=sent_back, actor=anggota)
    news_services.article_request_changes(article=sent_back, actor=ketua, note="Foto?")
    assert only_entry(Action.ARTICLE_REQUEST_CHANGES).note == "Foto?"

    rejected = write(anggota, kim, title="Kabar ketiga")
    news_services.article_submit(article=rejected, actor=anggota)
    news_services.article_approve(article=rejected, actor=ketua)
    news_services.article_reject(article=rejected, actor=redaksi, note="Bukan berita.")
    assert only_entry(Action.ARTICLE_REJECT).object_id == str(rejected.pk)


def test_writing_and_submitting_are_not_audited(kim, anggota):
    article = write(anggota, kim)
    news_services.article_submit(article=article, actor=anggota)
    assert not AuditEntry.objects.exists()


def test_comment_moderation_is_recorded(kim, ketua, anggota, redaksi):
    article = article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )
    texts = ["Bagus", "Kurang", "Iklan"]
    made = [
        comments.comment_create(article=article, name="Bu Sri", email="s@c.id", text=text)
        for text in texts
    ]
    comments.comment_approve(comment=made[0], actor=redaksi)
    comments.comment_reject(comment=made[1], actor=redaksi)
    comments.comment_mark_spam(comment=made[2], actor=redaksi)
    for action, comment in zip(
        [Action.COMMENT_APPROVE, Action.COMMENT_REJECT, Action.COMMENT_SPAM], made, strict=True
    ):
        assert only_entry(action).object_id == str(comment.pk)


def test_publishing_and_cancelling_an_event_are_recorded(redaksi):
    event = make_event("Sarasehan KIM", status="draft")
    workshop_services.event_publish(event=event, actor=redaksi)
    workshop_services.event_cancel(event=event, actor=redaksi)
    assert only_entry(Action.EVENT_PUBLISH).object_repr == "Sarasehan KIM"
    assert only_entry(Action.EVENT_CANCEL).actor == redaksi


def test_check_in_is_recorded(redaksi, anggota):
    event = make_event(starts_at=timezone.now() - timedelta(hours=1))
    registration = Registration.objects.create(
        event=event, user=anggota, status=Registration.Status.CONFIRMED
    )
    workshop_services.registration_check_in(registration=registration, actor=redaksi)
    assert only_entry(Action.EVENT_CHECK_IN).object_repr == f"{anggota} · {event}"


def test_material_publishing_and_announcements_are_recorded(redaksi, kim, ketua):
    material = make_material(author=redaksi, published=False, with_pdf=True)
    material_services.material_publish(material=material, actor=redaksi)
    material_services.material_publish(material=material, actor=redaksi)  # already public
    only_entry(Action.MATERIAL_PUBLISH)
    material_services.material_unpublish(material=material, actor=redaksi)
    only_entry(Action.MATERIAL_UNPUBLISH)

    announcement = material_services.announcement_send(
        author=redaksi,
        title="Rapat koordinasi",
        body="<p>Isi.</p>",
        important=True,
        audience=Announcement.Audience.PENGURUS,
    )
    entry = only_entry(Action.ANNOUNCEMENT_SEND)
    assert (entry.object_id, entry.note) == (str(announcement.pk), "pengurus")


def test_entries_cannot_be_changed_or_removed(redaksi):
    entry = record(actor=redaksi, action=Action.CSV_EXPORT, note="peserta.csv")
    entry.note = "something else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().note == "peserta.csv"


def test_the_admin_is_read_only_even_for_a_superuser(rf):
    admin_user = make_user("admin@uji.kim.id", is_superuser=True, is_staff=True)
    request = rf.get("/")
    request.user = admin_user
    model_admin = site._registry[AuditEntry]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_an_unknown_action_code_is_refused(redaksi):
    with pytest.raises(ValueError):
        record(actor=redaksi, action="kim.explode")


def test_the_entry_keeps_the_actor_name_when_the_account_goes(redaksi):
    record(actor=redaksi, action=Action.CSV_EXPORT, note="a.csv")
    redaksi.delete()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.actor_name) == (None, "Redaksi Uji")


# -- The Redaksi's page ------------------------------------------------------------------------


def test_audit_log_permissions(client, client_for, anggota, redaksi):
    url = reverse("audit_log")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("audit_log_csv")).status_code == 302
    assert client_for(anggota).get(url).status_code == 403
    assert client.get(reverse("audit_log_csv")).status_code == 403
    assert client_for(redaksi).get(url).status_code == 200


def test_desk_links_to_the_audit_log(client_for, redaksi):
    response = client_for(redaksi).get(reverse("desk"))
    assert reverse("audit_log") in response.content.decode()


@pytest.fixture
def logged(redaksi, ketua, kim):
    other = make_user("redaksi2@uji.kim.id", "Redaksi Dua")
    record(actor=redaksi, action=Action.KIM_VERIFY, obj=kim, note="Lengkap")
    record(actor=ketua, action=Action.MEMBERSHIP_ROLE, obj=ketua.memberships.get())
    record(actor=other, action=Action.CSV_EXPORT, note="lama.csv")
    return {"redaksi": redaksi, "ketua": ketua, "other": other}


def test_redaksi_filters_by_action_actor_object_type_and_date(client_for, redaksi, logged):
    client = client_for(redaksi)
    url = reverse("audit_log")

    def shown(**filters) -> list[str]:
        response = client.get(url, filters)
        assert response.status_code == 200
        return [entry.action for entry in response.context["page"]]

    everything = client.get(url).content.decode()
    assert (
        "Lengkap" in everything and "Redaksi Dua" in everything and "KIM diverifikasi" in everything
    )
    assert shown() == [Action.CSV_EXPORT, Action.MEMBERSHIP_ROLE, Action.KIM_VERIFY]
    assert shown(action=Action.KIM_VERIFY) == [Action.KIM_VERIFY]
    assert shown(actor="ketua") == [Action.MEMBERSHIP_ROLE]
    assert shown(object_type="groups.kim") == [Action.KIM_VERIFY]
    today = timezone.localdate()
    assert shown(date_from=today + timedelta(days=1)) == []
    assert len(shown(date_from=today, date_to=today)) == 3


def test_a_reversed_date_range_is_explained(client_for, redaksi, logged):
    today = timezone.localdate()
    response = client_for(redaksi).get(
        reverse("audit_log"), {"date_from": today, "date_to": today - timedelta(days=2)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]


def test_the_log_is_paginated(client_for, redaksi):
    AuditEntry.objects.bulk_create(
        AuditEntry(actor_name="Redaksi Uji", action=Action.CSV_EXPORT, note=f"f{n}.csv")
        for n in range(60)
    )
    client = client_for(redaksi)
    first = client.get(reverse("audit_log"))
    assert len(first.context["page"]) == 50
    second = client.get(reverse("audit_log"), {"page": 2, "action": Action.CSV_EXPORT})
    assert len(second.context["page"]) == 10


def test_the_csv_export_is_filtered_and_is_itself_recorded(client_for, redaksi, logged):
    response = client_for(redaksi).get(reverse("audit_log_csv"), {"action": Action.KIM_VERIFY})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Lengkap" in lines[1]
    exports = AuditEntry.objects.filter(action=Action.CSV_EXPORT, actor=redaksi)
    assert exports.count() == 1 and exports.get().note.startswith("audit-")
