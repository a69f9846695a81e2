from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim_portal.diff import html_to_text, word_diff
from kim_portal.paging import desk_page
from kim_portal.roles import redaksi_required
from news import services
from news.access import (
    ArticleRights,
    get_article_for_user,
    reviewable_kims,
)
from news.forms import DecisionForm
from news.models import Article

State = Article.State


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
    paged = desk_page(request, articles)
    return render(
        request, "news/article_kim_desk.html", {"articles": paged["page"], "kims": kims, **paged}
    )


@redaksi_required
def redaksi_queue(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.waiting_for_redaksi().select_related("kim", "author")
    paged = desk_page(request, articles)
    return render(request, "news/article_desk.html", {"articles": paged["page"], **paged})


@login_required
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    article, rights = get_article_for_user(request, pk)
    return _review_page(request, article, rights, DecisionForm())


def _review_page(request, article: Article, rights: ArticleRights, form) -> HttpResponse:
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
        "form": form,
        "can_edit": (rights.is_author and article.is_editable_by_author)
        or (rights.is_redaksi and article.state in (State.REDAKSI_REVIEW, State.PUBLISHED)),
    }
    return render(request, "news/article_review.html", context)


ACTIONS = {
    "submit": lambda article, user, form: services.article_submit(article=article, actor=user),
    "withdraw": lambda article, user, form: services.article_withdraw(article=article, actor=user),
    "recall": lambda article, user, form: services.article_recall(article=article, actor=user),
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
        # Another request may have moved the article meanwhile: show it as it is now, with
        # the reason and the note this person typed.
        messages.error(request, str(refusal))
        article, rights = get_article_for_user(request, pk)
        return _review_page(request, article, rights, form)
    messages.success(request, _("Done."))
    return redirect("news:review", article.pk)


def available_actions(article: Article, rights: ArticleRights) -> list[str]:
    """The buttons to show; the services check again and refuse with a message."""
    reviewer_redaksi = rights.is_redaksi and not rights.is_author
    by_state = {
        State.DRAFT: ["submit", "withdraw"] if rights.is_author else [],
        State.CHANGES_REQUESTED: ["submit", "withdraw"] if rights.is_author else [],
        State.KIM_REVIEW: ["approve", "request-changes"]
        if rights.is_kim_reviewer and not rights.is_author
        else ["recall"]
        if rights.is_author
        else [],
        State.REDAKSI_REVIEW: ["publish", "schedule", "request-changes", "reject"]
        if reviewer_redaksi
        else ["recall"]
        if rights.is_author
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
