from django.core.management.base import BaseCommand

from workshops.services import reminders_send


class Command(BaseCommand):
    help = "E-mail confirmed registrants the day before their event. Safe to run every hour."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Sent {sent} event reminder(s).")
