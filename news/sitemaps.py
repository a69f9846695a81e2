from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.models import Article, Category


class NewsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.public().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, item: Article):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.filter(articles__in=Article.objects.public()).distinct()

    def location(self, item: Category) -> str:
        return reverse("news:category", args=[item.slug])
