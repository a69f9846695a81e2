from django.core.management.base import BaseCommand
from django.db import transaction

from materials.services import announcement_enqueue_pending


class Command(BaseCommand):
    help = (
        "Queue the announcement e-mail still owed (after a failed send). Recipients already "
        "e-mailed are skipped, so running it twice sends nothing twice."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            batches = announcement_enqueue_pending()
        self.stdout.write(f"{batches} batch(es) queued.")
