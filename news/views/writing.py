import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim_portal.offline import private_offline_copy
from kim_portal.photos import photo_create
from kim_portal.roles import is_redaksi
from news import services
from news.access import (
    can_write,
    get_article_for_user,
    reviewable_kims,
    writable_kims,
)
from news.forms import ArticleForm, BodyImageForm
from news.models import Article, ReviewEvent

State = Article.State


@login_required
@private_offline_copy
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
            with transaction.atomic():
                article = services.article_create(
                    author=request.user,
                    kim=data["kim"],
                    photo=photo_create(image=data["photo_file"]) if data["photo_file"] else None,
                    **form.text_fields(),
                )
                _submit_if_asked(request, article)
        except services.ArticleActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return _after_save(request, article)
    return render(
        request,
        "news/article_form.html",
        {"form": form, "article": None, "autosave_url": reverse("news:autosave_new")},
    )


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
            with transaction.atomic():
                services.article_update(
                    article=article,
                    actor=request.user,
                    photo=photo_create(image=data["photo_file"]) if data["photo_file"] else None,
                    **form.text_fields(),
                    version=data["version"],
                )
                _submit_if_asked(request, article)
        except services.ArticleActionRefused as refusal:
            # Nothing was saved (another request may have moved the article meanwhile): the
            # form comes back as typed, with the reason.
            form.add_error(None, str(refusal))
        else:
            return _after_save(request, article)
    # The author's own draft saves as it is typed; the Redaksi's edits are a deliberate step.
    autosave = rights.is_author and article.is_editable_by_author
    return render(
        request,
        "news/article_form.html",
        {
            "form": form,
            "article": article,
            "autosave_url": reverse("news:autosave", args=[article.pk]) if autosave else None,
        },
    )


# A save whose answer never arrived (the connection dropped after the server had it) is sent
# again by the page, based on what it knew before. The page's draft token (static/js/drafts.js)
# says it is the same copy: its own last save is no conflict, and its first no second draft.
DRAFT_TOKEN_SECONDS = 24 * 60 * 60


def _draft_token(request: HttpRequest) -> str:
    token = request.POST.get("draft_token", "")
    return token if re.fullmatch(r"[A-Za-z0-9-]{16,64}", token) else ""


def _saved_by(article: Article, token: str) -> None:
    if token:
        cache.set(f"draft-save:{article.pk}", (token, article.version), DRAFT_TOKEN_SECONDS)


@login_required
@require_POST
def article_autosave_new(request: HttpRequest) -> JsonResponse:
    """The first save of a new article while its author types: creates the draft."""
    if not can_write(request.user):
        raise PermissionDenied
    token = _draft_token(request)
    made = cache.get(f"draft-new:{request.user.pk}:{token}") if token else None
    article = Article.objects.filter(pk=made, author=request.user).first() if made else None
    if article is not None:  # this page's first save did arrive: this is the draft
        data = request.POST.copy()
        data["version"] = str(article.version)
        return _autosave_update(request, article, data, token)
    form = ArticleForm(
        request.POST,
        kims=writable_kims(request.user),
        allow_redaksi=is_redaksi(request.user),
        autosave=True,
    )
    if not form.is_valid():
        return _autosave_invalid(form)
    data = form.cleaned_data
    try:
        article = services.article_create(
            author=request.user,
            kim=data["kim"],
            **form.text_fields(),
        )
    except services.ArticleActionRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    if token:
        cache.set(f"draft-new:{request.user.pk}:{token}", article.pk, DRAFT_TOKEN_SECONDS)
        _saved_by(article, token)
    return _autosaved(article, status=201)


@login_required
@require_POST
def article_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """A save while the author types; refused with 409 when a newer version was saved."""
    article, rights = get_article_for_user(request, pk)
    if not (rights.is_author and article.is_editable_by_author):
        raise PermissionDenied
    return _autosave_update(request, article, request.POST, _draft_token(request))


def _autosave_update(request: HttpRequest, article: Article, post, token: str) -> JsonResponse:
    form = ArticleForm(post, instance=article, autosave=True)
    if not form.is_valid():
        return _autosave_invalid(form)
    data = form.cleaned_data
    version = data["version"]
    own_last = cache.get(f"draft-save:{article.pk}") == (token, article.version)
    if token and version is not None and version < article.version and own_last:
        version = article.version  # the newer version is this page's own lost save
    try:
        article = services.article_update(
            article=article,
            actor=request.user,
            **form.text_fields(),
            version=version,
        )
    except services.ArticleVersionConflict as conflict:
        return JsonResponse({"error": str(conflict), "version": article.version}, status=409)
    except services.ArticleActionRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    _saved_by(article, token)
    return _autosaved(article)


def _autosaved(article: Article, status: int = 200) -> JsonResponse:
    saved_at = timezone.localtime(article.updated_at).strftime("%H:%M")
    return JsonResponse(
        {
            "version": article.version,
            "status": _("Saved at %(time)s") % {"time": saved_at},
            "edit_url": reverse("news:edit", args=[article.pk]),
            "autosave_url": reverse("news:autosave", args=[article.pk]),
        },
        status=status,
    )


def _autosave_invalid(form: ArticleForm) -> JsonResponse:
    if "version" in form.errors:
        message = _("This page is out of date. Reload it before you go on writing.")
    else:
        problems = [
            f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else errors[0]
            for name, errors in form.errors.items()
        ]
        message = _("Not saved yet: %(problem)s") % {"problem": " ".join(problems)}
    return JsonResponse({"error": message}, status=400)


def _wants_submit(request: HttpRequest, article: Article) -> bool:
    return "submit" in request.POST and article.author_id == request.user.pk


def _submit_if_asked(request: HttpRequest, article: Article) -> None:
    """Saving and sending are one step: if sending is refused, nothing is saved."""
    if _wants_submit(request, article):
        services.article_submit(article=article, actor=request.user)


def _after_save(request: HttpRequest, article: Article) -> HttpResponse:
    if _wants_submit(request, article):
        messages.success(request, _("Your article has been sent for review."))
    else:
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
@require_POST
def body_image_upload(request: HttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied
    form = BodyImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get("image", [])}, status=400)
    photo = photo_create(image=form.cleaned_data["image"])
    return JsonResponse({"url": photo.original.url, "width": photo.width, "height": photo.height})
