"""Benchmark of the public pages at a small and a large data size, against a baseline.

Run from the project root with DATABASE_URL pointing at PostgreSQL:

    python bench/run.py [--small N] [--large M] [--repeat R]

It works in a throw-away database (<name>_bench, created and dropped by Django's test utilities),
never in the database DATABASE_URL names. Figures are reported, never judged: the exit status is
non-zero only when something fails (an exception, a server error).
"""

import argparse
import contextlib
import io
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")
os.environ.pop("REDIS_URL", None)  # the run clears the cache: never a shared one
MEDIA = Path(tempfile.mkdtemp(prefix="kim-bench-"))
os.environ["MEDIA_ROOT"] = str(MEDIA / "public")  # the demo photos land here, not in var/
os.environ["PRIVATE_MEDIA_ROOT"] = str(MEDIA / "private")
os.environ["EMAIL_URL"] = "console://"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from groups.models import Kelurahan, Kim, Membership  # noqa: E402
from kim_portal.models import Photo, User  # noqa: E402
from news.models import Article, Category  # noqa: E402
from workshops.models import Event  # noqa: E402

SEARCH_WORD = "warga"
BASELINE = {"healthz": "/healthz", "robots": "/robots.txt"}
RESULTS = Path(__file__).resolve().parent / "results"


def pages() -> dict[str, str]:
    """The public pages, with objects picked from the current data (None: nothing to show)."""
    article = Article.objects.public().order_by("-published_at", "-pk").first()
    kim = Kim.objects.verified().order_by("pk").first()
    event = Event.objects.upcoming().first()
    return {
        "home": "/",
        "news list": "/berita/",
        "article": article.get_absolute_url() if article else None,
        "search": f"/berita/?q={SEARCH_WORD}",
        "kim list": "/kim/",
        "kim coverage": "/kim/cakupan/",
        "kim page": kim.get_absolute_url() if kim else None,
        "agenda": "/agenda/",
        "event page": event.get_absolute_url() if event else None,
        "calendar": "/agenda/kalender.ics",
        "news feed": "/berita/feed/",
    }


# --- Data -------------------------------------------------------------------------------------


def grow(articles: int) -> dict[str, int]:
    """Bulk-create published articles (and a KIM, an event, a member per ten) up to `articles`."""
    now = timezone.now()
    missing = articles - Article.objects.public().count()
    if missing > 0:
        kims = _grow_kims(articles // 10)
        users = _grow_members(articles // 10)
        photos = list(Photo.objects.all()) or [None]
        categories = list(Category.objects.all())
        start = Article.objects.count()
        new = Article.objects.bulk_create(
            Article(
                title=f"Kerja bakti warga RW {n % 12 + 1} ke-{n} di {kims[n % len(kims)].kelurahan}",
                slug=f"bench-artikel-{n}",
                summary=f"Warga dan KIM {kims[n % len(kims)]} membersihkan saluran air menjelang musim hujan.",
                body="<p>Warga berkumpul sejak pukul tujuh pagi.</p>" * 4,
                photo=photos[n % len(photos)] if n % 2 else None,
                kim=kims[n % len(kims)],
                kelurahan_id=kims[n % len(kims)].kelurahan_id,
                author=users[n % len(users)],
                state=Article.State.PUBLISHED,
                published_at=now - timedelta(hours=n + 1),
            )
            for n in range(start, start + missing)
        )
        if categories:
            Article.categories.through.objects.bulk_create(
                Article.categories.through(article=a, category=categories[i % len(categories)])
                for i, a in enumerate(new)
            )
    _grow_events(articles // 10, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics as a live database would have them
    return {
        "articles": Article.objects.public().count(),
        "kims": Kim.objects.verified().count(),
        "events": Event.objects.listed().count(),
        "members": Membership.objects.active().count(),
    }


def _grow_kims(total: int) -> list[Kim]:
    kelurahan = list(Kelurahan.objects.all())
    start = Kim.objects.count()
    Kim.objects.bulk_create(
        Kim(
            name=f"KIM Bench {n}",
            slug=f"kim-bench-{n}",
            kelurahan=kelurahan[n % len(kelurahan)],
            status=Kim.Status.VERIFIED,
            description="Kelompok informasi masyarakat untuk pengukuran.",
        )
        for n in range(start, total)
    )
    return list(Kim.objects.verified().select_related("kelurahan"))


def _grow_members(total: int) -> list[User]:
    """Members of the KIM whose page is measured, so that page has more people to show."""
    kim = Kim.objects.verified().order_by("pk").first()
    start = User.objects.filter(email__startswith="bench-").count()
    users = User.objects.bulk_create(
        User(email=f"bench-{n}@example.com", full_name=f"Warga Bench {n}", password="!")
        for n in range(start, max(total, 1))
    )
    Membership.objects.bulk_create(
        Membership(kim=kim, user=user, status=Membership.Status.ACTIVE) for user in users
    )
    return list(User.objects.filter(email__startswith="bench-"))


def _grow_events(total: int, now) -> None:
    start = Event.objects.count()
    Event.objects.bulk_create(
        Event(
            title=f"Sarasehan warga ke-{n}",
            slug=f"bench-acara-{n}",
            summary="Sarasehan tentang pelayanan informasi di kelurahan.",
            kind=Event.Kind.SARASEHAN,
            starts_at=now + timedelta(days=n - total // 2),
            ends_at=now + timedelta(days=n - total // 2, hours=3),
            venue="Balai Kelurahan",
            status=Event.Status.PUBLISHED,
            published_at=now,
        )
        for n in range(start, total)
    )


# --- Measuring --------------------------------------------------------------------------------


def request(client: Client, path: str) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, queries.captured_queries, response


def measure(client: Client, path: str, repeat: int) -> dict:
    """Cold (cache cleared before each request) and warm (primed) figures for one URL.

    Each request is followed by one to the baseline, /healthz: the ratio compares the page with
    a baseline measured at the same moment, which keeps it meaningful on a busy machine.
    """
    result = {}
    for state in ("cold", "warm"):
        times, base_times = [], []
        if state == "warm":
            client.get(path)  # prime the page cache
        for _ in range(repeat):
            if state == "cold":
                cache.clear()
            ms, queries, response = request(client, path)
            if response.status_code == 404:
                return {"skipped": "404 on this tree"}
            times.append(ms)
            base_times.append(request(client, BASELINE["healthz"])[0])
        result[state] = summary(times) | {
            "queries": len(queries),
            "x_baseline": round(statistics.median(times) / statistics.median(base_times), 1),
        }
        if state == "cold" and path.startswith("/berita/?q="):
            result["note"] = search_note(queries)
    result["status"] = response.status_code
    result["bytes"] = len(response.content)
    result["page_cache"] = response.get("X-Page-Cache", "not cached")
    return result


def search_note(queries: list[dict]) -> str:
    sql = " ".join(q["sql"] for q in queries).lower()
    if "@@" in sql or "tsquery" in sql:
        return "full-text search"
    if SEARCH_WORD in sql:
        return "search without a full-text index (LIKE)"
    return "no search on this tree: q is ignored, this is the plain list"


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 2),
    }


def run_size(client: Client, articles: int, repeat: int) -> dict:
    data = grow(articles)
    baseline = {name: measure(client, path, repeat) for name, path in BASELINE.items()}
    results = {}
    for name, path in pages().items():
        if path is None:
            results[name] = {"skipped": "nothing to show"}
            continue
        results[name] = measure(client, path, repeat) | {"path": path}
    return {"data": data, "baseline": baseline, "pages": results}


# --- Report -----------------------------------------------------------------------------------


def report(run: dict) -> str:
    small, large = run["sizes"]["small"], run["sizes"]["large"]
    lines = [
        f"KIM portal benchmark, {run['when']}, {run['repeat']} requests per figure, "
        f"{os.cpu_count()} CPUs, load average {run['load'][0]} at start, {run['load'][1]} at end"
    ]
    for label, size in (("SMALL", small), ("LARGE", large)):
        counts = ", ".join(f"{v} {k}" for k, v in size["data"].items())
        lines.append(f"{label}: {counts}")
    for name, result in small["baseline"].items():
        lines.append(
            f"Baseline {BASELINE[name]}: {result['cold']['median_ms']} ms median, "
            f"{result['cold']['queries']} queries (small); "
            f"{large['baseline'][name]['cold']['median_ms']} ms (large)"
        )
    lines.append("x: the page's median over the median of /healthz requests interleaved with it.")
    lines.append("L/S: large over small, of x for the times (robust to a change in load), of KB.\n")
    header = (
        f"{'page':<13}{'size':<6}{'cold ms':>9}{'p90':>8}{'x':>7}{'q':>4}"
        f"{'warm ms':>9}{'x':>7}{'q':>4}{'KB':>7}  cache"
    )
    lines += [header, "-" * len(header)]
    notes = []
    for name in small["pages"]:
        for label, size in (("small", small), ("large", large)):
            r = size["pages"][name]
            if "skipped" in r:
                notes.append(f"{name} ({label}): skipped, {r['skipped']}")
                continue
            c, w = r["cold"], r["warm"]
            lines.append(
                f"{name if label == 'small' else '':<13}{label:<6}{c['median_ms']:>9.1f}"
                f"{c['p90_ms']:>8.1f}{c['x_baseline']:>7.1f}{c['queries']:>4}"
                f"{w['median_ms']:>9.1f}{w['x_baseline']:>7.1f}{w['queries']:>4}"
                f"{r['bytes'] / 1024:>7.1f}  {r['page_cache']}"
            )
            if label == "large" and "note" in r:
                notes.append(f"{name}: {r['note']}")
        ratio = run["large_over_small"].get(name)
        if ratio:
            same = "same" if ratio["queries_same"] else "DIFFERENT"
            lines.append(
                f"{'':<13}{'L/S':<6}{ratio['cold']:>9.2f}{'':>19}{ratio['warm']:>9.2f}{'':>11}"
                f"{ratio['bytes']:>7.2f}  queries {same}"
            )
    return "\n".join(lines + [""] + notes) + "\n"


def large_over_small(small: dict, large: dict) -> dict:
    ratios = {}
    for name, s in small["pages"].items():
        lg = large["pages"][name]
        if "cold" in s and "cold" in lg:
            ratios[name] = {
                "cold": round(lg["cold"]["x_baseline"] / s["cold"]["x_baseline"], 2),
                "warm": round(lg["warm"]["x_baseline"] / s["warm"]["x_baseline"], 2),
                "bytes": round(lg["bytes"] / s["bytes"], 2),
                "queries_same": s["cold"]["queries"] == lg["cold"]["queries"]
                and s["warm"]["queries"] == lg["warm"]["queries"],
            }
    return ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=100, help="published articles, small size")
    parser.add_argument("--large", type=int, default=5000, help="published articles, large size")
    parser.add_argument("--repeat", type=int, default=11, help="requests per figure")
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        parser.error("set DATABASE_URL to a PostgreSQL database")
    database["TEST"]["NAME"] = f"{database['NAME']}_bench"
    logging.disable(logging.WARNING)  # 404s and task progress; errors still show
    warnings.filterwarnings("ignore", "No directory at")  # static files are not collected
    settings.DEBUG = False  # as in production: no query log except while measuring
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started, load_at_start = time.perf_counter(), round(os.getloadavg()[0], 1)
    with contextlib.redirect_stdout(io.StringIO()):
        old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("seed_demo", force=True, stdout=io.StringIO())
        client = Client()
        small = run_size(client, args.small, args.repeat)
        large = run_size(client, args.large, args.repeat)
    finally:
        teardown_databases(old_config, verbosity=0)
        shutil.rmtree(MEDIA, ignore_errors=True)
    run = {
        "when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "repeat": args.repeat,
        "load": [load_at_start, round(os.getloadavg()[0], 1)],
        "seconds": round(time.perf_counter() - started),
        "sizes": {"small": small, "large": large},
        "large_over_small": large_over_small(small, large),
    }
    text = report(run) + f"Whole run: {run['seconds']} s.\n"
    print(text, end="")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(run, indent=2) + "\n")
    (RESULTS / "latest.txt").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
