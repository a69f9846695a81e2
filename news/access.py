"""Who may write, read and review which article: the one place that answers it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.access import is_member, is_reviewing_pengurus
from groups.models import Kim, Membership
from kim_portal.roles import is_redaksi
from news.models import Article, Comment


def writable_kims(user):
    """Verified KIMs the user actively belongs to: the ones they may write for."""
    return Kim.objects.active_for(user)


def reviewable_kims(user):
    """Verified KIMs where the user is a pengurus: the first review stage is theirs."""
    if not user.is_authenticated:
        return Kim.objects.none()
    return Kim.objects.verified().filter(
        memberships__in=Membership.objects.pengurus().filter(user=user)
    )


def can_write(user) -> bool:
    return is_redaksi(user) or writable_kims(user).exists()


@dataclass(frozen=True)
class ArticleRights:
    is_author: bool
    is_kim_reviewer: bool  # a pengurus of the article's KIM who is not its author
    is_redaksi: bool

    @property
    def can_view(self) -> bool:
        return self.is_author or self.is_kim_reviewer or self.is_redaksi


def rights_for(user, article: Article) -> ArticleRights:
    is_author = article.author_id == user.pk
    return ArticleRights(
        is_author=is_author,
        is_kim_reviewer=not is_author and is_reviewing_pengurus(user, article.kim),
        is_redaksi=is_redaksi(user),
    )


def get_article_for_user(request, pk: int) -> tuple[Article, ArticleRights]:
    """The article behind a review or edit page.

    Author, the KIM's pengurus and Redaksi see it; other members of the KIM get 403; anyone
    else 404. Drafts stay with their author.
    """
    article = (
        Article.objects.select_related("kim", "author", "photo", "kelurahan").filter(pk=pk).first()
    )
    if article is None:
        raise Http404
    rights = rights_for(request.user, article)
    if rights.is_author:
        return article, rights
    if article.state != Article.State.DRAFT and (rights.is_kim_reviewer or rights.is_redaksi):
        return article, rights
    if is_member(request.user, article.kim) or rights.can_view:
        raise PermissionDenied
    raise Http404


def get_comment_for_moderation(request, pk: int) -> Comment:
    """Comments are moderated by the Redaksi only; everyone else gets 403."""
    if not is_redaksi(request.user):
        raise PermissionDenied
    comment = Comment.objects.select_related("article__kim").filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment
