"""What waits on the Redaksi desk (/redaksi/): a few counts from every app, each in one query."""

from datetime import timedelta

from django.db.models import Count, Q, Sum

from groups.models import Kim, WorkProgram
from materials.models import DisseminationReport, Material
from news.models import Article, Comment
from workshops.models import Event, Registration

SECTIONS = [
    "news/_desk_articles.html",
    "groups/_desk_kims.html",
    "workshops/_desk_events.html",
    "news/_desk_comments.html",
    "groups/_desk_programs.html",
    "materials/_desk_materials.html",
    "kim_portal/_desk_audit.html",
]


def _events(now) -> dict:
    figures = Event.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Event.Status.DRAFT)),
        upcoming=Count("pk", filter=Q(status=Event.Status.PUBLISHED, ends_at__gte=now)),
    )
    figures["waitlisted"] = Registration.objects.filter(
        status=Registration.Status.WAITLISTED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=now,
    ).count()
    return figures


def _groups() -> dict:
    """KIM registrations and work programs waiting, in one query."""
    return Kim.objects.aggregate(
        pending_kims=Count("pk", filter=Q(status=Kim.Status.PENDING), distinct=True),
        programs_waiting=Count(
            "work_programs",
            filter=Q(work_programs__status=WorkProgram.Status.SUBMITTED),
            distinct=True,
        ),
    )


def _materials(now) -> dict:
    return {
        **Material.objects.aggregate(
            drafts=Count("pk", filter=Q(published_at__isnull=True)),
            current=Count("pk", filter=Q(pk__in=Material.objects.current().values("pk"))),
        ),
        **DisseminationReport.objects.filter(shared_at__gte=now - timedelta(days=30)).aggregate(
            reports=Count("pk"), people=Sum("people_reached")
        ),
    }


def desk_figures(now) -> dict:
    news_waiting = Article.objects.waiting_for_redaksi().select_related("kim")
    groups = _groups()
    return {
        "sections": SECTIONS,
        "news_waiting_count": news_waiting.count(),
        "news_waiting": news_waiting[:5],
        "pending_kim_count": groups["pending_kims"],
        "programs_waiting_count": groups["programs_waiting"],
        "desk_events": _events(now),
        "comments_pending_count": Comment.objects.pending().count(),
        "desk_materials": _materials(now),
    }
