"""The Redaksi's verification of KIM registrations."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from groups import services
from groups.forms import (
    KimDecisionForm,
)
from groups.models import Kim, Membership
from kim_portal.paging import desk_page
from kim_portal.roles import redaksi_required


@redaksi_required
def review_queue(request: HttpRequest) -> HttpResponse:
    pending = Kim.objects.pending().select_related("kelurahan__kecamatan", "registered_by")
    pending = pending.order_by("created_at", "pk")
    recent = (
        Kim.objects.exclude(status=Kim.Status.PENDING)
        .select_related("kelurahan")
        .order_by("-updated_at")[:10]
    )
    paged = desk_page(request, pending)
    return render(
        request, "groups/kim_desk.html", {"pending": paged["page"], "recent": recent, **paged}
    )


@redaksi_required
def review_detail(request: HttpRequest, slug: str) -> HttpResponse:
    kim = get_object_or_404(
        Kim.objects.select_related("kelurahan__kecamatan", "registered_by"), slug=slug
    )
    form = KimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        decide = {
            form.VERIFY: services.kim_verify,
            form.REJECT: services.kim_reject,
            form.DEACTIVATE: services.kim_deactivate,
        }[action]
        try:
            decide(kim=kim, actor=request.user, note=form.cleaned_data["note"])
        except services.KimDecisionRefused as refusal:
            # The page as it is now, with the reason and the note as typed.
            messages.error(request, str(refusal))
            kim.refresh_from_db()
        else:
            messages.success(request, _("Decision recorded; the ketua has been e-mailed."))
            return redirect("groups:review_queue")
    context = {
        "kim": kim,
        "form": form,
        "changes": kim.status_changes.select_related("actor"),
        "officers": Membership.objects.pengurus().filter(kim=kim).select_related("user"),
    }
    return render(request, "groups/kim_review.html", context)
