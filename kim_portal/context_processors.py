from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kim_portal.roles import is_redaksi

# Header navigation, in order. A section whose app is not installed yet is simply left out.
NAVIGATION = [
    ("home", _("Home")),
    ("news:list", _("News")),
    ("groups:list", _("KIM")),
    ("workshops:list", _("Events")),
    ("materials:materials", _("Materials")),
    ("stats", _("Statistics")),
]

# Links in the account menu, after "My profile".
ACCOUNT_LINKS = [
    ("groups:mine", _("My KIM")),
    ("news:mine", _("My articles")),
    ("workshops:mine", _("My events")),
    ("materials:announcements", _("Announcements")),
    ("materials:my_reports", _("My sharing reports")),
    ("subscriptions:mine", _("My subscriptions")),
]


def _resolved(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    items = []
    for name, label in links:
        try:
            items.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return items


def portal(request) -> dict:
    return {
        "navigation": _resolved(NAVIGATION),
        "account_links": _resolved(ACCOUNT_LINKS),
        "user_is_redaksi": is_redaksi(request.user) if hasattr(request, "user") else False,
    }
