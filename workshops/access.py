"""One access helper per model: outsiders get 404, people lacking a right get 403."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from kim_portal.roles import is_redaksi
from workshops.models import Event, Registration


def get_event_for_user(request: HttpRequest, slug: str) -> Event:
    """Published and cancelled events are public; drafts exist only for Redaksi."""
    event = get_object_or_404(Event, slug=slug)
    if event.status == Event.Status.DRAFT and not is_redaksi(request.user):
        raise Http404
    return event


def get_registration_for_user(request: HttpRequest, pk: int) -> Registration:
    """A registration belongs to its person: everyone else gets 404."""
    return get_object_or_404(
        Registration.objects.select_related("event", "kim", "user"), pk=pk, user=request.user
    )
