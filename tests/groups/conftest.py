"""Helpers of the registry tests: a decree PDF and a registration form's fields."""

from django.core.files.uploadedfile import SimpleUploadedFile

from groups.demo import demo_pdf


def pdf_upload(name: str = "sk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf("SK Uji"), content_type="application/pdf")


def registration_data(**overrides) -> dict:
    data = {
        "name": "KIM Noborejo Rukun",
        "kelurahan": "",  # filled by the test: a Kelurahan pk
        "decree_number": "148/7/KEL.NBR/2025",
        "decree_date": "2025-05-02",
        "decree_issuer": "Lurah Noborejo",
        "address": "Jl. Noborejo No. 1",
        "description": "Kabar warga Noborejo.",
        "phone": "081234567890",
        "email": "kim.noborejo@example.com",
        "focus_areas": ["kesehatan", "pendidikan"],
    }
    data.update(overrides)
    return data
