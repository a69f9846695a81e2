from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(
    queryset: QuerySet, text: str, *, fallback: str, reserved=frozenset(), max_length: int = 200
) -> str:
    """A slug made from `text` that no row of `queryset` has, nor any reserved URL word:
    "kerja-bakti", then "kerja-bakti-2", "kerja-bakti-3"…"""
    base = slugify(text)[:max_length] or fallback
    slug, number = base, 2
    while slug in reserved or queryset.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
