"""A KIM's private documents (decree, statutes), for its pengurus and the Redaksi."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from groups.access import (
    get_kim_for_user,
)
from kim_portal.uploads import serve_private_file


@login_required
def kim_document(request: HttpRequest, slug: str, document: str) -> HttpResponse:
    kim = get_kim_for_user(request, slug, manage=True)
    fieldfile = {"sk": kim.decree_file, "ad-art": kim.statutes_file}[document]
    if not fieldfile:
        raise Http404("No document.")
    return serve_private_file(fieldfile, download_name=f"{kim.slug}-{document}{_ext(fieldfile)}")


def _ext(fieldfile) -> str:
    name = fieldfile.name
    return name[name.rfind(".") :] if "." in name else ""
