"""RSS feeds of public articles: all news, one category, one KIM."""

import mimetypes

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from groups.models import Kim
from kim_portal.links import SiteRequest, absolute_url
from kim_portal.text import strip_control_characters
from news.models import Article, Category

FEED_SIZE = 20


class PlainTextFeed(Feed):
    """Every string of the feed loses the control characters XML cannot carry: text stored
    before input was cleaned must not break the feed for everyone. Its links name SITE_URL,
    whatever host the request came to."""

    def get_feed(self, obj, request):
        return super().get_feed(obj, SiteRequest(request))

    def _get_dynamic_attr(self, attname, obj, default=None):
        value = super()._get_dynamic_attr(attname, obj, default)
        if isinstance(value, str):
            return strip_control_characters(value)
        if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
            return [strip_control_characters(item) for item in value]
        return value


class ArticleFeed(PlainTextFeed):
    title = _("News from the KIM of Salatiga")
    description = _("The latest news written by the community information groups of Salatiga.")

    def link(self, obj=None) -> str:
        return reverse("news:list")

    def items(self, obj=None):
        return self.articles(obj)[:FEED_SIZE]

    def articles(self, obj):
        # The text is not in the feed (the summary is): left in the database.
        return (
            Article.objects.public()
            .select_related("kim", "photo")
            .defer("body", "search_vector")
            .prefetch_related("categories")
            .order_by("-published_at", "-pk")
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Feed readers render a description as HTML; the summary is plain text.
        return escape(item.summary)

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.kim.name if item.kim else "Redaksi"

    def item_categories(self, item: Article) -> list[str]:
        return [category.name for category in item.categories.all()]

    def item_enclosures(self, item: Article):
        from django.utils.feedgenerator import Enclosure

        if not item.photo:
            return []
        name = item.photo.share_rendition()[0]  # a rendition, not the full-size original
        try:
            length = default_storage.size(name)
        except OSError:  # the file went missing: no enclosure rather than a broken feed
            return []
        mime = mimetypes.guess_type(name)[0] or "image/jpeg"
        url = absolute_url(default_storage.url(name))
        return [Enclosure(url, str(length), mime)]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category) -> str:
        return _("%(category)s · KIM Salatiga") % {"category": obj.name}

    def link(self, obj: Category) -> str:
        return reverse("news:category", args=[obj.slug])

    def description(self, obj: Category) -> str:
        return _("News in the category %(category)s.") % {"category": obj.name}

    def articles(self, obj: Category):
        return super().articles(obj).filter(categories=obj)


class KimFeed(ArticleFeed):
    def get_object(self, request, slug: str) -> Kim:
        return get_object_or_404(Kim.objects.verified(), slug=slug)

    def title(self, obj: Kim) -> str:
        return _("%(kim)s · KIM Salatiga") % {"kim": obj.name}

    def link(self, obj: Kim) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Kim) -> str:
        return _("News written by %(kim)s.") % {"kim": obj.name}

    def articles(self, obj: Kim):
        return super().articles(obj).filter(kim=obj)
