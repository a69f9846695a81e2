"""Demo accounts shared by every app's demo data (PRODUCT.md §10)."""

from functools import cache

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group

from kim_portal.models import User
from kim_portal.roles import REDAKSI_GROUP

DEMO_ACCOUNTS = [
    # email, full name, WhatsApp, superuser
    ("admin@demo.kim.id", "Admin Portal", "", True),
    ("redaksi@demo.kim.id", "Rina Wulandari", "081390001001", False),
    ("ketua@demo.kim.id", "Bambang Sutrisno", "081390001002", False),
    ("anggota@demo.kim.id", "Siti Nurhaliza", "081390001003", False),
    ("warga@demo.kim.id", "Agus Prasetyo", "081390001004", False),
]


@cache
def _demo_password_hash(password: str) -> str:
    # Hashing is slow on purpose; one hash serves all demo accounts.
    return make_password(password)


@cache
def _is_demo_password(password: str, encoded: str) -> bool:
    # Demo accounts share one hash, so this checks it once rather than once per account.
    # Keyed by the password too: a settings change (a test, say) must not reuse an old answer.
    return check_password(password, encoded)


def demo_user(email: str, full_name: str, *, whatsapp: str = "", superuser: bool = False) -> User:
    """Create or refresh a demo account with the demo password and a verified e-mail address."""
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "whatsapp": whatsapp,
            "is_staff": superuser,
            "is_superuser": superuser,
            "is_active": True,
        },
    )
    if not _is_demo_password(settings.DEMO_PASSWORD, user.password):
        user.password = _demo_password_hash(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_accounts() -> dict[str, User]:
    accounts = {
        email.split("@")[0]: demo_user(email, name, whatsapp=phone, superuser=is_super)
        for email, name, phone, is_super in DEMO_ACCOUNTS
    }
    accounts["redaksi"].groups.add(Group.objects.get(name=REDAKSI_GROUP))
    return accounts
