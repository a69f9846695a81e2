from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from groups.models import Kim


class KimSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Kim.objects.verified().order_by("name")

    def lastmod(self, kim: Kim):
        return kim.updated_at


class KimPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["groups:list", "groups:coverage"]

    def location(self, item: str) -> str:
        return reverse(item)
