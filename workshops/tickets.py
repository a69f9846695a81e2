"""Check-in tokens, QR codes, calendar files and certificates: the event's printable outputs."""

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import segno
from django.conf import settings
from django.core import signing
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from fpdf import FPDF

from workshops.models import Event, Registration

CHECK_IN_SALT = "workshops.check-in"
JAKARTA = ZoneInfo("Asia/Jakarta")


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
    # Inline SVG: no external service ever sees the ticket. A viewBox and no fixed size, so the
    # stylesheet scales the whole code to the screen instead of cropping a long link's larger
    # code; a quiet zone of 4 modules, as scanners expect.
    return qr.svg_inline(scale=5, border=4, dark="#000", light="#fff", omitsize=True)


def _vtimezone() -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid("Asia/Jakarta")


def _vevent(event: Event, base_url: str) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@kim-salatiga")
    item.add("dtstamp", event.updated_at or timezone.now())
    item.add("dtstart", event.starts_at.astimezone(JAKARTA))
    item.add("dtend", event.ends_at.astimezone(JAKARTA))
    item.add("summary", event.title)
    item.add("description", f"{event.summary}\n\n{strip_tags(event.description)}".strip())
    location = ", ".join(part for part in (event.venue, event.address) if part) or event.online_url
    if location:
        item.add("location", location)
    item.add("url", base_url + event.get_absolute_url())
    if event.is_cancelled:
        item.add("status", "CANCELLED")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.title)
    alarm.add("trigger", timedelta(days=-1))
    item.add_component(alarm)
    return item


def calendar_ics(events, *, base_url: str, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Portal KIM Kota Salatiga//Agenda//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add_component(_vtimezone())
    for event in events:
        cal.add_component(_vevent(event, base_url))
    return cal.to_ical()


FONTS = Path(__file__).resolve().parent / "fonts"  # DejaVu Sans, embedded (see fonts/LICENSE)
LOGO = Path(settings.BASE_DIR) / "static" / "img" / "logo.svg"
GREEN, GOLD, INK = (11, 92, 85), (242, 169, 0), (26, 26, 26)


def certificate_pdf(registration: Registration, *, verify_url: str) -> bytes:
    """The certificate of attendance, in the active language. Its font is embedded and covers
    what phone keyboards type (’ “ ” – and names beyond Latin-1)."""
    event, user = registration.event, registration.user
    start = timezone.localtime(event.starts_at, JAKARTA)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_title(_("Certificate of attendance: %(event)s") % {"event": event.title})
    pdf.set_author(settings.OFFICE_NAME)
    pdf.set_subject(user.full_name)
    pdf.set_lang(translation.get_language() or settings.LANGUAGE_CODE)
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 20, 25)
    pdf.add_page()
    pdf.set_text_color(*INK)
    # A double frame in the portal's colours.
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.6)
    pdf.rect(10, 10, 277, 190)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.6)
    pdf.rect(14, 14, 269, 182)

    pdf.image(str(LOGO), x=138.5, y=20, w=20, h=20)
    pdf.set_y(43)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_text_color(*GREEN)
    pdf.cell(0, 6, settings.OFFICE_NAME.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 5, settings.OFFICE_ADDRESS, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(60)
    pdf.set_font("DejaVu", "B", 28)
    pdf.cell(0, 14, _("CERTIFICATE OF ATTENDANCE"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "", 13)
    pdf.cell(0, 9, _("is awarded to"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 24)
    pdf.multi_cell(0, 12, user.full_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 13)
    pdf.cell(
        0,
        9,
        _("for attending the %(kind)s") % {"kind": event.get_kind_display().lower()},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, event.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    place = event.venue or _("online")
    when = formats.date_format(start, "l, j F Y")
    pdf.cell(0, 8, f"{when} · {place}", align="C", new_x="LMARGIN", new_y="NEXT")

    # Signature block on the right, verification on the left.
    pdf.set_xy(180, 150)
    pdf.set_font("DejaVu", "", 11)
    dated = f"{settings.OFFICE_CITY}, {formats.date_format(start, 'j F Y')}"
    pdf.multi_cell(90, 5.5, dated, align="C", new_x="LEFT", new_y="NEXT")
    if event.signatory_title:
        pdf.multi_cell(90, 5.5, event.signatory_title, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 14)
    pdf.set_x(180)
    pdf.set_font("DejaVu", "B", 12)
    signatory = event.signatory_name or settings.OFFICE_NAME
    pdf.multi_cell(90, 6, signatory, align="C", new_x="LEFT", new_y="NEXT")

    pdf.set_xy(27, 165)
    pdf.set_font("DejaVu", "", 9)
    code = _("Verification code: %(code)s") % {"code": registration.certificate_code}
    pdf.multi_cell(140, 5, code, new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(
        140, 5, _("Check it at %(url)s") % {"url": verify_url}, new_x="LEFT", new_y="NEXT"
    )
    return bytes(pdf.output())
