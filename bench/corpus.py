"""Indonesian text for the benchmark's data: a phrase grammar, never one repeated body.

Each article is written from one of many topics (posyandu, UMKM, kerja bakti, banjir, pasar,
sekolah, ...), each with its own title, summary and sentence templates, mixed with sentences any
community news item has (a quote, the background, the next steps). Slots are filled from pools:
the article's real kelurahan and kecamatan, people's names, streets, numbers, days, and a long
tail of concrete nouns drawn by a Zipf law, so a few words occur in most articles and many occur
in only a handful: the benchmark's "rare word" query (RARE_WORD) sits at the very end of that
tail. Everything is drawn from a `random.Random` seeded per article: the same index always
gives the same text.
"""

import random
from bisect import bisect
from itertools import accumulate

# --- Pools --------------------------------------------------------------------------------------

FIRST_NAMES = """
Agus Ahmad Aisyah Aminah Anang Andi Anik Anita Ari Arif Asih Bagus Bambang Bayu Budi Cahyo
Catur Dani Darmi Dedi Dewi Dian Dimas Dwi Eko Endah Endang Erna Esti Fajar Fitri Galih Gunawan
Hadi Handoko Hartini Hendra Heru Ika Indah Indra Irfan Iwan Joko Juwita Kartika Kasmini Komar
Kurnia Lestari Lilis Lukman Maman Margono Marni Maria Mulyono Munawir Nanik Nining Nur Nurul
Paimin Parjo Pujiati Puspita Putri Rahayu Rahmat Ratna Rika Rina Rini Riyanto Rizki Rohmat
Rudi Sari Sarmini Setyo Slamet Sri Sugeng Suharti Sukirno Sumarni Sunarto Suparmi Supriyadi
Surip Susanti Sutrisno Suwarno Teguh Tri Tuti Udin Umi Wahyu Wartini Wati Widodo Wiwik Yanti
Yohanes Yuli Yulianti Yusuf Zainal
""".split()
LAST_NAMES = """
Prasetyo Santoso Wibowo Hartono Setiawan Nugroho Purnomo Saputra Kurniawan Wulandari Lestari
Handayani Rahmawati Susilo Haryanto Sulistyo Pratama Utomo Suryani Hidayat Rahayu Kusuma
Maharani Anggraini Permana Wijaya Firmansyah Astuti Nurhayati Widiastuti Suharto Sumantri
Budiman Suprapto Triyono Mulyani Ningsih Hariyadi Kristanto Darmawan Suwandi Riyadi Sugiarto
""".split()
ROLES = [
    "ketua RW {rw}",
    "ketua RT {rt}",
    "lurah {kel}",
    "camat {kec}",
    "kader posyandu",
    "ketua PKK {kel}",
    "ketua karang taruna",
    "sekretaris KIM",
    "ketua kelompok tani",
    "bidan kelurahan",
    "Babinsa {kel}",
    "Bhabinkamtibmas {kel}",
    "pengurus bank sampah",
    "kepala sekolah",
    "guru",
    "tokoh masyarakat",
    "warga RT {rt}",
    "pemilik warung",
    "relawan",
    "pendamping UMKM",
]
STREETS = """
Diponegoro Sudirman Kartini Pattimura Hasanuddin Imam-Bonjol Osamaliki Monginsidi Fatmawati
Veteran Taman-Pahlawan Ahmad-Yani Soekarno-Hatta Brigjen-Sudiarto Nakula-Sadewa Ki-Penjawi
Tegalrejo-Raya Argowiyoto Merak Kemiri Cemara Kenanga Mawar Melati Flamboyan Beringin Jambu
Nangka Sukun Kalinyamat Gamelan Wahid-Hasyim Kauman Margosari Pemotongan Bugel-Raya
Patimura-Timur Ngawen Cabean Gendongan-Baru Ledok-Raya Kalibening-Indah
""".split()
VENUES = [
    "balai kelurahan {kel}",
    "pendopo kecamatan {kec}",
    "balai RW {rw}",
    "rumah ketua RT {rt}",
    "halaman masjid RW {rw}",
    "aula gereja di Jalan {street}",
    "gedung PKK {kel}",
    "lapangan voli RW {rw}",
    "Lapangan Pancasila",
    "SD Negeri {kel} {n}",
    "pos ronda RT {rt}",
    "Taman Kota Salatiga",
    "halaman Puskesmas {kec}",
    "gedung serbaguna {kel}",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
TIMES = ["06.30", "07.00", "07.30", "08.00", "09.00", "10.00", "13.00", "15.30", "16.00", "19.30"]
WEATHER = ["cerah", "mendung", "gerimis", "hujan deras", "berangin", "panas terik"]

# Concrete nouns, the long tail: drawn with a Zipf law in this order (the first ones are common,
# the last ones rare). The end of the list holds the rarest words; RARE_WORD is the last.
THINGS = """
air jalan rumah sampah tanaman pohon beras minyak gula telur sayur buah ikan ayam kambing sapi
jagung singkong kedelai kacang cabai tomat bawang kopi teh susu roti tempe tahu kerupuk batik
kain sepeda motor mobil truk gerobak tenda kursi meja papan spanduk brosur poster buku tas
sepatu seragam payung jas-hujan senter lampu kabel pipa ember cangkul sapu sekop karung plastik
botol kardus kaleng kertas pupuk bibit benih polybag selang pompa genset toa mikrofon proyektor
laptop ponsel printer kamera drone timbangan tensimeter termometer masker sabun hand-sanitizer
vitamin obat jamu madu dawet wedang gethuk enting-enting tumpang-koyor sate soto bakso pecel
gudeg lontong ketupat klepon nasi-liwet opor rendang serabi lumpia wingko bakpia jenang dodol
rambutan durian manggis salak pisang pepaya mangga jambu-air kelengkeng alpukat nanas semangka
melon jeruk belimbing srikaya sirsak kedondong sawo duku kecapi matoa bambu kayu jati mahoni
sengon trembesi ketapang flamboyan kenanga melati anggrek mawar kamboja lidah-mertua sirih
kunyit jahe kencur temulawak serai lengkuas kayu-manis cengkih pala lada kemiri ketumbar jinten
kapulaga adas bunga-telang rosela kelor katuk bayam kangkung sawi selada kubis brokoli wortel
kentang terong pare labu gambas oyong kacang-panjang buncis jamur tiram lele nila gurami patin
mujair bandeng udang kepiting belut bebek entok puyuh kelinci lebah ulat-sutra maggot cacing
kompos eco-enzyme biopori lubang-resapan komposter keranjang-takakura tong-sampah gerobak-sampah
mesin-pencacah mesin-jahit oven kompor wajan dandang panci tampah tenggok lesung alu kukusan
gamelan kendang gong saron bonang rebab siter angklung rebana terbang-jawa
jaranan barongan reog wayang-kulit wayang-orang ketoprak campursari keroncong macapat tembang
drumblek jathilan topeng-ireng kuda-lumping soreng warok gunungan tumpeng ingkung apem jenang-sumsum
klithih genthong kendi kuali tungku anglo arang lampu-teplok obor oncor blencong dian cublik
sumur mata-air tuk embung bendung dam talud gorong-gorong plengsengan bronjong jembatan-gantung
kirab nyadran bersih-desa sadranan rasulan kenduren brokohan mitoni tedak-siten selapanan
lurik tenun jumputan ecoprint shibori sablon bordir rajut makrame anyaman-pandan kerajinan-eceng
caping tampir kalo irig enthong siwur klenting cething bakul kreneng wakul tumbu besek
gembili uwi garut ganyong suweg tales gadung kimpul sukun-kukus grontol lupis cenil tiwul
gatot growol sompil jadah wajik geplak lemper mendut nagasari carabikang kue-lapis putu-mayang
jenang-grendul dawet-ayu wedang-ronde wedang-uwuh bajigur bandrek secang beras-kencur kunir-asem
sinom cao rujak-uleg gado-gado ketoprak-tahu tahu-gimbal sego-kucing oseng-mercon brongkos
garang-asem sayur-lodeh jangan-bobor mangut-lele becek-menthok tongseng tengkleng sate-buntel
belalang-goreng walang bekicot enthung laron gembus mendoan tempe-bacem tahu-bakso tahu-serasi
kentongan
""".split()
RARE_WORD = "kentongan"

ADJECTIVES = """
bersih rapi ramai meriah tertib lancar aman nyaman sehat segar murah terjangkau baru lengkap
sederhana kompak semangat antusias guyub rukun kreatif mandiri tanggap sigap cermat terbuka
""".split()
# Generic activities, any topic may mention them.
ACTIVITIES = [
    "musyawarah warga",
    "rapat pengurus RW",
    "pertemuan PKK",
    "arisan ibu-ibu",
    "pengajian rutin",
    "ibadah lingkungan",
    "latihan karawitan",
    "senam pagi",
    "jalan sehat",
    "bazar murah",
    "pelatihan membuat konten",
    "sosialisasi program kelurahan",
]

# --- Sentences any article may use ---------------------------------------------------------------

OPENINGS = [
    "Sejak pukul {time} WIB, puluhan warga RW {rw} Kelurahan {kel} sudah berkumpul di {venue}.",
    "Suasana {venue} pada {day} pagi itu terasa {adj} dan {adj2}.",
    "Cuaca {weather} tidak menyurutkan semangat warga Kelurahan {kel}, Kecamatan {kec}.",
    "Kegiatan ini digelar pada hari {day}, {date} {month}, bertempat di {venue}.",
    "Warga RT {rt} RW {rw} {kel} punya cara sendiri untuk menjaga lingkungannya tetap {adj}.",
    "Kabar baik datang dari Kelurahan {kel}.",
    "Ada yang berbeda di {venue} pekan ini.",
    "Sebanyak {n} warga ikut serta dalam kegiatan yang berlangsung di {venue}.",
    "Pemerintah Kelurahan {kel} bersama KIM setempat kembali mengajak warga terlibat langsung.",
    "Setiap bulan, warga di sekitar Jalan {street} punya agenda yang tidak pernah terlewat.",
]
QUOTES = [
    "“Kami ingin warga merasakan manfaatnya secara langsung,” kata {person}, {role}.",
    "“Alhamdulillah, antusiasme warga cukup tinggi,” ujar {person}, {role}, ditemui di sela kegiatan.",
    "Menurut {person}, {role}, kegiatan serupa akan diadakan lagi bulan {month} mendatang.",
    "“Yang penting guyub dulu, hasilnya pasti mengikuti,” tutur {person} sambil tersenyum.",
    "{person}, salah satu peserta, mengaku senang karena bisa bertemu tetangga yang jarang ia jumpai.",
    "“Terima kasih untuk semua yang sudah membantu, terutama para relawan,” ucap {person}, {role}.",
    "“Kalau bukan kita yang memulai, siapa lagi,” kata {person}, {role}, kepada tim KIM.",
    "{person}, {role}, berharap pemerintah kota terus mendukung kegiatan warga seperti ini.",
    "“Anak-anak juga ikut, jadi mereka belajar sejak kecil,” imbuh {person}.",
    "Hal senada disampaikan {person}, {role}, yang hadir sejak awal acara.",
]
DETAILS = [
    "Warga juga membawa {thing} dan {thing2} dari rumah masing-masing.",
    "Panitia menyiapkan {thing}, {thing2} dan {thing3} untuk keperluan acara.",
    "Di sela kegiatan, ibu-ibu PKK menyajikan {thing} dan {thing2} untuk semua yang hadir.",
    "Sebagian dana kegiatan berasal dari kas RW, sisanya swadaya warga sebesar Rp{money}.",
    "Kegiatan ditutup dengan makan bersama, menu {thing} dan {thing2} hasil masakan warga.",
    "Beberapa warga menyumbangkan {thing} untuk melengkapi kebutuhan kegiatan.",
    "Tidak ketinggalan, anak-anak ikut membantu mengangkut {thing}.",
    "Sebelum pulang, peserta mendapat bingkisan berupa {thing} dan {thing2}.",
    "Kegiatan berlangsung sekitar {hours} jam dan berakhir menjelang {time} WIB.",
    "Sebanyak {n} orang tercatat hadir dalam daftar presensi.",
    "Hasil {activity} bulan lalu menjadi dasar kegiatan kali ini.",
    "Kegiatan ini juga dirangkai dengan {activity}.",
    "Dokumentasi kegiatan diunggah pengurus KIM ke grup WhatsApp warga dan media sosial kelurahan.",
    "Pengurus mencatat ada {n} usulan warga yang akan dibahas dalam {activity} berikutnya.",
    "Lokasi kegiatan mudah dijangkau dari Jalan {street} maupun Jalan {street2}.",
    "Panitia sengaja memilih hari {day} agar warga yang bekerja bisa ikut.",
]
CLOSINGS = [
    "Warga yang ingin bergabung dapat menghubungi pengurus RT atau datang ke {venue}.",
    "Informasi lengkap dapat ditanyakan kepada pengurus KIM di Kelurahan {kel}.",
    "Kegiatan berikutnya direncanakan pada {day}, {date} {month}.",
    "Pengurus berharap kegiatan ini menjadi contoh bagi RW lain di Kecamatan {kec}.",
    "Ke depan, warga berencana menjadikan kegiatan ini agenda rutin setiap bulan.",
    "Pemerintah Kelurahan {kel} mengapresiasi kekompakan warga RW {rw}.",
    "Laporan kegiatan akan disampaikan dalam {activity} bulan depan.",
    "Warga diminta terus memantau pengumuman di papan informasi RW dan portal KIM.",
]

# --- Topics -------------------------------------------------------------------------------------


class Topic:
    def __init__(self, key, category, titles, summaries, sentences, pools=None):
        self.key, self.category = key, category
        self.titles, self.summaries, self.sentences = titles, summaries, sentences
        self.pools = pools or {}


TOPICS = [
    Topic(
        "posyandu",
        "Kesehatan",
        [
            "Posyandu {kel} timbang {n} balita dalam sehari",
            "Kader posyandu RW {rw} {kel} gelar pemeriksaan lansia",
            "Posyandu remaja {kel} ajak anak muda cek kesehatan",
            "Bulan timbang di {kel}: {n} balita datang ke posyandu",
            "Posyandu {item} hadir di RW {rw} {kel}",
        ],
        [
            "Kader posyandu Kelurahan {kel} menimbang balita dan memeriksa tekanan darah lansia.",
            "Warga RW {rw} {kel} memanfaatkan layanan posyandu untuk memantau tumbuh kembang anak.",
            "Posyandu di {kel} menambah layanan {item} bagi warga.",
        ],
        [
            "Kader posyandu menimbang balita, mengukur tinggi badan dan mencatatnya di buku KIA.",
            "Bidan kelurahan memberikan penyuluhan tentang gizi seimbang dan pencegahan stunting.",
            "Lansia mendapat pemeriksaan tekanan darah, gula darah dan asam urat secara gratis.",
            "Balita yang datang mendapat makanan tambahan berupa {thing} dan {thing2}.",
            "Kader mencatat {n} balita ditimbang dan {n2} lansia diperiksa kesehatannya.",
            "Ibu hamil diajak mengikuti kelas ibu hamil yang diadakan di Puskesmas {kec}.",
            "Posyandu {item} kini dibuka setiap {day} pagi mulai pukul {time} WIB.",
            "Kader mengingatkan orang tua agar rutin membawa anak ke posyandu setiap bulan.",
            "Pemberian vitamin A dan obat cacing juga dilakukan bagi balita yang hadir.",
        ],
        {"item": ["balita", "lansia", "remaja", "terintegrasi", "keluarga"]},
    ),
    Topic(
        "dbd",
        "Kesehatan",
        [
            "Warga {kel} gencarkan PSN cegah demam berdarah",
            "Fogging di RW {rw} {kel} setelah {n} warga terkena DBD",
            "Jumantik cilik {kel} periksa jentik di {n} rumah",
            "Gerakan satu rumah satu jumantik di {kel}",
        ],
        [
            "Warga {kel} membersihkan bak mandi dan tempat penampungan air untuk mencegah DBD.",
            "Puskesmas {kec} melakukan pengasapan setelah ada kasus demam berdarah di RW {rw}.",
        ],
        [
            "Petugas Puskesmas {kec} melakukan fogging di gang-gang sempit RW {rw}.",
            "Warga diminta menguras, menutup dan mendaur ulang barang bekas yang bisa menampung air.",
            "Juru pemantau jentik memeriksa bak mandi, dispenser dan pot tanaman di {n} rumah.",
            "Ditemukan jentik nyamuk di {n2} rumah, terutama pada ember dan ban bekas.",
            "Bubuk abate dibagikan gratis kepada warga yang memiliki penampungan air besar.",
            "Warga yang demam lebih dari dua hari diminta segera memeriksakan diri ke puskesmas.",
            "Musim hujan membuat genangan air lebih mudah menjadi sarang nyamuk Aedes aegypti.",
        ],
    ),
    Topic(
        "imunisasi",
        "Kesehatan",
        [
            "Imunisasi {item} di {kel} sasar {n} anak",
            "Puskesmas {kec} buka layanan imunisasi {item} keliling",
            "Orang tua di {kel} antusias ikuti imunisasi anak",
        ],
        ["Puskesmas {kec} memberikan imunisasi {item} kepada anak-anak di Kelurahan {kel}."],
        [
            "Petugas memberikan imunisasi {item} kepada {n} anak usia sekolah dasar.",
            "Orang tua diminta membawa buku KIA agar riwayat imunisasi anak tercatat.",
            "Anak yang sedang demam diminta menunda imunisasi sampai kondisinya membaik.",
            "Petugas menjelaskan manfaat imunisasi lengkap untuk melindungi anak dari penyakit.",
            "Sekolah membantu mendata siswa yang belum mendapatkan imunisasi.",
        ],
        {"item": ["campak", "polio", "MR", "HPV", "DPT", "BCG", "rubela"]},
    ),
    Topic(
        "umkm",
        "Ekonomi dan UMKM",
        [
            "UMKM {item} {kel} tembus pasar daring",
            "Pelatihan pengemasan produk untuk {n} pelaku UMKM {kec}",
            "Perajin {item} dari {kel} raup omzet dari media sosial",
            "Warga {kel} belajar memotret produk dengan ponsel",
            "Sertifikat halal gratis untuk UMKM {item} di {kel}",
            "Bazar UMKM {kel} hadirkan {n} stan produk warga",
        ],
        [
            "Pelaku UMKM {item} di Kelurahan {kel} mulai memasarkan produknya lewat marketplace.",
            "Sebanyak {n} pelaku usaha kecil di {kec} mengikuti pelatihan pemasaran digital.",
            "Produk {item} buatan warga {kel} kini dikemas lebih menarik.",
        ],
        [
            "Pelatihan membahas cara mengemas produk, menentukan harga dan memotret dengan ponsel.",
            "Peserta belajar membuat akun toko daring dan menulis deskripsi produk yang menarik.",
            "Usaha {item} milik {person} kini mampu menjual hingga {n} bungkus per minggu.",
            "Pendamping UMKM membantu pengurusan NIB dan sertifikat halal secara gratis.",
            "Produk unggulan warga antara lain {thing}, {thing2} dan olahan {thing3}.",
            "Omzet pelaku usaha naik setelah produknya dipromosikan lewat media sosial KIM.",
            "Modal usaha sebagian berasal dari pinjaman koperasi kelurahan dengan bunga ringan.",
            "Kemasan baru dengan label dan tanggal kedaluwarsa membuat pembeli lebih percaya.",
        ],
        {
            "item": [
                "keripik tempe",
                "batik",
                "enting-enting",
                "kerupuk",
                "sambal",
                "tas rajut",
                "jamu",
                "kopi",
                "sabun",
                "camilan",
            ]
        },
    ),
    Topic(
        "pasar",
        "Ekonomi dan UMKM",
        [
            "Harga {item} di {market} mulai turun",
            "Pasar murah di {kel} diserbu warga",
            "Pedagang {market} tempati los baru",
            "Operasi pasar {item} digelar di {kel}",
            "Revitalisasi {market} rampung, pedagang kembali berjualan",
        ],
        [
            "Harga {item} di {market} berangsur normal setelah pasokan dari petani lancar.",
            "Warga {kel} memanfaatkan pasar murah untuk membeli kebutuhan pokok.",
        ],
        [
            "Harga {item} di {market} kini Rp{price} per kilogram, turun dari pekan lalu.",
            "Pedagang mengaku pasokan {item} dari Kabupaten Semarang dan Boyolali kembali lancar.",
            "Dalam pasar murah, warga bisa membeli beras, minyak goreng dan gula dengan harga miring.",
            "Satu keluarga dibatasi membeli dua paket agar semua warga kebagian.",
            "Petugas dinas perdagangan memantau harga kebutuhan pokok setiap pagi di {market}.",
            "Pembeli di {market} mulai ramai menjelang hari raya.",
            "Los pedagang yang baru dilengkapi saluran air dan penerangan yang lebih baik.",
        ],
        {
            "item": ["cabai", "bawang merah", "beras", "telur", "minyak goreng", "gula", "daging"],
            "market": [
                "Pasar Raya Salatiga",
                "Pasar Blauran",
                "Pasar Rejosari",
                "Pasar Jetis",
                "Pasar Sapi",
                "Pasar Banyuputih",
                "Pasar Gedangan",
            ],
        },
    ),
    Topic(
        "kerjabakti",
        "Lingkungan",
        [
            "Kerja bakti warga RW {rw} {kel} bersihkan selokan",
            "Jelang musim hujan, warga {kel} bersihkan saluran air",
            "Kerja bakti massal di {kel} libatkan {n} warga",
            "Warga RT {rt} {kel} gotong royong perbaiki jalan kampung",
            "Minggu bersih di {kel}: selokan dan makam dibersihkan",
        ],
        [
            "Warga RW {rw} {kel} bergotong royong membersihkan selokan dan saluran air.",
            "Kerja bakti di {kel} melibatkan warga, karang taruna dan perangkat kelurahan.",
        ],
        [
            "Warga membersihkan selokan, memangkas rumput liar dan mengangkut sampah ke TPS.",
            "Endapan lumpur di saluran air sepanjang Jalan {street} diangkat bersama-sama.",
            "Kerja bakti juga menyasar makam kampung dan lapangan RW {rw}.",
            "Peralatan seperti cangkul, sekop dan gerobak dipinjam dari kelurahan.",
            "Sampah yang terkumpul mencapai {n} karung dan diangkut truk DLH.",
            "Pemuda karang taruna mengecat ulang gapura dan pos ronda.",
            "Kerja bakti dilakukan menjelang musim hujan agar selokan tidak meluap.",
            "Warga juga memperbaiki talud yang retak di pinggir kali.",
        ],
    ),
    Topic(
        "banjir",
        "Kebencanaan",
        [
            "Hujan deras, {n} rumah di {kel} tergenang",
            "Talud longsor di RW {rw} {kel}, warga bergotong royong",
            "BPBD dan warga {kel} siaga banjir",
            "Pohon tumbang di Jalan {street} usai hujan angin",
            "Simulasi evakuasi banjir digelar di {kel}",
        ],
        [
            "Hujan deras membuat saluran air di {kel} meluap dan menggenangi rumah warga.",
            "Warga {kel} bersama BPBD membersihkan material longsor di RW {rw}.",
        ],
        [
            "Air setinggi {cm} sentimeter sempat masuk ke {n} rumah warga RW {rw}.",
            "Petugas BPBD Kota Salatiga datang membawa pompa dan karung pasir.",
            "Warga bahu-membahu memindahkan barang berharga ke tempat yang lebih tinggi.",
            "Sebagian talud di pinggir kali ambrol sepanjang {n2} meter.",
            "Tidak ada korban jiwa, namun beberapa perabot rumah tangga rusak terendam.",
            "Lurah {kel} meminta warga tidak membuang sampah ke selokan.",
            "Posko siaga bencana dibuka di {venue} selama musim hujan.",
            "Pohon tumbang sempat menutup Jalan {street} selama dua jam sebelum dipotong petugas.",
            "Warga diminta mewaspadai hujan deras yang disertai angin kencang pada sore hari.",
        ],
    ),
    Topic(
        "banksampah",
        "Lingkungan",
        [
            "Bank sampah {kel} kumpulkan {n} kilogram sampah plastik",
            "Tabungan sampah warga {kel} bisa dipakai bayar PBB",
            "Warga {kel} olah sampah dapur jadi kompos",
            "Bank sampah RW {rw} {kel} catat {n} nasabah",
        ],
        [
            "Bank sampah di Kelurahan {kel} membantu warga memilah sampah sekaligus menabung.",
            "Warga {kel} mengolah sampah organik menjadi kompos dan eco-enzyme.",
        ],
        [
            "Setiap {day}, nasabah menyetorkan sampah yang sudah dipilah dari rumah.",
            "Sampah plastik, kertas dan logam ditimbang lalu dicatat di buku tabungan.",
            "Harga botol plastik bersih kini Rp{price} per kilogram.",
            "Sampah organik diolah menjadi kompos dengan keranjang takakura.",
            "Hasil tabungan sampah bisa dicairkan menjelang hari raya atau untuk membayar PBB.",
            "Bank sampah juga membuat kerajinan dari bungkus kopi dan kemasan plastik.",
            "Volume sampah yang dibuang ke TPS berkurang sejak warga rajin memilah.",
        ],
    ),
    Topic(
        "sekolah",
        "Pendidikan",
        [
            "SD Negeri {kel} {n} raih juara lomba {item}",
            "Pendaftaran sekolah: orang tua di {kel} diminta siapkan dokumen",
            "Beasiswa untuk {n} pelajar dari keluarga kurang mampu di {kec}",
            "Siswa SMP di {kec} belajar {item} bersama KIM",
            "Sekolah di {kel} gelar pentas seni akhir tahun",
        ],
        [
            "Sekolah di Kelurahan {kel} mengajak orang tua terlibat dalam kegiatan belajar.",
            "Pelajar dari {kec} mendapat beasiswa untuk melanjutkan pendidikan.",
        ],
        [
            "Siswa kelas lima dan enam dilatih oleh guru pendamping selama dua bulan.",
            "Orang tua diminta menyiapkan kartu keluarga, akta kelahiran dan rapor.",
            "Pendaftaran dilakukan secara daring, tetapi sekolah membuka meja bantuan.",
            "Kepala sekolah berterima kasih atas dukungan komite sekolah dan paguyuban wali murid.",
            "Beasiswa diberikan kepada {n} pelajar berprestasi dari keluarga kurang mampu.",
            "Lomba {item} diikuti {n2} sekolah dari empat kecamatan di Salatiga.",
            "Siswa menampilkan tari, paduan suara dan drama berbahasa Jawa.",
            "Sekolah juga mengajarkan cara memilah sampah kepada siswa.",
        ],
        {"item": ["cerdas cermat", "membaca puisi", "mendongeng", "sains", "pidato", "futsal"]},
    ),
    Topic(
        "literasi",
        "Pendidikan",
        [
            "Taman baca di RW {rw} {kel} tambah {n} buku",
            "Anak-anak {kel} betah membaca di perpustakaan kampung",
            "Relawan {kel} buka kelas mendongeng setiap {day}",
        ],
        ["Taman baca warga di {kel} menjadi tempat belajar anak-anak sepulang sekolah."],
        [
            "Koleksi taman baca bertambah {n} buku sumbangan warga dan perpustakaan daerah.",
            "Relawan mahasiswa mendampingi anak-anak membaca dan mengerjakan tugas sekolah.",
            "Taman baca buka setiap sore mulai pukul {time} WIB.",
            "Ada pojok buku cerita berbahasa Jawa yang disukai anak-anak.",
            "Pengelola berharap ada donasi rak buku dan karpet baru.",
        ],
    ),
    Topic(
        "musrenbang",
        "Pemerintahan",
        [
            "Musrenbang {kel} tampung {n} usulan warga",
            "Warga {kel} usulkan perbaikan Jalan {street} dalam musrenbang",
            "Musrenbang kecamatan {kec} bahas prioritas pembangunan",
            "Rembug warga RW {rw} {kel} bahas anggaran tahun depan",
        ],
        [
            "Musyawarah perencanaan pembangunan di {kel} menampung usulan dari setiap RW.",
            "Warga {kec} menyampaikan prioritas pembangunan untuk tahun depan.",
        ],
        [
            "Usulan warga meliputi perbaikan jalan, saluran air, penerangan dan posyandu.",
            "Setiap RW diberi waktu menyampaikan tiga usulan prioritas.",
            "Usulan perbaikan Jalan {street} mendapat dukungan paling banyak.",
            "Camat {kec} menjelaskan bahwa tidak semua usulan bisa didanai tahun ini.",
            "Perwakilan perempuan, pemuda dan penyandang disabilitas ikut menyampaikan pendapat.",
            "Hasil musrenbang kelurahan dibawa ke musrenbang kecamatan bulan {month}.",
            "Anggaran kelurahan sebesar Rp{money} dialokasikan untuk {n} kegiatan.",
        ],
    ),
    Topic(
        "adminduk",
        "Pemerintahan",
        [
            "Layanan KTP elektronik jemput bola di {kel}",
            "Dispendukcapil layani {n} warga {kec} di akhir pekan",
            "Warga {kel} kini bisa urus surat pengantar lewat daring",
            "Pelayanan kelurahan {kel} buka hingga sore",
        ],
        ["Warga {kel} bisa mengurus dokumen kependudukan tanpa harus ke kantor dinas."],
        [
            "Petugas Dispendukcapil melayani perekaman KTP elektronik di {venue}.",
            "Warga lansia dan penyandang disabilitas didahulukan dalam antrean.",
            "Dokumen yang perlu dibawa antara lain kartu keluarga dan surat pengantar RT.",
            "Layanan akta kelahiran dan kartu identitas anak juga tersedia.",
            "Sebanyak {n} warga dilayani dalam satu hari pelayanan.",
            "Surat pengantar kini bisa diajukan lewat formulir daring kelurahan.",
        ],
    ),
    Topic(
        "budaya",
        "Budaya",
        [
            "Kirab budaya {kel} tampilkan {item}",
            "Merti dusun di {kel} jadi ajang silaturahmi warga",
            "Festival {item} meriahkan Kecamatan {kec}",
            "Sanggar {kel} latih {n} anak menari tradisional",
            "Pentas {item} semalam suntuk di {venue}",
        ],
        [
            "Warga {kel} melestarikan tradisi lewat kirab dan pentas {item}.",
            "Tradisi merti dusun di {kel} dirayakan dengan kenduri dan pentas seni.",
        ],
        [
            "Kirab diikuti rombongan {item}, barongsai dan kelompok kesenian dari setiap RW.",
            "Gunungan hasil bumi diarak keliling kampung sebelum diperebutkan warga.",
            "Sanggar tari melatih anak-anak setiap {day} sore di {venue}.",
            "Pentas {item} menghadirkan seniman lokal dari Salatiga dan sekitarnya.",
            "Tradisi ini sudah berlangsung turun-temurun sejak puluhan tahun lalu.",
            "Penonton memadati {venue} hingga larut malam.",
            "Kegiatan ini juga menjadi ajang promosi kuliner khas seperti {thing} dan {thing2}.",
        ],
        {"item": ["drumblek", "jathilan", "wayang kulit", "kuda lumping", "reog", "campursari"]},
    ),
    Topic(
        "olahraga",
        "Olahraga",
        [
            "Turnamen bola voli antar-RT {kel} diikuti {n} tim",
            "Jalan sehat {kel} diikuti ribuan warga",
            "Senam lansia rutin di {venue}",
            "Tim futsal karang taruna {kel} juara tingkat kota",
            "Lapangan RW {rw} {kel} diperbaiki untuk latihan sepak bola",
        ],
        ["Warga {kel} menggelar kegiatan olahraga untuk mempererat kebersamaan."],
        [
            "Turnamen berlangsung selama {n2} hari dengan sistem gugur.",
            "Pertandingan final disaksikan ratusan warga yang memadati pinggir lapangan.",
            "Jalan sehat menempuh rute sepanjang {km} kilometer melewati Jalan {street}.",
            "Panitia menyediakan doorprize berupa sepeda, kipas angin dan {thing}.",
            "Senam lansia dipandu instruktur dari Puskesmas {kec}.",
            "Tim pemenang mendapat piala bergilir dan uang pembinaan.",
            "Karang taruna berharap ada pembinaan atlet muda dari kampung.",
        ],
    ),
    Topic(
        "pertanian",
        "Pertanian",
        [
            "Kelompok tani {kel} panen {item} di lahan {n} hektare",
            "Petani {kel} belajar membuat pupuk organik",
            "Kebun gizi RW {rw} {kel} hasilkan sayuran untuk warga",
            "Pekarangan warga {kel} ditanami {item}",
        ],
        [
            "Kelompok tani di {kel} memanen {item} dan menjualnya langsung ke warga.",
            "Warga {kel} memanfaatkan pekarangan untuk menanam sayur dan tanaman obat.",
        ],
        [
            "Hasil panen {item} mencapai {n} kuintal, lebih baik dari musim lalu.",
            "Petani belajar membuat pupuk organik dari kotoran ternak dan sisa tanaman.",
            "Penyuluh pertanian mendampingi kelompok tani mengatasi hama wereng.",
            "Kebun gizi ditanami sawi, kangkung, cabai dan tomat dalam polybag.",
            "Hasil kebun dibagikan kepada keluarga dengan balita dan lansia.",
            "Air irigasi dari mata air di lereng Merbabu mengairi sawah warga.",
            "Harga gabah di tingkat petani kini Rp{price} per kilogram.",
        ],
        {"item": ["padi", "jagung", "cabai", "tomat", "kopi", "sayuran", "jahe", "kelengkeng"]},
    ),
    Topic(
        "digital",
        "Literasi Digital",
        [
            "KIM {kel} ajak warga kenali hoaks",
            "Pelatihan membuat video pendek untuk {n} pemuda {kec}",
            "Warga lansia {kel} belajar menggunakan ponsel pintar",
            "Waspada penipuan daring, KIM {kel} gelar sosialisasi",
            "Wifi gratis di balai RW {rw} {kel} dimanfaatkan pelajar",
        ],
        ["KIM di {kel} membantu warga memilah informasi yang benar di media sosial."],
        [
            "Peserta belajar mengenali ciri-ciri berita bohong dan cara memeriksa kebenarannya.",
            "Narasumber dari Diskominfo Kota Salatiga menjelaskan modus penipuan lewat pesan singkat.",
            "Warga diminta tidak membagikan kode OTP kepada siapa pun.",
            "Pemuda belajar merekam, menyunting dan mengunggah video tentang kampungnya.",
            "Lansia diajari cara melakukan panggilan video dengan cucu yang merantau.",
            "Akses internet gratis di balai RW dipakai pelajar untuk mengerjakan tugas.",
            "Pengurus KIM membuat grup WhatsApp untuk menyebarkan informasi resmi kelurahan.",
        ],
    ),
    Topic(
        "sosial",
        "Sosial",
        [
            "Bantuan sembako untuk {n} lansia di {kel}",
            "Warga {kel} galang donasi untuk korban kebakaran",
            "Penyaluran bantuan sosial di {kel} berjalan tertib",
            "Bedah rumah warga RT {rt} {kel} rampung",
        ],
        ["Warga {kel} bergotong royong membantu tetangga yang membutuhkan."],
        [
            "Bantuan berupa beras, minyak goreng, telur dan {thing} diserahkan langsung ke rumah.",
            "Penerima bantuan sudah diverifikasi oleh pengurus RT dan pendamping sosial.",
            "Donasi warga terkumpul Rp{money} dalam waktu tiga hari.",
            "Rumah yang dibedah kini memiliki lantai keramik dan atap yang tidak bocor.",
            "Relawan dan Babinsa membantu mengangkut material bangunan.",
            "Penyaluran dilakukan di {venue} dengan antrean sesuai nomor undangan.",
        ],
    ),
    Topic(
        "ronda",
        "Pemerintahan",
        [
            "Ronda malam di RW {rw} {kel} kembali aktif",
            "Warga {kel} pasang {n} lampu penerangan jalan",
            "Pos ronda RT {rt} {kel} direnovasi warga",
            "Siskamling {kel} dijadwalkan bergiliran",
        ],
        ["Warga {kel} menghidupkan lagi ronda malam untuk menjaga keamanan kampung."],
        [
            "Setiap malam, lima warga bergiliran berjaga dari pukul 22.00 hingga subuh.",
            "Jimpitan beras dari setiap rumah dikumpulkan untuk kas ronda.",
            "Pos ronda dilengkapi lampu, senter dan buku catatan tamu.",
            "Bhabinkamtibmas {kel} ikut berkeliling bersama warga.",
            "Penerangan jalan dipasang di gang yang selama ini gelap.",
            "Sejak ronda aktif, tidak ada lagi laporan kehilangan sepeda motor.",
        ],
    ),
    Topic(
        "airbersih",
        "Lingkungan",
        [
            "Pipa air bersih baru mengalir ke RW {rw} {kel}",
            "Warga {kel} rawat sumber mata air",
            "Jalan rusak di {kel} mulai diperbaiki",
            "Penerangan jalan umum baru di Jalan {street}",
        ],
        ["Warga RW {rw} {kel} kini menikmati air bersih yang mengalir lancar."],
        [
            "Sambungan pipa baru melayani {n} rumah yang sebelumnya mengandalkan sumur.",
            "Warga merawat mata air dengan menanam pohon di sekitarnya.",
            "Perbaikan jalan sepanjang {n2} meter menggunakan dana kelurahan dan swadaya.",
            "Lubang di Jalan {street} ditambal dengan aspal dan batu.",
            "Warga diminta melapor jika ada pipa bocor agar segera diperbaiki.",
            "Lampu jalan tenaga surya dipasang di tikungan yang rawan kecelakaan.",
        ],
    ),
]
CATEGORIES = sorted({topic.category for topic in TOPICS})

COMMENTS = [
    "Terima kasih infonya, sangat bermanfaat untuk warga.",
    "Semoga kegiatan seperti ini rutin diadakan di RW kami juga.",
    "Mantap, warga {kel} memang kompak!",
    "Apakah kegiatan ini terbuka untuk warga dari kelurahan lain?",
    "Kapan jadwal berikutnya? Saya ingin ikut.",
    "Mohon info kontak panitianya, terima kasih.",
    "Bagus sekali, anak-anak jadi punya kegiatan positif.",
    "Salut untuk para relawan dan kader.",
    "Di RT {rt} juga perlu kegiatan serupa, selokannya sering mampet.",
    "Semoga pemerintah kota terus mendukung.",
    "Saya warga Jalan {street}, kemarin ikut dan acaranya seru.",
    "Lanjutkan! Jangan lupa dokumentasinya diunggah ke media sosial.",
    "Mohon diumumkan juga lewat grup WhatsApp RW ya.",
    "Harganya masih mahal di tempat kami, semoga segera turun.",
    "Apakah perlu membawa fotokopi KTP?",
    "Terima kasih KIM {kel} sudah mengabarkan.",
    "Wah, sayang sekali saya tidak bisa datang hari {day}.",
    "Semoga berkah untuk semua yang terlibat.",
]


# --- Generation ---------------------------------------------------------------------------------


def _zipf_weights(count: int, exponent: float = 1.15) -> list[float]:
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


_THING_CUMULATIVE = _zipf_weights(len(THINGS))


class _Slots(dict):
    """Values for one sentence, drawn on first use: '{thing}' and '{thing2}' differ."""

    def __init__(self, rng: random.Random, place: dict, topic: Topic):
        super().__init__()
        self.rng, self.place, self.topic = rng, place, topic

    def __missing__(self, key: str) -> str:
        rng = self.rng
        base = key.rstrip("0123456789")
        if base in self.topic.pools:
            value = rng.choice(self.topic.pools[base])
        elif base in ("kel", "kec"):
            value = self.place[base]
        elif base == "thing":
            total, taken = _THING_CUMULATIVE[-1], set(self.values())
            value = ""
            for _ in range(5):  # "salak, air dan air" reads badly: draw again
                value = THINGS[bisect(_THING_CUMULATIVE, rng.random() * total)].replace("-", " ")
                if value not in taken:
                    break
        elif base == "person":
            value = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        elif base == "role":
            value = rng.choice(ROLES).format_map(self)
        elif base == "venue":
            value = rng.choice(VENUES).format_map(self)
        elif base == "street":
            value = rng.choice(STREETS).replace("-", " ")
        elif base in ("rw", "rt"):
            value = f"{rng.randint(1, 12):02d}"
        elif base == "n":
            value = str(rng.choice([rng.randint(5, 60), rng.randint(20, 250)]))
        elif base == "money":
            value = f"{rng.randint(3, 250) * 50_000:,}".replace(",", ".")
        elif base == "price":
            value = f"{rng.randint(2, 120) * 500:,}".replace(",", ".")
        elif base in ("cm", "km", "hours"):
            low, high = {"cm": (10, 80), "km": (3, 10), "hours": (2, 5)}[base]
            value = str(rng.randint(low, high))
        elif base == "day":
            value = rng.choice(DAYS)
        elif base == "date":
            value = str(rng.randint(1, 28))
        elif base == "month":
            value = rng.choice(MONTHS)
        elif base == "time":
            value = rng.choice(TIMES)
        elif base == "weather":
            value = rng.choice(WEATHER)
        elif base == "adj":
            value = rng.choice(ADJECTIVES)
        elif base == "activity":
            value = rng.choice(ACTIVITIES)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def _fill(template: str, rng: random.Random, place: dict, topic: Topic) -> str:
    text = template.format_map(_Slots(rng, place, topic))
    return text[0].upper() + text[1:]


def article(index: int, place: dict, seed: int = 2026) -> dict:
    """Title, summary and HTML body (150 to 400 words) of article `index` in `place`
    ({"kel": ..., "kec": ...}), and the name of its category."""
    rng = random.Random(seed * 1_000_003 + index)
    topic = rng.choice(TOPICS)
    title = _fill(rng.choice(topic.titles), rng, place, topic)
    summary = _fill(rng.choice(topic.summaries), rng, place, topic)
    target = rng.randint(135, 330)
    paragraphs, words = [], 0
    own = list(topic.sentences)
    rng.shuffle(own)
    first = True
    while words < target:
        sentences = [_fill(rng.choice(OPENINGS), rng, place, topic)] if first else []
        first = False
        for _ in range(rng.randint(2, 4)):
            roll = rng.random()
            if own and roll < 0.5:
                template = own.pop()
            elif roll < 0.7:
                template = rng.choice(QUOTES)
            else:
                template = rng.choice(DETAILS)
            sentences.append(_fill(template, rng, place, topic))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    paragraphs.append(_fill(rng.choice(CLOSINGS), rng, place, topic))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    if rng.random() < 0.15:  # some articles list the next steps
        items = rng.sample(topic.sentences, min(3, len(topic.sentences)))
        body += "<ul>" + "".join(f"<li>{_fill(i, rng, place, topic)}</li>" for i in items) + "</ul>"
    return {"title": title[:200], "summary": summary[:400], "body": body, "topic": topic}


def comment(index: int, place: dict, seed: int = 2026) -> tuple[str, str]:
    """A reader's name and comment."""
    rng = random.Random(seed * 7_000_003 + index)
    topic = TOPICS[index % len(TOPICS)]
    text = _fill(rng.choice(COMMENTS), rng, place, topic)
    if rng.random() < 0.3:
        text += " " + _fill(rng.choice(COMMENTS), rng, place, topic)
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", text


EVENT_KINDS = {
    "workshop": "Workshop {thing} untuk KIM se-Kecamatan {kec}",
    "bimtek": "Bimtek penulisan berita warga di {kel}",
    "sarasehan": "Sarasehan {activity} di Kelurahan {kel}",
    "forum": "Forum KIM Kota Salatiga: {activity}",
    "simulasi": "Simulasi tanggap bencana di {kel}",
    "studi_banding": "Studi banding KIM {kel} ke kampung digital",
}


def event(index: int, kind: str, place: dict, seed: int = 2026) -> dict:
    rng = random.Random(seed * 5_000_011 + index)
    topic = rng.choice(TOPICS)
    title = _fill(EVENT_KINDS[kind], rng, place, topic)
    summary = _fill(rng.choice(topic.summaries), rng, place, topic)
    paragraphs = [
        _fill(t, rng, place, topic)
        for t in rng.sample(topic.sentences, min(3, len(topic.sentences)))
    ]
    venue = _fill(rng.choice(VENUES), rng, place, topic)
    return {
        "title": title[:190],
        "summary": summary[:300],
        "description": "".join(f"<p>{p}</p>" for p in paragraphs),
        "venue": venue[:200],
        "speakers": "\n".join(
            _fill("{person}, {role}", rng, place, topic) for _ in range(rng.randint(1, 3))
        ),
    }
