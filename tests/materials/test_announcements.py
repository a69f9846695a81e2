import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks.signals import task_enqueued

from groups.models import Kecamatan, Kim, Membership
from materials import services
from materials.models import Announcement, AnnouncementRecipient
from tests.conftest import add_member, make_kim, make_user

pytestmark = pytest.mark.django_db
Audience = Announcement.Audience


def _send(redaksi, *, audience=Audience.ALL, important=False, kecamatan=None, title="Rapat"):
    return services.announcement_send(
        author=redaksi,
        title=title,
        body="<p>Isi pengumuman.</p>",
        important=important,
        audience=audience,
        kecamatan=kecamatan,
    )


@pytest.fixture
def crowd(kim, ketua, anggota):
    """Members across two kecamatan, plus people who must never receive anything."""
    east = make_kim("KIM Timur", kelurahan="kutowinangun-lor")
    timur = make_user("timur@uji.kim.id", "Anggota Timur")
    add_member(east, timur)
    add_member(east, anggota)  # in two KIMs: still one recipient
    pending_kim = make_kim("KIM Menunggu", kelurahan="ledok", status=Kim.Status.PENDING)
    add_member(pending_kim, make_user("menunggu@uji.kim.id"))
    left = make_user("keluar@uji.kim.id")
    Membership.objects.create(kim=kim, user=left, status=Membership.Status.LEFT)
    return {"east": east, "timur": timur}


def _recipients(announcement) -> set[str]:
    return set(announcement.recipients.values_list("user__email", flat=True))


def test_all_members_means_active_members_of_verified_kims_once_each(
    redaksi, crowd, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = _send(redaksi)
    assert _recipients(announcement) == {
        "ketua@uji.kim.id",
        "anggota@uji.kim.id",
        "timur@uji.kim.id",
    }
    assert sorted(m.to[0] for m in mailoutbox) == sorted(_recipients(announcement))
    assert not announcement.recipients.filter(emailed_at__isnull=True).exists()


def test_kecamatan_and_pengurus_audiences(redaksi, crowd):
    tingkir = Kecamatan.objects.get(kelurahan__slug="kutowinangun-lor")
    by_place = _send(redaksi, audience=Audience.KECAMATAN, kecamatan=tingkir)
    assert _recipients(by_place) == {"anggota@uji.kim.id", "timur@uji.kim.id"}
    officers = _send(redaksi, audience=Audience.PENGURUS)
    assert _recipients(officers) == {"ketua@uji.kim.id"}


def test_mail_goes_out_in_batches(redaksi, kim, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "ANNOUNCEMENT_BATCH_SIZE", 2)
    for n in range(5):
        add_member(kim, make_user(f"m{n}@uji.kim.id"))
    batches = []

    def collect(sender, task_result, **kwargs):
        if task_result.task.name == "send_announcement_batch":
            batches.append(task_result.kwargs["recipient_ids"])

    task_enqueued.connect(collect)
    with django_capture_on_commit_callbacks(execute=True):
        _send(redaksi)
    task_enqueued.disconnect(collect)
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert len(mail.outbox) == 5


def test_a_failed_send_is_retried_without_duplicates(
    redaksi, crowd, monkeypatch, django_capture_on_commit_callbacks
):
    real_send = services.send_mail

    def flaky(subject, body, sender, recipients):
        if recipients == ["timur@uji.kim.id"]:
            raise ConnectionRefusedError("SMTP down")
        return real_send(subject, body, sender, recipients)

    monkeypatch.setattr(services, "send_mail", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        announcement = _send(redaksi)
    assert len(mail.outbox) == 2
    pending = announcement.recipients.get(emailed_at__isnull=True)
    assert pending.user.email == "timur@uji.kim.id"

    # The batch task raised after the batch; running it again sends nobody twice.
    with pytest.raises(services.AnnouncementBatchFailed):
        services.send_announcement_batch.call(
            announcement_id=announcement.pk,
            recipient_ids=list(announcement.recipients.values_list("pk", flat=True)),
        )
    assert len(mail.outbox) == 2

    monkeypatch.setattr(services, "send_mail", real_send)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_pending_announcements", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(_recipients(announcement))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_pending_announcements", stdout=io.StringIO())
    assert len(mail.outbox) == 3


def test_email_preference_is_respected_except_for_important_news(
    redaksi, kim, anggota, ketua, django_capture_on_commit_callbacks, mailoutbox
):
    anggota.wants_news_email = False
    anggota.save()
    with django_capture_on_commit_callbacks(execute=True):
        ordinary = _send(redaksi, title="Biasa")
    assert [m.to[0] for m in mailoutbox] == ["ketua@uji.kim.id"]
    assert ordinary.recipients.filter(user=anggota).exists()  # still on their page
    with django_capture_on_commit_callbacks(execute=True):
        _send(redaksi, title="Penting", important=True)
    assert sorted(m.to[0] for m in mailoutbox[1:]) == ["anggota@uji.kim.id", "ketua@uji.kim.id"]


def test_profile_form_turns_news_email_off(client_for, anggota):
    client = client_for(anggota)
    assert "wants_news_email" in client.get("/akun/profil/").context["form"].fields
    client.post("/akun/profil/", {"full_name": "Anggota Uji", "whatsapp": ""})
    anggota.refresh_from_db()
    assert anggota.wants_news_email is False


def test_unread_announcements_come_first_until_opened(client_for, redaksi, anggota):
    older = _send(redaksi, title="Lama")
    newer = _send(redaksi, title="Baru")
    client = client_for(anggota)
    client.get(f"/pengumuman/{newer.pk}/")
    rows = list(client.get("/pengumuman/").context["received"])
    assert [row.announcement for row in rows] == [older, newer]
    assert rows[0].read_at is None and rows[1].read_at is not None


def test_opening_marks_read_and_the_desk_counts_it(client_for, redaksi, ketua, anggota):
    announcement = _send(redaksi)
    client_for(anggota).get(f"/pengumuman/{announcement.pk}/")
    row = client_for(redaksi).get("/redaksi/pengumuman/").context["announcements"][0]
    assert (row.recipient_count, row.read_count) == (2, 1)


def test_announcement_pages_permissions(client, client_for, redaksi, anggota, outsider):
    announcement = _send(redaksi)
    assert client.get("/pengumuman/").status_code == 302
    assert client.get(f"/pengumuman/{announcement.pk}/").status_code == 302
    assert client_for(outsider).get(f"/pengumuman/{announcement.pk}/").status_code == 404
    assert not AnnouncementRecipient.objects.filter(user=outsider, read_at__isnull=False).exists()
    assert client_for(outsider).get("/pengumuman/").status_code == 200
    for url in ("/redaksi/pengumuman/", "/redaksi/pengumuman/baru/"):
        client.logout()
        assert client.get(url).status_code == 302
        assert client_for(anggota).get(url).status_code == 403
        assert client_for(redaksi).get(url).status_code == 200


def test_redaksi_sends_from_the_form(
    client_for, redaksi, anggota, django_capture_on_commit_callbacks, mailoutbox
):
    client = client_for(redaksi)
    response = client.post(
        "/redaksi/pengumuman/baru/", {"title": "Kecamatan", "body": "Isi", "audience": "kecamatan"}
    )
    assert "kecamatan" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/redaksi/pengumuman/baru/",
            {
                "title": "Semua",
                "body": "<p>Isi &amp; rincian</p>",
                "audience": "all",
                "important": "on",
            },
        )
    assert response.status_code == 302
    assert Announcement.objects.get().important
    assert "Isi & rincian" in mailoutbox[0].body
