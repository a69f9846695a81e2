"""Store uploaded photos as `Photo` rows: a clean master now, resized renditions in a task.

The master is at most MASTER_MAX_SIDE (2560 px) on its long side; the renditions are made in a
chain from the widest down (1600 from the master, 960 from 1600, 480 from 960). Until the task
has run (with TASKS_BACKEND=database, the db_worker's turn), `Photo.renditions` is empty and
pages show the master: see `Photo.share_rendition` and `includes/_picture.html`.

Imports no project app.
"""

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from PIL import Image

from kim_portal.images import (
    MASTER_MAX_SIDE,
    RENDITION_WIDTHS,
    encode_jpeg,
    encode_webp,
    fit_within,
    normalize_image,
    open_image,
    resize_chain,
)
from kim_portal.models import Photo


def photo_create(*, image) -> Photo:
    """Save `image` (an upload cleaned by ImageFormField, a file, or a PIL image) as a Photo.

    The master is re-encoded here, so no metadata of the sender's file is ever stored; the
    renditions follow in a task once the transaction commits.
    """
    img = master_image(image)
    photo = Photo(width=img.width, height=img.height)
    photo.original.save(f"{uuid.uuid4().hex}.jpg", ContentFile(encode_jpeg(img)), save=False)
    photo.save()
    transaction.on_commit(lambda: make_renditions.enqueue(photo.pk))
    return photo


def master_image(image) -> Image.Image:
    """The picture a Photo keeps of `image`: upright, sRGB, without metadata, and at most
    MASTER_MAX_SIDE on its long side (a large JPEG is decoded at reduced scale)."""
    if isinstance(image, Image.Image):
        return normalize_image(image, max_side=MASTER_MAX_SIDE)
    if getattr(image, "image", None) is not None:
        # Normalized by ImageFormField already, at most its own max_side.
        return fit_within(image.image, MASTER_MAX_SIDE)
    return normalize_image(open_image(image, max_side=MASTER_MAX_SIDE), max_side=MASTER_MAX_SIDE)


def rendition_widths(width: int) -> list[int]:
    """The widths to make for a photo `width` pixels wide: never wider than the master."""
    return sorted({min(target, width) for target in RENDITION_WIDTHS})


def decode_master(data: bytes) -> Image.Image:
    """A stored master, decoded for the renditions. One stored before the master was capped
    can be full size: it is decoded at the smallest scale that still covers 1600 px."""
    master = Image.open(io.BytesIO(data), formats=("JPEG",))
    widest = max(RENDITION_WIDTHS)
    if master.width > widest:
        master.draft(None, (widest, max(1, round(master.height * widest / master.width))))
    master.load()
    return master


def encode_renditions(master: Image.Image) -> dict[int, dict[str, bytes]]:
    """{width: {"webp": bytes, "jpeg": bytes}} for every rendition width of `master`, each
    size made from the next larger one."""
    return {
        width: {"webp": encode_webp(resized), "jpeg": encode_jpeg(resized)}
        for width, resized in resize_chain(master, rendition_widths(master.width))
    }


@task
def make_renditions(photo_id: int) -> None:
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return
    with photo.original.open("rb") as file:
        master = decode_master(file.read())
    stem = photo.original.name.rsplit(".", 1)[0]
    renditions = {}
    for width, files in sorted(encode_renditions(master).items()):
        renditions[str(width)] = {
            "webp": default_storage.save(f"{stem}-{width}.webp", ContentFile(files["webp"])),
            "jpeg": default_storage.save(f"{stem}-{width}.jpg", ContentFile(files["jpeg"])),
        }
    Photo.objects.filter(pk=photo_id).update(renditions=renditions)
