from django.core.management.base import BaseCommand

from subscriptions.models import SuppressedAddress
from subscriptions.services import address_suppress


class Command(BaseCommand):
    help = "Stop all portal mail to addresses that bounced or complained (one per argument)."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="+")
        parser.add_argument("--reason", choices=SuppressedAddress.Reason.values, default="bounce")

    def handle(self, *args, **options):
        for email in options["emails"]:
            address_suppress(email=email, reason=options["reason"])
        self.stdout.write(f"{len(options['emails'])} address(es) suppressed.")
