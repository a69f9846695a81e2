from django import template
from django.db.models import Count, Q

from news.access import reviewable_kims
from news.models import Article

register = template.Library()


@register.simple_tag
def kim_review_count(user) -> int | None:
    """How many articles wait for this pengurus's first review (one query); None for someone
    who is no pengurus of a verified KIM: the account menu then has no queue to show."""
    waiting = Q(articles__state=Article.State.KIM_REVIEW) & ~Q(articles__author=user)
    counts = list(
        reviewable_kims(user)
        .annotate(waiting=Count("articles", filter=waiting))
        .values_list("waiting", flat=True)
    )
    return sum(counts) if counts else None
