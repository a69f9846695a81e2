"""Pages of lists and desk queues: however long a list grows, one page costs the same.

A paginator counts at most `cap` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`), so a page
never reads every row to say how many pages there are; `paginator.more` says that more rows
exist than were counted. Lists of articles reach beyond the counted pages with a date filter
(news/forms.py, "published before"), desk queues with their own filters.
"""

import math
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

DESK_PAGE_SIZE = 50
# Rows counted at most: 200 pages of a desk queue, 100 pages of news.
DESK_COUNT_CAP = 10_000
LIST_COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """`known`: how many rows the list holds, when the caller has counted them already (a
    search's matches): no second count."""

    def __init__(self, object_list, per_page, *, cap: int, known: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.known = known

    @cached_property
    def counted(self) -> int:
        if self.known is not None:
            return min(self.known, self.cap + 1)
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list[: self.cap + 1])
        # min(total, cap + 1) whatever the order: counted unordered and without annotations
        # (a search's headlines), by primary key only.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def more(self) -> bool:
        """More rows exist than the pages show."""
        return self.counted > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(self.count / self.per_page))


def paged(
    request: HttpRequest, queryset, *, per_page: int, cap: int, known: int | None = None
) -> dict:
    """`page` (for includes/_pagination.html and the list) and `query`: the other filters of
    the address, kept when moving between pages. A bad page number shows the nearest page."""
    paginator = CappedPaginator(queryset, per_page, cap=cap, known=known)
    page: Page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}


def desk_page(request: HttpRequest, queryset, *, per_page: int = DESK_PAGE_SIZE) -> dict:
    return paged(request, queryset, per_page=per_page, cap=DESK_COUNT_CAP)
