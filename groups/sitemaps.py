from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from groups.models import Kim
from kim_portal.sitemaps import RowSitemap


class KimSitemap(RowSitemap):
    url_name = "groups:detail"

    def rows(self):
        return Kim.objects.verified()


class KimPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["groups:list", "groups:coverage"]

    def location(self, item: str) -> str:
        return reverse(item)
