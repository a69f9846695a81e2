from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kim_portal.paging import DESK_PAGE_SIZE, desk_page
from kim_portal.roles import redaksi_required
from news import comments
from news.access import (
    get_comment_for_moderation,
)
from news.forms import CommentForm
from news.models import Article, Comment

State = Article.State


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
            status = 429 if isinstance(refusal, comments.CommentRateLimited) else 400
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


@redaksi_required
def comment_queue(request: HttpRequest) -> HttpResponse:
    pending = Comment.objects.pending().select_related("article")
    paged = desk_page(request, pending)
    return render(request, "news/comment_desk.html", {"comments": paged["page"], **paged})


# A bulk decision covers at most one page of the queue.
BULK_MAX = DESK_PAGE_SIZE
COMMENT_ACTIONS = {
    "approve": comments.comment_approve,
    "reject": comments.comment_reject,
    "spam": comments.comment_mark_spam,
}


@redaksi_required
@require_POST
def comment_bulk_moderate(request: HttpRequest) -> HttpResponse:
    """One decision for the comments ticked on a page of the queue."""
    action = request.POST.get("action")
    ids = [int(value) for value in request.POST.getlist("comment") if value.isdigit()][:BULK_MAX]
    if action not in COMMENT_ACTIONS or not ids:
        messages.error(request, _("Tick at least one comment and choose what to do with them."))
        return redirect(_queue_url(request))
    done, refusals = 0, []
    for comment in Comment.objects.filter(pk__in=ids).order_by("pk"):
        try:
            COMMENT_ACTIONS[action](
                comment=comment, actor=request.user, seen_state=Comment.State.PENDING
            )
        except comments.CommentRefused as refusal:
            refusals.append(str(refusal))
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d comment done.", "%(count)d comments done.", done) % {"count": done},
        )
    for reason in sorted(set(refusals)):
        count = refusals.count(reason)
        messages.error(
            request,
            ngettext(
                "%(count)d comment not changed: %(reason)s",
                "%(count)d comments not changed: %(reason)s",
                count,
            )
            % {"count": count, "reason": reason},
        )
    return redirect(_queue_url(request))


def _queue_url(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    url = reverse("news:comment_queue")
    return f"{url}?page={page}" if page.isdigit() else url


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    comment = get_comment_for_moderation(request, pk)
    try:
        # The desk only ever shows pending comments.
        COMMENT_ACTIONS[action](
            comment=comment, actor=request.user, seen_state=Comment.State.PENDING
        )
    except comments.CommentRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Done."))
    return redirect("news:comment_queue")
