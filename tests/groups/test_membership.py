import pytest
from django.urls import reverse

from groups import services
from groups.models import Kim, Membership
from tests.conftest import add_member, make_kim, make_user

pytestmark = pytest.mark.django_db


def test_a_resident_asks_to_join_and_pengurus_are_emailed(
    client_for, outsider, ketua, anggota, kim, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(outsider).post(reverse("groups:join", args=[kim.slug]))
    assert response.status_code == 302
    request = Membership.objects.get(user=outsider)
    assert request.status == Membership.Status.PENDING
    assert [m.to for m in mailoutbox] == [[ketua.email]]


@pytest.mark.usefixtures("english")
def test_asking_twice_gives_a_clear_message(client_for, outsider, kim):
    client = client_for(outsider)
    client.post(reverse("groups:join", args=[kim.slug]))
    response = client.post(reverse("groups:join", args=[kim.slug]), follow=True)
    assert "already a member of this KIM or have asked to join" in response.content.decode()
    assert Membership.objects.filter(user=outsider).count() == 1


def test_nobody_can_join_a_pending_kim(client_for, outsider):
    kim = make_kim("KIM Menunggu", status=Kim.Status.PENDING)
    assert client_for(outsider).post(reverse("groups:join", args=[kim.slug])).status_code == 404
    with pytest.raises(services.MembershipError):
        services.membership_request(kim=kim, user=outsider)


def test_ketua_approves_a_request_and_the_member_is_emailed(
    client_for, ketua, outsider, kim, mailoutbox, django_capture_on_commit_callbacks
):
    request = Membership.objects.create(kim=kim, user=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(ketua).post(reverse("groups:membership_approve", args=[kim.slug, request.pk]))
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (Membership.Status.ACTIVE, ketua)
    assert [m.to for m in mailoutbox] == [[outsider.email]]


def test_ketua_declines_a_request(client_for, ketua, outsider, kim):
    request = Membership.objects.create(kim=kim, user=outsider)
    client_for(ketua).post(reverse("groups:membership_decline", args=[kim.slug, request.pk]))
    request.refresh_from_db()
    assert request.status == Membership.Status.DECLINED


def test_ketua_promotes_a_member(client_for, ketua, anggota, kim):
    membership = Membership.objects.get(user=anggota)
    client_for(ketua).post(
        reverse("groups:membership_role", args=[kim.slug, membership.pk]), {"role": "sekretaris"}
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.SEKRETARIS


@pytest.mark.usefixtures("english")
def test_the_last_ketua_cannot_leave(client_for, ketua, kim):
    response = client_for(ketua).post(reverse("groups:leave", args=[kim.slug]), follow=True)
    assert "The KIM needs a ketua" in response.content.decode()
    assert Membership.objects.get(user=ketua).status == Membership.Status.ACTIVE


@pytest.mark.usefixtures("english")
def test_the_last_ketua_cannot_step_down(client_for, ketua, kim):
    membership = Membership.objects.get(user=ketua)
    response = client_for(ketua).post(
        reverse("groups:membership_role", args=[kim.slug, membership.pk]),
        {"role": "anggota"},
        follow=True,
    )
    assert "The KIM needs a ketua" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.KETUA


def test_the_last_ketua_cannot_be_removed_even_by_redaksi(client_for, redaksi, ketua, kim):
    membership = Membership.objects.get(user=ketua)
    client_for(redaksi).post(reverse("groups:membership_remove", args=[kim.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_a_ketua_who_handed_over_can_leave(client_for, ketua, anggota, kim):
    services.membership_change_role(
        membership=Membership.objects.get(user=anggota), actor=ketua, role="ketua"
    )
    response = client_for(ketua).post(reverse("groups:leave", args=[kim.slug]))
    assert response.url == reverse("groups:mine")
    assert Membership.objects.get(user=ketua).status == Membership.Status.LEFT


def test_a_member_leaves(client_for, anggota, kim):
    client_for(anggota).post(reverse("groups:leave", args=[kim.slug]))
    assert Membership.objects.get(user=anggota).status == Membership.Status.LEFT


def test_a_pengurus_removes_a_plain_member_but_not_an_officer(client_for, kim, anggota):
    secretary = make_user("sekretaris@uji.kim.id", "Sekretaris Uji")
    add_member(kim, secretary, Membership.Role.SEKRETARIS)
    treasurer = make_user("bendahara@uji.kim.id", "Bendahara Uji")
    treasurer_membership = add_member(kim, treasurer, Membership.Role.BENDAHARA)
    client = client_for(secretary)
    membership = Membership.objects.get(user=anggota)
    client.post(reverse("groups:membership_remove", args=[kim.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REMOVED
    url = reverse("groups:membership_remove", args=[kim.slug, treasurer_membership.pk])
    assert client.post(url).status_code == 403


@pytest.mark.usefixtures("english")
def test_my_kim_shows_memberships_and_pending_requests(client_for, anggota, kim):
    other = make_kim("KIM Lain", kelurahan="dukuh")
    Membership.objects.create(kim=other, user=anggota)
    html = client_for(anggota).get(reverse("groups:mine")).content.decode()
    assert kim.name in html and other.name in html
    assert "Request waiting for approval" in html


def test_pengurus_find_what_waits_for_them_on_my_kim_and_in_the_menu(
    client_for, kim, ketua, anggota, outsider, redaksi
):
    from news.models import Article
    from tests.news.conftest import article_in

    article_in(Article.State.KIM_REVIEW, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi)
    Membership.objects.create(kim=kim, user=outsider)  # a join request
    body = client_for(ketua).get("/kim/saya/").content.decode()
    assert "1 permintaan bergabung menunggu" in body
    assert "1 berita menunggu tinjauan" in body
    assert 'href="/berita/tinjau/">Antrean tinjauan (1)</a>' in body
    # An anggota has no queue: neither the menu nor the page offers one.
    body = client_for(anggota).get("/kim/saya/").content.decode()
    assert "Antrean tinjauan" not in body and "permintaan bergabung" not in body
