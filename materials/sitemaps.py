from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from kim_portal.sitemaps import RowSitemap
from materials.models import Material


class MaterialSitemap(RowSitemap):
    """Current public materials only: expired, future and member-only items stay out."""

    url_name = "materials:material"

    def rows(self):
        return Material.objects.current().for_audience(members=False)


class MaterialPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["materials:materials"]

    def location(self, item: str) -> str:
        return reverse(item)
