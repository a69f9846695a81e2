"""Demo KIMs with officers and members (PRODUCT.md §10)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from groups.models import (
    Kelurahan,
    Kim,
    KimStatusChange,
    Membership,
    WorkProgram,
    WorkProgramItem,
    WorkProgramReview,
)
from kim_portal.demo import demo_user

F = Kim.FocusArea

# name, kelurahan slug, founding year, focus areas, a line about what they do
DEMO_KIMS = [
    (
        "KIM Ledok Berdaya",
        "ledok",
        2019,
        [F.GOVERNMENT, F.ENVIRONMENT, F.DIGITAL],
        "Mengabarkan kegiatan kelurahan, kerja bakti dan bank sampah warga Ledok.",
    ),
    (
        "KIM Kalicacing Informatif",
        "kalicacing",
        2018,
        [F.HEALTH, F.EDUCATION],
        "Menyebarkan info posyandu, jadwal vaksinasi dan beasiswa untuk warga Kalicacing.",
    ),
    (
        "KIM Mangunsari Maju",
        "mangunsari",
        2020,
        [F.ECONOMY, F.TOURISM],
        "Mempromosikan UMKM dan kuliner Mangunsari lewat media sosial dan papan informasi RW.",
    ),
    (
        "KIM Blotongan Cerdas",
        "blotongan",
        2017,
        [F.AGRICULTURE, F.ENVIRONMENT],
        "Berbagi kabar kelompok tani, harga panen dan pengelolaan lingkungan Blotongan.",
    ),
    (
        "KIM Kauman Kidul Bersatu",
        "kauman-kidul",
        2021,
        [F.CULTURE, F.GOVERNMENT],
        "Mendokumentasikan kegiatan budaya dan musyawarah warga Kauman Kidul.",
    ),
    (
        "KIM Kutowinangun Lor Sejahtera",
        "kutowinangun-lor",
        2019,
        [F.ECONOMY, F.HEALTH],
        "Mengabarkan pasar murah, pelatihan usaha dan layanan kesehatan di Kutowinangun Lor.",
    ),
    (
        "KIM Tingkir Lor Kreatif",
        "tingkir-lor",
        2022,
        [F.DIGITAL, F.EDUCATION],
        "Mengajak pemuda Tingkir Lor membuat konten video tentang kampungnya.",
    ),
    (
        "KIM Cebongan Mandiri",
        "cebongan",
        2020,
        [F.DISASTER, F.GOVERNMENT],
        "Menyiapkan informasi siaga bencana dan pengumuman kelurahan untuk warga Cebongan.",
    ),
]

DEMO_PEOPLE = [
    ("Dwi Handayani", Membership.Role.SEKRETARIS),
    ("Yohanes Setiawan", Membership.Role.BENDAHARA),
    ("Nur Aini", Membership.Role.PENGUMPULAN),
    ("Teguh Santoso", Membership.Role.PENGOLAHAN),
    ("Maria Kristiani", Membership.Role.PENYEBARLUASAN),
    ("Slamet Riyadi", Membership.Role.ANGGOTA),
    ("Endang Lestari", Membership.Role.ANGGOTA),
    ("Rudi Hartono", Membership.Role.ANGGOTA),
    ("Wahyu Kurniawan", Membership.Role.ANGGOTA),
    ("Fitri Rahmawati", Membership.Role.ANGGOTA),
]


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF with one line of text, built by hand (no library needed)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _member(kim: Kim, user, role: str, status=Membership.Status.ACTIVE) -> None:
    Membership.objects.update_or_create(kim=kim, user=user, status=status, defaults={"role": role})


def _profile(index: int, name: str, kelurahan: Kelurahan, year: int, focus, about: str) -> dict:
    return {
        "address": f"Balai Kelurahan {kelurahan.name}, Kota Salatiga",
        "description": about,
        "founded_on": datetime.date(year, 3 + index % 8, 10 + index),
        "decree_number": f"148/{12 + index}/KEL.{kelurahan.name.upper()}/{year}",
        "decree_date": datetime.date(year, 3 + index % 8, 10 + index),
        "decree_issuer": f"Lurah {kelurahan.name}",
        "phone": f"0812290{index:02d}{index + 11:03d}",
        "email": f"{slugify(name)}@gmail.com",
        "instagram_url": f"https://www.instagram.com/{slugify(name).replace('-', '')}/",
        "focus_areas": [str(area) for area in focus],
    }


def _status_history(kim: Kim, steps: list[tuple]) -> None:
    if kim.status_changes.exists():
        return
    previous = ""
    for actor, to_status, note in steps:
        KimStatusChange.objects.create(
            kim=kim, actor=actor, from_status=previous, to_status=to_status, note=note
        )
        previous = to_status
    kim.status = previous
    kim.save(update_fields=["status"])


def seed(accounts: dict) -> list[Kim]:
    kims = []
    for index, (name, kelurahan_slug, year, focus, about) in enumerate(DEMO_KIMS):
        kelurahan = Kelurahan.objects.get(slug=kelurahan_slug)
        chair = (
            accounts["ketua"]
            if index == 0
            else demo_user(f"ketua.{slugify(name)}@demo.kim.id", f"Ketua {name}")
        )
        kim, _ = Kim.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kelurahan": kelurahan,
                "registered_by": chair,
                **_profile(index, name, kelurahan, year, focus, about),
            },
        )
        _status_history(
            kim,
            [
                (chair, Kim.Status.PENDING, ""),
                (
                    accounts["redaksi"],
                    Kim.Status.VERIFIED,
                    "SK pengukuhan dari lurah sudah diperiksa dan sah.",
                ),
            ],
        )
        _member(kim, chair, Membership.Role.KETUA)
        if index == 0:
            _member(kim, accounts["anggota"], Membership.Role.ANGGOTA)
        for person_index, (full_name, role) in enumerate(DEMO_PEOPLE):
            email = f"{slugify(full_name)}.{index}@demo.kim.id"
            _member(
                kim,
                demo_user(email, full_name),
                role if person_index < 5 else Membership.Role.ANGGOTA,
            )
        kims.append(kim)

    # One request waiting on the ketua's KIM, so the approval flow can be tried (once: after
    # someone approves it in the demo, running the seed again leaves the member be).
    requester = demo_user("sri.wahyuni@demo.kim.id", "Sri Wahyuni")
    if not Membership.objects.filter(kim=kims[0], user=requester).exists():
        _member(kims[0], requester, Membership.Role.ANGGOTA, status=Membership.Status.PENDING)
    kims.append(_seed_pending(accounts))
    kims.append(_seed_rejected(accounts))
    return kims


def _seed_pending(accounts: dict) -> Kim:
    registrant = demo_user("hendra.gunawan@demo.kim.id", "Hendra Gunawan", whatsapp="081390002001")
    kelurahan = Kelurahan.objects.get(slug="kumpulrejo")
    name = "KIM Kumpulrejo Guyub"
    kim, created = Kim.objects.update_or_create(
        slug=slugify(name),
        defaults={
            "name": name,
            "kelurahan": kelurahan,
            "registered_by": registrant,
            **_profile(
                8,
                name,
                kelurahan,
                2026,
                [F.AGRICULTURE, F.ECONOMY],
                "Kelompok baru yang ingin mengabarkan hasil kebun dan pasar tani Kumpulrejo.",
            ),
        },
    )
    if not kim.decree_file:
        kim.decree_file.save(
            "sk.pdf", ContentFile(demo_pdf("SK Pengukuhan KIM Kumpulrejo Guyub")), save=True
        )
    _status_history(kim, [(registrant, Kim.Status.PENDING, "")])
    _member(kim, registrant, Membership.Role.KETUA)
    return kim


def _seed_rejected(accounts: dict) -> Kim:
    registrant = demo_user("yuli.astuti@demo.kim.id", "Yuli Astuti")
    kelurahan = Kelurahan.objects.get(slug="bugel")
    name = "KIM Bugel Bersinar"
    kim, _ = Kim.objects.update_or_create(
        slug=slugify(name),
        defaults={"name": name, "kelurahan": kelurahan, "registered_by": registrant},
    )
    _status_history(
        kim,
        [
            (registrant, Kim.Status.PENDING, ""),
            (
                accounts["redaksi"],
                Kim.Status.REJECTED,
                "Dokumen SK yang diunggah tidak terbaca dan nomornya tidak tercantum. "
                "Silakan daftar ulang dengan pindaian SK yang jelas.",
            ),
        ],
    )
    _member(kim, registrant, Membership.Role.KETUA)
    return kim


# -- Work programs and a year of history ------------------------------------------------------

# activity, objective, indicator, target, unit, months, status, manual progress, notes
PROGRAM_ITEMS = [
    (
        "Liputan kegiatan kelurahan",
        "Warga mendapat kabar kegiatan kelurahan setiap bulan.",
        "published_news",
        24,
        "berita",
        list(range(1, 13)),
        "berjalan",
        0,
        "Dua berita per bulan, ditulis bergiliran oleh anggota.",
    ),
    (
        "Ikut bimbingan teknis Diskominfo",
        "Anggota makin terampil menulis dan memotret.",
        "event_attendance",
        6,
        "kehadiran",
        [3, 6, 9],
        "berjalan",
        0,
        "",
    ),
    (
        "Papan informasi di setiap RW",
        "Pengumuman kelurahan sampai ke warga yang tidak memakai ponsel.",
        "manual",
        8,
        "papan",
        [2, 3, 4],
        "selesai",
        8,
        "Delapan papan terpasang dan diperbarui tiap Senin.",
    ),
    (
        "Kelas literasi digital untuk lansia",
        "Warga lansia bisa mengenali kabar bohong di grup WhatsApp.",
        "manual",
        4,
        "kelas",
        [5, 8, 11],
        "rencana",
        0,
        "",
    ),
    (
        "Siaran radio komunitas",
        "Menjangkau warga lewat radio RW.",
        "manual",
        12,
        "siaran",
        [1, 2],
        "batal",
        0,
        "Radio RW rusak; dana dialihkan ke papan informasi.",
    ),
]


def seed_programs(accounts: dict, kims: list[Kim]) -> None:
    """Programs for this year: five approved and public, one submitted, one in revision."""
    year = timezone.localdate().year
    verified = [kim for kim in kims if kim.is_verified]
    plan = ["approved"] * 5 + ["submitted", "revision_requested"]
    for index, (kim, status) in enumerate(zip(verified, plan, strict=False)):
        program, created = WorkProgram.objects.get_or_create(
            kim=kim, year=year, defaults={"status": status}
        )
        if not created:
            continue
        chair = Membership.objects.pengurus().filter(kim=kim, role="ketua").first()
        actor = chair.user if chair else accounts["ketua"]
        items = PROGRAM_ITEMS if index < 3 else PROGRAM_ITEMS[:3]
        for (
            activity,
            objective,
            indicator,
            target,
            unit,
            months,
            item_status,
            value,
            notes,
        ) in items:
            done = item_status == "selesai" or (index % 2 and item_status == "rencana")
            WorkProgramItem.objects.create(
                program=program,
                activity=activity,
                objective=objective,
                indicator=indicator,
                target=target,
                unit=unit,
                planned_months=months,
                status="selesai" if done else item_status,
                manual_progress=target if done and indicator == "manual" else value,
                progress_notes=notes,
                evidence_links=f"https://salatiga.go.id/kim/{kim.slug}" if done else "",
            )
        steps = [("", "draft", actor, ""), ("draft", "submitted", actor, "")]
        if status == "approved":
            steps.append(
                ("submitted", "approved", accounts["redaksi"], "Program jelas dan terukur.")
            )
        if status == "revision_requested":
            steps.append(
                (
                    "submitted",
                    "revision_requested",
                    accounts["redaksi"],
                    "Target berita terlalu rendah; mohon tambahkan jadwal bulanannya.",
                )
            )
        for from_status, to_status, who, note in steps:
            WorkProgramReview.objects.create(
                program=program, actor=who, from_status=from_status, to_status=to_status, note=note
            )
        WorkProgram.objects.filter(pk=program.pk).update(
            created_by=actor,
            submitted_at=timezone.now() if status != "draft" else None,
            decided_at=timezone.now() if status in ("approved", "revision_requested") else None,
        )
