"""Pages of a desk queue: however long a queue grows, one page costs the same."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

DESK_PAGE_SIZE = 50


def desk_page(request: HttpRequest, queryset, *, per_page: int = DESK_PAGE_SIZE) -> dict:
    """`page` (for includes/_pagination.html and the list) and `query`: the other filters of
    the address, kept when moving between pages. A bad page number shows the nearest page."""
    page: Page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}
