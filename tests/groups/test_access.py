"""Every registry view for every role: anonymous, outsider, member without the right, allowed."""

import pytest
from django.urls import reverse

from groups.models import Kim, Membership
from tests.conftest import add_member, make_kim, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_kim(db):
    kim = make_kim("KIM Menunggu", kelurahan="dukuh", status=Kim.Status.PENDING)
    ketua = make_user("ketua.menunggu@uji.kim.id", "Ketua Menunggu")
    add_member(kim, ketua, Membership.Role.KETUA)
    return kim


LOGIN_PAGES = [
    ("groups:register", []),
    ("groups:welcome", []),
    ("groups:mine", []),
    ("groups:review_queue", []),
]


@pytest.mark.parametrize(("name", "args"), LOGIN_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["groups:edit", "groups:members", "groups:decree"])
def test_anonymous_visitors_are_sent_to_log_in_for_kim_pages(client, kim, name):
    response = client.get(reverse(name, args=[kim.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["groups:list", "groups:coverage", "sitemap"])
def test_public_pages_answer_everyone(client, kim, name):
    assert client.get(reverse(name)).status_code == 200


def test_public_can_read_a_verified_kim(client, kim):
    assert client.get(f"/kim/{kim.slug}/").status_code == 200


@pytest.mark.parametrize("status", [Kim.Status.PENDING, Kim.Status.REJECTED, Kim.Status.INACTIVE])
def test_kims_that_are_not_verified_are_hidden_from_the_public(client_for, outsider, status):
    kim = make_kim("KIM Tersembunyi", status=status)
    assert client_for(outsider).get(f"/kim/{kim.slug}/").status_code == 404
    client_for(outsider).logout()
    assert client_for(outsider).get(f"/kim/{kim.slug}/").status_code == 404


def test_pengurus_and_redaksi_can_see_their_pending_kim(client_for, pending_kim, redaksi):
    ketua = pending_kim.memberships.get().user
    assert client_for(ketua).get(f"/kim/{pending_kim.slug}/").status_code == 200
    assert client_for(redaksi).get(f"/kim/{pending_kim.slug}/").status_code == 200


@pytest.mark.parametrize("name", ["groups:edit", "groups:members", "groups:decree"])
def test_outsider_gets_404_on_management_pages_of_a_pending_kim(
    client_for, outsider, pending_kim, name
):
    assert client_for(outsider).get(reverse(name, args=[pending_kim.slug])).status_code == 404


@pytest.mark.parametrize(
    "name", ["groups:edit", "groups:members", "groups:decree", "groups:statutes"]
)
def test_plain_member_cannot_manage_the_kim(client_for, anggota, kim, name):
    assert client_for(anggota).get(reverse(name, args=[kim.slug])).status_code == 403


@pytest.mark.parametrize("name", ["groups:edit", "groups:members"])
def test_outsider_cannot_manage_a_verified_kim(client_for, outsider, kim, name):
    assert client_for(outsider).get(reverse(name, args=[kim.slug])).status_code == 403


@pytest.mark.parametrize("name", ["groups:edit", "groups:members"])
def test_pengurus_can_open_management_pages(client_for, ketua, kim, name):
    assert client_for(ketua).get(reverse(name, args=[kim.slug])).status_code == 200


def test_members_page_does_not_appear_on_the_public_profile_with_contact_details(
    client, ketua, anggota, kim
):
    response = client.get(f"/kim/{kim.slug}/")
    assert "Ketua Uji" in response.content.decode()
    assert ketua.email not in response.content.decode()
    assert anggota.email not in response.content.decode()
    assert "Anggota Uji" not in response.content.decode()


@pytest.mark.parametrize("name", ["groups:review_queue"])
def test_only_redaksi_opens_the_kim_queue(client_for, ketua, redaksi, name):
    assert client_for(ketua).get(reverse(name)).status_code == 403
    assert client_for(redaksi).get(reverse(name)).status_code == 200


def test_only_redaksi_opens_a_review_page(client_for, ketua, redaksi, pending_kim):
    url = reverse("groups:review", args=[pending_kim.slug])
    assert client_for(ketua).get(url).status_code == 403
    assert client_for(redaksi).get(url).status_code == 200


POST_ONLY = ["groups:join", "groups:leave"]


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_kim_urls_refuse_get(client_for, outsider, kim, name):
    assert client_for(outsider).get(reverse(name, args=[kim.slug])).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "groups:membership_approve",
        "groups:membership_decline",
        "groups:membership_role",
        "groups:membership_remove",
    ],
)
def test_post_only_membership_urls_refuse_get(client_for, ketua, anggota, kim, name):
    membership = Membership.objects.get(user=anggota)
    url = reverse(name, args=[kim.slug, membership.pk])
    assert client_for(ketua).get(url).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "groups:membership_approve",
        "groups:membership_decline",
        "groups:membership_role",
        "groups:membership_remove",
    ],
)
def test_plain_member_cannot_decide_on_memberships(client_for, anggota, outsider, kim, name):
    request = Membership.objects.create(kim=kim, user=outsider)
    url = reverse(name, args=[kim.slug, request.pk])
    assert client_for(anggota).post(url, {"role": "ketua"}).status_code == 403


def test_secretary_cannot_change_roles_but_can_approve(client_for, kim, outsider):
    secretary = make_user("sekretaris@uji.kim.id", "Sekretaris Uji")
    add_member(kim, secretary, Membership.Role.SEKRETARIS)
    request = Membership.objects.create(kim=kim, user=outsider)
    client = client_for(secretary)
    assert (
        client.post(
            reverse("groups:membership_role", args=[kim.slug, request.pk]), {"role": "ketua"}
        ).status_code
        == 403
    )
    response = client.post(reverse("groups:membership_approve", args=[kim.slug, request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE


def test_decree_is_served_to_pengurus_and_redaksi_only_and_never_from_media(
    client_for, redaksi, ketua, kim, settings
):
    from django.core.files.base import ContentFile

    from groups.demo import demo_pdf

    kim.decree_file.save("sk.pdf", ContentFile(demo_pdf("SK")), save=True)
    assert not str(kim.decree_file.path).startswith(str(settings.MEDIA_ROOT))
    url = reverse("groups:decree", args=[kim.slug])
    for user in (ketua, redaksi):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"


def test_welcome_page_offers_register_and_join(client_for, outsider):
    response = client_for(outsider).get(reverse("groups:welcome"))
    assert reverse("groups:register") in response.content.decode()
    assert reverse("groups:list") in response.content.decode()


def test_signup_lands_on_the_welcome_page(settings):
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    assert get_adapter().get_signup_redirect_url(RequestFactory().get("/")) == reverse(
        "groups:welcome"
    )
