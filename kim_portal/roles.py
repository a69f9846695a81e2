"""Who is Redaksi: the one place that answers it."""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

REDAKSI_GROUP = "Redaksi"


def is_redaksi(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: templates and views ask several times per request.
    if not hasattr(user, "_is_redaksi"):
        user._is_redaksi = user.groups.filter(name=REDAKSI_GROUP).exists()
    return user._is_redaksi


def redaksi_required(view):
    """A Redaksi-only view: anonymous visitors log in first, everyone else gets 403."""

    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_redaksi(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def redaksi_emails() -> list[str]:
    """The addresses the Redaksi's mail goes to: its active members."""
    return list(
        get_user_model()
        .objects.filter(groups__name=REDAKSI_GROUP, is_active=True)
        .values_list("email", flat=True)
    )


def grant_redaksi_permissions(apps, app_label: str, codenames: list[str]) -> None:
    """For data migrations: give the Redaksi group these permissions of one app.

    Permissions are normally created after `migrate` ends; create them now so that a fresh
    database gets a complete Redaksi group in one run.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REDAKSI_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
