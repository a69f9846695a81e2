"""The portal's figures: what the city's KIMs do, measured (PRODUCT.md: *measurable*).

Every figure is an aggregate computed by the database, and each table is one or two queries
whatever the amount of data, so the dashboard costs the same in year one and year ten.
Months are cut in Salatiga's time (Asia/Jakarta). An article counts as published once its
publication time has come (scheduled ones wait) and while it is not withdrawn.
"""

import datetime
import statistics as pystats
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from groups.models import Kecamatan, Kelurahan, Kim, Membership, WorkProgram, WorkProgramItem
from materials.models import DisseminationReport
from news.models import Article, ReviewEvent
from overview.charts import bar_chart, coverage_grid
from subscriptions.models import PushSubscription, Subscription
from workshops.models import Event, Registration

State = Article.State

# An article entering review (from its author) and a Redaksi decision on it.
SUBMISSION = Q(
    from_state__in=[State.DRAFT, State.CHANGES_REQUESTED],
    to_state__in=[State.KIM_REVIEW, State.REDAKSI_REVIEW],
)
DECISION = Q(from_state=State.REDAKSI_REVIEW, to_state__in=[State.PUBLISHED, State.REJECTED])


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime(
            self.year, self.month or 1, 1, tzinfo=timezone.get_default_timezone()
        )

    @property
    def end(self) -> datetime.datetime:
        if self.month and self.month < 12:
            return datetime.datetime(
                self.year, self.month + 1, 1, tzinfo=timezone.get_default_timezone()
            )
        return datetime.datetime(self.year + 1, 1, 1, tzinfo=timezone.get_default_timezone())

    def months(self) -> list[int]:
        return [self.month] if self.month else list(range(1, 13))

    def range(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lt": self.end})


@dataclass
class Table:
    """One table of figures: shown with a caption, and exported as CSV under `name`."""

    name: str
    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


class Median(Aggregate):
    """PostgreSQL's percentile_cont: the median computed by the database."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _epoch(expression) -> Func:
    return Func(
        expression, template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField()
    )


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(part * 100 / whole, 1) if whole else None


def published_articles(now: datetime.datetime | None = None):
    """Articles that count as published: due (not scheduled for later) and not withdrawn."""
    return Article.objects.filter(state=State.PUBLISHED, published_at__lte=now or timezone.now())


def _month_label(year: int, month: int) -> str:
    return date_format(datetime.date(year, month, 1), "M Y")


# -- KIMs and regions ------------------------------------------------------------------


def kecamatan_table() -> Table:
    verified = Q(kelurahan__kims__status=Kim.Status.VERIFIED)
    rows = Kecamatan.objects.annotate(
        kims=Count("kelurahan__kims", filter=verified, distinct=True),
        members=Count(
            "kelurahan__kims__memberships",
            filter=verified & Q(kelurahan__kims__memberships__status=Membership.Status.ACTIVE),
            distinct=True,
        ),
    ).values_list("name", "kims", "members")
    return Table(
        "kecamatan",
        _("Verified KIM and their members per kecamatan"),
        [_("Kecamatan"), _("Verified KIM"), _("Members")],
        [list(row) for row in rows.order_by("name")],
    )


def kelurahan_table() -> Table:
    rows = (
        Kelurahan.objects.annotate(
            kim_count=Count("kims", filter=Q(kims__status=Kim.Status.VERIFIED))
        )
        .order_by("kecamatan__name", "name")
        .values_list("kecamatan__name", "name", "kim_count")
    )
    return Table(
        "kelurahan",
        _("Kelurahan coverage: verified KIM per kelurahan"),
        [_("Kecamatan"), _("Kelurahan"), _("Verified KIM")],
        [list(row) for row in rows],
    )


def subscribers_table() -> Table:
    """Who follows each kelurahan's news, today: counts only (for the Redaksi)."""
    emails = dict(
        Subscription.objects.active()
        .filter(kelurahan__isnull=False)
        .values("kelurahan")
        .annotate(n=Count("email", distinct=True))
        .values_list("kelurahan", "n")
    )
    browsers = dict(
        PushSubscription.objects.filter(kelurahan__isnull=False)
        .values("kelurahan")
        .annotate(n=Count("endpoint", distinct=True))
        .values_list("kelurahan", "n")
    )
    rows = Kelurahan.objects.order_by("kecamatan__name", "name").values_list(
        "pk", "kecamatan__name", "name"
    )
    return Table(
        "subscribers",
        _("Subscribers per kelurahan"),
        [_("Kecamatan"), _("Kelurahan"), _("E-mail subscribers"), _("Browser notifications")],
        [[kec, name, emails.get(pk, 0), browsers.get(pk, 0)] for pk, kec, name in rows],
    )


# -- News --------------------------------------------------------------------------------


def news_month_counts(
    period: Period, kim: Kim | None = None, *, submitted: bool = True
) -> list[dict]:
    """Per month of the period: articles published and (unless `submitted` is False, for
    readers who are only shown what was published) submitted, distinct."""
    events = ReviewEvent.objects.filter(SUBMISSION, period.range("created_at"))
    published = published_articles().filter(period.range("published_at"))
    if kim is not None:
        events = events.filter(article__kim=kim)
        published = published.filter(kim=kim)
    submitted = (
        dict(
            events.annotate(month=TruncMonth("created_at", tzinfo=timezone.get_default_timezone()))
            .values("month")
            .annotate(n=Count("article", distinct=True))
            .values_list("month", "n")
        )
        if submitted
        else {}
    )
    done = dict(
        published.annotate(month=TruncMonth("published_at", tzinfo=timezone.get_default_timezone()))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    submitted = {(m.year, m.month): n for m, n in submitted.items()}
    done = {(m.year, m.month): n for m, n in done.items()}
    return [
        {
            "month": month,
            "label": _month_label(period.year, month),
            "submitted": submitted.get((period.year, month), 0),
            "published": done.get((period.year, month), 0),
        }
        for month in period.months()
    ]


def news_months_table(period: Period, *, full: bool, kim: Kim | None = None) -> Table:
    months = news_month_counts(period, kim, submitted=full)
    if full:
        return Table(
            "news-months",
            _("News submitted and published per month"),
            [_("Month"), _("Submitted"), _("Published")],
            [[m["label"], m["submitted"], m["published"]] for m in months],
        )
    return Table(
        "news-months",
        _("News published per month"),
        [_("Month"), _("Published")],
        [[m["label"], m["published"]] for m in months],
    )


def news_kims_table(period: Period) -> Table:
    in_period_events = Q(articles__events__created_at__gte=period.start) & Q(
        articles__events__created_at__lt=period.end
    )
    submission = Q(
        articles__events__from_state__in=[State.DRAFT, State.CHANGES_REQUESTED],
        articles__events__to_state__in=[State.KIM_REVIEW, State.REDAKSI_REVIEW],
    )
    decision = Q(
        articles__events__from_state=State.REDAKSI_REVIEW,
        articles__events__to_state__in=[State.PUBLISHED, State.REJECTED],
    )
    published = Q(
        articles__state=State.PUBLISHED,
        articles__published_at__lte=timezone.now(),
        articles__published_at__gte=period.start,
        articles__published_at__lt=period.end,
    )
    rows = (
        Kim.objects.filter(status__in=[Kim.Status.VERIFIED, Kim.Status.INACTIVE])
        .annotate(
            submitted=Count("articles", filter=submission & in_period_events, distinct=True),
            published=Count("articles", filter=published, distinct=True),
            decided=Count("articles__events", filter=decision & in_period_events, distinct=True),
            accepted=Count(
                "articles__events",
                filter=decision & in_period_events & Q(articles__events__to_state=State.PUBLISHED),
                distinct=True,
            ),
        )
        .order_by("name")
        .values_list("name", "submitted", "published", "decided", "accepted")
    )
    return Table(
        "news-kims",
        _("News per KIM"),
        [
            _("KIM"),
            _("Submitted"),
            _("Published"),
            _("Decided"),
            _("Accepted"),
            _("Acceptance rate (%)"),
        ],
        [[*row, rate(row[4], row[3])] for row in rows],
    )


def review_summary(period: Period, kim: Kim | None = None) -> dict:
    """Redaksi decisions in the period: how many, how many accepted, and the median wait
    (hours) from the author's submission to the decision."""
    decisions = ReviewEvent.objects.filter(DECISION, period.range("created_at"))
    if kim is not None:
        decisions = decisions.filter(article__kim=kim)
    last_submission = (
        ReviewEvent.objects.filter(SUBMISSION, article=OuterRef("article"))
        .filter(created_at__lte=OuterRef("created_at"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    decisions = decisions.annotate(submitted_at=Subquery(last_submission))
    counts = {
        "decided": Count("pk"),
        "accepted": Count("pk", filter=Q(to_state=State.PUBLISHED)),
    }
    if connection.vendor == "postgresql":
        summary = decisions.aggregate(
            **counts, median_seconds=Median(_epoch(F("created_at") - F("submitted_at")))
        )
    else:  # Only for SQLite development databases: the median of the waits in Python.
        summary = decisions.aggregate(**counts)
        waits = [
            (decided - submitted).total_seconds()
            for decided, submitted in decisions.values_list("created_at", "submitted_at")
            if submitted
        ]
        summary["median_seconds"] = pystats.median(waits) if waits else None
    seconds = summary.pop("median_seconds")
    summary["median_hours"] = round(seconds / 3600, 1) if seconds is not None else None
    summary["rejected"] = summary["decided"] - summary["accepted"]
    summary["acceptance_rate"] = rate(summary["accepted"], summary["decided"])
    return summary


def review_table(summary: dict) -> Table:
    return Table(
        "review",
        _("Redaksi decisions"),
        [
            _("Decided"),
            _("Published"),
            _("Rejected"),
            _("Acceptance rate (%)"),
            _("Median wait (hours)"),
        ],
        [
            [
                summary["decided"],
                summary["accepted"],
                summary["rejected"],
                summary["acceptance_rate"],
                summary["median_hours"],
            ]
        ],
    )


# -- Events ------------------------------------------------------------------------------


def events_summary(period: Period) -> dict:
    """Events held in the period (published, already over), attendance and feedback."""
    summary = Event.objects.filter(
        period.range("starts_at"), status=Event.Status.PUBLISHED, ends_at__lt=timezone.now()
    ).aggregate(
        held=Count("pk", distinct=True),
        attended=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.ATTENDED),
            distinct=True,
        ),
        expected=Count(
            "registrations",
            filter=Q(
                registrations__status__in=[
                    Registration.Status.CONFIRMED,
                    Registration.Status.ATTENDED,
                ]
            ),
            distinct=True,
        ),
        average_rating=Avg("registrations__feedback__rating"),
        ratings=Count("registrations__feedback", distinct=True),
    )
    summary["attendance_rate"] = rate(summary["attended"], summary["expected"])
    if summary["average_rating"] is not None:
        summary["average_rating"] = round(summary["average_rating"], 2)
    return summary


def events_table(summary: dict) -> Table:
    return Table(
        "events",
        _("Events held"),
        [
            _("Events held"),
            _("Attended"),
            _("Confirmed or attended"),
            _("Attendance rate (%)"),
            _("Average feedback (1–5)"),
            _("Feedback given"),
        ],
        [
            [
                summary["held"],
                summary["attended"],
                summary["expected"],
                summary["attendance_rate"],
                summary["average_rating"],
                summary["ratings"],
            ]
        ],
    )


def kim_attendance(period: Period, kim: Kim) -> dict:
    """Attended registrations of the KIM's active members, and how many events they were."""
    return Registration.objects.filter(
        period.range("event__starts_at"),
        status=Registration.Status.ATTENDED,
        user__memberships__kim=kim,
        user__memberships__status=Membership.Status.ACTIVE,
    ).aggregate(attendances=Count("pk", distinct=True), events=Count("event", distinct=True))


# -- Work programs -----------------------------------------------------------------------


def program_completion(year: int, kim: Kim | None = None) -> dict:
    """Share of items done among those not cancelled, in the year's approved programs."""
    items = WorkProgramItem.objects.filter(
        program__year=year, program__status=WorkProgram.Status.APPROVED
    ).exclude(status=WorkProgramItem.Status.CANCELLED)
    if kim is not None:
        items = items.filter(program__kim=kim)
    summary = items.aggregate(
        items=Count("pk"),
        done=Count("pk", filter=Q(status=WorkProgramItem.Status.DONE)),
        programs=Count("program", distinct=True),
    )
    summary["completion"] = rate(summary["done"], summary["items"])
    return summary


def programs_table(summary: dict) -> Table:
    return Table(
        "programs",
        _("Work-program completion, all KIM"),
        [_("Approved programs"), _("Activities (not cancelled)"), _("Done"), _("Completion (%)")],
        [[summary["programs"], summary["items"], summary["done"], summary["completion"]]],
    )


def program_kims_table(year: int) -> Table:
    Item = WorkProgramItem.Status
    not_cancelled = Q(work_programs__items__status__in=[Item.PLANNED, Item.RUNNING, Item.DONE])
    rows = (
        Kim.objects.filter(
            work_programs__year=year, work_programs__status=WorkProgram.Status.APPROVED
        )
        .annotate(
            items=Count("work_programs__items", filter=not_cancelled),
            done=Count(
                "work_programs__items",
                filter=Q(work_programs__items__status=WorkProgramItem.Status.DONE),
            ),
        )
        .order_by("name")
        .values_list("name", "items", "done")
    )
    return Table(
        "program-kims",
        _("Work-program completion per KIM"),
        [_("KIM"), _("Activities (not cancelled)"), _("Done"), _("Completion (%)")],
        [[*row, rate(row[2], row[1])] for row in rows],
    )


# -- Information materials (issue 8) ------------------------------------------------------


def dissemination_months_table(period: Period, kim: Kim | None = None) -> Table:
    """Reports of information materials spread, and people reached, per month (WIB)."""
    reports = DisseminationReport.objects.filter(period.range("shared_at"))
    if kim is not None:
        reports = reports.filter(kim=kim)
    by_month = {row["month"].month: row for row in reports.totals_by_month(period.year)}
    return Table(
        "dissemination-months",
        _("Information materials spread per month"),
        [_("Month"), _("Reports"), _("People reached")],
        [
            [
                _month_label(period.year, month),
                by_month.get(month, {}).get("reports", 0),
                by_month.get(month, {}).get("people", 0),
            ]
            for month in period.months()
        ],
    )


def dissemination_kecamatan_table(period: Period) -> Table:
    rows = DisseminationReport.objects.filter(
        period.range("shared_at")
    ).totals_for_every_kecamatan()
    return Table(
        "dissemination-kecamatan",
        _("Information materials spread per kecamatan"),
        [_("Kecamatan"), _("Reports"), _("People reached")],
        [[row["kecamatan_name"], row["reports"], row["people"]] for row in rows],
    )


def dissemination_kims_table(period: Period) -> Table:
    rows = DisseminationReport.objects.filter(period.range("shared_at")).totals_by_kim()
    return Table(
        "dissemination-kims",
        _("Information materials spread per KIM"),
        [_("KIM"), _("Reports"), _("People reached")],
        [[row["kim__name"], row["reports"], row["people"]] for row in rows],
    )


def dissemination_figures(period: Period, *, full: bool) -> dict:
    """How far the city's information materials travel: the public sees months and kecamatan,
    the Redaksi also each KIM."""
    months = dissemination_months_table(period)
    tables = [months, dissemination_kecamatan_table(period)]
    if full:
        tables.append(dissemination_kims_table(period))
    return {
        "chart": bar_chart(
            chart_id="chart-dissemination-months",
            title=str(_("People reached by information materials per month")),
            rows=[(row[0], row[2]) for row in months.rows],
        ),
        "tables": tables,
        "people": sum(row[2] for row in months.rows),
        "reports": sum(row[1] for row in months.rows),
    }


# -- The dashboard -----------------------------------------------------------------------


def dashboard(period: Period, *, full: bool) -> dict:
    """Everything /statistik/ shows. `full` (the Redaksi) adds per-KIM tables and review times."""
    kecamatan = kecamatan_table()
    kelurahan = kelurahan_table()
    months = news_months_table(period, full=full)
    events = events_summary(period)
    programs = program_completion(period.year)
    published_column = len(months.headers) - 1
    context = {
        "period": period,
        "full": full,
        "kecamatan": kecamatan,
        "kecamatan_chart": bar_chart(
            chart_id="chart-kecamatan",
            title=str(_("Verified KIM per kecamatan")),
            rows=[(row[0], row[1]) for row in kecamatan.rows],
        ),
        "kelurahan": kelurahan,
        "coverage": coverage_grid(kelurahan.rows),
        "news_months": months,
        "news_months_chart": bar_chart(
            chart_id="chart-news-months",
            title=str(_("News published per month")),
            rows=[(row[0], row[published_column]) for row in months.rows],
        ),
        "events_summary": events,
        "events": events_table(events),
        "program_summary": programs,
        "programs": programs_table(programs),
        "totals": {
            "kims": sum(row[1] for row in kecamatan.rows),
            "members": sum(row[2] for row in kecamatan.rows),
            "published": sum(row[published_column] for row in months.rows),
        },
        "dissemination": dissemination_figures(period, full=full),
    }
    if full:
        review = review_summary(period)
        news_kims = news_kims_table(period)
        program_kims = program_kims_table(period.year)
        context.update(
            review_summary=review,
            review=review_table(review),
            news_kims=news_kims,
            news_kims_chart=bar_chart(
                chart_id="chart-news-kims",
                title=str(_("News published per KIM")),
                rows=[(row[0], row[2]) for row in news_kims.rows],
            ),
            program_kims=program_kims,
            subscribers=subscribers_table(),
            program_kims_chart=bar_chart(
                chart_id="chart-program-kims",
                title=str(_("Work-program completion per KIM (%)")),
                rows=[(row[0], row[3]) for row in program_kims.rows],
            ),
        )
    return context


def table_for_csv(name: str, period: Period) -> Table | None:
    builders = {
        "kecamatan": kecamatan_table,
        "kelurahan": kelurahan_table,
        "news-months": lambda: news_months_table(period, full=True),
        "news-kims": lambda: news_kims_table(period),
        "review": lambda: review_table(review_summary(period)),
        "events": lambda: events_table(events_summary(period)),
        "programs": lambda: programs_table(program_completion(period.year)),
        "program-kims": lambda: program_kims_table(period.year),
        "dissemination-months": lambda: dissemination_months_table(period),
        "dissemination-kecamatan": lambda: dissemination_kecamatan_table(period),
        "dissemination-kims": lambda: dissemination_kims_table(period),
        "subscribers": subscribers_table,
    }
    builder = builders.get(name)
    return builder() if builder else None


# -- A KIM's scorecard (rapor) -------------------------------------------------------------


def scorecard(kim: Kim, period: Period) -> dict:
    months = news_month_counts(period, kim)
    review = review_summary(period, kim)
    attendance = kim_attendance(period, kim)
    programs = program_completion(period.year, kim)
    table = Table(
        "kim-months",
        _("Articles per month"),
        [_("Month"), _("Submitted"), _("Published")],
        [[m["label"], m["submitted"], m["published"]] for m in months],
    )
    return {
        "period": period,
        "months": table,
        "months_chart": bar_chart(
            chart_id="chart-kim-months",
            title=str(_("Articles published per month")),
            rows=[(m["label"], m["published"]) for m in months],
        ),
        "published": sum(m["published"] for m in months),
        "review": review,
        "attendance": attendance,
        "programs": programs,
        "dissemination": dissemination_months_table(period, kim),
    }
