"""Demo subscriptions: the demo resident follows kelurahan Ledok weekly; one more waits."""

from django.utils import timezone

from groups.models import Kecamatan, Kelurahan
from subscriptions.models import Subscription


def seed(accounts: dict) -> int:
    warga = accounts["warga"]
    rows = [
        (warga.email, warga, {"kelurahan": Kelurahan.objects.get(slug="ledok")}, "active"),
        (warga.email, warga, {"kecamatan": Kecamatan.objects.get(slug="sidorejo")}, "active"),
        ("tetangga@contoh.id", None, {"kelurahan": Kelurahan.objects.get(slug="ledok")}, "pending"),
    ]
    for email, user, target, status in rows:
        Subscription.objects.update_or_create(
            email=email,
            **target,
            defaults={
                "user": user,
                "frequency": Subscription.Frequency.WEEKLY,
                "language": "id",
                "status": status,
                "confirmed_at": timezone.now() if status == "active" else None,
            },
        )
    return len(rows)
