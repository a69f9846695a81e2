import csv
import io
import struct
import zlib
from datetime import datetime
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from groups.models import Kim
from kim_portal.models import Photo
from materials import services
from materials.forms import MaterialForm
from materials.models import DisseminationReport, Material
from tests.conftest import add_member, image_bytes, make_kim, make_user
from tests.materials.conftest import make_material
from tests.sitemaps import sitemap_entries

pytestmark = pytest.mark.django_db

JAKARTA = timezone.get_default_timezone()
Audience, Kind = Material.Audience, Material.Kind


@pytest.fixture
def public(redaksi):
    return make_material("Cegah DBD", author=redaksi, with_pdf=True)


@pytest.fixture
def members_only(redaksi):
    return make_material(
        "Panduan Internal", author=redaksi, audience=Audience.MEMBERS, with_pdf=True
    )


def _slugs(response) -> set[str]:
    return {m.slug for m in response.context["page"]}


# --- Permissions ---------------------------------------------------------------------------


def test_anyone_reads_a_public_material_and_downloads_its_file(client, public):
    assert client.get("/bahan/cegah-dbd/").status_code == 200
    file = public.files.get()
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_member_only_material_asks_anonymous_visitors_to_log_in(client, members_only):
    for url in ("/bahan/panduan-internal/", members_only.files.get().get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_member_only_material_refuses_a_logged_in_non_member(client_for, outsider, members_only):
    client = client_for(outsider)
    assert client.get("/bahan/panduan-internal/").status_code == 403
    assert client.get(members_only.files.get().get_absolute_url()).status_code == 403


def test_member_of_an_unverified_kim_is_not_a_member_for_materials(client, members_only):
    user = make_user("baru@uji.kim.id")
    add_member(make_kim("KIM Baru", status=Kim.Status.PENDING), user)
    client.force_login(user)
    assert client.get("/bahan/panduan-internal/").status_code == 403


@pytest.mark.parametrize("who", ["anggota", "redaksi"])
def test_members_and_redaksi_open_member_only_files(client_for, request, who, members_only):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/bahan/panduan-internal/").status_code == 200
    response = client.get(members_only.files.get().get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_unpublished_material_exists_only_for_the_redaksi(client_for, anggota, redaksi):
    make_material("Draf", author=redaksi, published=False)
    assert client_for(anggota).get("/bahan/draf/").status_code == 404
    assert client_for(redaksi).get("/bahan/draf/").status_code == 200


def test_member_only_images_never_get_a_public_media_url(client_for, anggota, redaksi):
    image = SimpleUploadedFile("poster.png", image_bytes(), content_type="image/png")
    form = MaterialForm(
        {
            "title": "Poster Internal",
            "kind": Kind.INFOGRAPHIC,
            "topic": "kesehatan",
            "summary": "Ringkas.",
            "audience": Audience.MEMBERS,
            "valid_from": timezone.localdate().isoformat(),
        },
        {"image": image},
    )
    assert form.is_valid(), form.errors
    material = services.material_create(
        author=redaksi, files=form.uploads(), publish=True, **form.material_fields()
    )
    assert Photo.objects.count() == 0
    html = client_for(anggota).get(material.get_absolute_url()).content.decode()
    assert "/media/" not in html
    # Made public, the image gets its renditions; made member-only again, they go.
    services.material_update(material=material, actor=redaksi, audience=Audience.PUBLIC)
    assert material.files.get().photo is not None
    services.material_update(material=material, actor=redaksi, audience=Audience.MEMBERS)
    assert Photo.objects.count() == 0 and material.files.get().photo is None


def test_material_edit_page_needs_the_redaksi(client, client_for, anggota, redaksi, public):
    url = f"/redaksi/bahan/{public.pk}/"
    assert client.get(url).status_code == 302
    assert client_for(anggota).get(url).status_code == 403
    assert client_for(redaksi).get(url).status_code == 200
    assert client_for(redaksi).get("/redaksi/bahan/999999/").status_code == 404


def test_redaksi_creates_and_publishes_a_pdf_material(client_for, redaksi):
    from groups.demo import demo_pdf

    response = client_for(redaksi).post(
        "/redaksi/bahan/baru/",
        {
            "title": "Perwali Baru",
            "kind": Kind.REGULATION,
            "topic": "pemerintahan",
            "summary": "Ringkasan.",
            "description": "<p>Isi <script>alert(1)</script>penjelasan</p>",
            "audience": Audience.PUBLIC,
            "valid_from": timezone.localdate().isoformat(),
            "pdf": SimpleUploadedFile("perwali.pdf", demo_pdf("Perwali")),
            "publish": "1",
        },
    )
    material = Material.objects.get(slug="perwali-baru")
    assert response.status_code == 302
    assert material.is_published and material.files.get().kind == "pdf"
    assert "<script>" not in material.description


def test_publishing_without_a_file_is_refused(client_for, redaksi):
    material = make_material("Kosong", author=redaksi, published=False)
    client_for(redaksi).post(f"/redaksi/bahan/{material.pk}/terbitkan/")
    material.refresh_from_db()
    assert not material.is_published


# --- Upload validation ---------------------------------------------------------------------


def _form(files: dict) -> MaterialForm:
    data = {
        "title": "Uji",
        "kind": Kind.INFOGRAPHIC,
        "topic": "kesehatan",
        "summary": "Ringkas.",
        "audience": Audience.PUBLIC,
        "valid_from": timezone.localdate().isoformat(),
    }
    return MaterialForm(data, files)


def _error_code(form: MaterialForm, field: str) -> str:
    assert not form.is_valid()
    return form.errors.as_data()[field][0].code


def test_a_png_named_pdf_is_refused():
    form = _form({"pdf": SimpleUploadedFile("surat.pdf", image_bytes())})
    assert _error_code(form, "pdf") == "invalid_document_type"


def test_a_pdf_named_jpg_is_refused_as_an_image():
    from groups.demo import demo_pdf

    form = _form({"image": SimpleUploadedFile("foto.jpg", demo_pdf("x"))})
    assert _error_code(form, "image") == "invalid_image_type"


def test_an_oversized_pdf_is_refused():
    data = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    form = _form({"pdf": SimpleUploadedFile("besar.pdf", data)})
    assert _error_code(form, "pdf") == "file_too_large"


def test_a_truncated_pdf_is_refused():
    from groups.demo import demo_pdf

    form = _form({"pdf": SimpleUploadedFile("potong.pdf", demo_pdf("x")[:-40])})
    assert _error_code(form, "pdf") == "damaged_document"


def test_a_truncated_image_is_refused():
    form = _form({"image": SimpleUploadedFile("potong.png", image_bytes("PNG", (400, 400))[:-60])})
    assert _error_code(form, "image") == "damaged_image"


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused():
    form = _form({"image": SimpleUploadedFile("bom.png", _png_header(30000, 30000))})
    assert _error_code(form, "image") == "image_too_many_pixels"


def test_video_needs_a_link():
    form = MaterialForm(
        {
            "title": "Video",
            "kind": Kind.VIDEO,
            "topic": "digital",
            "summary": "Ringkas.",
            "audience": Audience.PUBLIC,
            "valid_from": timezone.localdate().isoformat(),
        }
    )
    assert _error_code(form, "video_url") == "required"


# --- Expiry and audience, on every list -----------------------------------------------------


@pytest.fixture
def catalogue(redaksi):
    make_material("Publik Berlaku", author=redaksi, kind=Kind.INFOGRAPHIC, ends=0)
    make_material("Publik Kedaluwarsa", author=redaksi, starts=-30, ends=-1)
    make_material("Anggota Berlaku", author=redaksi, audience=Audience.MEMBERS)
    make_material(
        "Anggota Kedaluwarsa", author=redaksi, audience=Audience.MEMBERS, starts=-9, ends=-2
    )
    make_material("Belum Berlaku", author=redaksi, starts=2)
    make_material("Draf Saja", author=redaksi, published=False)


def test_anonymous_list_shows_only_current_public_items(client, catalogue):
    response = client.get("/bahan/")
    assert _slugs(response) == {"publik-berlaku"}
    assert 'href="/bahan/publik-berlaku/"' in response.content.decode()


def test_members_see_member_only_items_too(client_for, anggota, catalogue):
    assert _slugs(client_for(anggota).get("/bahan/")) == {"publik-berlaku", "anggota-berlaku"}


def test_the_archive_holds_expired_items_by_audience(client, client_for, anggota, catalogue):
    assert _slugs(client.get("/bahan/?arsip=1")) == {"publik-kedaluwarsa"}
    assert _slugs(client_for(anggota).get("/bahan/?arsip=1")) == {
        "publik-kedaluwarsa",
        "anggota-kedaluwarsa",
    }


def test_list_filters_by_kind_topic_and_title(client, redaksi, catalogue):
    make_material("Siaran Sekolah", author=redaksi, topic=Material.Topic.EDUCATION)
    assert _slugs(client.get("/bahan/?jenis=infografis")) == {"publik-berlaku"}
    assert _slugs(client.get("/bahan/?topik=pendidikan")) == {"siaran-sekolah"}
    assert _slugs(client.get("/bahan/?q=SEKOLAH")) == {"siaran-sekolah"}


def test_sitemap_lists_only_current_public_items(client, catalogue):
    locations = sitemap_entries(client)
    materials = {url.split("/bahan/")[1] for url in locations if "/bahan/" in url}
    assert materials == {"", "publik-berlaku/"}


@pytest.mark.parametrize("count", [5, 300])
def test_material_list_runs_a_fixed_number_of_queries(
    client_for, anggota, redaksi, django_assert_max_num_queries, count
):
    Material.objects.bulk_create(
        [
            Material(
                title=f"Bahan {n}",
                slug=f"bahan-{n}",
                kind=Kind.INFOGRAPHIC,
                topic="kesehatan",
                summary="Ringkas.",
                author=redaksi,
                audience=Audience.MEMBERS if n % 3 == 0 else Audience.PUBLIC,
                published_at=timezone.now(),
            )
            for n in range(count)
        ]
    )
    client = client_for(anggota)
    with django_assert_max_num_queries(9):
        response = client.get("/bahan/")
    assert response.status_code == 200


# --- Sharing and reporting ------------------------------------------------------------------


class _ImageUpload:
    """What ImageFormField hands over: the file with its cleaned image."""

    name = "poster.png"
    image = Image.new("RGB", (20, 20))


def test_share_links_carry_the_title_and_page_url(client, redaksi):
    material = make_material("Infografis Uji", author=redaksi, kind=Kind.INFOGRAPHIC)
    services._add_files(material, [_ImageUpload()])
    html = client.get("/bahan/infografis-uji/").content.decode()
    assert (
        f'href="https://wa.me/?text=Infografis%20Uji%20{quote(settings.SITE_URL)}/bahan/infografis-uji/"'
        in html
    )
    file = material.files.get()
    assert f'href="{settings.SITE_URL}/bahan/infografis-uji/berkas/{file.pk}/"' in html


def test_report_page_permissions(client, client_for, outsider, public):
    url = "/bahan/cegah-dbd/lapor/"
    assert client.get(url).status_code == 302
    assert client_for(outsider).get(url).status_code == 403


def test_member_reports_sharing_and_corrects_it(client_for, anggota, kim, public):
    client = client_for(anggota)
    response = client.post(
        "/bahan/cegah-dbd/lapor/",
        {
            "kim": kim.pk,
            "channel": "whatsapp",
            "shared_on": timezone.localdate().isoformat(),
            "shared_time": "19:30",
            "people_reached": 40,
            "note": "Grup RT 03",
        },
    )
    assert response.status_code == 302
    report = DisseminationReport.objects.get()
    assert (report.kim, report.people_reached, report.reporter) == (kim, 40, anggota)
    assert timezone.localtime(report.shared_at).hour == 19
    assert client.get("/bahan/laporan-saya/").status_code == 200
    client.post(
        f"/bahan/laporan/{report.pk}/ubah/",
        {
            "kim": kim.pk,
            "channel": "meeting",
            "shared_on": timezone.localdate().isoformat(),
            "people_reached": 45,
        },
    )
    report.refresh_from_db()
    assert (report.channel, report.people_reached) == ("meeting", 45)


@pytest.mark.parametrize("people", [0, -3, 100_001, "banyak"])
def test_people_reached_must_be_a_sane_positive_number(client_for, anggota, kim, public, people):
    response = client_for(anggota).post(
        "/bahan/cegah-dbd/lapor/",
        {
            "kim": kim.pk,
            "channel": "whatsapp",
            "shared_on": timezone.localdate().isoformat(),
            "people_reached": people,
        },
    )
    assert "people_reached" in response.context["form"].errors
    assert not DisseminationReport.objects.exists()


def test_a_member_cannot_report_for_a_kim_they_do_not_belong_to(client_for, anggota, public):
    other = make_kim("KIM Lain", kelurahan="kutowinangun-lor")
    response = client_for(anggota).post(
        "/bahan/cegah-dbd/lapor/",
        {"kim": other.pk, "channel": "whatsapp", "shared_on": "2026-01-05", "people_reached": 5},
    )
    assert "kim" in response.context["form"].errors


def test_someone_elses_report_does_not_exist_for_a_member(client, client_for, ketua, kim, public):
    report = services.dissemination_report(
        reporter=ketua,
        material=public,
        kim=kim,
        channel="board",
        shared_at=timezone.now(),
        people_reached=10,
    )
    url = f"/bahan/laporan/{report.pk}/ubah/"
    assert client.get(url).status_code == 302
    other = make_user("lain@uji.kim.id")
    add_member(kim, other)
    assert client_for(other).get(url).status_code == 404


def test_my_reports_needs_login(client):
    assert client.get("/bahan/laporan-saya/").status_code == 302


# --- Aggregates for statistics --------------------------------------------------------------


def _report(material, kim, user, when: datetime, people: int) -> DisseminationReport:
    return DisseminationReport.objects.create(
        material=material,
        kim=kim,
        reporter=user,
        channel="whatsapp",
        shared_at=when,
        people_reached=people,
    )


@pytest.fixture
def figures(redaksi, kim, anggota, public):
    """KIM Uji Coba (Ledok, Argomulyo) and KIM Timur (Kutowinangun Lor, Tingkir)."""
    east = make_kim("KIM Timur", kelurahan="kutowinangun-lor")
    member = make_user("timur@uji.kim.id")
    add_member(east, member)
    _report(public, kim, anggota, datetime(2025, 1, 31, 23, 30, tzinfo=JAKARTA), 40)  # Jan, in WIB
    _report(public, kim, anggota, datetime(2025, 2, 1, 0, 30, tzinfo=JAKARTA), 10)  # Feb
    _report(public, east, member, datetime(2025, 2, 14, 9, 0, tzinfo=JAKARTA), 100)
    _report(public, east, member, datetime(2024, 12, 31, 23, 59, tzinfo=JAKARTA), 7)  # other year
    return kim, east


def test_totals_by_month_cut_months_in_jakarta_time(figures):
    rows = DisseminationReport.objects.totals_by_month(2025)
    assert [(r["month"].month, r["reports"], r["people"]) for r in rows] == [
        (1, 1, 40),
        (2, 2, 110),
    ]


def test_totals_by_kim_and_kecamatan(figures):
    kim, east = figures
    by_kim = {
        r["kim"]: (r["reports"], r["people"]) for r in DisseminationReport.objects.totals_by_kim()
    }
    assert by_kim == {kim.pk: (2, 50), east.pk: (2, 107)}
    by_kecamatan = {
        r["kecamatan_name"]: (r["reports"], r["people"])
        for r in DisseminationReport.objects.totals_by_kecamatan()
    }
    assert by_kecamatan == {"Argomulyo": (2, 50), "Tingkir": (2, 107)}


def test_redaksi_report_page_and_csv_show_every_report(client_for, redaksi, figures):
    client = client_for(redaksi)
    response = client.get("/redaksi/bahan/laporan/")
    assert response.context["dissemination"]["totals"] == {"reports": 4, "people": 157}
    rows = list(csv.reader(io.StringIO(client.get("/redaksi/bahan/laporan.csv").content.decode())))
    assert len(rows) == 5
    assert rows[0][:2] == ["\ufeffTanggal", "Bahan"] or rows[0][:2] == ["Tanggal", "Bahan"]
    assert rows[0][6] == "Orang yang terjangkau"  # the header row is translated
    assert rows[1][0] == "2024-12-31 23:59" and rows[1][6] == "7"


def test_desk_shows_the_materials_summary(client_for, redaksi, public):
    response = client_for(redaksi).get("/redaksi/")
    assert "materials/_desk_materials.html" in response.context["sections"]
    assert response.context["desk_materials"]["current"] == 1


def test_seeded_demo_shows_at_least_five_materials_to_anonymous_visitors(client, db):
    from django.core.management import call_command

    call_command("seed_demo", force=True, stdout=io.StringIO())
    response = client.get("/bahan/")
    assert len(response.context["page"]) >= 5
    assert DisseminationReport.objects.values("kim").distinct().count() >= 3
    assert Material.objects.filter(audience=Audience.MEMBERS).exists()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert Material.objects.count() == 13


def test_the_kecamatan_table_lists_every_kecamatan_those_without_reports_at_zero(figures):
    rows = {
        row["kecamatan_name"]: (row["reports"], row["people"])
        for row in DisseminationReport.objects.totals_for_every_kecamatan()
    }
    assert rows == {
        "Argomulyo": (2, 50),
        "Sidomukti": (0, 0),
        "Sidorejo": (0, 0),
        "Tingkir": (2, 107),
    }
