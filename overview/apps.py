from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The top floor: pages that read every app (home, Redaksi desk, statistics, scorecards)."""

    name = "overview"
    verbose_name = _("Overview")
