from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from groups import demo as groups_demo
from kim_portal.demo import seed_accounts
from materials import demo as materials_demo
from news import demo as news_demo
from subscriptions import demo as subscriptions_demo
from workshops import demo as workshops_demo


class Command(BaseCommand):
    help = "Fill the portal with demo content and demo accounts. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (a demo server)."
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production database. Use --force for a demo server."
            )
        with transaction.atomic():
            accounts = seed_accounts()
            kims = groups_demo.seed(accounts)
            article_count = news_demo.seed(accounts, kims)
            material_count = materials_demo.seed_materials(accounts, kims)
            events = workshops_demo.seed(accounts)
            news_demo.spread_history(kims)
            groups_demo.seed_programs(accounts, kims)
            subscriptions_demo.seed(accounts)
        self.stdout.write(
            f"Demo data ready: {len(accounts)} accounts, {len(kims)} KIM, {article_count} articles, "
            f"{len(events)} events, {material_count} information materials."
        )
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for account in accounts.values():
            self.stdout.write(f"  {account.email}")
