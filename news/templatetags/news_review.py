from django import template
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from news.access import reviewable_kims
from news.models import Article

register = template.Library()


@register.simple_tag
def kim_review_count(user) -> int | None:
    """How many articles wait for this pengurus's first review (one query); None for someone
    who is no pengurus of a verified KIM: the account menu then has no queue to show.

    Counted from the few articles in review (the state index), never from all of a KIM's
    articles: the menu is on every page a pengurus opens."""
    waiting = (
        Article.objects.filter(kim=OuterRef("pk"), state=Article.State.KIM_REVIEW)
        .exclude(author=user)
        .order_by()
        .values("kim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counts = list(
        reviewable_kims(user)
        .annotate(waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0))
        .values_list("waiting", flat=True)
    )
    return sum(counts) if counts else None
