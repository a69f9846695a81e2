"""Attendance certificates as PDF."""

from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from workshops.models import Registration

JAKARTA = ZoneInfo("Asia/Jakarta")
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
