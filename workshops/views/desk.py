from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kim_portal.exports import csv_response
from kim_portal.paging import desk_page
from kim_portal.roles import redaksi_required
from workshops import services, tickets
from workshops.forms import EventForm, EventMaterialForm
from workshops.models import Event, EventMaterial, Feedback, Registration

# The material form shares the event form's page and field names: its own element ids.
MATERIAL_IDS = "id_material_%s"


def _desk_event(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug)


def _report(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@redaksi_required
@require_safe
def desk_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status__in=["confirmed", "attended"])
        ),
        waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
    ).order_by("-starts_at", "-pk")
    paged = desk_page(request, events)
    return render(request, "workshops/event_desk.html", {"events": paged["page"], **paged})


@redaksi_required
def desk_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        event = services.event_create(actor=request.user, **fields)
        messages.success(request, _("Draft saved. Publish it when it is ready."))
        return redirect("workshops:desk_edit", event.slug)
    return render(request, "workshops/event_form.html", {"form": form, "event": None})


@redaksi_required
def desk_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _desk_event(slug)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = services.event_update(event=form.instance, actor=request.user)
        messages.success(request, _("Event saved."))
        return redirect("workshops:desk_edit", event.slug)
    context = {
        "form": form,
        "event": event,
        "materials": event.materials.all(),
        "material_form": EventMaterialForm(auto_id=MATERIAL_IDS),
    }
    return render(request, "workshops/event_form.html", context)


@redaksi_required
@require_POST
def desk_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _desk_event(slug)
    try:
        services.event_publish(event=event, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The event is published on the agenda."))
    return redirect("workshops:desk_edit", event.slug)


@redaksi_required
@require_POST
def desk_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _desk_event(slug)
    try:
        services.event_cancel(event=event, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("The event is cancelled and every registrant has been e-mailed.")
        )
    return redirect("workshops:desk_edit", event.slug)


@redaksi_required
@require_POST
def desk_event_material_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _desk_event(slug)
    form = EventMaterialForm(request.POST, request.FILES, auto_id=MATERIAL_IDS)
    if form.is_valid():
        services.event_material_add(event=event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Material added."))
        return redirect("workshops:desk_edit", event.slug)
    context = {
        "form": EventForm(instance=event),
        "event": event,
        "materials": event.materials.all(),
        "material_form": form,
    }
    return render(request, "workshops/event_form.html", context, status=400)


@redaksi_required
@require_POST
def desk_event_material_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _desk_event(slug)
    services.event_material_delete(
        material=get_object_or_404(EventMaterial, pk=pk, event=event), actor=request.user
    )
    messages.success(request, _("Material removed."))
    return redirect("workshops:desk_edit", event.slug)


@redaksi_required
@require_safe
def desk_registrants(request: HttpRequest, slug: str) -> HttpResponse:
    event = _desk_event(slug)
    query = request.GET.get("q", "").strip()
    registrations = event.registrations.select_related("user", "kim").order_by(
        "status", "user__full_name", "pk"
    )
    if query:
        registrations = registrations.filter(
            Q(user__full_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(kim__name__icontains=query)
        )
    feedback = Feedback.objects.filter(registration__event=event)
    paged = desk_page(request, registrations)
    context = {
        "event": event,
        "registrations": paged["page"],
        "page": paged["page"],
        "page_query": paged["query"],
        "query": query,
        "rating": feedback.aggregate(average=Avg("rating"), count=Count("pk")),
        "comments": feedback.exclude(comment="").select_related("registration__user"),
    }
    return render(request, "workshops/registration_desk.html", context)


@redaksi_required
@require_POST
def desk_check_in(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _desk_event(slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        services.registration_check_in(registration=registration, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.user})
    url = request.POST.get("next", "")
    return redirect(url if url.startswith("/redaksi/") else "workshops:desk_registrants", slug)


@redaksi_required
def desk_scan(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Where a ticket's QR code leads: a confirmation page, then a POST checks the person in."""
    event = _desk_event(slug)
    registration = tickets.registration_from_token(token, event=event)
    if registration is None:
        raise Http404
    if request.method == "POST":
        try:
            services.registration_check_in(registration=registration, actor=request.user)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.user})
        return redirect("workshops:desk_scan", slug, token)
    return render(
        request,
        "workshops/registration_review.html",
        {"event": event, "registration": registration},
    )


@redaksi_required
@require_safe
def desk_export(request: HttpRequest, slug: str) -> HttpResponse:
    event = _desk_event(slug)
    headers = [
        _("Name"),
        _("E-mail"),
        _("WhatsApp"),
        _("KIM"),
        _("Status"),
        _("Registered"),
        _("Checked in"),
    ]
    rows = (
        [
            registration.user.full_name,
            registration.user.email,
            registration.user.whatsapp,
            registration.kim.name if registration.kim else "",
            registration.get_status_display(),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(registration.checked_in_at).strftime("%Y-%m-%d %H:%M")
            if registration.checked_in_at
            else "",
        ]
        for registration in event.registrations.select_related("user", "kim").order_by("created_at")
    )
    return csv_response(f"peserta-{event.slug}.csv", headers, rows, actor=request.user)
