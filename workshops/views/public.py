import json
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kim_portal.links import absolute_url
from kim_portal.pagecache import cache_public_page, public_content_changes_at
from kim_portal.paging import LIST_COUNT_CAP, paged
from kim_portal.uploads import serve_private_file
from news.models import Article
from news.views.reading import JSON_SCRIPT_ESCAPES
from workshops import ical, services
from workshops.access import event_details_for, get_event_for_user
from workshops.forms import RegistrationForm
from workshops.models import Event, EventMaterial, Registration

EVENTS_PER_PAGE = 20
# The calendar feed carries what a subscriber's calendar needs, bounded whatever the agenda
# holds: the coming events and those that ended in the last CALENDAR_PAST_DAYS days, at most
# CALENDAR_MAX_EVENTS of them (the soonest coming events first, then the latest past ones).
CALENDAR_PAST_DAYS = 90
CALENDAR_MAX_EVENTS = 300
# What a calendar entry shows (workshops/ical.py), and what `event_details_for` decides by.
CALENDAR_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "online_url",
    "status",
    "audience",
    "materials_visibility",
    "updated_at",
)
SEAT_STATUSES = [Registration.Status.CONFIRMED, Registration.Status.ATTENDED]


def _with_seat_counts(events):
    return events.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES))
    )


@require_safe
@cache_public_page
def event_list(request: HttpRequest) -> HttpResponse:
    archive = request.GET.get("arsip") == "1"
    kind = request.GET.get("jenis", "")
    events = Event.objects.past() if archive else Event.objects.upcoming()
    if kind in Event.Kind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    context = {
        **paged(request, _with_seat_counts(events), per_page=EVENTS_PER_PAGE, cap=LIST_COUNT_CAP),
        "archive": archive,
        "kind": kind,
        "kinds": Event.Kind.choices,
    }
    return render(request, "workshops/event_list.html", context)


@require_safe
@cache_public_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    seats_taken = event.registrations.holding_seat().count()
    registration = None
    form = None
    if request.user.is_authenticated:
        registration = event.registrations.open().filter(user=request.user).first()
        if registration is None and event.registration_is_open():
            kims = services.active_kims_for(request.user)
            form = RegistrationForm(
                kims=kims, members_only=event.audience == Event.Audience.MEMBERS
            )
    details = event_details_for(
        request.user, event, holds_seat=registration is not None and registration.holds_seat
    )
    # Shown only while it is public: the article may have been withdrawn since.
    related_article = (
        Article.objects.public().filter(pk=event.related_article_id).first()
        if event.related_article_id
        else None
    )
    url = absolute_url(event.get_absolute_url())
    context = {
        "event": event,
        "canonical_url": url,
        "json_ld": _event_json_ld(request, event, url),
        "related_article": related_article,
        "seats_taken": seats_taken,
        "seats_left": None if event.capacity is None else max(event.capacity - seats_taken, 0),
        "registration": registration,
        "form": form,
        "details": details,
        "materials": list(event.materials.all()) if details.materials_visible else [],
        "materials_count": event.materials.count(),
    }
    return render(request, "workshops/event_detail.html", context)


def _event_json_ld(request: HttpRequest, event: Event, url: str) -> str:
    """schema.org Event data (what link previews and search engines read), safe in <script>."""
    place = None
    if event.venue or event.address:
        place = {
            "@type": "Place",
            "name": event.venue or event.address,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address or event.venue,
                "addressLocality": "Salatiga",
                "addressRegion": "Jawa Tengah",
                "addressCountry": "ID",
            },
        }
    online = None
    if event.online_url:
        # Search engines read as anonymous visitors: a withheld link points at the event page.
        online = {
            "@type": "VirtualLocation",
            "url": event_details_for(AnonymousUser(), event, holds_seat=False).online_url or url,
        }
    mode = {
        (True, False): "OfflineEventAttendanceMode",
        (False, True): "OnlineEventAttendanceMode",
        (True, True): "MixedEventAttendanceMode",
    }.get((place is not None, online is not None), "OfflineEventAttendanceMode")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": [item for item in (place, online) if item] or None,
        "organizer": {
            "@type": "Organization",
            "name": "KIM Salatiga",
            "url": absolute_url("/"),
        },
    }
    if data["location"] is None:
        del data["location"]
    elif len(data["location"]) == 1:
        data["location"] = data["location"][0]
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))


@login_required
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    kims = services.active_kims_for(request.user)
    form = RegistrationForm(
        request.POST, kims=kims, members_only=event.audience == Event.Audience.MEMBERS
    )
    if not form.is_valid():
        messages.error(request, _("Choose a KIM you are an active member of."))
        return redirect(event)
    try:
        registration = services.registration_create(
            event=event, user=request.user, kim=form.cleaned_data["kim"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. Your ticket is below."))
        return redirect(registration)
    messages.warning(
        request,
        _(
            "The event is full: you are on the waiting list. We will e-mail you if a seat becomes free."
        ),
    )
    return redirect("workshops:mine")


@require_safe
def event_material_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for_user(request, slug)
    material = get_object_or_404(EventMaterial, pk=pk, event=event)
    if not event_details_for(request.user, event).materials_visible:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return serve_private_file(material.file)


@require_safe
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("event", "user"),
        certificate_code=code.strip().upper(),
        status=Registration.Status.ATTENDED,
    )
    if not registration.has_certificate:
        raise Http404
    return render(request, "workshops/certificate_verify.html", {"registration": registration})


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_events(now) -> tuple[list[Event], datetime | None]:
    """The events of the calendar feed (see CALENDAR_MAX_EVENTS) in the order they start, and
    the moment this list next changes by itself, with no write: when the first of its coming
    events ends if the list is full, else when its oldest past event leaves the window.

    Cancelled events stay, marked STATUS:CANCELLED, so subscribed calendars drop them."""
    listed = Event.objects.listed().only(*CALENDAR_FIELDS)
    coming = list(listed.filter(ends_at__gte=now).order_by("starts_at", "pk")[:CALENDAR_MAX_EVENTS])
    room = CALENDAR_MAX_EVENTS - len(coming)
    past = []
    if room:
        since = now - timedelta(days=CALENDAR_PAST_DAYS)
        past = list(
            listed.filter(ends_at__lt=now, ends_at__gte=since).order_by("-ends_at", "-pk")[:room]
        )
    next_change = None
    if coming and not room:  # full: the first coming event to end makes room for the next
        next_change = min(event.ends_at for event in coming)
    elif past:
        next_change = past[-1].ends_at + timedelta(days=CALENDAR_PAST_DAYS)
    return sorted(past + coming, key=lambda event: (event.starts_at, event.pk)), next_change


@require_safe
@cache_public_page
def calendar_feed(request: HttpRequest) -> HttpResponse:
    events, next_change = calendar_events(timezone.now())
    if next_change:
        # Cached for anonymous visitors: the page cache hears ahead of the moment the file
        # changes with no write happening then.
        public_content_changes_at(next_change)
    base_url = absolute_url("/").rstrip("/")
    content = ical.calendar_ics(
        events, base_url=base_url, name="Agenda KIM Salatiga", reader=request.user
    )
    return _ics_response(content, "agenda-kim-salatiga.ics")


@require_safe
@cache_public_page
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    base_url = absolute_url("/").rstrip("/")
    content = ical.calendar_ics([event], base_url=base_url, name=event.title, reader=request.user)
    return _ics_response(content, f"{event.slug}.ics")
