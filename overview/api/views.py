"""The open-data API: plain JSON views, read-only and public.

Every view goes through `api_view`, which allows only GET, HEAD and OPTIONS, counts requests per
client address in the cache (429 with Retry-After past the limit), answers CORS for any origin and
turns the body into a conditional response (ETag and, where the data has a time, Last-Modified;
304 when the client has it already). What is public is decided by the same QuerySet methods the
pages use; serializers name each field explicitly, so nothing personal can slip in.
"""

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import wraps

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from groups.models import Kecamatan, Kim
from kim_portal.links import absolute_url
from kim_portal.pagecache import cache_public_page
from news.models import Article
from overview.api.datasets import DATASETS
from overview.api.openapi import openapi_document
from workshops.access import event_details_for
from workshops.models import Event

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
DIGITS = re.compile(r"^[0-9]{1,6}$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")
# A cursor is "<sort key in microseconds since 1970>_<id>": every string of this shape is a valid
# position, so no well-formed cursor is ever refused.
CURSOR = re.compile(r"^([0-9]{1,16})_([0-9]{1,18})$")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 12, 31)


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _rate_limited(request: HttpRequest) -> int | None:
    """Seconds to wait when this client address is over the limit, else None (and counted)."""
    window = 60
    now = int(timezone.now().timestamp())
    address = get_account_adapter().get_client_ip(request) or "unknown"
    key = f"api:rate:{address}:{now // window}"
    if cache.add(key, 1, window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, window + 5)
            count = 1
    if count > settings.API_RATE_LIMIT:
        return window - now % window
    return None


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
    return response


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @csrf_exempt  # nothing here writes; POST and the like are answered 405 before any work
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "Only GET, HEAD and OPTIONS are allowed.")
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        wait = _rate_limited(request)
        if wait is not None:
            response = _error(429, "Too many requests from this address; try again later.")
            response["Retry-After"] = str(wait)
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except ApiError as error:
            return _cors(_error(error.status, error.message))
        return _cors(response)

    return wrapper


def _conditional(
    request: HttpRequest, response: HttpResponse, last_modified: datetime | None = None
) -> HttpResponse:
    """ETag from the body (and Last-Modified when known); 304 when the client's copy is current."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        response = not_modified
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _json(request: HttpRequest, data: dict, last_modified: datetime | None = None):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return _conditional(request, response, last_modified)


def _last_modified(queryset) -> datetime | None:
    """The newest change to any row of the table, whatever its state: a withdrawal counts too."""
    return queryset.model.objects.aggregate(latest=Max("updated_at"))["latest"]


# -- Query parameters -------------------------------------------------------------------------


def _param(request: HttpRequest, name: str) -> str | None:
    """A query parameter's value, None when absent; present but empty is refused."""
    if name not in request.GET:
        return None
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"{name} is given more than once.")
    value = values[0]
    if not value:
        raise ApiError(400, f"{name} is empty.")
    return value


def _limit(request: HttpRequest) -> int:
    value = _param(request, "limit")
    if value is None:
        return DEFAULT_LIMIT
    if not DIGITS.match(value) or not 1 <= int(value) <= MAX_LIMIT:
        raise ApiError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return int(value)


def _slug(request: HttpRequest, name: str) -> str | None:
    value = _param(request, name)
    if value is not None and not SLUG.match(value):
        raise ApiError(400, f"{name} must be a slug (letters, digits, - and _).")
    return value


def _date(request: HttpRequest, name: str) -> date | None:
    value = _param(request, name)
    if value is None:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ApiError(400, f"{name} must be a date as YYYY-MM-DD.")


def _date_range(request: HttpRequest, queryset, field_name: str):
    """`from` and `to` (inclusive), days in Salatiga's time, as on the pages."""
    start, end = _date(request, "from"), _date(request, "to")
    # Nothing is older or newer than these; outside them a day would not fit a datetime in UTC.
    start = start and max(start, EARLIEST)
    end = end and min(end, LATEST)
    zone = timezone.get_default_timezone()
    if start:
        queryset = queryset.filter(
            **{f"{field_name}__gte": datetime.combine(start, time.min, zone)}
        )
    if end:
        queryset = queryset.filter(**{f"{field_name}__lte": datetime.combine(end, time.max, zone)})
    return queryset


def _micros(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def _cursor_page(request: HttpRequest, queryset, sort_field: str, serialize) -> dict:
    """Newest first by `sort_field` (then id): `results` and the URL of the `next` page."""
    limit = _limit(request)
    cursor = _param(request, "cursor")
    if cursor is not None:
        match = CURSOR.match(cursor)
        if not match:
            raise ApiError(400, "cursor is not one this API gave out.")
        moment = datetime.fromtimestamp(int(match[1]) / 1_000_000, tz=UTC)
        pk = int(match[2])
        queryset = queryset.filter(
            Q(**{f"{sort_field}__lt": moment}) | Q(**{sort_field: moment, "pk__lt": pk})
        )
    rows = list(queryset.order_by(f"-{sort_field}", "-pk")[: limit + 1])
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        query = request.GET.copy()
        query["cursor"] = f"{_micros(getattr(last, sort_field))}_{last.pk}"
        next_url = absolute_url(f"{request.path}?{query.urlencode()}")
    return {"results": [serialize(request, row) for row in rows], "next": next_url}


# -- Serializers: every field named, nothing personal ----------------------------------------


def _region(kelurahan) -> dict | None:
    if kelurahan is None:
        return None
    return {
        "slug": kelurahan.slug,
        "name": kelurahan.name,
        "kecamatan": {"slug": kelurahan.kecamatan.slug, "name": kelurahan.kecamatan.name},
    }


def _article(request: HttpRequest, article: Article) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "url": absolute_url(article.get_absolute_url()),
        "published_at": article.published_at.isoformat(),
        "updated_at": article.updated_at.isoformat(),
        "author_name": article.author.full_name,
        "kim": {"slug": article.kim.slug, "name": article.kim.name} if article.kim else None,
        "kelurahan": _region(article.kelurahan),
        "categories": [
            {"slug": category.slug, "name": category.name} for category in article.categories.all()
        ],
        "image": absolute_url(article.photo.original.url) if article.photo else None,
    }


def _kim(request: HttpRequest, kim: Kim) -> dict:
    return {
        "slug": kim.slug,
        "name": kim.name,
        "url": absolute_url(kim.get_absolute_url()),
        "kelurahan": _region(kim.kelurahan),
        "description": kim.description,
        "founded_on": kim.founded_on.isoformat() if kim.founded_on else None,
        "focus_areas": list(kim.focus_areas),
        "website_url": kim.website_url or None,
        "registered_at": kim.created_at.isoformat(),
    }


def _event(request: HttpRequest, event: Event) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind,
        "url": absolute_url(event.get_absolute_url()),
        "status": event.status,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "venue": event.venue or None,
        "address": event.address or None,
        "online": bool(event.online_url),
        # The API reads as an anonymous visitor: workshops decides what that is.
        "online_url": event_details_for(AnonymousUser(), event, holds_seat=False).online_url
        or None,
        "audience": event.audience,
        "capacity": event.capacity,
    }


# -- Views -------------------------------------------------------------------------------


def _public_articles():
    return (
        Article.objects.public()
        .select_related("author", "kim", "kelurahan__kecamatan", "photo")
        .prefetch_related("categories")
    )


@api_view
def articles(request: HttpRequest) -> HttpResponse:
    queryset = _public_articles()
    if kecamatan := _slug(request, "kecamatan"):
        queryset = queryset.filter(kelurahan__kecamatan__slug=kecamatan)
    if kelurahan := _slug(request, "kelurahan"):
        queryset = queryset.filter(kelurahan__slug=kelurahan)
    if kim := _slug(request, "kim"):
        queryset = queryset.filter(kim__slug=kim)
    if category := _slug(request, "category"):
        queryset = queryset.filter(categories__slug=category)
    queryset = _date_range(request, queryset, "published_at")
    data = _cursor_page(request, queryset, "published_at", _article)
    return _json(request, data, _last_modified(queryset))


@api_view
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = _public_articles().filter(slug=slug).first() if SLUG.match(slug) else None
    if article is None:
        raise ApiError(404, "No published article has this slug.")
    data = {**_article(request, article), "body_html": article.body}
    return _json(request, data, article.updated_at)


@api_view
def kims(request: HttpRequest) -> HttpResponse:
    queryset = Kim.objects.verified().select_related("kelurahan__kecamatan")
    if kecamatan := _slug(request, "kecamatan"):
        queryset = queryset.filter(kelurahan__kecamatan__slug=kecamatan)
    if kelurahan := _slug(request, "kelurahan"):
        queryset = queryset.filter(kelurahan__slug=kelurahan)
    data = _cursor_page(request, queryset, "created_at", _kim)
    return _json(request, data, _last_modified(queryset))


@api_view
def events(request: HttpRequest) -> HttpResponse:
    queryset = Event.objects.listed()
    kind = _param(request, "kind")
    if kind is not None and kind not in Event.Kind.values:
        raise ApiError(400, "kind must be one of: " + ", ".join(Event.Kind.values) + ".")
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = _date_range(request, queryset, "starts_at")
    data = _cursor_page(request, queryset, "starts_at", _event)
    return _json(request, data, _last_modified(queryset))


@api_view
def regions(request: HttpRequest) -> HttpResponse:
    kecamatan_list = Kecamatan.objects.prefetch_related("kelurahan").order_by("name")
    data = {
        "results": [
            {
                "slug": kecamatan.slug,
                "name": kecamatan.name,
                "kelurahan": [
                    {"slug": kelurahan.slug, "name": kelurahan.name}
                    for kelurahan in sorted(kecamatan.kelurahan.all(), key=lambda k: k.name)
                ],
            }
            for kecamatan in kecamatan_list
        ]
    }
    return _json(request, data)


def _year(request: HttpRequest) -> int:
    value = _param(request, "year")
    if value is None:
        return timezone.localdate().year
    if not DIGITS.match(value) or not 2000 <= int(value) <= 2100:
        raise ApiError(400, "year must be a year from 2000 to 2100.")
    return int(value)


def _dataset_or_404(name: str):
    dataset = DATASETS.get(name)
    if dataset is None:
        raise ApiError(404, "No dataset has this name.")
    return dataset


def _dataset_links(request: HttpRequest, name: str) -> dict:
    return {
        "json": absolute_url(reverse("api:dataset_json", args=[name])),
        "csv": absolute_url(reverse("api:dataset_csv", args=[name])),
    }


@api_view
def datasets(request: HttpRequest) -> HttpResponse:
    with override("en"):
        data = {
            "results": [
                {
                    "name": dataset.name,
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "by_year": dataset.by_year,
                    "columns": [column.name for column in dataset.columns],
                    **_dataset_links(request, dataset.name),
                }
                for dataset in DATASETS.values()
            ],
            "dictionary": absolute_url(reverse("open_data")),
        }
    return _json(request, data)


@api_view
def dataset_json(request: HttpRequest, name: str) -> HttpResponse:
    dataset = _dataset_or_404(name)
    year = _year(request)
    year = year if dataset.by_year else None
    names = [column.name for column in dataset.columns]
    with override("en"):
        data = {
            "name": dataset.name,
            "title": str(dataset.title),
            "year": year,
            "columns": [
                {"name": c.name, "type": c.type, "description": str(c.description)}
                for c in dataset.columns
            ],
            "rows": [dict(zip(names, row, strict=True)) for row in dataset.rows(year)],
        }
    return _json(request, data)


@api_view
def dataset_csv(request: HttpRequest, name: str) -> HttpResponse:
    dataset = _dataset_or_404(name)
    year = _year(request)
    year = year if dataset.by_year else None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in dataset.columns])
    writer.writerows(
        ["" if value is None else value for value in row] for row in dataset.rows(year)
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"kim-salatiga-{name}" + (f"-{year}" if year else "") + ".csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _conditional(request, response)


@api_view
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    raise ApiError(404, "No such address in this API: see /api/v1/openapi.json.")


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(openapi_document(request), ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    return _conditional(request, response)


@require_safe
@cache_public_page
def data_dictionary(request: HttpRequest) -> HttpResponse:
    """The human page of the open data: what each dataset holds, column by column."""
    return render(request, "overview/data_dictionary.html", {"datasets": DATASETS.values()})
