"""Comments on articles: writing one and moderating it. Each change of state in one transaction."""

import hashlib
import re

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.access import pengurus_emails
from kim_portal import audit
from kim_portal.errors import ActionRefused
from kim_portal.links import absolute_url
from kim_portal.mail import send_portal_mail
from kim_portal.pagecache import public_content_changed
from news.models import Article, Comment

State = Comment.State
# Per IP address: at most this many comments in this many seconds.
RATE_LIMIT = 5
RATE_WINDOW = 10 * 60
# Spam is sorted out by its content before it reaches the queue. A person rarely needs more
# than two links; a wave repeats one text from many addresses; and some words are only spam.
MAX_LINKS = 2
REPEAT_LIMIT = 3
REPEAT_WINDOW = 60 * 60
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
SPAM_PATTERNS = re.compile(
    r"\b(slot\s*gacor|judi\s*(online|bola)|togel|casino|kasino|sbobet|maxwin|viagra|"
    r"bandar\s*(bola|togel)|pinjol\s*cepat|deposit\s*pulsa)\b",
    re.IGNORECASE,
)


class CommentRefused(ActionRefused):
    """A comment or a moderation step that is not allowed; the message is shown as is."""


class CommentRateLimited(CommentRefused):
    """Too many comments from one address: the one refusal that answers 429."""


def comment_create(
    *,
    article: Article,
    user=None,
    name: str = "",
    email: str = "",
    text: str,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Comment:
    """A new comment, waiting for moderation unless its writer is already trusted.

    A signed-in writer comments under the name and address of their account.
    """
    if user is not None and not user.is_authenticated:
        user = None
    if ip_address and _rate_exceeded(ip_address):
        raise CommentRateLimited(
            _(
                "You have sent several comments in a short time. "
                "Please wait a few minutes and try again."
            )
        )
    if not Article.objects.public().filter(pk=article.pk).exists():
        raise CommentRefused(_("This article cannot be commented on."))
    if len(_LINK.findall(text)) > MAX_LINKS:
        raise CommentRefused(
            _("A comment may contain at most %(count)d links.") % {"count": MAX_LINKS}
        )
    if user is not None:
        name, email = user.full_name or user.get_short_name(), user.email
    name = name.strip()[: Comment._meta.get_field("name").max_length]
    trusted = user is not None and is_trusted_commenter(user)
    if _looks_like_spam(text, name):
        # A trusted writer's odd comment waits for a person; anyone else's never fills the
        # queue (it is kept as spam, and the Redaksi can still find it in the admin).
        state = State.PENDING if trusted else State.SPAM
    else:
        state = State.APPROVED if trusted else State.PENDING
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            user=user,
            name=name,
            email=email,
            text=text.strip(),
            state=state,
            moderated_at=timezone.now() if state != State.PENDING else None,
            ip_address=ip_address or None,
            user_agent=user_agent[:300],
        )
        if state == State.APPROVED:
            _published(comment)
    if ip_address:
        _count(ip_address)
    return comment


def comment_approve(*, comment: Comment, actor, seen_state: str | None = None) -> Comment:
    """`seen_state`: the state the moderator saw; if another moderator changed it meanwhile,
    this decision is refused rather than silently overriding theirs."""
    with transaction.atomic():
        comment = _locked(comment, actor, seen_state)
        if comment.state == State.APPROVED:
            raise CommentRefused(_("This comment has already been approved."))
        _moderate(comment, actor, State.APPROVED)
        _published(comment)
    return comment


def comment_reject(*, comment: Comment, actor, seen_state: str | None = None) -> Comment:
    return _remove(comment, actor, State.REJECTED, seen_state)


def comment_mark_spam(*, comment: Comment, actor, seen_state: str | None = None) -> Comment:
    return _remove(comment, actor, State.SPAM, seen_state)


def _remove(comment: Comment, actor, state: str, seen_state: str | None) -> Comment:
    with transaction.atomic():
        comment = _locked(comment, actor, seen_state)
        if comment.state == state:
            raise CommentRefused(_("This comment has already been moderated."))
        was_public = comment.state == State.APPROVED
        _moderate(comment, actor, state)
        if was_public:
            public_content_changed()
    return comment


def _moderate(comment: Comment, actor, state: str) -> None:
    comment.state = state
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["state", "moderated_by", "moderated_at"])
    audit.record(actor=actor, action=_AUDIT_ACTIONS[state], obj=comment)


_AUDIT_ACTIONS = {
    State.APPROVED: audit.Action.COMMENT_APPROVE,
    State.REJECTED: audit.Action.COMMENT_REJECT,
    State.SPAM: audit.Action.COMMENT_SPAM,
}


def _locked(comment: Comment, actor, seen_state: str | None) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article__kim")
        .get(pk=comment.pk)
    )
    if comment.user_id == actor.pk or comment.email.lower() == actor.email.lower():
        raise CommentRefused(_("You cannot moderate your own comment; another Redaksi must."))
    if seen_state is not None and comment.state != seen_state:
        raise CommentRefused(
            _("This comment has already been moderated meanwhile: “%(state)s”.")
            % {"state": comment.get_state_display()}
        )
    return comment


def is_trusted_commenter(user) -> bool:
    """A verified address and an earlier comment the Redaksi approved: no need to wait again."""
    approved_before = Comment.objects.filter(user=user, state=State.APPROVED)
    return (  # one query: the article page asks for every signed-in reader
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True)
        .filter(Exists(approved_before))
        .exists()
    )


def _published(comment: Comment) -> None:
    """The comment is now public: refresh cached pages and tell the KIM's pengurus."""
    public_content_changed()
    article = comment.article
    if article.kim_id is None:
        return
    recipients = [
        email for email in pengurus_emails(article.kim) if email.lower() != comment.email.lower()
    ]
    send_portal_mail(
        template="news/email/comment_published",
        context={
            "article": article,
            "comment": comment,
            "url": absolute_url(
                reverse("news:detail", args=[article.slug]) + f"#comment-{comment.pk}"
            ),
        },
        recipients=recipients,
    )


def _looks_like_spam(text: str, name: str) -> bool:
    """Spam words in the text or name, or the same text sent REPEAT_LIMIT times already within
    REPEAT_WINDOW (from any address: a wave comes from many). Counts this text as sent."""
    if SPAM_PATTERNS.search(text) or SPAM_PATTERNS.search(name):
        return True
    normalised = " ".join(text.lower().split())
    key = "comments:text:" + hashlib.sha256(normalised.encode()).hexdigest()
    if cache.add(key, 1, REPEAT_WINDOW):
        return False
    try:
        seen = cache.incr(key) - 1
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, REPEAT_WINDOW)
        return False
    return seen >= REPEAT_LIMIT


def _rate_key(ip_address: str) -> str:
    return f"comments:ip:{ip_address}"


def _rate_exceeded(ip_address: str) -> bool:
    return (cache.get(_rate_key(ip_address)) or 0) >= RATE_LIMIT


def _count(ip_address: str) -> None:
    key = _rate_key(ip_address)
    if cache.add(key, 1, RATE_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, RATE_WINDOW)
