"""Every public address stays where it is: the URL resolver is walked and compared with the
committed list in `url_routes.txt`. Moving code between apps may rename URL names, never paths.
A new page adds its line to the list (regenerate with `python tests/kim_portal/test_url_map.py`)."""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROUTES = Path(__file__).with_name("url_routes.txt")
SKIPPED = ("admin/", "accounts/")  # Django's admin and allauth: their packages own those paths.


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def current_routes() -> list[str]:
    return sorted({r for r in _walk(get_resolver().url_patterns) if not r.startswith(SKIPPED)})


def test_every_address_is_where_it_was():
    expected = ROUTES.read_text().splitlines()
    current = current_routes()
    assert [r for r in expected if r not in current] == [], "addresses that disappeared"
    assert [r for r in current if r not in expected] == [], (
        "new addresses: add them to url_routes.txt"
    )


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")
    django.setup()
    ROUTES.write_text("\n".join(current_routes()) + "\n")
