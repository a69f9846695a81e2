from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from kim_portal import pagecache

pytestmark = pytest.mark.django_db

calls = []


@pagecache.cache_public_page
def counting_view(request):
    calls.append(request.path)
    return HttpResponse(f"page {len(calls)}")


@pagecache.cache_public_page
def view_with_a_form(request):
    calls.append(request.path)
    return HttpResponse(get_token(request))


@pytest.fixture(autouse=True)
def _reset():
    calls.clear()


def test_anonymous_visitors_share_one_rendering_until_content_changes(
    rf, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import AnonymousUser

    def get():
        request = rf.get("/berita/")
        request.user = AnonymousUser()
        return counting_view(request)

    assert get().content == b"page 1"
    assert get().content == b"page 1"
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.public_content_changed()
    assert get().content == b"page 2"
    assert calls == ["/berita/", "/berita/"]


def test_a_change_announced_for_later_takes_effect_at_its_time(rf):
    from django.contrib.auth.models import AnonymousUser

    def get():
        request = rf.get("/")
        request.user = AnonymousUser()
        return counting_view(request)

    get()
    pagecache.public_content_changes_at(timezone.now() + timedelta(hours=1))
    assert get().content == b"page 1"
    pagecache.public_content_changes_at(timezone.now() - timedelta(seconds=1))
    assert get().content == b"page 2"


def test_logged_in_users_and_pages_with_csrf_tokens_are_never_cached(rf, outsider):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = outsider
    counting_view(request)
    counting_view(request)
    assert len(calls) == 2

    for _ in range(2):
        request = rf.get("/form/")
        request.user = AnonymousUser()
        view_with_a_form(request)
    assert len(calls) == 4


def test_a_new_release_of_the_code_starts_with_an_empty_page_cache(rf, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    def get():
        request = rf.get("/kim/")
        request.user = AnonymousUser()
        return counting_view(request)

    assert get().content == b"page 1"
    monkeypatch.setattr(pagecache, "RELEASE", "another-release")
    assert get().content == b"page 2"
