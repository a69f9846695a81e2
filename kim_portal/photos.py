"""Store uploaded photos as `Photo` rows: a clean master now, resized renditions in a task.

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
    RENDITION_WIDTHS,
    encode_jpeg,
    encode_webp,
    normalize_image,
    open_image,
    resize_to_width,
)
from kim_portal.models import Photo


def photo_create(*, image) -> Photo:
    """Save `image` (an upload cleaned by ImageFormField, a file, or a PIL image) as a Photo.

    The master is re-encoded here, so no metadata of the sender's file is ever stored; the
    renditions follow in a task once the transaction commits.
    """
    if isinstance(image, Image.Image):
        img = normalize_image(image)
    elif getattr(image, "image", None) is not None:
        img = image.image
    else:
        img = normalize_image(open_image(image))
    photo = Photo(width=img.width, height=img.height)
    photo.original.save(f"{uuid.uuid4().hex}.jpg", ContentFile(encode_jpeg(img)), save=False)
    photo.save()
    transaction.on_commit(lambda: make_renditions.enqueue(photo.pk))
    return photo


def rendition_widths(width: int) -> list[int]:
    """The widths to make for a photo `width` pixels wide: never wider than the master."""
    return sorted({min(target, width) for target in RENDITION_WIDTHS})


@task
def make_renditions(photo_id: int) -> None:
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return
    with photo.original.open("rb") as file:
        master = Image.open(io.BytesIO(file.read()))
        master.load()
    stem = photo.original.name.rsplit(".", 1)[0]
    renditions = {}
    for width in rendition_widths(master.width):
        resized = resize_to_width(master, width)
        renditions[str(width)] = {
            "webp": default_storage.save(f"{stem}-{width}.webp", ContentFile(encode_webp(resized))),
            "jpeg": default_storage.save(f"{stem}-{width}.jpg", ContentFile(encode_jpeg(resized))),
        }
    Photo.objects.filter(pk=photo_id).update(renditions=renditions)
