from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Greatest

from kim_portal.sitemaps import RowSitemap
from news.models import Article, Category

# An article changes when it is edited, and appears at its publication (a scheduled article is
# written before it is due).
ARTICLE_LASTMOD_FIELDS = ("updated_at", "published_at")


class NewsSitemap(RowSitemap):
    url_name = "news:detail"
    lastmod_fields = ARTICLE_LASTMOD_FIELDS

    def rows(self):
        return Article.objects.public()


class CategorySitemap(RowSitemap):
    """Categories with at least one public article; a category's page changes with its newest
    article, whose lastmod it takes."""

    changefreq = "daily"
    url_name = "news:category"

    @property
    def lastmod_expression(self):
        newest = (
            Article.objects.public()
            .filter(categories=OuterRef("pk"))
            .order_by("-published_at", "-pk")
            .annotate(lastmod=Greatest(*ARTICLE_LASTMOD_FIELDS))
            .values("lastmod")[:1]
        )
        return Subquery(newest)

    def get_latest_lastmod(self):
        return self.rows().aggregate(latest=Max(self.lastmod_expression))["latest"]

    def rows(self):
        return Category.objects.filter(
            Exists(Article.objects.public().filter(categories=OuterRef("pk")))
        )
