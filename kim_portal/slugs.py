import secrets

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils.text import slugify

# Numbered candidates tried before a random suffix; concurrent saves of one title then spread out.
NUMBERED_ATTEMPTS = 3
RANDOM_ATTEMPTS = 5


def unique_slug(
    queryset: QuerySet, text: str, *, fallback: str, reserved=frozenset(), max_length: int = 200
) -> str:
    """A slug made from `text` that no row of `queryset` has, nor any reserved URL word:
    "kerja-bakti", then "kerja-bakti-2", "kerja-bakti-3"…

    The answer is only a guess under concurrency: save through `save_with_unique_slug`."""
    base = _base(text, fallback, max_length)
    slug, number = base, 2
    while slug in reserved or queryset.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def save_with_unique_slug(
    instance: models.Model,
    text: str,
    *,
    fallback: str,
    reserved=frozenset(),
    max_length: int = 200,
    save=None,
) -> None:
    """Give `instance` a free slug made from `text` and save it, even when another request takes
    the same slug between the check and the insert.

    Each attempt inserts inside a savepoint; when the unique index refuses the slug the savepoint
    is rolled back (the caller's transaction stays usable) and the next candidate is tried: the
    next free number first, then a random suffix, which cannot collide in practice. Any other
    integrity error is raised as it is. `save` replaces `instance.save()` (e.g. with
    update_fields)."""
    model = type(instance)
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    base = _base(text, fallback, max_length)
    save = save or instance.save
    for attempt in range(NUMBERED_ATTEMPTS + RANDOM_ATTEMPTS):
        if attempt < NUMBERED_ATTEMPTS:
            instance.slug = unique_slug(
                others, text, fallback=fallback, reserved=reserved, max_length=max_length
            )
        else:
            instance.slug = f"{base[: max_length - 7]}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                save()
            return
        except IntegrityError:
            if instance._state.adding:
                instance.pk = None  # a failed insert must not leave a stale primary key
            if not others.filter(slug=instance.slug).exists():
                raise
    raise IntegrityError(f"No free slug for {text!r} after {NUMBERED_ATTEMPTS + RANDOM_ATTEMPTS}")


def _base(text: str, fallback: str, max_length: int) -> str:
    return slugify(text)[:max_length].strip("-") or fallback
