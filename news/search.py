"""Full-text search of public articles: PostgreSQL's `indonesian` configuration, a simple
icontains on SQLite."""

import html
import json
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, Min, Q, QuerySet, TextField, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
# Only the newest matches are ranked. A common word ("warga") may match tens of thousands of
# articles; ranking them all on every request would read every matching row's vector. The GIN
# index finds the matches, the newest CANDIDATES are kept (by published_at, a cheap top-N), and
# only those are ranked. A reader looking for something older adds a word, or follows the
# "older matches" link (a `before` date: the newest matches published before it, ranked).
CANDIDATES = 200
# Matches counted exactly at most; above it PostgreSQL's planner estimates, labelled as such.
COUNT_CAP = 1_000
# Markers that cannot occur in cleaned text: the headline is escaped first, then they become <mark>.
START, STOP = "\x02", "\x03"


def clean_query(raw: str | None) -> str:
    """What is searched for: at most MAX_QUERY_LENGTH characters, no NUL (PostgreSQL refuses it)."""
    text = (raw or "").replace("\x00", " ").replace(START, " ").replace(STOP, " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _query(q: str) -> SearchQuery:
    # websearch syntax never raises on junk ("'; DROP", "!!!"): it simply matches nothing.
    return SearchQuery(q, search_type="websearch", config="indonesian")


def _matching(articles: QuerySet, q: str) -> QuerySet:
    if connection.vendor != "postgresql":
        return articles.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return articles.filter(search_vector=_query(q))


def _newest(articles: QuerySet, q: str) -> QuerySet:
    return _matching(articles, q).order_by("-published_at", "-pk").values("pk")[:CANDIDATES]


@dataclass(frozen=True)
class MatchCount:
    count: int
    # "exact", "estimate" (the planner's, above COUNT_CAP) or "at_least" (COUNT_CAP, on SQLite)
    kind: str
    # Rows really counted, min(matches, COUNT_CAP + 1); None when only the planner estimated.
    counted: int | None = None

    @property
    def candidates(self) -> int | None:
        """How many matches the ranked results hold (at most CANDIDATES), when that is known
        without counting again."""
        return None if self.counted is None else min(self.counted, CANDIDATES)


def match_count(articles: QuerySet, q: str) -> MatchCount:
    """How many of `articles` match `q`: counted up to COUNT_CAP rows, never every match.

    On PostgreSQL the planner's estimate comes first (it costs the planning only): a word it
    expects in many times COUNT_CAP articles is not counted at all."""
    matching = _matching(articles, q).order_by()
    estimate = _planner_estimate(matching) if connection.vendor == "postgresql" else None
    if estimate is not None and estimate > 5 * COUNT_CAP:
        return MatchCount(estimate, "estimate")
    counted = matching[: COUNT_CAP + 1].count()
    if counted <= COUNT_CAP:
        return MatchCount(counted, "exact", counted)
    if estimate is None:
        return MatchCount(COUNT_CAP, "at_least", counted)
    return MatchCount(max(estimate, COUNT_CAP + 1), "estimate", counted)


def _planner_estimate(matching: QuerySet) -> int:
    sql, params = matching.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # psycopg decodes the json column; a driver may not
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def oldest_candidate(articles: QuerySet, q: str):
    """When the oldest of the ranked matches was published: older ones are reached from there."""
    return articles.filter(pk__in=_newest(articles, q)).aggregate(oldest=Min("published_at"))[
        "oldest"
    ]


def search(articles: QuerySet, q: str) -> QuerySet:
    """`articles` (already public) matching `q`, best first, each with `.snippet`."""
    newest = _newest(articles, q)
    if connection.vendor != "postgresql":
        return articles.filter(pk__in=newest).annotate(
            snippet_raw=_as_html(F("summary")), title_raw=_as_html(F("title"))
        )
    query = _query(q)
    body_text = Func(F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace")
    return (
        articles.filter(pk__in=newest)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            title_raw=SearchHeadline(
                _as_html(F("title")),
                query,
                config="indonesian",
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            ),
            snippet_raw=SearchHeadline(
                Func(
                    _as_html(F("summary")),
                    Value(" "),
                    body_text,
                    function="concat",
                    output_field=TextField(),
                ),
                query,
                config="indonesian",
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _as_html(expression):
    """A plain-text column as HTML text, like the body: the headline then holds HTML text only,
    which `highlight` reads back once. An entity typed as text ("&lt;img&gt;") stays as typed."""
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        expression = Replace(expression, Value(character), Value(entity), output_field=TextField())
    return expression


def highlight(raw: str, q: str = "") -> SafeString:
    """The headline as HTML: the text escaped, and only our markers turned into <mark>.

    SQLite has no headline function: there the words of `q` are marked here, as typed."""
    raw = raw or ""
    if q and connection.vendor != "postgresql":
        words = re.compile("|".join(re.escape(word) for word in q.split()), re.IGNORECASE)
        raw = words.sub(lambda match: START + match.group(0) + STOP, raw)
    text = escape(html.unescape(raw))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))
