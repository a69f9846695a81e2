"""One access helper per model: outsiders get 404, people lacking a right get 403."""

from typing import NamedTuple

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


class EventDetails(NamedTuple):
    """What of an event one reader may see, beyond what is public about every event."""

    online_url: str  # empty when there is none or it is not for this reader
    online_url_withheld: bool  # there is a link, but this reader may not see it
    materials_visible: bool


def seat_event_ids(user) -> set[int]:
    """The events `user` holds a seat at: for a list of events, in one query."""
    if not user.is_authenticated:
        return set()
    return set(
        Registration.objects.holding_seat().filter(user=user).values_list("event_id", flat=True)
    )


def event_details_for(user, event: Event, *, holds_seat: bool | None = None) -> EventDetails:
    """The one place that decides what of `event` a reader sees: the page, both calendar files,
    e-mails and the API all ask here. A members-only event's online link, and files kept for
    registrants, go only to people holding a seat and to the Redaksi.

    `holds_seat` spares the query when the caller knows it (see `seat_event_ids`).
    """
    if holds_seat is None:
        holds_seat = (
            user.is_authenticated and event.registrations.holding_seat().filter(user=user).exists()
        )
    insider = holds_seat or is_redaksi(user)
    link_allowed = event.audience == Event.Audience.PUBLIC or insider
    return EventDetails(
        online_url=event.online_url if link_allowed else "",
        online_url_withheld=bool(event.online_url) and not link_allowed,
        materials_visible=event.materials_visibility == Event.MaterialsVisibility.PUBLIC or insider,
    )
