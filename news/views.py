import json
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kim_portal.pagecache import cache_public_page
from kim_portal.photos import photo_create
from kim_portal.roles import is_redaksi
from news import comments, services
from news.access import (
    ArticleRights,
    can_write,
    get_article_for_user,
    get_comment_for_moderation,
    reviewable_kims,
    writable_kims,
)
from news.diff import html_to_text, word_diff
from news.forms import ArticleFilterForm, ArticleForm, BodyImageForm, CommentForm, DecisionForm
from news.models import Article, Category, Comment, ReviewEvent
from news.search import clean_query, highlight, search

State = Article.State
PUBLIC_RELATED = ("kim", "kelurahan", "photo", "author")


LIST_SIZE = 10
# As Django's json_script: inside <script>, these must not appear raw.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _public_articles():
    return (
        Article.objects.public()
        .select_related(*PUBLIC_RELATED)
        .prefetch_related("categories")
        .order_by("-published_at", "-pk")
    )


def _page(request: HttpRequest, articles):
    page = Paginator(articles, LIST_SIZE).get_page(request.GET.get("page"))
    for article in page:
        if hasattr(article, "snippet_raw"):
            article.snippet = highlight(article.snippet_raw)
            article.title_html = highlight(article.title_raw)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@cache_public_page
def article_list(request: HttpRequest) -> HttpResponse:
    filters = ArticleFilterForm(request.GET or None)
    articles = filters.filter(_public_articles())
    q = clean_query(request.GET.get("q"))
    if q:
        articles = search(articles, q)
    page, query = _page(request, articles)
    context = {"page": page, "query": query, "filters": filters, "q": q}
    return render(request, "news/article_list.html", context)


@cache_public_page
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    page, query = _page(request, _public_articles().filter(categories=category))
    return render(
        request, "news/category_detail.html", {"category": category, "page": page, "query": query}
    )


@cache_public_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related(*PUBLIC_RELATED).prefetch_related("categories"),
        slug=slug,
    )
    if article.state == State.WITHDRAWN and article.published_at:
        return render(request, "410.html", status=410)
    if not Article.objects.public().filter(pk=article.pk).exists():
        raise Http404
    categories = list(article.categories.all())
    related = (
        Article.objects.public()
        .filter(categories__in=categories)
        .exclude(pk=article.pk)
        .distinct()
        .order_by("-published_at", "-pk")[:3]
        if categories
        else []
    )
    url = request.build_absolute_uri(article.get_absolute_url())
    context = {
        "article": article,
        "categories": categories,
        "related": related,
        "canonical_url": url,
        "share": share_links(url, article.title),
        "image_url": request.build_absolute_uri(article.photo.original.url)
        if article.photo
        else "",
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
                "url": request.build_absolute_uri(static("img/logo.svg")),
            },
        },
        "articleSection": [category.name for category in categories],
    }
    if article.photo:
        data["image"] = [request.build_absolute_uri(article.photo.original.url)]
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))


@login_required
def article_write(request: HttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        kims=writable_kims(request.user),
        allow_redaksi=is_redaksi(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                author=request.user,
                kim=data["kim"],
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                categories=data["categories"],
                photo=photo_create(image=data["photo_file"]) if data["photo_file"] else None,
                photo_caption=data["photo_caption"],
                photo_credit=data["photo_credit"],
            )
        except services.ArticleActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return _after_save(request, article)
    return render(request, "news/article_form.html", {"form": form, "article": None})


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article, rights = get_article_for_user(request, pk)
    if not (
        (rights.is_author and article.is_editable_by_author)
        or (rights.is_redaksi and article.state in (State.REDAKSI_REVIEW, State.PUBLISHED))
    ):
        raise PermissionDenied
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.article_update(
                article=article,
                actor=request.user,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                categories=data["categories"],
                photo=photo_create(image=data["photo_file"]) if data["photo_file"] else None,
                photo_caption=data["photo_caption"],
                photo_credit=data["photo_credit"],
            )
        except services.ArticleActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return _after_save(request, article)
    return render(request, "news/article_form.html", {"form": form, "article": article})


def _after_save(request: HttpRequest, article: Article) -> HttpResponse:
    if "submit" in request.POST and article.author_id == request.user.pk:
        try:
            services.article_submit(article=article, actor=request.user)
        except services.ArticleActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your article has been sent for review."))
            return redirect("news:review", article.pk)
    messages.success(request, _("Saved."))
    return redirect("news:review", article.pk)


@login_required
def article_mine(request: HttpRequest) -> HttpResponse:
    articles = (
        Article.objects.filter(author=request.user)
        .select_related("kim")
        .prefetch_related(Prefetch("events", queryset=ReviewEvent.objects.select_related("actor")))
        .order_by("-updated_at")
    )
    return render(
        request,
        "news/article_mine.html",
        {
            "articles": articles,
            "can_write": can_write(request.user),
            "can_review": reviewable_kims(request.user).exists(),
        },
    )


@login_required
def kim_queue(request: HttpRequest) -> HttpResponse:
    kims = list(reviewable_kims(request.user))
    if not kims:
        raise PermissionDenied
    articles = (
        Article.objects.waiting_for_kim(kims)
        .exclude(author=request.user)
        .select_related("kim", "author")
    )
    return render(request, "news/queue_kim.html", {"articles": articles, "kims": kims})


@login_required
def redaksi_queue(request: HttpRequest) -> HttpResponse:
    if not is_redaksi(request.user):
        raise PermissionDenied
    articles = Article.objects.waiting_for_redaksi().select_related("kim", "author")
    return render(request, "news/queue_redaksi.html", {"articles": articles})


@csrf_exempt
@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    # Anonymous article pages are cached and so carry no CSRF token: an anonymous comment
    # only ever lands in moderation. Signed-in readers get an uncached page with a token, and
    # their comment may be published at once, so for them the token is checked here.
    if request.user.is_authenticated:
        refusal = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if refusal:
            return refusal
    article = get_object_or_404(Article.objects.public(), slug=slug)
    form = CommentForm(request.POST, user=request.user)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = comments.comment_create(
                article=article,
                user=request.user,
                name=data.get("name", ""),
                email=data.get("email", ""),
                text=data["text"],
                # The same client address as allauth's rate limits (TRUSTED_PROXY_COUNT).
                ip_address=get_account_adapter().get_client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except comments.CommentRefused as refusal:
            form.add_error(None, str(refusal))
            status = 429
        else:
            if comment.state == Comment.State.APPROVED:
                messages.success(request, _("Thank you! Your comment is published."))
            else:
                messages.success(
                    request,
                    _("Thank you! Your comment is waiting for moderation by the Redaksi."),
                )
            return redirect(f"{article.get_absolute_url()}#comments")
    return render(
        request,
        "news/comment_form.html",
        {"article": article, "comment_form": form},
        status=status,
    )


@login_required
def comment_queue(request: HttpRequest) -> HttpResponse:
    if not is_redaksi(request.user):
        raise PermissionDenied
    pending = Comment.objects.pending().select_related("article")
    return render(request, "news/comment_queue.html", {"comments": pending})


COMMENT_ACTIONS = {
    "approve": comments.comment_approve,
    "reject": comments.comment_reject,
    "spam": comments.comment_mark_spam,
}


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    comment = get_comment_for_moderation(request, pk)
    try:
        COMMENT_ACTIONS[action](comment=comment, actor=request.user)
    except comments.CommentRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Done."))
    return redirect("news:comment_queue")


@login_required
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    article, rights = get_article_for_user(request, pk)
    revisions = list(article.revisions.select_related("editor"))
    events = list(article.events.select_related("actor"))
    base = _revision_last_seen(request.user, events, revisions)
    context = {
        "article": article,
        "rights": rights,
        "events": events,
        "revisions": revisions,
        "base": base,
        "diff": _diff(base, article) if base else None,
        "actions": available_actions(article, rights),
        "form": DecisionForm(),
        "can_edit": (rights.is_author and article.is_editable_by_author)
        or (rights.is_redaksi and article.state in (State.REDAKSI_REVIEW, State.PUBLISHED)),
    }
    return render(request, "news/article_review.html", context)


ACTIONS = {
    "submit": lambda article, user, form: services.article_submit(article=article, actor=user),
    "withdraw": lambda article, user, form: services.article_withdraw(article=article, actor=user),
    "approve": lambda article, user, form: services.article_approve(article=article, actor=user),
    "request-changes": lambda article, user, form: services.article_request_changes(
        article=article, actor=user, note=form.cleaned_data["note"]
    ),
    "publish": lambda article, user, form: services.article_publish(article=article, actor=user),
    "schedule": lambda article, user, form: services.article_publish(
        article=article, actor=user, at=form.publish_at()
    ),
    "reject": lambda article, user, form: services.article_reject(
        article=article, actor=user, note=form.cleaned_data["note"]
    ),
    "unpublish": lambda article, user, form: services.article_unpublish(
        article=article, actor=user, note=form.cleaned_data["note"]
    ),
    "feature": lambda article, user, form: services.article_feature(article=article, actor=user),
    "unfeature": lambda article, user, form: services.article_feature(
        article=article, actor=user, featured=False
    ),
}


@login_required
@require_POST
def article_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    article, rights = get_article_for_user(request, pk)
    form = DecisionForm({**request.POST.dict(), "action": action})
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("news:review", article.pk)
    try:
        ACTIONS[action](article, request.user, form)
    except services.ArticleActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Done."))
    return redirect("news:review", article.pk)


@login_required
@require_POST
def body_image_upload(request: HttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    form = BodyImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get("image", [])}, status=400)
    photo = photo_create(image=form.cleaned_data["image"])
    return JsonResponse({"url": photo.original.url, "width": photo.width, "height": photo.height})


def available_actions(article: Article, rights: ArticleRights) -> list[str]:
    """The buttons to show; the services check again and refuse with a message."""
    reviewer_redaksi = rights.is_redaksi and not rights.is_author
    by_state = {
        State.DRAFT: ["submit", "withdraw"] if rights.is_author else [],
        State.CHANGES_REQUESTED: ["submit", "withdraw"] if rights.is_author else [],
        State.KIM_REVIEW: ["approve", "request-changes"] if rights.is_kim_reviewer else [],
        State.REDAKSI_REVIEW: ["publish", "schedule", "request-changes", "reject"]
        if reviewer_redaksi
        else [],
        State.PUBLISHED: ["unpublish", "unfeature" if article.featured_at else "feature"]
        if rights.is_redaksi
        else [],
    }
    return by_state.get(article.state, [])


def _revision_last_seen(user, events, revisions):
    """The revision this user last decided on, or else the first one submitted."""
    for event in reversed(events):
        if event.actor_id == user.pk and event.revision_id:
            return next((r for r in revisions if r.pk == event.revision_id), None)
    return revisions[0] if revisions else None


def _diff(base, article: Article) -> dict | None:
    fields = {
        "title": (base.title, article.title),
        "summary": (base.summary, article.summary),
        "body": (html_to_text(base.body), html_to_text(article.body)),
    }
    if all(old == new for old, new in fields.values()):
        return None
    return {name: word_diff(old, new) for name, (old, new) in fields.items()}
