from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kim_portal.links import absolute_url
from workshops import certificates, services, tickets
from workshops.access import get_registration_for_user
from workshops.forms import FeedbackForm
from workshops.models import Feedback, Registration


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    registrations = (
        Registration.objects.filter(user=request.user)
        .latest_per_event()
        .select_related("event", "kim", "feedback")
    )
    now = timezone.now()
    context = {
        # The next event first; then what is over, the most recent first.
        "upcoming": registrations.filter(event__ends_at__gte=now).order_by(
            "event__starts_at", "pk"
        ),
        "past": registrations.filter(event__ends_at__lt=now).order_by("-event__starts_at", "-pk"),
    }
    return render(request, "workshops/registration_list.html", context)


@login_required
@require_safe
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request, pk)
    qr = None
    if registration.status == Registration.Status.CONFIRMED:
        token = tickets.check_in_token(registration)
        url = absolute_url(reverse("workshops:desk_scan", args=[registration.event.slug, token]))
        qr = mark_safe(tickets.qr_svg(url))  # segno's own markup, no user input inside
    return render(request, "workshops/ticket.html", {"registration": registration, "qr": qr})


@login_required
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (a seat given up may go to the waiting list); POST cancels."""
    registration = get_registration_for_user(request, pk)
    if request.method != "POST":
        return render(request, "workshops/registration_cancel.html", {"registration": registration})
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("workshops:mine")


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request, pk)
    if not registration.attended:
        messages.error(request, _("Only people who attended can rate the event."))
        return redirect(registration)
    if Feedback.objects.filter(registration=registration).exists():
        messages.info(request, _("You have already rated this event. Thank you!"))
        return redirect(registration)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_create(registration=registration, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your feedback."))
        return redirect(registration)
    return render(
        request, "workshops/feedback_form.html", {"registration": registration, "form": form}
    )


@login_required
@require_safe
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request, pk)
    if not registration.has_certificate:
        raise Http404
    verify_url = absolute_url(
        reverse("workshops:certificate_verify", args=[registration.certificate_code])
    )
    response = HttpResponse(
        certificates.certificate_pdf(registration, verify_url=verify_url),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{registration.event.slug}.pdf"'
    )
    return response
