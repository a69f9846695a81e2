from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers

from kim_portal.text import clean_typed_text


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
