"""Every change to an article's state: one transaction each, each recorded as a ReviewEvent."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.access import is_reviewing_pengurus, pengurus_emails
from groups.models import Kim
from kim_portal import audit
from kim_portal.errors import ActionRefused
from kim_portal.links import absolute_url
from kim_portal.mail import send_portal_mail
from kim_portal.pagecache import public_content_changed, public_content_changes_at
from kim_portal.roles import is_redaksi, redaksi_emails
from kim_portal.slugs import save_with_unique_slug
from news.access import writable_kims
from news.models import Article, ReviewEvent, Revision
from news.signals import article_published

State = Article.State
# Not allowed as slugs: they are pages under /berita/.
RESERVED_SLUGS = {"tulis", "saya", "tinjau", "gambar", "naskah", "kategori", "feed"}


class ArticleActionRefused(ActionRefused):
    """A transition that is not allowed; the message is shown to the user as is."""


class ArticleVersionConflict(ArticleActionRefused):
    """The edit was based on an older version than the one saved: nothing was changed."""


def article_create(
    *,
    author,
    kim: Kim | None,
    title: str,
    summary: str,
    body: str,
    categories=(),
    photo=None,
    photo_caption: str = "",
    photo_credit: str = "",
) -> Article:
    _check_may_write_for(author, kim)
    with transaction.atomic():
        article = Article(
            author=author,
            kim=kim,
            kelurahan=kim.kelurahan if kim else None,
            title=title,
            summary=summary,
            body=body,
            photo=photo,
            photo_caption=photo_caption,
            photo_credit=photo_credit,
        )
        save_with_unique_slug(article, title, fallback="berita", reserved=RESERVED_SLUGS)
        article.categories.set(categories)
        ReviewEvent.objects.create(article=article, actor=author, to_state=State.DRAFT)
        _index(article)
    return article


def article_update(
    *, article: Article, actor, photo=None, categories=None, version: int | None = None, **fields
) -> Article:
    """The author edits a draft or an article sent back; the Redaksi edits before publishing and
    corrects published articles. With `version` (the one the editor started from), an edit
    based on an older version than the saved one is refused."""
    with transaction.atomic():
        article = _locked(article)
        if version is not None and version != article.version:
            raise ArticleVersionConflict(
                _(
                    "A newer version of this article was saved (in another tab or on another "
                    "device) at %(time)s. Your changes were not saved over it: copy them, "
                    "reload the page and add them again."
                )
                % {"time": timezone.localtime(article.updated_at).strftime("%H:%M")}
            )
        redaksi_edit = article.state in (State.REDAKSI_REVIEW, State.PUBLISHED) and is_redaksi(
            actor
        )
        if not redaksi_edit:
            if article.author_id != actor.pk:
                raise ArticleActionRefused(_("Only the author can edit this article."))
            if not article.is_editable_by_author:
                raise ArticleActionRefused(
                    _("The article is now “%(state)s” and can no longer be edited.")
                    % {"state": article.get_state_display()}
                )
        allowed = {"title", "summary", "body", "photo_caption", "photo_credit"}
        for name, value in fields.items():
            if name not in allowed:
                raise TypeError(f"article_update() got an unexpected field {name!r}")
            setattr(article, name, value)
        if photo is not None:
            article.photo = photo
        article.version += 1
        article.save()
        if categories is not None:
            article.categories.set(categories)
        if redaksi_edit:
            _store_revision(article, editor=actor)
        _index(article)
        if article.state == State.PUBLISHED:
            public_content_changed()
    return article


def article_submit(*, article: Article, actor) -> Article:
    """Send a draft (or an article sent back) for review."""
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.DRAFT, State.CHANGES_REQUESTED)
        if article.author_id != actor.pk:
            raise ArticleActionRefused(_("Only the author can submit this article."))
        _check_may_write_for(actor, article.kim)
        if article.kim is None or is_reviewing_pengurus(actor, article.kim):
            target = State.REDAKSI_REVIEW
        elif _last_sent_back_by_redaksi(article):
            target = State.REDAKSI_REVIEW
        else:
            target = State.KIM_REVIEW
        revision = _store_revision(article, editor=actor)
        article.submitted_at = timezone.now()
        _move(article, actor=actor, to=target, revision=revision)
    _notify_queue(article, actor)
    return article


def article_approve(*, article: Article, actor) -> Article:
    """First stage: a pengurus of the KIM passes the article to the Redaksi."""
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.KIM_REVIEW)
        _require_kim_reviewer(article, actor)
        article.submitted_at = timezone.now()
        _move(article, actor=actor, to=State.REDAKSI_REVIEW, revision=_latest_revision(article))
        audit.record(actor=actor, action=audit.Action.ARTICLE_APPROVE, obj=article)
    _notify_decision(article, actor)
    _notify_queue(article, actor)
    return article


def article_request_changes(*, article: Article, actor, note: str) -> Article:
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.KIM_REVIEW, State.REDAKSI_REVIEW)
        if article.state == State.KIM_REVIEW:
            _require_kim_reviewer(article, actor)
        else:
            _require_redaksi(article, actor)
        _move(
            article,
            actor=actor,
            to=State.CHANGES_REQUESTED,
            note=_required_note(note),
            revision=_latest_revision(article),
        )
        audit.record(
            actor=actor, action=audit.Action.ARTICLE_REQUEST_CHANGES, obj=article, note=note
        )
    _notify_decision(article, actor)
    return article


def article_publish(*, article: Article, actor, at: datetime | None = None) -> Article:
    """Publish now, or at `at` (a future time schedules it: public pages filter on the time)."""
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.REDAKSI_REVIEW)
        _require_redaksi(article, actor)
        article.published_at = at or timezone.now()
        _move(article, actor=actor, to=State.PUBLISHED, revision=_latest_revision(article))
        audit.record(
            actor=actor,
            action=audit.Action.ARTICLE_PUBLISH,
            obj=article,
            note=f"{article.published_at:%Y-%m-%d %H:%M %Z}" if at else "",
        )
        _index(article)
        if article.published_at > timezone.now():
            public_content_changes_at(article.published_at)
        else:
            public_content_changed()
        transaction.on_commit(lambda: article_published.send(sender=Article, article=article))
    _notify_decision(article, actor)
    return article


def article_reject(*, article: Article, actor, note: str) -> Article:
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.REDAKSI_REVIEW)
        _require_redaksi(article, actor)
        _move(
            article,
            actor=actor,
            to=State.REJECTED,
            note=_required_note(note),
            revision=_latest_revision(article),
        )
        audit.record(actor=actor, action=audit.Action.ARTICLE_REJECT, obj=article, note=note)
    _notify_decision(article, actor)
    return article


def article_unpublish(*, article: Article, actor, note: str) -> Article:
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.PUBLISHED)
        if not is_redaksi(actor):
            raise ArticleActionRefused(_("Only the Redaksi can unpublish an article."))
        _move(article, actor=actor, to=State.WITHDRAWN, note=_required_note(note))
        audit.record(actor=actor, action=audit.Action.ARTICLE_UNPUBLISH, obj=article, note=note)
        article.featured_at = None
        article.save(update_fields=["featured_at"])
        public_content_changed()
    _notify_decision(article, actor)
    return article


def article_feature(*, article: Article, actor, featured: bool = True) -> Article:
    """The Redaksi puts a public article at the top of the home page, or takes it off again."""
    with transaction.atomic():
        article = _locked(article)
        if not is_redaksi(actor):
            raise ArticleActionRefused(_("Only the Redaksi can feature an article."))
        if featured and not Article.objects.public().filter(pk=article.pk).exists():
            raise ArticleActionRefused(_("Only a published article can be featured."))
        article.featured_at = timezone.now() if featured else None
        article.save(update_fields=["featured_at", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.ARTICLE_FEATURE,
            obj=article,
            note="featured" if featured else "unfeatured",
        )
        public_content_changed()
    return article


def article_withdraw(*, article: Article, actor) -> Article:
    """The author takes back a draft or an article sent back to them. Kept, never deleted."""
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.DRAFT, State.CHANGES_REQUESTED)
        if article.author_id != actor.pk:
            raise ArticleActionRefused(_("Only the author can withdraw this article."))
        _move(article, actor=actor, to=State.WITHDRAWN)
    return article


def article_recall(*, article: Article, actor) -> Article:
    """The author takes back an article sent for review by mistake: a draft again, to edit and
    send when it is ready. The reviewers' queue loses it; the history keeps the step."""
    with transaction.atomic():
        article = _locked(article)
        _require_state(article, State.KIM_REVIEW, State.REDAKSI_REVIEW)
        if article.author_id != actor.pk:
            raise ArticleActionRefused(_("Only the author can take this article back."))
        _move(article, actor=actor, to=State.DRAFT)
    return article


# -- helpers ------------------------------------------------------------------


def _index(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update_search_vector()


def _locked(article: Article) -> Article:
    """Lock the row and reload it, so the caller's object shows the outcome too."""
    article.refresh_from_db(from_queryset=Article.objects.select_for_update(of=("self",)))
    return article


def _move(article: Article, *, actor, to: str, note: str = "", revision=None) -> None:
    ReviewEvent.objects.create(
        article=article,
        actor=actor,
        from_state=article.state,
        to_state=to,
        note=note,
        revision=revision,
    )
    article.state = to
    article.save()


def _require_state(article: Article, *states: str) -> None:
    if article.state not in states:
        raise ArticleActionRefused(
            _("This is not possible while the article is “%(state)s”.")
            % {"state": article.get_state_display()}
        )


def _require_not_author(article: Article, actor) -> None:
    if article.author_id == actor.pk:
        raise ArticleActionRefused(_("You cannot review your own article."))


def _require_kim_reviewer(article: Article, actor) -> None:
    _require_not_author(article, actor)
    if not is_reviewing_pengurus(actor, article.kim):
        raise ArticleActionRefused(_("Only a pengurus of this KIM can review this article."))


def _require_redaksi(article: Article, actor) -> None:
    _require_not_author(article, actor)
    if not is_redaksi(actor):
        raise ArticleActionRefused(_("Only the Redaksi can decide at this stage."))


def _required_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ArticleActionRefused(_("Please write a note for the author explaining why."))
    return note


def _check_may_write_for(user, kim: Kim | None) -> None:
    if kim is None:
        if not is_redaksi(user):
            raise ArticleActionRefused(_("Only the Redaksi can write without a KIM."))
    elif not writable_kims(user).filter(pk=kim.pk).exists():
        raise ArticleActionRefused(
            _("You can only write for a verified KIM you are an active member of.")
        )


def _last_sent_back_by_redaksi(article: Article) -> bool:
    last = article.events.filter(to_state=State.CHANGES_REQUESTED).order_by("-created_at").first()
    return last is not None and last.from_state == State.REDAKSI_REVIEW


def _latest_revision(article: Article) -> Revision | None:
    return article.revisions.order_by("-number").first()


def _store_revision(article: Article, *, editor) -> Revision:
    latest = _latest_revision(article)
    return Revision.objects.create(
        article=article,
        number=(latest.number + 1) if latest else 1,
        title=article.title,
        summary=article.summary,
        body=article.body,
        editor=editor,
    )


# -- mail ---------------------------------------------------------------------


def _mail_context(article: Article) -> dict:
    return {
        "article": article,
        "event": article.events.order_by("-created_at", "-id").first(),
        "url": absolute_url(reverse("news:review", args=[article.pk])),
    }


def _notify_decision(article: Article, actor) -> None:
    """The author and the KIM's pengurus hear about every decision (except whoever took it)."""
    send_portal_mail(
        template="news/email/decision",
        context=_mail_context(article),
        recipients=[article.author.email, *pengurus_emails(article.kim)],
        actor=actor,
    )


def _notify_queue(article: Article, actor) -> None:
    """Whoever has to review next hears that something is waiting for them."""
    if article.state == State.KIM_REVIEW:
        recipients = [e for e in pengurus_emails(article.kim) if e != article.author.email]
    elif article.state == State.REDAKSI_REVIEW:
        recipients = [e for e in redaksi_emails() if e != article.author.email]
    else:
        return
    send_portal_mail(
        template="news/email/waiting",
        context=_mail_context(article),
        recipients=recipients,
        actor=actor,
    )
