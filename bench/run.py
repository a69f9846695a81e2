"""Benchmark of the public pages at 100 and at 100,000 articles, against a hello-world view.

    python bench/run.py [--sizes 100,100000] [--repeat 21] [--requests 1600]

For each size it uses the persistent bench database (kim_bench_100, kim_bench_100k; generated
by bench/generate.py first when missing) and measures, in a child process of its own:

  1. in-process, with Django's test Client: every public page cold (the whole cache cleared
     before each request) and warm (a page-cache hit), and the logged-in twin (a KIM member) of
     home, the news list and an article; each request is followed by one to the hello-world view
     of bench/urls.py (same middleware, no query), so every figure has a baseline measured at
     the same moment;
  2. over HTTP, against a real gunicorn (deploy/gunicorn.conf.py, bench settings, 2 workers x
     8 threads, 127.0.0.1, a free port): 16 threads with one keep-alive connection each send a
     fixed number of requests to hello, a cached anonymous article and a logged-in article, in
     interleaved rounds; p50/p99 latency and requests per second.

Figures are reported, never judged by the exit status (non-zero only when something fails: an
exception, a server error). Output: a markdown table on stdout, bench/results/latest.md and
bench/results/latest.json, with every target of bench/README.md and whether it is met (or by
how much it is missed).
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
HELLO = "/bench/hello/"
SEARCHES = {
    "search, common word": "warga",
    "search, rare word": "kentongan",  # bench/corpus.py RARE_WORD: the end of the long tail
    "search, three words": "kerja bakti selokan",
}
# A page slower than this (median of its first three requests) is measured SLOW_REPEAT times only.
SLOW_MS, SLOW_REPEAT = 500, 7
# https as behind the TLS proxy: the settings are production's (SECURE_SSL_REDIRECT on).
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


def database_for(articles: int) -> str:
    if articles % 1000 == 0:
        return f"kim_bench_{articles // 1000}k"
    return f"kim_bench_{articles}"


# --- Parent: one child per size, then the report ------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,100000", help="published articles, comma-separated")
    parser.add_argument("--repeat", type=int, default=21, help="requests per in-process figure")
    parser.add_argument("--search-repeat", type=int, default=25, help="requests per search figure")
    parser.add_argument("--requests", type=int, default=1600, help="HTTP requests per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    parser.add_argument("--cache", default="auto", help="auto, db or a redis:// URL")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    runs = {}
    for size in sizes:
        database = database_for(size)
        generated = common.database_exists(database) and _generated(database)
        if not generated:
            print(f"[{database}: generating {size} articles]", file=sys.stderr, flush=True)
            subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).parent / "generate.py"),
                    "--database",
                    database,
                    "--articles",
                    str(size),
                ],
                check=True,
            )
        print(f"[{database}: measuring]", file=sys.stderr, flush=True)
        out = subprocess.run(
            [sys.executable, __file__, "--child", database, *_passed_on(args)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        runs[str(size)] = json.loads(out)
    run = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": _commit(),
        "machine": f"{os.cpu_count()} CPUs, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "load": [round(load_at_start, 1), round(os.getloadavg()[0], 1)],
        "seconds": round(time.perf_counter() - started),
        "settings": {k: v for k, v in vars(args).items() if k != "child"},
        "sizes": runs,
    }
    run["targets"] = targets(run)
    text = report(run)
    print(text, end="")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "latest.md").write_text(text)
    return 0


def _passed_on(args) -> list[str]:
    out = []
    for name in (
        "repeat",
        "search_repeat",
        "requests",
        "connections",
        "workers",
        "threads",
        "cache",
    ):
        out += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    return out


def _generated(database: str) -> bool:
    import psycopg

    with psycopg.connect(f"{common.server_url()}/{database}") as conn:
        found = conn.execute("SELECT to_regclass('bench_generated')").fetchone()[0]
        return (
            bool(found) and conn.execute("SELECT count(*) FROM bench_generated").fetchone()[0] > 0
        )


def _commit() -> str:
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=common.ROOT,
        ).stdout.strip()
    return "?"


# --- Child: measure one database -----------------------------------------------------------------


def child(args) -> int:
    env = common.configure(args.child, args.cache)
    import logging
    import warnings

    import django

    django.setup()
    logging.disable(logging.WARNING)  # 404s and task progress; errors still show
    warnings.filterwarnings("ignore", "No directory at")
    from django.core.management import call_command

    # The tree measured may have migrations the database has not seen yet (a new index...).
    call_command("migrate", interactive=False, verbosity=0)
    common.collect_static()
    clear_caches()
    measured = InProcess(args).run()
    measured["http"] = over_http(args, env, measured)
    json.dump(measured, sys.stdout)
    return 0


class InProcess:
    def __init__(self, args):
        from django.test import Client

        self.args = args
        self.anonymous = Client(headers=PROXY_HEADERS)
        self.member_client = Client(headers=PROXY_HEADERS)
        self.member = self._member()
        self.member_client.force_login(self.member)

    def _member(self):
        from kim_portal.models import User

        return User.objects.get(email="anggota@demo.kim.id")  # a demo KIM's active member

    def pages(self) -> dict[str, str]:
        from django.core.paginator import Paginator
        from django.db.models import Count, Q
        from django.urls import reverse

        from groups.models import Kim
        from news.models import Article, Category
        from workshops.models import Event

        public = Article.objects.public()
        article = public.order_by("-published_at", "-pk").first()
        category = (
            Category.objects.annotate(n=Count("articles", filter=Q(articles__in=public)))
            .order_by("-n")
            .first()
        )
        kim = Kim.objects.verified().annotate(n=Count("articles")).order_by("-n", "pk").first()
        event = Event.objects.upcoming().first()
        last = Paginator(range(public.count()), 10).num_pages
        pages = {
            "home": "/",
            "news list": "/berita/",
            "news list, page 2": "/berita/?page=2",
            "news list, last page": f"/berita/?page={last}",
            "article": article.get_absolute_url(),
            "category": reverse("news:category", args=[category.slug]),
        }
        pages |= {name: f"/berita/?q={q.replace(' ', '+')}" for name, q in SEARCHES.items()}
        pages |= {
            "kim list": "/kim/",
            "kim page": kim.get_absolute_url(),
            "agenda": "/agenda/",
            "event page": event.get_absolute_url() if event else None,
            "statistics": "/statistik/",
            "sitemap.xml": "/sitemap.xml",
            "calendar (kalender.ics)": "/agenda/kalender.ics",
            "news feed (RSS)": "/berita/feed/",
            "api articles": "/api/v1/articles/",
        }
        return pages

    def sitemap_sections(self, response) -> dict[str, str]:
        """The sections an index lists (none when /sitemap.xml is a single sitemap)."""
        body = response.content.decode()
        if "<sitemapindex" not in body:
            return {}
        pages: dict[str, list[str]] = {}
        for loc in re.findall(r"<loc>\s*([^<]+?)\s*</loc>", body):
            path = re.sub(r"^https?://[^/]+", "", loc.replace("&amp;", "&"))
            pages.setdefault(path.split("?")[0], []).append(path)
        # A section of several pages (?p=2...): its first and its last page.
        sections = {}
        for paths in pages.values():
            for path in dict.fromkeys([paths[0], paths[-1]]):
                sections[f"sitemap section {path}"] = path
        return sections

    def get(self, client, path: str) -> tuple[float, object]:
        started = time.perf_counter()
        response = client.get(path, secure=True)
        return (time.perf_counter() - started) * 1000, response

    def measure(self, client, path: str, repeat: int, states=("cold", "warm")) -> dict:
        """Cold and warm figures for one URL, each request followed by one to hello."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        result: dict = {"path": path}
        for state in states:
            times, hello = [], []
            if state == "warm":
                self.get(client, path)  # prime
            wanted = repeat
            while len(times) < wanted:
                if state == "cold":
                    clear_caches()
                ms, response = self.get(client, path)
                if response.status_code >= 500:
                    raise RuntimeError(f"{path}: {response.status_code}")
                times.append(ms)
                hello.append(self.get(client, HELLO)[0])
                if len(times) == 3 and statistics.median(times) > SLOW_MS:
                    wanted = min(repeat, SLOW_REPEAT)  # seconds a request: fewer, still a median
            if state == "cold":
                clear_caches()
            with CaptureQueriesContext(connection) as queries:  # counted apart from the timing
                response = client.get(path, secure=True)
            result[state] = summary(times) | {
                "hello_median_ms": round(statistics.median(hello), 3),
                "x_hello": round(statistics.median(times) / statistics.median(hello), 1),
                "queries": len(queries),
            }
            result["status"] = response.status_code
            result["bytes"] = len(response.content)
            result["page_cache"] = response.get("X-Page-Cache", "-")
            result["last_response"] = response
        return result

    def run(self) -> dict:
        from django.db import connection

        from groups.models import Kim, Membership
        from news.models import Article, Comment
        from workshops.models import Event

        repeat = self.args.repeat
        hello = self.measure(self.anonymous, HELLO, repeat * 2, states=("warm",))
        pages, results = self.pages(), {}
        for name, path in pages.items():
            if path is None:
                results[name] = {"skipped": "nothing to show"}
                continue
            n = self.args.search_repeat if name.startswith("search") else repeat
            progress(f"{name} {path}")
            r = self.measure(self.anonymous, path, n)
            response = r.pop("last_response")
            if response.status_code == 404:
                results[name] = {"path": path, "skipped": "404 on this tree"}
                continue
            results[name] = r
            if name == "sitemap.xml":
                if not self.sitemap_sections(response):
                    r["note"] = "a single sitemap on this tree (no index, no sections)"
                for section, section_path in self.sitemap_sections(response).items():
                    s = self.measure(self.anonymous, section_path, repeat)
                    s.pop("last_response")
                    results[section] = s
        logged_in = {}
        for name in ("home", "news list", "article"):
            progress(f"{name} (logged in)")
            r = self.measure(self.member_client, pages[name], repeat)
            r.pop("last_response")
            logged_in[name + " (logged in)"] = r
        hello.pop("last_response")
        search_counts = {}
        with connection.cursor() as cursor:
            for name, q in SEARCHES.items():
                cursor.execute(
                    "SELECT count(*) FROM news_article WHERE state = 'published'"
                    " AND search_vector @@ websearch_to_tsquery('indonesian', %s)",
                    [q],
                )
                search_counts[name] = cursor.fetchone()[0]
        return {
            "database": connection.settings_dict["NAME"],
            "cache": os.environ["BENCH_CACHE"],
            "data": {
                "public articles": Article.objects.public().count(),
                "articles in all": Article.objects.count(),
                "verified KIMs": Kim.objects.verified().count(),
                "active members": Membership.objects.active().count(),
                "comments": Comment.objects.count(),
                "events": Event.objects.count(),
            },
            "search_matches": search_counts,
            "hello": hello,
            "pages": results,
            "logged_in": logged_in,
            "member_session": self.member_client.cookies["sessionid"].value,
            "article_path": pages["article"],
        }


def clear_caches() -> None:
    """Every cache the settings define (the default one, the page cache...)."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


def progress(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(percentile(ordered, 95), 2),
    }


def percentile(ordered: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


# --- Over HTTP: gunicorn, 16 keep-alive connections -----------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def over_http(args, env: dict, measured: dict) -> dict:
    port = free_port()
    server_env = (
        os.environ
        | env
        | {
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
        }
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "kim_portal.wsgi:application",
            "-c",
            str(common.ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--max-requests",
            "0",
        ],
        cwd=common.ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(port, server)
        session = f"sessionid={measured['member_session']}"
        targets = {
            "hello": (HELLO, {}),
            "article, anonymous (cached)": (measured["article_path"], {}),
            "article, logged in": (measured["article_path"], {"Cookie": session}),
        }
        progress(f"gunicorn on port {port}: {args.requests} requests per target")
        for path, headers in targets.values():  # warm up: workers, connections, page cache
            load(port, path, headers, args.connections, args.connections * 10)
        rounds = 4
        per_round = max(args.connections, args.requests // rounds)
        samples: dict[str, list[float]] = {name: [] for name in targets}
        walls: dict[str, float] = dict.fromkeys(targets, 0.0)
        for _ in range(rounds):
            for name, (path, headers) in targets.items():
                latencies, wall = load(port, path, headers, args.connections, per_round)
                samples[name] += latencies
                walls[name] += wall
        results = {}
        for name, latencies in samples.items():
            ordered = sorted(latencies)
            results[name] = {
                "requests": len(ordered),
                "p50_ms": round(percentile(ordered, 50), 2),
                "p99_ms": round(percentile(ordered, 99), 2),
                "rps": round(len(ordered) / walls[name]),
            }
        for name in targets:
            results[name]["x_hello_rps"] = round(results[name]["rps"] / results["hello"]["rps"], 2)
        return {
            "workers": args.workers,
            "threads": args.threads,
            "connections": args.connections,
            "targets": results,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_for(port: int, server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.stderr.read()[-2000:]}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", HELLO, headers=PROXY_HEADERS)
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def load(port: int, path: str, headers: dict, connections: int, total: int):
    """`total` GETs of `path` over `connections` keep-alive connections; latencies in ms and
    the wall time in seconds. Bounded: a fixed count, 10 s timeout per request, loopback only."""
    headers = PROXY_HEADERS | headers
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    share = [
        total // connections + (1 if n < total % connections else 0) for n in range(connections)
    ]
    start = threading.Barrier(connections + 1)

    def worker(count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        start.wait()
        for _ in range(count):
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(repr(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append((time.perf_counter() - began) * 1000)
            if response.status != 200:
                with lock:
                    errors.append(f"{path}: HTTP {response.status}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in share]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]}")
    return latencies, wall


# --- Targets and report ---------------------------------------------------------------------------


def targets(run: dict) -> list[dict]:
    """Each target of bench/README.md at the largest size: value, limit, met or missed by."""
    largest = max(run["sizes"], key=int)
    size = run["sizes"][largest]
    out = []

    def check(what: str, value: float, limit: float, unit: str, at_most: bool = True) -> None:
        met = value <= limit if at_most else value >= limit
        gap = value - limit if at_most else limit - value
        out.append(
            {
                "target": what,
                "value": value,
                "limit": f"{'≤' if at_most else '≥'} {limit}{unit}",
                "met": met,
                "missed_by": None if met else f"{gap:.2f}{unit}",
            }
        )

    rows = {
        name: r
        for name, r in (size["pages"] | size["logged_in"]).items()
        if "cold" in r and not name.startswith(("search", "sitemap"))
    }
    for name, r in rows.items():
        check(f"{name}: cold median", r["cold"]["median_ms"], 50, " ms")
        check(f"{name}: cold p95", r["cold"]["p95_ms"], 100, " ms")
    for name, r in size["pages"].items():
        if name.startswith("sitemap") and "cold" in r:
            check(f"{name}: cold p95", r["cold"]["p95_ms"], 100, " ms")
    http_targets = size["http"]["targets"]
    cached = http_targets["article, anonymous (cached)"]
    member = http_targets["article, logged in"]
    check(
        "cached anonymous article: req/s over hello's, 16 connections",
        cached["x_hello_rps"],
        0.8,
        "",
        False,
    )
    check(
        "logged-in article: req/s over hello's, 16 connections",
        member["x_hello_rps"],
        0.4,
        "",
        False,
    )
    check("cached anonymous article: p99 at 16 connections", cached["p99_ms"], 20, " ms")
    for name in SEARCHES:
        r = size["pages"][name]
        check(f"{name} (whole page, cold): p95", r["cold"]["p95_ms"], 30, " ms")
    return out


def report(run: dict) -> str:
    lines = [
        f"# KIM portal benchmark, {run['when']}",
        "",
        f"Commit {run['commit']}; {run['machine']}; load average {run['load'][0]} at start, "
        f"{run['load'][1]} at end; whole run {run['seconds']} s. In-process figures: "
        f"{run['settings']['repeat']} requests each ({run['settings']['search_repeat']} for "
        f"searches, {SLOW_REPEAT} for a page slower than {SLOW_MS} ms: n), each followed by a "
        "hello-world request through the same middleware; "
        "**x** is the page's median over hello's. Cold: the whole cache cleared before each "
        "request. Warm: after a priming request (a page-cache hit where the page is cached). "
        "q: SQL queries of one request.",
        "",
    ]
    for size, data in run["sizes"].items():
        counts = ", ".join(f"{v} {k}" for k, v in data["data"].items())
        matches = ", ".join(f"{k.split(', ')[1]} {v}" for k, v in data["search_matches"].items())
        lines.append(
            f"- **{size}**: database `{data['database']}`, cache `{data['cache']}`: {counts}. "
            f"Search matches: {matches}. Hello: {data['hello']['warm']['median_ms']} ms median in-process."
        )
    lines.append("")
    sizes = list(run["sizes"])
    header = "| page | size | n | cold ms | p95 | x | q | warm ms | p95 | x | q | KB | cache |"
    lines += ["## Pages, in-process", "", header, "|" + "---|" * 13]
    names = list(dict.fromkeys(n for s in sizes for n in run["sizes"][s]["pages"]))
    names += list(run["sizes"][sizes[0]]["logged_in"])
    notes = []
    for name in names:
        for size in sizes:
            data = run["sizes"][size]
            r = (data["pages"] | data["logged_in"]).get(name)
            if r is None:
                continue
            if "skipped" in r:
                notes.append(f"{name} ({size}): skipped, {r['skipped']}")
                continue
            if "note" in r:
                notes.append(f"{name} ({size}): {r['note']}")
            c, w = r["cold"], r["warm"]
            lines.append(
                f"| {name} | {size} | {c['n']} | {c['median_ms']:.1f} | {c['p95_ms']:.1f} | {c['x_hello']} "
                f"| {c['queries']} | {w['median_ms']:.1f} | {w['p95_ms']:.1f} | {w['x_hello']} "
                f"| {w['queries']} | {r['bytes'] / 1024:.1f} | {r['page_cache']} |"
            )
    lines += [""] + [f"- {n}" for n in notes] + ([""] if notes else [])
    lines += [
        "## Over HTTP: gunicorn, keep-alive connections",
        "",
        "| target | size | requests | p50 ms | p99 ms | req/s | x hello (req/s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        h = run["sizes"][size]["http"]
        for name, r in h["targets"].items():
            lines.append(
                f"| {name} | {size} | {r['requests']} | {r['p50_ms']} | {r['p99_ms']} "
                f"| {r['rps']} | {r['x_hello_rps']} |"
            )
    h = run["sizes"][sizes[-1]]["http"]
    lines += [
        "",
        f"gunicorn: {h['workers']} workers x {h['threads']} threads; {h['connections']} "
        "connections, interleaved rounds (hello, anonymous, logged in).",
        "",
        f"## Targets, at {max(sizes, key=int)} articles",
        "",
        "| target | measured | limit | |",
        "|---|---|---|---|",
    ]
    for t in run["targets"]:
        verdict = "met" if t["met"] else f"missed by {t['missed_by']}"
        lines.append(f"| {t['target']} | {t['value']} | {t['limit']} | {verdict} |")
    met = sum(t["met"] for t in run["targets"])
    lines += ["", f"{met} of {len(run['targets'])} targets met.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
