"""Demo events: past ones with attendance and feedback, upcoming ones with a full waiting list."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify

from groups.models import Kim, Membership
from workshops.models import Event, Feedback, Registration

PROGRAMME_DESCRIPTION = """
<p>Pelatihan ini bagian dari program pemberdayaan KIM Kota Salatiga tahun ini. Sehari penuh, pengurus KIM dari empat kecamatan belajar bersama dari dasar sampai rencana kerja.</p>
<h2>Sesi pertama: mengenal KIM</h2>
<p>Apa itu Kelompok Informasi Masyarakat, mengapa dibentuk di tingkat kelurahan, dan bagaimana KIM bekerja bersama kelurahan dan Diskominfo tanpa kehilangan sifatnya sebagai kelompok warga.</p>
<h2>Sesi kedua: mengelola informasi</h2>
<ul>
<li>Mengumpulkan kabar dari RT/RW, posyandu dan pasar secara tertib.</li>
<li>Memeriksa kebenaran sebelum menyebarkan: sumber, tanggal, foto.</li>
<li>Menulis ringkas dan menyebarkan lewat grup WhatsApp, papan informasi dan portal.</li>
</ul>
<h2>Sesi ketiga: menyusun program kerja</h2>
<p>Setiap KIM pulang membawa rancangan program kerja satu tahun: kegiatan, penanggung jawab, jadwal dan ukuran keberhasilan yang sederhana.</p>
<p><strong>Bawa:</strong> laptop atau ponsel, dan catatan kegiatan KIM selama ini.</p>
"""

# title, kind, days from today, hour, capacity, audience, summary
DEMO_EVENTS = [
    (
        "Pelatihan Dasar KIM: Mengelola Informasi dan Menyusun Program Kerja",
        Event.Kind.WORKSHOP,
        12,
        8,
        40,
        Event.Audience.MEMBERS,
        "Program pemberdayaan KIM Kota Salatiga: dasar-dasar KIM, pengelolaan informasi, dan penyusunan program kerja tiap KIM.",
    ),
    (
        "Sarasehan Literasi Digital Warga",
        Event.Kind.SARASEHAN,
        5,
        19,
        3,
        Event.Audience.PUBLIC,
        "Ngobrol santai tentang cara mengenali hoaks di grup WhatsApp keluarga.",
    ),
    (
        "Forum KIM se-Kota Salatiga",
        Event.Kind.FORUM,
        26,
        9,
        None,
        Event.Audience.MEMBERS,
        "Pertemuan tahunan pengurus KIM untuk berbagi pengalaman dan menyepakati agenda bersama.",
    ),
    (
        "Bimtek Fotografi Ponsel untuk Berita Kelurahan",
        Event.Kind.BIMTEK,
        -20,
        9,
        25,
        Event.Audience.MEMBERS,
        "Praktik memotret kegiatan warga dengan ponsel: cahaya, komposisi, dan etika memotret orang.",
    ),
    (
        "Simulasi Penyebaran Informasi Tanggap Bencana",
        Event.Kind.SIMULASI,
        -45,
        8,
        30,
        Event.Audience.PUBLIC,
        "Latihan alur informasi saat banjir dan longsor bersama BPBD dan relawan kelurahan.",
    ),
]

COMMENTS = [
    (5, "Praktiknya langsung, jadi mudah diikuti. Terima kasih."),
    (4, "Materinya bagus, semoga ada lanjutan untuk menyunting foto."),
    (4, ""),
]


def _moment(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.get_default_timezone())


def seed(accounts: dict) -> list[Event]:
    kim = Kim.objects.filter(memberships__user=accounts["anggota"]).first()
    members = list(
        Membership.objects.active()
        .filter(kim__in=Kim.objects.verified())
        .select_related("user", "kim")[:12]
    )
    events = []
    for title, kind, days, hour, capacity, audience, summary in DEMO_EVENTS:
        starts_at = _moment(days, hour)
        event, created = Event.objects.get_or_create(
            title=title,
            defaults={
                "slug": slugify(title)[:200],
                "kind": kind,
                "summary": summary,
                "description": PROGRAMME_DESCRIPTION
                if kind == Event.Kind.WORKSHOP
                else f"<p>{summary}</p>",
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=4 if days > 0 else 3),
                "venue": "Ruang Kaloka, Gedung Setda Kota Salatiga",
                "address": "Jl. Letjend Sukowati No. 51, Salatiga",
                "capacity": capacity,
                "seats_per_kim": 5 if kind == Event.Kind.WORKSHOP else None,
                "audience": audience,
                "status": Event.Status.PUBLISHED,
                "published_at": timezone.now(),
                "speakers": "Tim Diskominfo Kota Salatiga\nPendamping KIM Provinsi Jawa Tengah",
                "contact": "Diskominfo Salatiga, WhatsApp 0812-2600-1234",
                "created_by": accounts["redaksi"],
            },
        )
        events.append(event)
        if not created:
            continue
        if days < 0:
            for index, membership in enumerate(members[:6]):
                registration = Registration.objects.create(
                    event=event,
                    user=membership.user,
                    kim=membership.kim,
                    status=Registration.Status.ATTENDED
                    if index < 5
                    else Registration.Status.CONFIRMED,
                    checked_in_at=starts_at + timedelta(minutes=10) if index < 5 else None,
                    checked_in_by=accounts["redaksi"] if index < 5 else None,
                )
                if index < len(COMMENTS):
                    rating, comment = COMMENTS[index]
                    Feedback.objects.create(
                        registration=registration, rating=rating, comment=comment
                    )
        else:
            people = [accounts["anggota"], accounts["ketua"], accounts["warga"]] + [
                m.user for m in members
            ]
            count = 6 if capacity == 3 else 2
            seen = set()
            for person in people:
                if person.pk in seen or len(seen) >= count:
                    continue
                seen.add(person.pk)
                confirmed = capacity is None or len(seen) <= capacity
                Registration.objects.create(
                    event=event,
                    user=person,
                    kim=kim if person == accounts["anggota"] else None,
                    status=Registration.Status.CONFIRMED
                    if confirmed
                    else Registration.Status.WAITLISTED,
                )
    return events
