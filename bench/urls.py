"""The product's URLs plus a hello-world view, the baseline every figure is divided by.

The hello view goes through the same middleware as every page (sessions, CSRF, auth, language,
security headers...) and does no query of its own: its time is the floor that middleware, the
request cycle and (under gunicorn) the HTTP server cost.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from kim_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("kim_portal.urls")),
]
