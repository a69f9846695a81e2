"""Materials in any shape: published or not, members-only, with a PDF."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from groups.demo import demo_pdf
from materials.models import Material, MaterialFile


def make_material(
    title: str = "Bahan Uji",
    *,
    author,
    kind=Material.Kind.PRESS_RELEASE,
    topic=Material.Topic.HEALTH,
    audience=Material.Audience.PUBLIC,
    published: bool = True,
    starts: int = -1,
    ends: int | None = None,
    with_pdf: bool = False,
) -> Material:
    today = timezone.localdate()
    material = Material.objects.create(
        title=title,
        slug=slugify(title),
        kind=kind,
        topic=topic,
        audience=audience,
        summary=f"Ringkasan {title}.",
        author=author,
        valid_from=today + timedelta(days=starts),
        valid_until=today + timedelta(days=ends) if ends is not None else None,
        published_at=timezone.now() if published else None,
    )
    if with_pdf:
        item = MaterialFile(material=material, kind="pdf", name="bahan.pdf")
        data = demo_pdf(title)
        item.size = len(data)
        item.file.save("bahan.pdf", ContentFile(data), save=False)
        item.save()
    return material
