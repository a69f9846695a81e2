"""Who may see member-only materials and report spreading them: the one place that answers it."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.models import Membership
from kim_portal.roles import is_redaksi
from materials.models import Material


def reporting_memberships(user):
    """Active memberships in verified KIMs: the KIMs a member may report on behalf of."""
    return Membership.objects.active_for(user).select_related("kim").order_by("kim__name")


def sees_member_materials(user) -> bool:
    """Logged-in active members of a verified KIM, and the Redaksi. Cached on the user."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_sees_member_materials"):
        user._sees_member_materials = is_redaksi(user) or reporting_memberships(user).exists()
    return user._sees_member_materials


class LoginRequired(Exception):
    """Raised by the access helper when an anonymous visitor asks for a member-only item."""


def get_material_for_user(request, slug: str) -> Material:
    """A material as its page shows it.

    Unpublished items exist only for the Redaksi (404 for everyone else). Member-only items ask
    anonymous visitors to log in and refuse logged-in non-members with 403.
    """
    material = Material.objects.filter(slug=slug).first()
    if material is None:
        raise Http404
    if not material.is_published or material.valid_from > _today():
        if is_redaksi(request.user):
            return material
        raise Http404
    if material.is_members_only and not sees_member_materials(request.user):
        if not request.user.is_authenticated:
            raise LoginRequired
        raise PermissionDenied
    return material


def login_redirect(request):
    return redirect_to_login(request.get_full_path())


def _today():
    from django.utils import timezone

    return timezone.localdate()
