import pytest

from groups.models import Kelurahan, Kim, Membership
from tests.conftest import make_kim, make_user

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


def _make_kims(count: int) -> None:
    kelurahan = list(Kelurahan.objects.all())
    user = make_user("banyak@uji.kim.id")
    kims = Kim.objects.bulk_create(
        Kim(
            name=f"KIM Nomor {index:03d}",
            slug=f"kim-nomor-{index:03d}",
            kelurahan=kelurahan[index % len(kelurahan)],
            status=Kim.Status.VERIFIED,
        )
        for index in range(count)
    )
    Membership.objects.bulk_create(
        Membership(kim=kim, user=user, role="ketua", status="active") for kim in kims
    )


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize("url", ["/kim/", "/kim/cakupan/", "/kim/?kecamatan=tingkir&q=nomor"])
def test_directory_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count, url
):
    _make_kims(count)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200


def test_list_shows_verified_kims_with_links_and_paginates_by_12(client):
    _make_kims(14)
    make_kim("KIM Belum Sah", status=Kim.Status.PENDING)
    html = client.get("/kim/").content.decode()
    assert 'href="/kim/kim-nomor-000/"' in html
    assert "KIM Belum Sah" not in html
    assert html.count('class="card kim-card"') == 12
    assert 'href="/kim/kim-nomor-013/"' in client.get("/kim/?page=2").content.decode()


def test_list_filters_by_kecamatan_kelurahan_and_name(client):
    make_kim("KIM Ledok Satu", kelurahan="ledok")
    make_kim("KIM Dukuh Dua", kelurahan="dukuh")
    make_kim("KIM Tingkir Tiga", kelurahan="tingkir-lor")
    assert "KIM Ledok Satu" not in client.get("/kim/?kecamatan=sidomukti").content.decode()
    assert "KIM Dukuh Dua" in client.get("/kim/?kecamatan=sidomukti").content.decode()
    html = client.get("/kim/?kelurahan=tingkir-lor").content.decode()
    assert "KIM Tingkir Tiga" in html and "KIM Dukuh Dua" not in html
    html = client.get("/kim/?q=dukuh").content.decode()
    assert "KIM Dukuh Dua" in html and "KIM Ledok Satu" not in html


def test_coverage_shows_all_23_kelurahan_grouped_by_kecamatan(client, settings):
    settings.LANGUAGE_CODE = "en"
    make_kim("KIM Ledok Satu", kelurahan="ledok")
    make_kim("KIM Belum Sah", kelurahan="dukuh", status=Kim.Status.PENDING)
    response = client.get("/kim/cakupan/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    for kelurahan in Kelurahan.objects.all():
        assert kelurahan.name in html
    for kecamatan in ["Argomulyo", "Sidomukti", "Sidorejo", "Tingkir"]:
        assert kecamatan in html
    assert 'href="/kim/kim-ledok-satu/"' in html
    assert "KIM Belum Sah" not in html
    assert response.context["covered"] == 1 and response.context["total"] == 23
