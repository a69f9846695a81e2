"""Tickets: the signed check-in token a registration carries and its QR code."""

import segno
from django.core import signing

from workshops.models import Event, Registration

CHECK_IN_SALT = "workshops.check-in"


def check_in_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "t": registration.token}, salt=CHECK_IN_SALT)


def registration_from_token(token: str, *, event: Event) -> Registration | None:
    """The registration a scanned token names, or None if forged, stale or for another event."""
    try:
        data = signing.loads(token, salt=CHECK_IN_SALT)
        pk, secret = int(data["r"]), str(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    registration = (
        Registration.objects.filter(pk=pk, event=event).select_related("user", "kim").first()
    )
    if registration is None or registration.token != secret:
        return None
    return registration


def qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    # Inline SVG: no external service ever sees the ticket.
    return qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=False)
