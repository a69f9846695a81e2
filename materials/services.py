"""Writes for information materials, dissemination reports and announcements.

Announcement e-mail goes out in batches through the `send_announcement_batch` task. Each recipient
row records `emailed_at` as soon as its message is sent, and the task skips rows already e-mailed,
so running a batch again never sends twice. A failed send leaves its row un-e-mailed; the task
finishes the batch and then raises, so the task backend records the failure. To retry every
message still owed (after an SMTP outage, say): `manage.py send_pending_announcements`.
"""

import html
import logging
import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groups.models import Kecamatan, Kim, Membership
from kim_portal import audit
from kim_portal.diff import html_to_text
from kim_portal.errors import ActionRefused
from kim_portal.images import encode_jpeg
from kim_portal.links import absolute_url
from kim_portal.mail import build_message, render_subject_and_body
from kim_portal.models import Photo, User
from kim_portal.pagecache import public_content_changed, public_content_changes_at
from kim_portal.photos import photo_create
from kim_portal.slugs import save_with_unique_slug
from materials.models import (
    Announcement,
    AnnouncementRecipient,
    DisseminationReport,
    Material,
    MaterialFile,
)

logger = logging.getLogger(__name__)

ANNOUNCEMENT_BATCH_SIZE = 50
RESERVED_SLUGS = {"laporan-saya"}


class MaterialActionRefused(ActionRefused):
    pass


# --- Materials -----------------------------------------------------------------------------


def _material_changes_public_pages(material: Material) -> None:
    public_content_changed()
    # Items appear on valid_from and move to the archive the day after valid_until, with no
    # write at those moments: tell the page cache ahead.
    for day in (material.valid_from, material.valid_until and material.valid_until + timedelta(1)):
        if day and day > timezone.localdate():
            public_content_changes_at(
                datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())
            )


def _add_files(material: Material, uploads) -> None:
    for upload in uploads:
        if getattr(upload, "image", None) is not None:
            # Re-encoded without metadata; the sender's bytes are never stored.
            data, kind, name = encode_jpeg(upload.image), "jpeg", _stem(upload.name) + ".jpg"
        else:
            upload.seek(0)
            data, kind, name = upload.read(), upload.kind, _stem(upload.name) + ".pdf"
        item = MaterialFile(material=material, kind=kind, name=name, size=len(data))
        item.file.save(
            f"{uuid.uuid4().hex}.{'pdf' if kind == 'pdf' else 'jpg'}", ContentFile(data), save=False
        )
        item.save()
    _sync_public_photos(material)


def _stem(filename: str) -> str:
    return (slugify(filename.rsplit(".", 1)[0]) or "berkas")[:100]


def _sync_public_photos(material: Material) -> None:
    """Images of public items get a Photo with renditions (public media); those of member-only
    items must have none, or their public URL would leak them."""
    for item in material.files.exclude(kind="pdf").select_related("photo"):
        if material.is_members_only and item.photo:
            photo = item.photo
            item.photo = None
            item.save(update_fields=["photo"])
            _delete_photo(photo)
        elif not material.is_members_only and not item.photo:
            with item.file.open("rb") as file:
                item.photo = photo_create(image=ContentFile(file.read()))
            item.save(update_fields=["photo"])


def _delete_photo(photo: Photo) -> None:
    names = [photo.original.name] + [
        name for sizes in (photo.renditions or {}).values() for name in sizes.values()
    ]
    storage = photo.original.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def material_create(*, author: User, files=(), publish: bool = False, **fields) -> Material:
    material = Material(author=author, **fields)
    material.full_clean(exclude=["slug", "author"])
    save_with_unique_slug(material, material.title, fallback="bahan", reserved=RESERVED_SLUGS)
    _add_files(material, files)
    if publish:
        material_publish(material=material, actor=author)
    return material


@transaction.atomic
def material_update(*, material: Material, actor: User, files=(), **fields) -> Material:
    for name, value in fields.items():
        setattr(material, name, value)
    material.full_clean(exclude=["slug", "author"])
    material.save()
    _add_files(material, files)
    _sync_public_photos(material)
    if material.is_published:
        _material_changes_public_pages(material)
    return material


@transaction.atomic
def material_file_delete(*, material_file: MaterialFile, actor: User) -> None:
    material = material_file.material
    photo, name, storage = material_file.photo, material_file.file.name, material_file.file.storage
    material_file.delete()
    if photo:
        _delete_photo(photo)
    transaction.on_commit(lambda: storage.delete(name))
    if material.is_published:
        public_content_changed()


@transaction.atomic
def material_publish(*, material: Material, actor: User) -> Material:
    if material.kind == Material.Kind.VIDEO and not material.video_url:
        raise MaterialActionRefused(_("A video needs its link before it can be published."))
    if material.kind != Material.Kind.VIDEO and not material.files.exists():
        raise MaterialActionRefused(_("Add at least one file before publishing."))
    if material.published_at is None:
        material.published_at = timezone.now()
        material.save(update_fields=["published_at", "updated_at"])
        audit.record(actor=actor, action=audit.Action.MATERIAL_PUBLISH, obj=material)
    _material_changes_public_pages(material)
    return material


@transaction.atomic
def material_unpublish(*, material: Material, actor: User) -> Material:
    material.published_at = None
    material.save(update_fields=["published_at", "updated_at"])
    audit.record(actor=actor, action=audit.Action.MATERIAL_UNPUBLISH, obj=material)
    public_content_changed()
    return material


# --- Dissemination reports -----------------------------------------------------------------


def _check_report(*, reporter: User, kim: Kim, material: Material) -> None:
    if (
        not Membership.objects.active()
        .filter(user=reporter, kim=kim, kim__status=Kim.Status.VERIFIED)
        .exists()
    ):
        raise MaterialActionRefused(_("You can only report for a verified KIM you belong to."))
    if not material.is_published:
        raise MaterialActionRefused(_("This item is not published."))


@transaction.atomic
def dissemination_report(
    *,
    reporter: User,
    material: Material,
    kim: Kim,
    channel: str,
    shared_at: datetime,
    people_reached: int,
    note: str = "",
    evidence_url: str = "",
) -> DisseminationReport:
    """Record that `reporter` spread `material` on behalf of `kim`."""
    _check_report(reporter=reporter, kim=kim, material=material)
    report = DisseminationReport(
        reporter=reporter,
        material=material,
        kim=kim,
        channel=channel,
        shared_at=shared_at,
        people_reached=people_reached,
        note=note,
        evidence_url=evidence_url,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def dissemination_report_update(
    *, report: DisseminationReport, actor: User, **fields
) -> DisseminationReport:
    if report.reporter_id != actor.pk:
        raise MaterialActionRefused(_("Only the member who reported it can correct a report."))
    for name, value in fields.items():
        setattr(report, name, value)
    _check_report(reporter=actor, kim=report.kim, material=report.material)
    report.full_clean()
    report.save()
    return report


def dissemination_summary(*, year: int | None = None, reports=None) -> dict:
    """The context the `materials/_dissemination_summary.html` partial renders (four queries)."""
    reports = DisseminationReport.objects.all() if reports is None else reports
    year = year or timezone.localdate().year
    return {
        "year": year,
        "totals": reports.totals(),
        "by_month": reports.totals_by_month(year),
        "by_kim": list(reports.totals_by_kim()),
        "by_kecamatan": reports.totals_for_every_kecamatan(),
    }


# --- Announcements -------------------------------------------------------------------------


def announcement_recipients(*, audience: str, kecamatan: Kecamatan | None = None):
    """Distinct users with an active membership in a verified KIM, narrowed by the audience."""
    memberships = Membership.objects.active().filter(kim__status=Kim.Status.VERIFIED)
    if audience == Announcement.Audience.KECAMATAN:
        memberships = memberships.filter(kim__kelurahan__kecamatan=kecamatan)
    elif audience == Announcement.Audience.PENGURUS:
        memberships = memberships.exclude(role=Membership.Role.ANGGOTA)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user")).order_by("pk")


@transaction.atomic
def announcement_send(
    *,
    author: User,
    title: str,
    body: str,
    important: bool,
    audience: str,
    kecamatan: Kecamatan | None = None,
) -> Announcement:
    if audience == Announcement.Audience.KECAMATAN and kecamatan is None:
        raise MaterialActionRefused(_("Choose the kecamatan."))
    announcement = Announcement.objects.create(
        author=author,
        title=title,
        body=body,
        important=important,
        audience=audience,
        kecamatan=kecamatan if audience == Announcement.Audience.KECAMATAN else None,
    )
    users = announcement_recipients(audience=audience, kecamatan=kecamatan)
    AnnouncementRecipient.objects.bulk_create(
        [
            AnnouncementRecipient(
                announcement=announcement,
                user_id=user_id,
                email_wanted=important or wants_email,
            )
            for user_id, wants_email in users.values_list("pk", "wants_news_email")
        ],
        ignore_conflicts=True,
    )
    audit.record(
        actor=author,
        action=audit.Action.ANNOUNCEMENT_SEND,
        obj=announcement,
        note=f"{audience} {kecamatan or ''}".strip(),
    )
    announcement_enqueue_pending(announcement=announcement)
    return announcement


def announcement_enqueue_pending(*, announcement: Announcement | None = None) -> int:
    """Queue a batch task for every recipient row still owed an e-mail; returns the batch count."""
    rows = AnnouncementRecipient.objects.filter(email_wanted=True, emailed_at__isnull=True)
    if announcement is not None:
        rows = rows.filter(announcement=announcement)
    by_announcement: dict[int, list[int]] = {}
    for announcement_id, pk in rows.order_by("announcement", "pk").values_list(
        "announcement", "pk"
    ):
        by_announcement.setdefault(announcement_id, []).append(pk)
    batches = [
        (announcement_id, ids[start : start + ANNOUNCEMENT_BATCH_SIZE])
        for announcement_id, ids in by_announcement.items()
        for start in range(0, len(ids), ANNOUNCEMENT_BATCH_SIZE)
    ]
    for announcement_id, ids in batches:
        transaction.on_commit(
            lambda a=announcement_id, r=ids: send_announcement_batch.enqueue(
                announcement_id=a, recipient_ids=r
            )
        )
    return len(batches)


class AnnouncementBatchFailed(Exception):
    pass


@task
def send_announcement_batch(*, announcement_id: int, recipient_ids: list[int]) -> int:
    """E-mail one batch; returns how many were sent. Safe to run again (see the module doc)."""
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    rows = AnnouncementRecipient.objects.filter(
        announcement=announcement,
        pk__in=recipient_ids,
        email_wanted=True,
        emailed_at__isnull=True,
    ).select_related("user")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "announcement": announcement,
            "text": html.unescape(html_to_text(announcement.body)),
            "url": absolute_url(announcement.get_absolute_url()),
        }
        subject, body = render_subject_and_body("materials/email/announcement", context)
    sent, failed = 0, []
    for row in rows:
        try:
            build_message(subject=subject, body=body, recipient=row.user.email).send()
        except Exception:
            logger.exception("Announcement %s to user %s failed", announcement_id, row.user_id)
            failed.append(row.pk)
            continue
        # Recorded one by one, so a retry after a failure half-way sends nobody twice.
        AnnouncementRecipient.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
        sent += 1
    if failed:
        raise AnnouncementBatchFailed(
            f"{len(failed)} of announcement {announcement_id}'s messages failed: rows {failed}"
        )
    return sent


@transaction.atomic
def announcement_mark_read(*, recipient: AnnouncementRecipient) -> None:
    if recipient.read_at is None:
        AnnouncementRecipient.objects.filter(pk=recipient.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def jakarta_datetime(day: date, at: time | None) -> datetime:
    return datetime.combine(day, at or time(12, 0), tzinfo=timezone.get_default_timezone())
