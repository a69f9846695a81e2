"""Demo information materials, dissemination reports and announcements (PRODUCT.md §10).

Posters are drawn here with Pillow and PDFs generated; nothing is downloaded.
"""

import random
import textwrap
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from groups.demo import demo_pdf
from groups.models import Membership
from materials import services as material_services
from materials.models import Announcement, AnnouncementRecipient, DisseminationReport, Material

INFOGRAPHIC_COLOURS = [(0, 105, 92), (183, 28, 28), (21, 101, 192), (106, 27, 154)]


def _infographic(index: int, heading: str, lines: list[str]) -> Image.Image:
    """A poster: coloured header, large text (PIL's default font), numbered circles."""
    from PIL import ImageFont

    colour = INFOGRAPHIC_COLOURS[index % len(INFOGRAPHIC_COLOURS)]
    img = Image.new("RGB", (900, 1200), (250, 248, 240))
    draw = ImageDraw.Draw(img)
    big, medium = ImageFont.load_default(size=64), ImageFont.load_default(size=40)
    draw.rectangle((0, 0, 900, 260), fill=colour)
    draw.multiline_text(
        (60, 50), "\n".join(textwrap.wrap(heading, 22)[:3]), font=medium, fill=(255, 255, 255)
    )
    for number, line in enumerate(lines, start=1):
        top = 320 + (number - 1) * 200
        draw.ellipse((60, top, 180, top + 120), fill=colour)
        draw.text((102, top + 28), str(number), font=big, fill=(255, 255, 255))
        draw.text((220, top + 38), line, font=medium, fill=(33, 33, 33))
    draw.rectangle((0, 1120, 900, 1200), fill=colour)
    draw.text((60, 1138), "KIM Kota Salatiga", font=medium, fill=(255, 255, 255))
    return img


class _DemoImage:
    """What `material_create` expects of an image upload cleaned by ImageFormField."""

    def __init__(self, image: Image.Image, name: str):
        self.image, self.name = image, name


def _demo_pdf_upload(title: str, name: str):
    upload = ContentFile(demo_pdf(title), name=name)
    upload.kind = "pdf"
    return upload


# (kind, topic, audience, title, summary, description, days valid from, days valid until or None,
# infographic lines or None)
MATERIALS = [
    (
        "infografis",
        "kesehatan",
        "public",
        "Cegah DBD dengan 3M Plus",
        "Langkah sederhana di rumah untuk memutus jentik nyamuk Aedes aegypti di musim hujan.",
        "Bagikan ke grup RT menjelang musim hujan. Ingatkan warga memeriksa tempat penampungan "
        "air setiap pekan.",
        -20,
        120,
        ["Menguras bak mandi", "Menutup tandon air", "Mendaur ulang barang"],
    ),
    (
        "infografis",
        "digital",
        "public",
        "Kenali Hoaks Sebelum Membagikan",
        "Tiga pertanyaan sebelum meneruskan pesan berantai di grup WhatsApp warga.",
        "Hoaks sering menumpang pada berita bencana dan bantuan sosial. Ajak warga mengecek "
        "sumber sebelum menekan tombol teruskan.",
        -10,
        None,
        ["Siapa sumbernya?", "Sudah dicek di situs resmi?", "Perlu dibagikan?"],
    ),
    (
        "infografis",
        "kesehatan",
        "public",
        "Jadwal Imunisasi Anak di Posyandu",
        "Ringkasan jadwal imunisasi dasar lengkap untuk bayi dan balita.",
        "Tempel di papan pengumuman posyandu dan balai RW.",
        -5,
        200,
        ["Usia 0-1 bulan: HB0, BCG", "Usia 2-4 bulan: DPT, Polio", "Usia 9 bulan: Campak"],
    ),
    (
        "infografis",
        "digital",
        "members",
        "Cara Mengirim Berita ke Portal KIM",
        "Panduan singkat bagi anggota KIM: menulis, melampirkan foto, lalu mengirim untuk ditinjau.",
        "Khusus anggota KIM. Bagikan di grup internal KIM, bukan di grup warga umum.",
        -30,
        None,
        ["Tulis judul yang jelas", "Lampirkan foto kegiatan", "Kirim untuk ditinjau"],
    ),
    (
        "siaran-pers",
        "ekonomi",
        "public",
        "Pemkot Salatiga Buka Pelatihan Pemasaran Digital untuk UMKM",
        "Pendaftaran pelatihan pemasaran daring bagi pelaku usaha mikro dibuka hingga akhir bulan.",
        "Pelatihan berlangsung tiga hari di gedung pertemuan kecamatan. Peserta belajar memotret "
        "produk dengan ponsel, menulis keterangan jualan, dan mengelola pesanan.",
        -3,
        25,
        None,
    ),
    (
        "siaran-pers",
        "pemerintahan",
        "public",
        "Layanan Adminduk Keliling Hadir di Kelurahan",
        "Perekaman KTP elektronik dan pencetakan KIA keliling ke kelurahan selama dua pekan.",
        "Jadwal layanan keliling sudah berakhir; bahan ini disimpan sebagai arsip.",
        -60,
        -15,
        None,
    ),
    (
        "siaran-pers",
        "keamanan",
        "public",
        "Siaga Bencana Musim Hujan di Salatiga",
        "Warga diminta membersihkan saluran air dan mewaspadai pohon rawan tumbang.",
        "BPBD mengimbau pengurus RT mencatat titik genangan dan melaporkannya lewat kelurahan.",
        -7,
        90,
        None,
    ),
    (
        "sosialisasi",
        "lingkungan",
        "public",
        "Pilah Sampah dari Rumah",
        "Materi sosialisasi pemilahan sampah organik dan anorganik untuk pertemuan warga.",
        "Dapat dibacakan di pertemuan RT atau PKK. Sertakan jadwal bank sampah di kelurahan Anda.",
        -14,
        None,
        None,
    ),
    (
        "sosialisasi",
        "pemerintahan",
        "members",
        "Bahan Diskusi Musrenbang Kelurahan",
        "Panduan bagi KIM untuk mengumpulkan usulan warga sebelum musyawarah perencanaan.",
        "Khusus anggota KIM: berisi format rekap usulan dan contoh pertanyaan untuk warga.",
        -12,
        60,
        None,
    ),
    (
        "regulasi",
        "pemerintahan",
        "public",
        "Permenkominfo Nomor 8 Tahun 2010 tentang Pedoman Pengembangan dan Pemberdayaan "
        "Lembaga Komunikasi Sosial",
        "Dasar hukum KIM: peraturan menteri yang menempatkan KIM sebagai lembaga komunikasi "
        "sosial yang dibentuk dan dikelola oleh masyarakat sendiri.",
        "<p>Peraturan ini menjadi pegangan pemerintah daerah dalam membina lembaga komunikasi "
        "sosial, termasuk Kelompok Informasi Masyarakat. Intinya: KIM tumbuh dari warga, "
        "bersifat mandiri, dan berperan menjembatani arus informasi antara pemerintah dan "
        "masyarakat di tingkat kelurahan.</p><p>Bagi pengurus KIM, peraturan ini berguna "
        "saat menyusun anggaran dasar dan mengurus pengukuhan.</p>",
        -365,
        None,
        None,
    ),
    (
        "regulasi",
        "pemerintahan",
        "public",
        "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
        "Hak warga untuk memperoleh informasi dari badan publik, dan cara memintanya.",
        "<p>Ringkasan pasal-pasal yang paling sering ditanyakan warga di pertemuan KIM.</p>",
        -365,
        None,
        None,
    ),
    (
        "video",
        "digital",
        "public",
        "Video: Menulis Berita Warga yang Enak Dibaca",
        "Tutorial singkat menulis berita kegiatan kampung dengan rumus 5W+1H.",
        "",
        -8,
        None,
        None,
    ),
    (
        "video",
        "digital",
        "members",
        "Rekaman Bimtek Pengelolaan Media Sosial KIM",
        "Rekaman bimbingan teknis bagi pengurus KIM, khusus anggota.",
        "",
        -25,
        None,
        None,
    ),
]


def seed_materials(accounts: dict, kims: list) -> int:
    if Material.objects.filter(slug=slugify(MATERIALS[0][3])).exists():
        return Material.objects.count()
    redaksi = accounts["redaksi"]
    today = timezone.localdate()
    materials = []
    for index, row in enumerate(MATERIALS):
        kind, topic, audience, title, summary, description, start, end, lines = row
        files = []
        if lines:
            files.append(_DemoImage(_infographic(index, title, lines), f"{slugify(title)}.png"))
        elif kind != "video":
            files.append(_demo_pdf_upload(slugify(title)[:60], f"{slugify(title)[:40]}.pdf"))
        material = material_services.material_create(
            author=redaksi,
            files=files,
            publish=True,
            title=title,
            kind=kind,
            topic=topic,
            audience=audience,
            summary=summary,
            description=description,
            video_url=f"https://www.youtube.com/watch?v=kimSltg{index:04d}"
            if kind == "video"
            else "",
            valid_from=today + timedelta(days=start),
            valid_until=today + timedelta(days=end) if end is not None else None,
        )
        materials.append(material)

    now = timezone.now()
    channels = list(DisseminationReport.Channel.values)
    rng = random.Random(8)
    for kim_index, kim in enumerate(kims[:5]):
        members = list(Membership.objects.active().filter(kim=kim).order_by("pk"))
        for number in range(3 + kim_index % 3):
            member = members[number % len(members)]
            material = materials[(kim_index + number) % 4 if number % 2 else 0]
            DisseminationReport.objects.create(
                material=material,
                kim=kim,
                reporter=member.user,
                channel=channels[(kim_index + number) % len(channels)],
                shared_at=now - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 10)),
                people_reached=rng.choice([25, 40, 60, 120, 300]),
                note="Dibagikan di grup RT dan dibacakan saat pertemuan." if number == 0 else "",
            )

    # Announcements are written directly (as already e-mailed) so seeding sends no e-mail.
    notices = [
        (
            "Rapat koordinasi KIM se-Kota Salatiga",
            "<p>Seluruh pengurus KIM diundang ke rapat koordinasi di Ruang Rapat Diskominfo, "
            "Kamis pukul 09.00 WIB. Mohon membawa rekap kegiatan tiga bulan terakhir.</p>",
            True,
            Announcement.Audience.PENGURUS,
        ),
        (
            "Bahan informasi baru: Cegah DBD dengan 3M Plus",
            "<p>Redaksi menerbitkan infografis pencegahan DBD. Silakan bagikan ke grup warga dan "
            "laporkan penyebarannya lewat halaman Bahan Informasi.</p>",
            False,
            Announcement.Audience.ALL,
        ),
    ]
    for days_ago, (title, body, important, audience) in zip((6, 2), notices, strict=True):
        announcement = Announcement.objects.create(
            title=title,
            body=body,
            important=important,
            audience=audience,
            author=redaksi,
            sent_at=now - timedelta(days=days_ago),
        )
        users = material_services.announcement_recipients(audience=audience)
        AnnouncementRecipient.objects.bulk_create(
            [
                AnnouncementRecipient(
                    announcement=announcement,
                    user=user,
                    email_wanted=True,
                    emailed_at=announcement.sent_at,
                    read_at=announcement.sent_at + timedelta(hours=3) if i % 2 == 0 else None,
                )
                for i, user in enumerate(users)
            ]
        )
    return len(materials)
