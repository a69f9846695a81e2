from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KimPortalConfig(AppConfig):
    name = "kim_portal"
    verbose_name = _("Portal")
