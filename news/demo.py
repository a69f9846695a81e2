"""Demo news (PRODUCT.md §10): categories, 32 published articles and some in every other state.

Rows are written directly, with the history the services would have recorded, so seeding sends
no e-mail. Photos are drawn here with Pillow; nothing is downloaded.
"""

import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from groups.models import Kim, Membership
from kim_portal.pagecache import public_content_changed, public_content_changes_at
from kim_portal.photos import photo_create
from news.models import Article, Category, Comment, ReviewEvent, Revision

State = Article.State

CATEGORIES = [
    "Pemerintahan",
    "Kesehatan",
    "Pendidikan",
    "Ekonomi dan UMKM",
    "Budaya",
    "Lingkungan",
    "Olahraga",
]

# (category, title, summary, paragraphs); {place} is the kelurahan, {kim} the KIM's name.
TOPICS = [
    (
        "Kesehatan",
        "Posyandu lansia {place} kini buka setiap Sabtu pagi",
        "Kader posyandu {place} menambah jadwal layanan agar warga lanjut usia tidak perlu antre lama.",
        [
            "Mulai bulan ini, posyandu lansia di Kelurahan {place} buka setiap Sabtu pukul 07.00 "
            "sampai 10.00 WIB. Selain penimbangan dan cek tekanan darah, kader juga memeriksa "
            "gula darah dengan biaya yang ditanggung kas RW.",
            "Menurut salah satu kader, jumlah warga yang datang naik hampir dua kali lipat "
            "sejak jadwal pagi diperkenalkan. \u201cBanyak yang dulu tidak sempat karena hari kerja,\u201d "
            "ujarnya.",
            "Warga yang membutuhkan pendampingan dapat menghubungi pengurus RT setempat. "
            "{kim} ikut menyebarkan jadwal lewat grup WhatsApp warga.",
        ],
    ),
    (
        "Lingkungan",
        "Kerja bakti bersihkan saluran air menjelang musim hujan di {place}",
        "Puluhan warga {place} bergotong royong membersihkan selokan agar tidak ada genangan saat hujan deras.",
        [
            "Minggu pagi, warga dari beberapa RT di {place} turun ke jalan membawa cangkul, "
            "sapu lidi, dan karung. Sasaran utamanya saluran air di sepanjang jalan kampung yang "
            "tahun lalu sempat meluap.",
            "Sampah plastik yang terkumpul dipilah: botol dan gelas plastik dibawa ke bank sampah, "
            "sisanya diangkut truk dari kelurahan.",
            "Pengurus RW berharap kegiatan ini rutin tiap bulan sampai akhir musim hujan.",
        ],
    ),
    (
        "Ekonomi dan UMKM",
        "Pelaku UMKM {place} belajar memotret produk dengan ponsel",
        "Pelatihan singkat dari {kim} membantu penjual makanan rumahan membuat foto jualan yang lebih menarik.",
        [
            "Sebanyak dua puluh pelaku usaha kecil di {place} mengikuti pelatihan memotret produk "
            "di balai kelurahan. Materinya sederhana: memanfaatkan cahaya jendela, latar polos, "
            "dan sudut pengambilan gambar.",
            "Peserta langsung praktik dengan dagangan masing-masing, mulai dari keripik tempe, "
            "enting-enting, sampai kue basah.",
            "Foto hasil pelatihan akan dipakai untuk katalog bersama yang dibagikan di media sosial kelurahan.",
        ],
    ),
    (
        "Pendidikan",
        "Taman baca warga {place} tambah koleksi buku anak",
        "Sumbangan buku dari warga dan alumni membuat taman baca {place} punya lebih dari lima ratus judul.",
        [
            "Taman baca yang menempati teras rumah ketua RT di {place} kini punya rak baru. "
            "Koleksinya bertambah berkat sumbangan warga, alumni sekolah setempat, dan perpustakaan daerah.",
            "Setiap Selasa dan Kamis sore, relawan membacakan cerita untuk anak-anak. "
            "Orang tua juga boleh meminjam buku untuk dibawa pulang selama satu minggu.",
            "{kim} mencatat peminjaman dan mengumumkan buku baru setiap bulan.",
        ],
    ),
    (
        "Budaya",
        "Merti dusun di {place} dimeriahkan kirab hasil bumi",
        "Tradisi syukuran warga {place} kembali digelar dengan kirab gunungan sayur dan pentas kesenian.",
        [
            "Ratusan warga {place} mengikuti kirab gunungan hasil bumi dalam acara merti dusun. "
            "Gunungan berisi sayur, buah, dan palawija diarak dari balai RW menuju lapangan.",
            "Malam harinya, kelompok kesenian setempat menampilkan tari tradisional dan musik "
            "gamelan. Anak-anak muda ikut menjadi panitia dan dokumentasi.",
            "Tokoh masyarakat mengingatkan bahwa merti dusun adalah ungkapan syukur sekaligus "
            "ajang mempererat kerukunan warga.",
        ],
    ),
    (
        "Pemerintahan",
        "Musyawarah kelurahan {place} bahas prioritas pembangunan tahun depan",
        "Warga {place} mengusulkan perbaikan jalan lingkungan dan penerangan sebagai prioritas.",
        [
            "Musyawarah perencanaan pembangunan tingkat kelurahan di {place} dihadiri perwakilan "
            "RT, RW, PKK, karang taruna, dan {kim}.",
            "Usulan terbanyak menyangkut perbaikan jalan lingkungan, lampu penerangan jalan, dan "
            "saluran air. Beberapa warga juga meminta pelatihan keterampilan untuk pemuda.",
            "Hasil musyawarah akan dibawa ke tingkat kecamatan. Warga dapat memantau "
            "perkembangannya melalui papan informasi kelurahan.",
        ],
    ),
    (
        "Olahraga",
        "Turnamen bola voli antar-RT {place} berakhir meriah",
        "Tim dari RT 04 menjadi juara setelah laga final lima set yang ditonton ratusan warga.",
        [
            "Turnamen bola voli antar-RT di {place} ditutup dengan laga final yang berlangsung "
            "ketat hingga set kelima. Penonton memadati lapangan sejak sore.",
            "Panitia menyebut turnamen ini diikuti dua belas tim putra dan enam tim putri. "
            "Hadiahnya sederhana, tetapi semangat warga luar biasa.",
            "Karang taruna berencana menggelar turnamen serupa untuk cabang bulu tangkis.",
        ],
    ),
    (
        "Kesehatan",
        "Gerakan cuci tangan dan jentik nyamuk digencarkan di {place}",
        "Kader jumantik {place} berkeliling memeriksa bak mandi dan tempat penampungan air warga.",
        [
            "Menjelang musim hujan, kader juru pemantau jentik (jumantik) di {place} berkeliling "
            "dari rumah ke rumah. Mereka memeriksa bak mandi, tempayan, dan pot bunga.",
            "Warga diajak menerapkan 3M: menguras, menutup, dan mendaur ulang barang bekas yang "
            "bisa menampung air.",
            "Hasil pemeriksaan dilaporkan ke puskesmas setiap minggu.",
        ],
    ),
]

# The demo accounts' own articles, one per state that is not "published".
OTHER_STATES = [
    (State.DRAFT, "Rencana lomba kebersihan kampung Ledok", None),
    (State.KIM_REVIEW, "Pasar murah di balai Kelurahan Ledok", None),
    (
        State.CHANGES_REQUESTED,
        "Jalan rusak di RT 03 Ledok mulai diperbaiki",
        "Mohon tambahkan kapan perbaikan dimulai dan siapa yang mengerjakan.",
    ),
    (
        State.REJECTED,
        "Jual beli motor bekas di Ledok",
        "Ini iklan, bukan berita. Silakan pasang di papan pengumuman warga.",
    ),
]
# Articles from other KIMs waiting at the Redaksi's desk, and one withdrawn after publishing.
REDAKSI_WAITING = [
    "Bank sampah {place} kumpulkan satu ton plastik",
    "Pelatihan jurnalistik warga di {place}",
    "Senam sehat bersama setiap Jumat di {place}",
]


def _scene(index: int) -> Image.Image:
    """A simple landscape: sky gradient, hills, sun and houses, different for each index."""
    rng = random.Random(index)
    width, height = 1280, 800
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    # Morning, noon, dusk, overcast, evening, dawn.
    skies = [
        ((120, 180, 240), (250, 230, 190)),
        ((40, 120, 220), (180, 220, 250)),
        ((250, 140, 90), (250, 220, 150)),
        ((130, 140, 150), (210, 215, 220)),
        ((40, 40, 100), (200, 110, 120)),
        ((170, 200, 230), (250, 200, 210)),
    ]
    top, bottom = skies[index % len(skies)]
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    draw.ellipse((960, 100, 1120, 260), fill=(255, 214, 102))
    for layer in range(3):
        green = (40 + layer * 30, 110 + layer * 25, 60 + layer * 10)
        base = 480 + layer * 100
        points = (
            [(0, height)]
            + [(x, base - rng.randint(0, 160)) for x in range(0, width + 200, 200)]
            + [(width, height)]
        )
        draw.polygon(points, fill=green)
    if index % 2:
        # Trees instead of houses on every other picture.
        for tree in range(rng.randint(5, 9)):
            x = 60 + tree * 140 + rng.randint(0, 40)
            y = 600 + rng.randint(-30, 60)
            draw.rectangle((x + 35, y + 60, x + 55, y + 150), fill=(100, 70, 40))
            draw.ellipse((x, y - 20, x + 90, y + 90), fill=(30, 110 + rng.randint(0, 60), 50))
        return img
    for house in range(rng.randint(3, 6)):
        x = 100 + house * 200 + rng.randint(0, 40)
        y = 620 + rng.randint(-20, 30)
        draw.rectangle((x, y, x + 160, y + 120), fill=(rng.randint(180, 240), 120, 90))
        draw.polygon([(x - 20, y), (x + 80, y - 80), (x + 180, y)], fill=(150, 50, 40))
        draw.rectangle((x + 60, y + 50, x + 100, y + 120), fill=(90, 60, 40))
    return img


def _history(article, events, revision):
    """Record the events [(actor, from, to, note, when)] and date the article accordingly."""
    for actor, from_state, to_state, note, when in events:
        event = ReviewEvent.objects.create(
            article=article,
            actor=actor,
            from_state=from_state,
            to_state=to_state,
            note=note,
            revision=revision if from_state else None,
        )
        ReviewEvent.objects.filter(pk=event.pk).update(created_at=when)


def _article(
    *, author, kim, title, summary, paragraphs, category, photo, state, when, reviewers, note=None
):
    redaksi, ketua = reviewers
    slug = slugify(title)[:200]
    article = Article.objects.create(
        title=title,
        slug=slug,
        summary=summary,
        body="".join(f"<p>{text}</p>" for text in paragraphs),
        photo=photo,
        photo_caption=f"Suasana kegiatan di {kim.kelurahan.name}." if photo else "",
        photo_credit=f"Dokumentasi {kim.name}" if photo else "",
        kim=kim,
        kelurahan=kim.kelurahan,
        author=author,
        state=state,
        submitted_at=when if state != State.DRAFT else None,
        published_at=when + timedelta(hours=20)
        if state in (State.PUBLISHED, State.WITHDRAWN)
        else None,
    )
    article.categories.set([category])
    revision = None
    if state != State.DRAFT:
        revision = Revision.objects.create(
            article=article,
            number=1,
            title=title,
            summary=summary,
            body=article.body,
            editor=author,
        )
    events = [(author, "", State.DRAFT, "", when - timedelta(hours=3))]
    if state != State.DRAFT:
        events.append((author, State.DRAFT, State.KIM_REVIEW, "", when))
    if state == State.CHANGES_REQUESTED:
        events.append(
            (ketua, State.KIM_REVIEW, State.CHANGES_REQUESTED, note, when + timedelta(hours=5))
        )
    if state in (State.REDAKSI_REVIEW, State.PUBLISHED, State.REJECTED, State.WITHDRAWN):
        events.append(
            (ketua, State.KIM_REVIEW, State.REDAKSI_REVIEW, "", when + timedelta(hours=4))
        )
    if state in (State.PUBLISHED, State.WITHDRAWN):
        events.append(
            (redaksi, State.REDAKSI_REVIEW, State.PUBLISHED, "", when + timedelta(hours=20))
        )
    if state == State.REJECTED:
        events.append(
            (redaksi, State.REDAKSI_REVIEW, State.REJECTED, note, when + timedelta(hours=9))
        )
    if state == State.WITHDRAWN:
        events.append((redaksi, State.PUBLISHED, State.WITHDRAWN, note, when + timedelta(days=2)))
    _history(article, events, revision)
    Article.objects.filter(pk=article.pk).update(created_at=when - timedelta(hours=3))
    return article


def seed(accounts: dict, kims: list) -> int:
    categories = {
        name: Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in CATEGORIES
    }
    first_title = TOPICS[0][1].format(place=kims[0].kelurahan.name)
    if Article.objects.filter(slug=slugify(first_title)).exists():
        _index_and_feature()
        seed_comments(accounts)
        return Article.objects.count()

    photos = [photo_create(image=_scene(index)) for index in range(6)]
    now = timezone.now()
    redaksi = accounts["redaksi"]
    count = 0
    for kim_index, kim in enumerate(kims):
        members = list(
            Membership.objects.active().filter(kim=kim).select_related("user").order_by("pk")
        )
        ketua = next(m.user for m in members if m.role == Membership.Role.KETUA)
        writers = [m.user for m in members if m.user != ketua] or [ketua]
        for number in range(4):
            topic = TOPICS[(kim_index + number * 3) % len(TOPICS)]
            category, title, summary, paragraphs = topic
            values = {"place": kim.kelurahan.name, "kim": kim.name}
            _article(
                author=writers[(kim_index + number) % len(writers)],
                kim=kim,
                title=title.format(**values),
                summary=summary.format(**values),
                paragraphs=[p.format(**values) for p in paragraphs],
                category=categories[category],
                photo=photos[(kim_index + number) % len(photos)],
                state=State.PUBLISHED,
                when=now - timedelta(days=2 + kim_index * 7 + number * 2, hours=kim_index),
                reviewers=(redaksi, ketua),
            )
            count += 1
        if 1 <= kim_index <= len(REDAKSI_WAITING):
            title = REDAKSI_WAITING[kim_index - 1].format(place=kim.kelurahan.name)
            _article(
                author=writers[0],
                kim=kim,
                title=title,
                summary=f"Kabar dari {kim.name} yang sedang ditinjau Redaksi.",
                paragraphs=[
                    f"Warga {kim.kelurahan.name} bersemangat mengikuti kegiatan ini. "
                    "Panitia mencatat peserta yang datang melebihi perkiraan.",
                    "Kegiatan serupa direncanakan berlanjut bulan depan.",
                ],
                category=categories["Lingkungan"],
                photo=photos[kim_index % len(photos)],
                state=State.REDAKSI_REVIEW,
                when=now - timedelta(days=kim_index, hours=3),
                reviewers=(redaksi, ketua),
            )
            count += 1

    ledok = kims[0]
    for state, title, note in OTHER_STATES:
        _article(
            author=accounts["anggota"],
            kim=ledok,
            title=title,
            summary="Kabar warga Ledok yang ditulis oleh anggota KIM.",
            paragraphs=[
                "Warga Kelurahan Ledok berkumpul di balai RW untuk membicarakan kegiatan ini.",
                "Pengurus RT berharap semua warga ikut mendukung.",
            ],
            category=categories["Pemerintahan"],
            photo=photos[0] if state != State.DRAFT else None,
            state=state,
            when=now - timedelta(days=1, hours=5),
            reviewers=(redaksi, accounts["ketua"]),
            note=note,
        )
        count += 1
    _article(
        author=accounts["anggota"],
        kim=ledok,
        title="Jadwal pemadaman listrik di Ledok",
        summary="Informasi jadwal pemadaman yang ternyata keliru.",
        paragraphs=["Pemadaman listrik direncanakan pada hari Rabu pukul 09.00 sampai 15.00."],
        category=categories["Pemerintahan"],
        photo=None,
        state=State.WITHDRAWN,
        when=now - timedelta(days=6),
        reviewers=(redaksi, accounts["ketua"]),
        note="Jadwal dari PLN berubah; berita ditarik agar tidak membingungkan warga.",
    )
    scheduled = _article(
        author=accounts["ketua"],
        kim=ledok,
        title="Peringatan Hari Jadi Kota Salatiga di Ledok",
        summary="Rangkaian lomba dan pentas seni warga Ledok untuk Hari Jadi Kota Salatiga.",
        paragraphs=[
            "Warga Ledok menyiapkan lomba kebersihan, lomba masak, dan pentas seni anak.",
            "Puncak acara digelar di lapangan kelurahan pada Minggu pagi.",
        ],
        category=categories["Budaya"],
        photo=photos[4],
        state=State.PUBLISHED,
        when=now - timedelta(hours=6),
        reviewers=(redaksi, accounts["ketua"]),
    )
    Article.objects.filter(pk=scheduled.pk).update(published_at=now + timedelta(days=2))
    public_content_changes_at(now + timedelta(days=2))
    _index_and_feature()
    seed_comments(accounts)
    return count + 2


def spread_history(kims: list[Kim]) -> None:
    """Spread the demo KIMs' published articles over the last twelve months (once), moving
    their review events with them, so the statistics have a year to show."""
    published = Article.objects.filter(
        kim__in=kims, state="published", published_at__lte=timezone.now()
    )
    if published.filter(published_at__lt=timezone.now() - timedelta(days=200)).exists():
        return
    for index, article in enumerate(published.order_by("pk")):
        shift = timedelta(days=(index * 37) % 350, hours=index % 5)
        if not shift:
            continue
        Article.objects.filter(pk=article.pk).update(
            published_at=F("published_at") - shift,
            submitted_at=F("submitted_at") - shift,
            created_at=F("created_at") - shift,
        )
        ReviewEvent.objects.filter(article=article).exclude(to_state="withdrawn").update(
            created_at=F("created_at") - shift
        )


def _index_and_feature() -> None:
    """Rows written here skip the services: index them, and feature one article on the home
    page (the newest public one with a photo) unless the Redaksi already chose one."""
    Article.objects.filter(search_vector__isnull=True).update_search_vector()
    if not Article.objects.public().filter(featured_at__isnull=False).exists():
        choice = Article.objects.public().filter(photo__isnull=False).order_by("-published_at")
        choice.filter(pk__in=choice.values("pk")[:1]).update(featured_at=timezone.now())
    public_content_changed()


# Threads under the first public article whose title starts with the key:
# (name, e-mail, text, hours after publishing); None as the name is the demo resident's account.
DEMO_COMMENTS = {
    "Posyandu lansia": [
        (
            "Mbah Harjo",
            "harjo.ledok@contoh.id",
            "Alhamdulillah, jadwal Sabtu pagi sangat membantu. Dulu saya sering tidak sempat "
            "karena antre lama.",
            5,
        ),
        (None, "", "Apakah cek gula darah juga bisa untuk warga dari RW lain?\nTerima kasih.", 9),
    ],
    "Kerja bakti": [
        (
            "Yulianti",
            "yuli.salatiga@contoh.id",
            "Semoga kerja bakti seperti ini rutin, selokan di gang kami juga sering mampet "
            "kalau hujan deras.",
            3,
        ),
    ],
    "Taman baca": [
        (
            "Pak Sukiman",
            "sukiman.rt03@contoh.id",
            "Cucu saya senang sekali ke taman baca. Kalau ada buku cerita bahasa Jawa, "
            "kami siap menyumbang.",
            20,
        ),
        (
            "Dewi Anggraini",
            "dewi.anggraini@contoh.id",
            "Mohon jam buka taman baca diumumkan lewat grup WhatsApp RW juga.",
            26,
        ),
    ],
    "Turnamen bola voli": [
        (
            "Rizky Saputra",
            "rizky.voli@contoh.id",
            "Selamat untuk tim RT 05! Tahun depan semoga ada kategori putri juga.",
            4,
        ),
    ],
}
PENDING_COMMENT = (
    "Rudi Hartono",
    "rudi.h@contoh.id",
    "Kapan turnamen serupa diadakan di Kelurahan Tegalrejo? Kami juga ingin ikut.",
)


def seed_comments(accounts: dict) -> None:
    """Approved comments under a few public articles, and one waiting for the Redaksi."""
    if Comment.objects.exists():
        return
    resident = accounts["warga"]
    public = Article.objects.public().filter(kim__isnull=False).order_by("pk")
    article = None
    for title_start, thread in DEMO_COMMENTS.items():
        article = public.filter(title__startswith=title_start).first()
        if article is None:
            continue
        for name, email, text, hours in thread:
            comment = Comment.objects.create(
                article=article,
                user=resident if name is None else None,
                name=resident.full_name if name is None else name,
                email=resident.email if name is None else email,
                text=text,
                state=Comment.State.APPROVED,
                moderated_by=accounts["redaksi"],
                moderated_at=article.published_at + timedelta(hours=hours + 1),
            )
            Comment.objects.filter(pk=comment.pk).update(
                created_at=article.published_at + timedelta(hours=hours)
            )
    if article is not None:
        name, email, text = PENDING_COMMENT
        Comment.objects.create(article=article, name=name, email=email, text=text)
