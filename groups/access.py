"""Who may see and manage a KIM: the one place that answers it (news and events import it too)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from groups.models import Kim, Membership, WorkProgram
from kim_portal.roles import is_redaksi


def active_membership(user, kim: Kim | None) -> Membership | None:
    if kim is None or not user.is_authenticated:
        return None
    # Cached per KIM on the user object: a page asks several times.
    cache = user.__dict__.setdefault("_kim_memberships", {})
    if kim.pk not in cache:
        cache[kim.pk] = Membership.objects.active().filter(kim=kim, user=user).first()
    return cache[kim.pk]


def pengurus_emails(kim: Kim | None) -> list[str]:
    """The addresses a KIM's mail goes to: its active pengurus (none without a KIM)."""
    if kim is None:
        return []
    return list(Membership.objects.pengurus().filter(kim=kim).values_list("user__email", flat=True))


def is_member(user, kim: Kim | None) -> bool:
    return active_membership(user, kim) is not None


def is_pengurus(user, kim: Kim | None) -> bool:
    membership = active_membership(user, kim)
    return membership is not None and membership.is_pengurus


def is_reviewing_pengurus(user, kim: Kim | None) -> bool:
    """A pengurus of a verified KIM: the first review stage of its articles is theirs."""
    return kim is not None and kim.is_verified and is_pengurus(user, kim)


def is_ketua(user, kim: Kim) -> bool:
    membership = active_membership(user, kim)
    return membership is not None and membership.is_ketua


def can_manage(user, kim: Kim) -> bool:
    """Approve members and edit the profile."""
    return is_redaksi(user) or is_pengurus(user, kim)


def can_assign_roles(user, kim: Kim) -> bool:
    """Change roles and remove officers: the ketua, or Redaksi."""
    return is_redaksi(user) or is_ketua(user, kim)


def can_view(user, kim: Kim) -> bool:
    return kim.is_verified or is_redaksi(user) or is_member(user, kim)


def get_kim_for_user(request: HttpRequest, slug: str, *, manage: bool = False) -> Kim:
    """The KIM, if the user may see it (else 404) and, with `manage`, manage it (else 403)."""
    kim = Kim.objects.select_related("kelurahan__kecamatan").filter(slug=slug).first()
    if kim is None or not can_view(request.user, kim):
        raise Http404("No such KIM.")
    if manage and not can_manage(request.user, kim):
        raise PermissionDenied
    return kim


def can_edit_program(user, kim: Kim) -> bool:
    """Pengurus draft and update their KIM's work program; the Redaksi only reviews it."""
    return is_pengurus(user, kim)


def get_program_for_user(request: HttpRequest, slug: str, year: int, *, edit: bool = False):
    """(kim, program or None). An approved program is as public as its KIM; anything else is for
    the KIM's pengurus (and, to review it, the Redaksi): outsiders get 404, members 403. With
    `edit`, only pengurus. Views send anonymous visitors to log in before asking."""
    if not 2000 <= year <= 2100:
        raise Http404("No such year.")
    kim = get_kim_for_user(request, slug)
    program = WorkProgram.objects.filter(kim=kim, year=year).first()
    user = request.user
    if program is not None and program.status == WorkProgram.Status.APPROVED and not edit:
        return kim, program
    if can_edit_program(user, kim):
        return kim, program
    if is_redaksi(user) and not edit and program is not None:
        return kim, program
    if is_member(user, kim) or (is_redaksi(user) and program is not None):
        raise PermissionDenied
    raise Http404("No such work program.")
