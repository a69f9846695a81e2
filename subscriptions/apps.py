from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Subscriptions")

    def ready(self) -> None:
        from news.signals import article_published
        from subscriptions.services import article_published_receiver

        article_published.connect(article_published_receiver, dispatch_uid="subscriptions-push")
