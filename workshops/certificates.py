"""Attendance certificates as PDF."""

from django.utils import timezone
from fpdf import FPDF

from workshops.models import Registration


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
    start = timezone.localtime(event.starts_at)
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
