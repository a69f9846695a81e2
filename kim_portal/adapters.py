from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import translation

from kim_portal.mail import enqueue_mail


class PortalSite:
    """What allauth's mails call `current_site`: the portal's name and its public address."""

    name = settings.SITE_NAME
    domain = settings.SITE_URL.split("://", 1)[-1]


def _on_site_url(context: dict, request) -> dict:
    """allauth builds the links of its mails (verification, password reset, sign-up) from the
    request's Host, which the sender of a forged request chooses: re-base them on SITE_URL."""
    if request is None:
        return context
    origin = request.build_absolute_uri("/")
    site = settings.SITE_URL + "/"
    return {
        key: site + value[len(origin) :]
        if isinstance(value, str) and value.startswith(origin)
        else value
        for key, value in context.items()
    }


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Render now, in the request's language; deliver through the task queue.
        context = {"email": email, "current_site": PortalSite(), **context}
        context = _on_site_url(context, context.get("request") or getattr(self, "request", None))
        msg = self.render_mail(template_prefix, email, context)
        enqueue_mail(subject=msg.subject, body=msg.body, recipients=msg.to)

    def login(self, request, user) -> None:
        # Read before Django's login stamps last_login.
        request.is_first_login = user.last_login is None
        super().login(request, user)
        user.remember_language(translation.get_language())

    def get_login_redirect_url(self, request) -> str:
        """The first login offers registering or joining a KIM, as the sign-up does: the
        verification link may have been opened in another browser, which logs nobody in."""
        user = request.user
        if getattr(request, "is_first_login", False) and not user.memberships.exists():
            return resolve_url("groups:welcome")
        return super().get_login_redirect_url(request)
