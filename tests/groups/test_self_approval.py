"""Nobody decides on their own work: a KIM they registered, a program they wrote, their own
request to join. Each refusal is told in words and changes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertContains

from groups import program_services
from groups.models import Kim, Membership, WorkProgram, WorkProgramItem
from kim_portal.roles import REDAKSI_GROUP
from tests.conftest import add_member, make_kim, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def redaksi_named(email: str):
    user = make_user(email, "Redaksi Lain")
    user.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    return user


def test_a_redaksi_cannot_verify_a_kim_they_registered(client_for, redaksi):
    kim = make_kim("KIM Milik Redaksi", kelurahan="dukuh", status=Kim.Status.PENDING)
    kim.registered_by = redaksi
    kim.save()
    url = reverse("groups:review", args=[kim.slug])
    response = client_for(redaksi).post(url, {"action": "verify", "note": "Saya sendiri."})
    assertContains(response, "You cannot decide on a KIM you registered or belong to")
    assertContains(response, "Saya sendiri.")  # the note as typed
    kim.refresh_from_db()
    assert kim.status == Kim.Status.PENDING and not kim.status_changes.exists()


def test_a_redaksi_cannot_deactivate_a_kim_they_belong_to(client_for, redaksi, kim):
    add_member(kim, redaksi, Membership.Role.KETUA)
    url = reverse("groups:review", args=[kim.slug])
    response = client_for(redaksi).post(url, {"action": "deactivate", "note": "Tidak aktif."})
    assertContains(response, "You cannot decide on a KIM you registered or belong to")
    kim.refresh_from_db()
    assert kim.status == Kim.Status.VERIFIED


def test_another_redaksi_verifies_that_kim(client_for, redaksi):
    kim = make_kim("KIM Milik Redaksi", kelurahan="dukuh", status=Kim.Status.PENDING)
    kim.registered_by = redaksi
    kim.save()
    other = redaksi_named("redaksi2@uji.kim.id")
    response = client_for(other).post(
        reverse("groups:review", args=[kim.slug]), {"action": "verify"}
    )
    assert response.status_code == 302
    kim.refresh_from_db()
    assert kim.status == Kim.Status.VERIFIED


def _submitted_program(kim, pengurus) -> WorkProgram:
    program = program_services.program_create(kim=kim, year=2026, actor=pengurus)
    WorkProgramItem.objects.create(
        program=program, activity="Liputan", objective="Kabar", target=1, planned_months=[1]
    )
    return program_services.program_submit(program=program, actor=pengurus)


def test_a_redaksi_cannot_approve_the_work_program_of_their_own_kim(client_for, redaksi, kim):
    add_member(kim, redaksi, Membership.Role.SEKRETARIS)
    program = _submitted_program(kim, redaksi)
    url = reverse("groups:program_review", args=[program.pk])
    response = client_for(redaksi).post(url, {"action": "approve", "note": "Bagus."})
    assertContains(response, "You cannot decide on a work program you wrote")
    program.refresh_from_db()
    assert program.status == WorkProgram.Status.SUBMITTED
    # Another Redaksi may.
    other = redaksi_named("redaksi2@uji.kim.id")
    assert client_for(other).post(url, {"action": "approve"}).status_code == 302
    program.refresh_from_db()
    assert program.status == WorkProgram.Status.APPROVED


def test_a_redaksi_cannot_approve_their_own_join_request(client_for, redaksi, kim, ketua):
    request = Membership.objects.create(kim=kim, user=redaksi)
    url = reverse("groups:membership_approve", args=[kim.slug, request.pk])
    response = client_for(redaksi).post(url, follow=True)
    assertContains(response, "You cannot decide on your own request to join.")
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING
    client_for(ketua).post(url)
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE


def test_nor_decline_it():
    kim = make_kim()
    user = make_user("pelamar@uji.kim.id")
    user.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    request = Membership.objects.create(kim=kim, user=user)
    from groups import services

    with pytest.raises(services.MembershipError):
        services.membership_decline(membership=request, actor=user)
