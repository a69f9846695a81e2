import json
from urllib.parse import urlencode

from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from kim_portal.links import absolute_url
from kim_portal.pagecache import cache_public_page
from kim_portal.paging import LIST_COUNT_CAP, paged
from news.forms import ArticleFilterForm
from news.models import Article, Category
from news.search import CANDIDATES, clean_query, highlight, match_count, oldest_candidate, search

State = Article.State
PUBLIC_RELATED = ("kim", "kelurahan", "photo", "author")


LIST_SIZE = 10
# As Django's json_script: inside <script>, these must not appear raw.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _public_articles():
    """Public articles as lists show them: newest first, without the columns lists never read
    (the body and the search index are the largest part of a row)."""
    return (
        Article.objects.public()
        .select_related(*PUBLIC_RELATED)
        .prefetch_related("categories")
        .defer("body", "search_vector")
        .order_by("-published_at", "-pk")
    )


def _page(request: HttpRequest, articles, q: str = "", known: int | None = None) -> dict:
    listing = paged(request, articles, per_page=LIST_SIZE, cap=LIST_COUNT_CAP, known=known)
    for article in listing["page"]:
        if hasattr(article, "snippet_raw"):
            article.snippet = highlight(article.snippet_raw, q)
            article.title_html = highlight(article.title_raw, q)
    return listing


def _older_query(request: HttpRequest, filters: ArticleFilterForm, oldest_shown) -> str:
    """The address of what lies beyond the last page: the same filters, published before."""
    query = request.GET.copy()
    query.pop("page", None)
    query["before"] = filters.older_link(oldest_shown)
    return query.urlencode()


@cache_public_page
def article_list(request: HttpRequest) -> HttpResponse:
    filters = ArticleFilterForm(request.GET or None)
    articles = filters.filter(_public_articles())
    q = clean_query(request.GET.get("q"))
    matches = match_count(articles, q) if q else None
    listing = (
        _page(request, search(articles, q), q, known=matches.candidates)
        if q
        else _page(request, articles)
    )
    page = listing["page"]
    older = None
    if not page.has_next() and page.object_list:
        if matches and matches.count > CANDIDATES:
            older = _older_query(request, filters, oldest_candidate(articles, q))
        elif not q and page.paginator.more:
            older = _older_query(request, filters, page.object_list[-1].published_at)
    context = {**listing, "filters": filters, "q": q, "matches": matches, "older_query": older}
    return render(request, "news/article_list.html", context)


@cache_public_page
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    filters = ArticleFilterForm(request.GET or None)  # `before`, past the counted pages
    listing = _page(request, filters.filter(_public_articles().filter(categories=category)))
    page = listing["page"]
    older = None
    if not page.has_next() and page.paginator.more and page.object_list:
        older = _older_query(request, filters, page.object_list[-1].published_at)
    context = {"category": category, **listing, "older_query": older}
    return render(request, "news/category_detail.html", context)


@cache_public_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related(*PUBLIC_RELATED)
        .prefetch_related("categories")
        .defer("search_vector")
        # Article.objects.public() decides, in the same query.
        .annotate(is_public=Exists(Article.objects.public().filter(pk=OuterRef("pk")))),
        slug=slug,
    )
    if article.state == State.WITHDRAWN and article.published_at:
        return render(request, "410.html", status=410)
    if not article.is_public:
        raise Http404
    categories = list(article.categories.all())
    # The newest public articles sharing a category: a walk down the date index that stops at
    # the third hit, never a sort of every article in those categories.
    in_categories = Article.categories.through.objects.filter(
        article=OuterRef("pk"), category__in=categories
    )
    related = (
        Article.objects.public()
        .filter(Exists(in_categories))
        .exclude(pk=article.pk)
        .defer("body", "search_vector")
        .order_by("-published_at", "-pk")[:3]
        if categories
        else []
    )
    url = absolute_url(article.get_absolute_url())
    image = article.photo.share_rendition() if article.photo else None
    context = {
        "article": article,
        "categories": categories,
        "related": related,
        "canonical_url": url,
        "share": share_links(url, article.title),
        "image_url": absolute_url(default_storage.url(image[0])) if image else "",
        "image_size": image[1:] if image else None,
        "json_ld": _json_ld(request, article, url, categories),
    }
    return render(request, "news/article_detail.html", context)


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain links to share an article; every parameter percent-encoded."""
    text = f"{title} {url}"
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
    ]


def _json_ld(request: HttpRequest, article: Article, url: str, categories) -> str:
    """NewsArticle data, safe inside <script>: <, > and & escaped as JSON unicode escapes."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "mainEntityOfPage": url,
        "url": url,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "author": {"@type": "Person", "name": article.author.full_name},
        "publisher": {
            "@type": "Organization",
            "name": "KIM Salatiga",
            "logo": {
                "@type": "ImageObject",
                "url": absolute_url(static("img/logo.svg")),
            },
        },
        "articleSection": [category.name for category in categories],
    }
    if article.photo:
        data["image"] = [absolute_url(article.photo.original.url)]
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))
