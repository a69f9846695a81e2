from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from materials.models import Material


class MaterialSitemap(Sitemap):
    """Current public materials only: expired, future and member-only items stay out."""

    changefreq = "weekly"

    def items(self):
        return Material.objects.current().for_audience(members=False).order_by("-valid_from", "pk")

    def lastmod(self, material: Material):
        return material.updated_at


class MaterialPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["materials:materials"]

    def location(self, item: str) -> str:
        return reverse(item)
