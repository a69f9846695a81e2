from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "news:list",
            "workshops:list",
            "stats",
            "subscriptions:subscribe",
            "open_data",
            "about",
            "contact",
            "privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)
