"""Check-in tokens, QR codes, calendar files and certificates: the event's printable outputs."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import segno
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.html import strip_tags
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
    # Inline SVG: no external service ever sees the ticket.
    return qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=False)


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
    # An X- property is not escaped as text: a title's line break would end the line.
    cal.add("x-wr-calname", " ".join(name.split()))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add_component(_vtimezone())
    for event in events:
        cal.add_component(_vevent(event, base_url))
    return cal.to_ical()


def certificate_pdf(registration: Registration, *, verify_url: str) -> bytes:
    event = registration.event
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(31, 94, 80)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("Helvetica", "B", 30)
    pdf.set_y(35)
    pdf.cell(0, 14, "SERTIFIKAT KEHADIRAN", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 10, "Diberikan kepada", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(0, 16, _latin1(registration.user.full_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 10, "atas kehadirannya dalam", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_x(30)
    pdf.multi_cell(237, 9, _latin1(event.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    start = timezone.localtime(event.starts_at, JAKARTA)
    place = event.venue or "daring"
    pdf.cell(0, 10, _latin1(f"{start:%d-%m-%Y}, {place}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(160)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(
        0,
        7,
        f"Kode verifikasi: {registration.certificate_code}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 7, _latin1(f"Periksa keaslian di {verify_url}"), align="C")
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    # The core PDF fonts cover Latin-1 only; Indonesian names fit, anything else is replaced.
    return text.encode("latin-1", "replace").decode("latin-1")
