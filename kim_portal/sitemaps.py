from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "news:list", "stats", "subscriptions:subscribe", "open_data"]

    def location(self, item: str) -> str:
        return reverse(item)
