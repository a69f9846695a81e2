"""The SQL of one cold request to a page of a bench database, slowest first.

    python bench/queries.py [--database kim_bench_100k] [--member] [--explain N] PATH...

For each PATH: the cache is cleared, the page requested once to warm the process (templates,
connections), the cache cleared again, and the page requested with every query recorded. Prints
the total, then each query with its time, slowest first; --explain N runs EXPLAIN (ANALYZE,
BUFFERS) on the N slowest. --member requests as the demo KIM member, as run.py's logged-in twin.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--database", default="kim_bench_100k")
    parser.add_argument("--member", action="store_true", help="logged in as a KIM member")
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN ANALYZE the N slowest")
    parser.add_argument("--cache", default="auto")
    args = parser.parse_args()
    if not common.database_exists(args.database):
        parser.error(f"no database {args.database}: run bench/generate.py first")
    common.configure(args.database, args.cache)
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    common.collect_static()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.run import PROXY_HEADERS, clear_caches
    from kim_portal.models import User

    client = Client(headers=PROXY_HEADERS)
    if args.member:
        client.force_login(User.objects.get(email="anggota@demo.kim.id"))
    for path in args.paths:
        clear_caches()
        client.get(path, secure=True)
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, secure=True)
            total = (time.perf_counter() - started) * 1000
        queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"\n== {path}: HTTP {response.status_code}, {total:.1f} ms, "
            f"{len(queries)} queries taking {sql_ms:.1f} ms"
        )
        for q in queries:
            print(f"{float(q['time']) * 1000:8.1f} ms  {q['sql'][:300]}")
        for q in queries[: args.explain]:
            print(f"\n-- EXPLAIN ANALYZE ({float(q['time']) * 1000:.1f} ms)\n{q['sql']}\n")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
