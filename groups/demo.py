"""Demo KIMs with officers and members (PRODUCT.md §10)."""

from django.utils.text import slugify

from groups.models import Kelurahan, Kim, KimStatusChange, Membership
from kim_portal.demo import demo_user

# name, kelurahan slug, officers and members as (full name, role)
DEMO_KIMS = [
    ("KIM Ledok Berdaya", "ledok"),
    ("KIM Kalicacing Informatif", "kalicacing"),
    ("KIM Mangunsari Maju", "mangunsari"),
    ("KIM Blotongan Cerdas", "blotongan"),
    ("KIM Kauman Kidul Bersatu", "kauman-kidul"),
    ("KIM Kutowinangun Lor Sejahtera", "kutowinangun-lor"),
    ("KIM Tingkir Lor Kreatif", "tingkir-lor"),
    ("KIM Cebongan Mandiri", "cebongan"),
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


def _member(kim: Kim, user, role: str) -> None:
    Membership.objects.update_or_create(
        kim=kim, user=user, status=Membership.Status.ACTIVE, defaults={"role": role}
    )


def seed(accounts: dict) -> list[Kim]:
    kims = []
    for index, (name, kelurahan_slug) in enumerate(DEMO_KIMS):
        kim, created = Kim.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "kelurahan": Kelurahan.objects.get(slug=kelurahan_slug)},
        )
        if created:
            KimStatusChange.objects.create(kim=kim, actor=None, to_status=Kim.Status.PENDING)
            KimStatusChange.objects.create(
                kim=kim,
                actor=accounts["redaksi"],
                from_status=Kim.Status.PENDING,
                to_status=Kim.Status.VERIFIED,
                note="SK pengukuhan dari lurah sudah diperiksa dan sah.",
            )
            kim.status = Kim.Status.VERIFIED
            kim.save(update_fields=["status"])
        if index == 0:
            _member(kim, accounts["ketua"], Membership.Role.KETUA)
            _member(kim, accounts["anggota"], Membership.Role.ANGGOTA)
        else:
            chair = demo_user(f"ketua.{kim.slug}@demo.kim.id", f"Ketua {name}")
            _member(kim, chair, Membership.Role.KETUA)
        for person_index, (full_name, role) in enumerate(DEMO_PEOPLE):
            email = f"{slugify(full_name)}.{index}@demo.kim.id"
            _member(
                kim,
                demo_user(email, full_name),
                role if person_index < 5 else Membership.Role.ANGGOTA,
            )
        kims.append(kim)
    return kims
