"""Information materials (bahan informasi): public pages, files, sharing, dissemination reports,
and the Redaksi's desk pages for them."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim_portal.exports import csv_response
from kim_portal.links import absolute_url
from kim_portal.pagecache import cache_public_page
from kim_portal.paging import LIST_COUNT_CAP, desk_page, paged
from kim_portal.roles import is_redaksi, redaksi_required
from kim_portal.uploads import serve_private_file
from materials import services
from materials.access import (
    LoginRequired,
    get_material_for_user,
    login_redirect,
    reporting_memberships,
    sees_member_materials,
)
from materials.forms import DisseminationReportForm, MaterialForm
from materials.models import DisseminationReport, Material, MaterialFile

PAGE_SIZE = 20


def _files_prefetch():
    return Prefetch("files", queryset=MaterialFile.objects.select_related("photo"))


@cache_public_page
def material_list(request: HttpRequest) -> HttpResponse:
    archive = request.GET.get("arsip") == "1"
    materials = Material.objects.archived() if archive else Material.objects.current()
    materials = materials.for_audience(members=sees_member_materials(request.user))
    kind, topic = request.GET.get("jenis", ""), request.GET.get("topik", "")
    query = request.GET.get("q", "").strip()[:100]
    if kind in Material.Kind.values:
        materials = materials.filter(kind=kind)
    if topic in Material.Topic.values:
        materials = materials.filter(topic=topic)
    if query:
        materials = materials.filter(title__icontains=query)
    materials = materials.prefetch_related(_files_prefetch()).order_by("-valid_from", "-pk")
    page = paged(request, materials, per_page=PAGE_SIZE, cap=LIST_COUNT_CAP)["page"]
    filters = {"jenis": kind, "topik": topic, "q": query, "arsip": "1" if archive else ""}
    return render(
        request,
        "materials/material_list.html",
        {
            "page": page,
            "archive": archive,
            "filters": filters,
            "query_string": "&".join(f"{k}={quote(v)}" for k, v in filters.items() if v),
            "kinds": Material.Kind.choices,
            "topics": Material.Topic.choices,
        },
    )


@cache_public_page
def material_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        material = get_material_for_user(request, slug)
    except LoginRequired:
        return login_redirect(request)
    files = list(material.files.select_related("photo"))
    page_url = absolute_url(material.get_absolute_url())
    images = [f for f in files if f.is_image]
    context = {
        "material": material,
        "files": files,
        "images": images,
        "pdfs": [f for f in files if not f.is_image],
        "whatsapp_url": "https://wa.me/?text=" + quote(f"{material.title} {page_url}"),
        "image_links": [absolute_url(f.get_absolute_url()) for f in images]
        if material.kind == Material.Kind.INFOGRAPHIC
        else [],
        "can_report": material.is_published
        and request.user.is_authenticated
        and reporting_memberships(request.user).exists(),
        "is_redaksi": is_redaksi(request.user),
    }
    return render(request, "materials/material_detail.html", context)


def material_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    try:
        material = get_material_for_user(request, slug)
    except LoginRequired:
        return login_redirect(request)
    item = get_object_or_404(MaterialFile, pk=pk, material=material)
    response = serve_private_file(item.file, download_name=item.name)
    if not material.is_members_only:
        # Public files may be cached like any public page; member-only ones never.
        response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        material = get_material_for_user(request, slug)
    except LoginRequired:  # pragma: no cover - login_required answers first
        return login_redirect(request)
    memberships = list(reporting_memberships(request.user))
    if not memberships or not material.is_published:
        raise PermissionDenied
    form = DisseminationReportForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dissemination_report(
                reporter=request.user,
                material=material,
                kim=data["kim"],
                channel=data["channel"],
                shared_at=services.jakarta_datetime(data["shared_on"], data["shared_time"]),
                people_reached=data["people_reached"],
                note=data["note"],
                evidence_url=data["evidence_url"],
            )
        except services.MaterialActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Thank you: your report has been recorded."))
            return redirect("materials:my_reports")
    return render(
        request, "materials/material_report_form.html", {"form": form, "material": material}
    )


@login_required
def report_mine(request: HttpRequest) -> HttpResponse:
    reports = DisseminationReport.objects.filter(reporter=request.user).select_related(
        "material", "kim"
    )
    return render(
        request,
        "materials/material_reports_mine.html",
        {"reports": reports, "totals": reports.totals()},
    )


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # Ownership is the query: another member's report does not exist for this user.
    report = get_object_or_404(
        DisseminationReport.objects.select_related("material", "kim"),
        pk=pk,
        reporter=request.user,
    )
    memberships = list(reporting_memberships(request.user))
    if not memberships:
        raise PermissionDenied
    form = DisseminationReportForm(request.POST or None, instance=report, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dissemination_report_update(
                report=DisseminationReport.objects.get(pk=report.pk),
                actor=request.user,
                kim=data["kim"],
                channel=data["channel"],
                shared_at=services.jakarta_datetime(data["shared_on"], data["shared_time"]),
                people_reached=data["people_reached"],
                note=data["note"],
                evidence_url=data["evidence_url"],
            )
        except services.MaterialActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your report has been corrected."))
            return redirect("materials:my_reports")
    return render(
        request,
        "materials/material_report_form.html",
        {"form": form, "material": report.material, "report": report},
    )


# --- Redaksi desk ----------------------------------------------------------------------------


@redaksi_required
def desk_materials(request: HttpRequest) -> HttpResponse:
    materials = Material.objects.annotate_report_totals().order_by("-created_at", "-pk")
    queue = desk_page(request, materials)
    return render(
        request,
        "materials/material_desk.html",
        {"materials": queue["page"], "today": timezone.localdate(), **queue},
    )


@redaksi_required
def material_create(request: HttpRequest) -> HttpResponse:
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            material = services.material_create(
                author=request.user,
                files=form.uploads(),
                publish="publish" in request.POST,
                **form.material_fields(),
            )
        except services.MaterialActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect("materials:material_edit", material.pk)
    return render(request, "materials/material_form.html", {"form": form, "material": None})


@redaksi_required
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(Material, pk=pk)
    form = MaterialForm(request.POST or None, request.FILES or None, instance=material)
    if request.method == "POST" and form.is_valid():
        services.material_update(
            material=material, actor=request.user, files=form.uploads(), **form.material_fields()
        )
        messages.success(request, _("Saved."))
        return redirect("materials:material_edit", material.pk)
    return render(
        request,
        "materials/material_form.html",
        {"form": form, "material": material, "files": material.files.all()},
    )


@redaksi_required
@require_POST
def material_publish(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(Material, pk=pk)
    try:
        services.material_publish(material=material, actor=request.user)
    except services.MaterialActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Published."))
    return redirect("materials:material_edit", material.pk)


@redaksi_required
@require_POST
def material_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(Material, pk=pk)
    services.material_unpublish(material=material, actor=request.user)
    messages.success(request, _("The item is no longer published."))
    return redirect("materials:material_edit", material.pk)


@redaksi_required
@require_POST
def material_file_delete(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    item = get_object_or_404(MaterialFile, pk=file_pk, material_id=pk)
    services.material_file_delete(material_file=item, actor=request.user)
    messages.success(request, _("The file has been removed."))
    return redirect("materials:material_edit", pk)


def _filtered_reports(request: HttpRequest):
    reports = DisseminationReport.objects.all()
    material = request.GET.get("bahan", "")
    if material.isdigit():
        reports = reports.filter(material_id=int(material))
    return reports


@redaksi_required
def desk_reports(request: HttpRequest) -> HttpResponse:
    reports = _filtered_reports(request)
    year = timezone.localdate().year
    context = {
        "dissemination": services.dissemination_summary(year=year, reports=reports),
        "by_material": list(reports.totals_by_material()),
        "reports": reports.select_related("material", "kim__kelurahan__kecamatan", "reporter")[
            :200
        ],
        "materials": Material.objects.filter(reports__isnull=False).distinct().order_by("title"),
        "selected": request.GET.get("bahan", ""),
    }
    return render(request, "materials/report_desk.html", context)


@redaksi_required
def desk_reports_csv(request: HttpRequest) -> HttpResponse:
    reports = _filtered_reports(request).select_related(
        "material", "kim__kelurahan__kecamatan", "reporter"
    )
    headers = [
        _("Date"),
        _("Material"),
        _("KIM"),
        _("Kecamatan"),
        _("Reporter"),
        _("Channel"),
        _("People reached"),
        _("Note"),
        _("Evidence"),
    ]
    rows = (
        [
            timezone.localtime(report.shared_at).strftime("%Y-%m-%d %H:%M"),
            report.material.title,
            report.kim.name,
            report.kim.kelurahan.kecamatan.name,
            report.reporter.full_name,
            report.get_channel_display(),
            report.people_reached,
            report.note,
            report.evidence_url,
        ]
        for report in reports.order_by("shared_at", "pk")
    )
    return csv_response("laporan-penyebaran.csv", headers, rows, actor=request.user)
