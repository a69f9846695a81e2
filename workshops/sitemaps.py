from django.contrib.sitemaps import Sitemap

from workshops.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("-starts_at")

    def lastmod(self, event: Event):
        return event.updated_at
