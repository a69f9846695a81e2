"""Sitemaps for search engines: `/sitemap.xml` is an index of sections, each section paged
(`/sitemap-<section>.xml?p=N`, the sections are named in kim_portal/urls.py).

A section built from a table (`RowSitemap`) costs the same at ten rows and at a hundred
thousand. Its pages are ranges of primary keys, not offsets into a count (an offset makes the
database walk every row before it, and the count walks them all): page N holds the public rows
whose key lies in the Nth run of `limit` keys from the lowest public one, read in one query on
the primary key's index, two columns (the slug and the `lastmod`). Page 50 costs what page 1
does, and a page's content stays put as rows are added (new rows get new keys, at the end). A
page may hold fewer than `limit` addresses (drafts and private rows keep their keys) and, after
a long run of them, none. The number of pages comes from the lowest and the highest public key
(two index lookups); the index also asks each section its latest `lastmod` (one lookup per
column it is made of). Each address is one reversed URL with the slug put in, not a `reverse()`
per row.

`limit` keeps a page quick to build (the sitemap template costs some 35 µs an address): 2,000
addresses a page, so 100,000 articles make 50 pages.
"""

import math
from abc import ABC, abstractmethod
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Page, Paginator
from django.db.models import Expression, F, QuerySet
from django.db.models.functions import Greatest
from django.urls import reverse

# A slug no row has, reversed once; each row's slug replaces it.
_SLUG_PLACEHOLDER = "sitemap-slug-placeholder"


class KeyRangePaginator(Paginator):
    """Pages of a queryset by runs of `per_page` primary keys from `first_key` to `last_key`
    (see the module)."""

    def __init__(self, object_list: QuerySet, per_page: int, first_key: int, last_key: int):
        super().__init__(object_list, per_page)
        self.first_key, self.last_key = first_key, last_key

    @cached_property
    def num_pages(self) -> int:
        return max(1, math.ceil((self.last_key - self.first_key + 1) / self.per_page))

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = self.first_key + (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gte=bottom, pk__lt=bottom + self.per_page)
        return self._get_page(rows, number, self)


class RowSitemap(Sitemap, ABC):
    """One model's public rows, addressed by slug: subclasses say which rows (`rows()`), which URL
    shows one (`url_name`) and when a row last changed (`lastmod_fields`; a section whose
    lastmod is not its own columns overrides `lastmod_expression` and `get_latest_lastmod`)."""

    limit = 2000
    changefreq = "weekly"
    url_name: str
    # A row's lastmod is the latest of these columns.
    lastmod_fields: tuple[str, ...] = ("updated_at",)

    @property
    def lastmod_expression(self) -> Expression:
        if len(self.lastmod_fields) == 1:
            return F(self.lastmod_fields[0])
        return Greatest(*self.lastmod_fields)

    @abstractmethod
    def rows(self) -> QuerySet:
        """The public rows of the section."""

    def items(self) -> QuerySet:
        return (
            self.rows()
            .annotate(sitemap_lastmod=self.lastmod_expression)
            .order_by("pk")
            .values_list("slug", "sitemap_lastmod")
        )

    @cached_property
    def paginator(self) -> KeyRangePaginator:
        keys = self.rows().values_list("pk", flat=True)
        first_key = keys.order_by("pk").first()
        if first_key is None:  # no rows: one empty page
            return KeyRangePaginator(self.items(), self.limit, 1, 0)
        return KeyRangePaginator(self.items(), self.limit, first_key, keys.order_by("-pk").first())

    def get_latest_lastmod(self):
        """The section's lastmod: the latest of each column's latest (the greatest of maxima
        is the maximum of greatest), one lookup per column, on its index where it has one."""
        latest = (
            self.rows()
            .filter(**{f"{field}__isnull": False})
            .order_by(f"-{field}")
            .values_list(field, flat=True)
            .first()
            for field in self.lastmod_fields
        )
        return max((moment for moment in latest if moment is not None), default=None)

    @cached_property
    def _address(self) -> str:
        return reverse(self.url_name, args=[_SLUG_PLACEHOLDER])

    def location(self, item: tuple) -> str:
        return self._address.replace(_SLUG_PLACEHOLDER, item[0])

    def lastmod(self, item: tuple):
        return item[1]


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
