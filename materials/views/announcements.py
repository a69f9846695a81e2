"""Announcements (pengumuman) from the Redaksi to KIM members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kim_portal.paging import desk_page
from kim_portal.roles import is_redaksi, redaksi_required
from materials import services
from materials.forms import AnnouncementForm
from materials.models import Announcement, AnnouncementRecipient


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    received = (
        AnnouncementRecipient.objects.filter(user=request.user)
        .select_related("announcement")
        .order_by(F("read_at").desc(nulls_first=True), "-announcement__sent_at", "-pk")
    )
    return render(request, "materials/announcement_list.html", {"received": received})


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Only its recipients (and the Redaksi, from the desk) read an announcement; others get 404.
    recipient = (
        AnnouncementRecipient.objects.filter(user=request.user, announcement_id=pk)
        .select_related("announcement")
        .first()
    )
    if recipient is None:
        announcement = Announcement.objects.filter(pk=pk).first()
        if announcement is None or not is_redaksi(request.user):
            raise Http404
    else:
        announcement = recipient.announcement
        services.announcement_mark_read(recipient=recipient)
    return render(request, "materials/announcement_detail.html", {"announcement": announcement})


@redaksi_required
def desk_announcements(request: HttpRequest) -> HttpResponse:
    announcements = (
        Announcement.objects.select_related("kecamatan", "author")
        .annotate(
            recipient_count=Count("recipients"),
            read_count=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
            emailed_count=Count("recipients", filter=Q(recipients__emailed_at__isnull=False)),
            pending_count=Count(
                "recipients",
                filter=Q(recipients__email_wanted=True, recipients__emailed_at__isnull=True),
            ),
        )
        .order_by("-sent_at", "-pk")
    )  # a grouped query drops the model's ordering
    paged = desk_page(request, announcements)
    return render(
        request, "materials/announcement_desk.html", {"announcements": paged["page"], **paged}
    )


@redaksi_required
def announcement_create(request: HttpRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        announcement = services.announcement_send(
            author=request.user,
            title=data["title"],
            body=data["body"],
            important=data["important"],
            audience=data["audience"],
            kecamatan=data["kecamatan"],
        )
        count = announcement.recipients.count()
        messages.success(
            request,
            _("The announcement has been sent to %(count)s members.") % {"count": count},
        )
        return redirect("materials:desk_announcements")
    return render(request, "materials/announcement_form.html", {"form": form})
