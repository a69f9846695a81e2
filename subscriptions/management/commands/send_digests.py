from django.core.management.base import BaseCommand
from django.db import transaction

from subscriptions.services import digests_enqueue_due, push_enqueue_owed


class Command(BaseCommand):
    help = (
        "Queue the e-mail digests owed for the last complete day and week, and browser "
        "notifications still owed (scheduled articles now public). Run it hourly (cron or a "
        "systemd timer): digests already sent are skipped, so nothing goes out twice."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            batches = digests_enqueue_due()
            pushes = push_enqueue_owed()
        self.stdout.write(f"{batches} digest batch(es) and {pushes} push(es) queued.")
