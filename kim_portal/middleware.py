import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

from kim_portal.text import clean_typed_text

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


class LanguageMiddleware:
    """Indonesian unless the visitor chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most phones here
    are set to English although their owners read Indonesian: the portal speaks Indonesian first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class DatabaseUnavailableMiddleware:
    """The database cannot be reached: a short 503 page with Retry-After, not a 500.

    A POST is refused whole (nothing was saved); the page carries what was typed in a form that
    sends it again, so nothing is lost. Workers need no restart: Django reconnects (with
    CONN_HEALTH_CHECKS) as soon as the database answers again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unreachable(exception):
            return None
        return database_unavailable_response(request)


def database_unreachable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response(request, *, outside_view: bool = False) -> HttpResponse:
    """The 503 page. `outside_view`: the error was raised outside the view, perhaps after it (a
    session saved by a response middleware), so a POST may have been saved: the page shows what
    was typed, but offers no button that would send it a second time."""
    logger.warning("Database unavailable, answered 503: %s %s", request.method, request.path)
    posted = _resendable_fields(request) if request.method == "POST" else None
    # Rendered without the request's context processors: they may need the database.
    html = render_to_string(
        "503.html",
        {
            "posted": None if outside_view else posted,
            # Long texts are also shown, to copy if the outage lasts.
            "typed": [
                value
                for name, value in posted or []
                if name != "csrfmiddlewaretoken" and len(value) >= 40
            ],
            "action": request.get_full_path(),
            "had_files": request.method == "POST" and bool(request.FILES),
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged above in one line, without a traceback
    return response


def _resendable_fields(request) -> list[tuple[str, str]]:
    """The POST's fields, passwords left out (they are never written into a page)."""
    try:
        return [
            (name, value)
            for name, values in request.POST.lists()
            if "password" not in name
            for value in values
        ]
    except Exception:  # an unreadable body: the page still says that nothing was saved
        return []


class HostileInputMiddleware:
    """One gate for bytes no person types.

    A NUL in the path or the query string answers 400 Bad Request (PostgreSQL refuses NUL in
    text, so it would otherwise end as a server error in any view that filters by it). Form
    values lose the other C0 control characters (a vertical tab from Word becomes a line break);
    a NUL in a form value stays, so the form field refuses it with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            # Answered with the portal's own 400 page.
            raise BadRequest("NUL byte in the address")
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            cleaned = request.POST.copy()
            for key, values in cleaned.lists():
                cleaned.setlist(key, [clean_typed_text(value) for value in values])
            cleaned._mutable = False
            request.POST = cleaned
        return self.get_response(request)


FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
