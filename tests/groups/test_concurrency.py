"""Two people decide on one KIM, join request or work program at the same moment: exactly one
decision is recorded, the other person is told so, nobody gets a 500."""

from django.urls import reverse

from groups import program_services
from groups.models import Kim, KimStatusChange, Membership, WorkProgram, WorkProgramItem
from tests.conftest import add_member, make_kim, make_user
from tests.parallel import Request, concurrent_requests, make_redaksi, post_in_parallel, text

pytestmark = concurrent_requests

REFUSED = 'class="message message-error"'


def _exactly_one_refused(responses) -> int:
    """The index of the request that succeeded."""
    assert [r.status_code for r in responses] == [200, 200]
    refused = [index for index, r in enumerate(responses) if REFUSED in text(r)]
    assert len(refused) == 1, [text(r)[:300] for r in responses]
    return 1 - refused[0]


def test_verify_and_reject_of_one_kim_at_once(redaksi):
    kim = make_kim("KIM Baru", kelurahan="dukuh", status=Kim.Status.PENDING)
    other = make_redaksi("redaksi2@uji.kim.id")
    url = reverse("groups:review", args=[kim.slug])
    responses = post_in_parallel(
        [
            Request(redaksi, url, {"action": "verify", "note": "SK sah."}),
            Request(other, url, {"action": "reject", "note": "SK tidak terbaca."}),
        ]
    )
    winner = _exactly_one_refused(responses)
    kim.refresh_from_db()
    assert kim.status == ("verified", "rejected")[winner]
    assert KimStatusChange.objects.filter(kim=kim, from_status="pending").count() == 1
    loser = responses[1 - winner]
    assert "that decision is no longer possible" in text(loser)
    assert ("SK tidak terbaca.", "SK sah.")[winner] in text(loser)  # the note as typed


def test_approve_and_decline_of_one_join_request_at_once(kim, ketua):
    sekretaris = make_user("sekretaris@uji.kim.id")
    add_member(kim, sekretaris, Membership.Role.SEKRETARIS)
    request = Membership.objects.create(kim=kim, user=make_user("pelamar@uji.kim.id"))
    responses = post_in_parallel(
        [
            Request(ketua, reverse("groups:membership_approve", args=[kim.slug, request.pk])),
            Request(sekretaris, reverse("groups:membership_decline", args=[kim.slug, request.pk])),
        ]
    )
    winner = _exactly_one_refused(responses)
    request.refresh_from_db()
    assert request.status == ("active", "declined")[winner]
    assert "already been decided" in text(responses[1 - winner])


def test_approve_and_revise_of_one_work_program_at_once(kim, ketua, redaksi):
    program = program_services.program_create(kim=kim, year=2026, actor=ketua)
    WorkProgramItem.objects.create(
        program=program, activity="Liputan", objective="Kabar", target=1, planned_months=[1]
    )
    program_services.program_submit(program=program, actor=ketua)
    other = make_redaksi("redaksi2@uji.kim.id")
    url = reverse("groups:program_review", args=[program.pk])
    responses = post_in_parallel(
        [
            Request(redaksi, url, {"action": "approve", "note": ""}),
            Request(other, url, {"action": "revise", "note": "Target terlalu kecil."}),
        ]
    )
    winner = _exactly_one_refused(responses)
    program.refresh_from_db()
    assert (
        program.status
        == (WorkProgram.Status.APPROVED, WorkProgram.Status.REVISION_REQUESTED)[winner]
    )
    if winner == 0:
        assert "Target terlalu kecil." in text(responses[1])
