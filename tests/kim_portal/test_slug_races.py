"""Many people save things with the same title at the same moment: every save succeeds, each
gets its own address, nobody sees a server error (kim_portal.slugs.save_with_unique_slug)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from groups.demo import demo_pdf
from groups.models import Kelurahan, Kim
from materials.models import Material
from news.models import Article
from tests.conftest import make_user
from tests.groups.conftest import pdf_upload, registration_data
from tests.parallel import Request, concurrent_requests, post_in_parallel
from workshops.models import Event

pytestmark = concurrent_requests

SAVES = 30


def _assert_all_saved(responses, slugs: list[str]) -> None:
    assert [r.status_code for r in responses] == [200] * SAVES  # after the redirect
    assert all(r.redirect_chain and r.redirect_chain[0][1] == 302 for r in responses)
    assert len(slugs) == SAVES and len(set(slugs)) == SAVES


def test_thirty_concurrent_drafts_with_one_title_all_save_with_distinct_slugs(kim, anggota):
    data = {
        "kim": kim.pk,
        "title": "Kerja bakti RW 05",
        "summary": "Warga membersihkan selokan.",
        "body": "<p>Warga RW 05 membersihkan selokan bersama.</p>",
    }
    url = reverse("news:write")
    responses = post_in_parallel([Request(anggota, url, dict(data)) for _ in range(SAVES)])
    _assert_all_saved(responses, list(Article.objects.values_list("slug", flat=True)))
    assert Article.objects.filter(slug="kerja-bakti-rw-05").exists()


def test_thirty_concurrent_events_with_one_title_all_save(redaksi):
    data = {
        "kind": "bimtek",
        "title": "Bimtek Pengelolaan Informasi",
        "summary": "Mengolah informasi warga.",
        "starts_at": "2030-03-02T09:00",
        "ends_at": "2030-03-02T12:00",
        "venue": "Aula",
        "audience": "public",
        "materials_visibility": "registrants",
    }
    url = reverse("workshops:desk_create")
    responses = post_in_parallel([Request(redaksi, url, dict(data)) for _ in range(SAVES)])
    _assert_all_saved(responses, list(Event.objects.values_list("slug", flat=True)))


def test_thirty_concurrent_materials_with_one_title_all_save(redaksi):
    def data():
        return {
            "title": "Perwali Baru",
            "kind": Material.Kind.REGULATION,
            "topic": "pemerintahan",
            "summary": "Ringkasan.",
            "audience": Material.Audience.PUBLIC,
            "valid_from": timezone.localdate().isoformat(),
            "pdf": SimpleUploadedFile("perwali.pdf", demo_pdf("Perwali")),
        }

    url = "/redaksi/bahan/baru/"
    responses = post_in_parallel([Request(redaksi, url, data()) for _ in range(SAVES)])
    _assert_all_saved(responses, list(Material.objects.values_list("slug", flat=True)))


def test_kims_of_one_name_registered_at_once_in_many_kelurahan_all_save():
    kelurahan = list(Kelurahan.objects.order_by("pk")[:20])
    requests = [
        Request(
            make_user(f"pendaftar{n}@uji.kim.id"),
            reverse("groups:register"),
            {
                **registration_data(name="KIM Maju Bersama", kelurahan=k.pk),
                "decree_upload": pdf_upload(),
            },
        )
        for n, k in enumerate(kelurahan)
    ]
    responses = post_in_parallel(requests)
    assert [r.status_code for r in responses] == [200] * len(kelurahan)
    slugs = list(Kim.objects.filter(name="KIM Maju Bersama").values_list("slug", flat=True))
    assert len(slugs) == len(kelurahan) == len(set(slugs))
