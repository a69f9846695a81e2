"""Filters for `includes/_picture.html`: `srcset` values from a Photo's renditions."""

from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def srcset(photo, kind: str) -> str:
    """`photo|srcset:"webp"` → "…-480.webp 480w, …-960.webp 960w"; "" before the task ran."""
    renditions = photo.renditions or {}
    return ", ".join(
        f"{default_storage.url(names[kind])} {width}w"
        for width, names in sorted(renditions.items(), key=lambda item: int(item[0]))
        if kind in names
    )
