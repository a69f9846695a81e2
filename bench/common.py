"""What generate.py and run.py share: the environment of a bench database, set before Django.

A bench database is a persistent PostgreSQL database (kim_bench_100k, kim_bench_100, ...) on the
server DATABASE_URL points at (or 127.0.0.1:5432). Its demo photos live beside it on the machine,
in ~/.cache/kim-bench/<database>/ ($BENCH_MEDIA), whichever work tree measures it; the collected
static files belong to the work tree, in var/bench/static/ (gitignored).
Settings are bench/settings.py: the product's settings as in production (DEBUG off, manifest
static files, HTTPS only: every request says it came through the TLS proxy), plus a hello-world
view in bench/urls.py.
"""

import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
# The demo photos of a database belong to it, whichever work tree measures it.
MEDIA = Path(os.environ.get("BENCH_MEDIA") or Path.home() / ".cache" / "kim-bench")
# A Redis database number of the benchmark's own: a cold request clears the whole cache (FLUSHDB).
BENCH_REDIS = "redis://127.0.0.1:6379/13"


def server_url() -> str:
    """postgres://user@host:port of DATABASE_URL (or the local server), without a database."""
    url = os.environ.get("BENCH_SERVER_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def redis_answers(url: str = BENCH_REDIS) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def configure(database: str, cache: str = "auto") -> dict[str, str]:
    """Set the environment for `database` (before django.setup()); returns it for a subprocess.

    cache: "auto" (the bench's Redis database if Redis answers, else the database cache),
    "db", or a redis:// URL."""
    if cache == "auto":
        cache = BENCH_REDIS if redis_answers() else "db"
    media = MEDIA / database
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{server_url()}/{database}",
        "BENCH_CACHE": cache,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-never-used-outside-bench-databases",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "MEDIA_ROOT": str(media / "media"),
        "PRIVATE_MEDIA_ROOT": str(media / "private"),
        "STATIC_ROOT": str(VAR / "static"),
        "EMAIL_URL": "console://",
        "TASKS_BACKEND": "immediate",
        # The product's own cache layout, on the bench's Redis database or, without Redis, in
        # the bench database and a page-cache folder of its own; never a developer's cache.
        "REDIS_URL": cache if cache.startswith("redis://") else "",
        "PAGE_CACHE_DIR": str(VAR / "page-cache" / database),
    }
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return env


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def create_database(name: str, *, reset: bool = False) -> bool:
    """Create `name` if missing (drop it first with reset); True if it was created."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    return False


def collect_static() -> None:
    """The manifest static files DEBUG off needs (var/bench/static), collected again whenever a
    source file changed (collectstatic takes some 20 s: not on every run)."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    digest = hashlib.sha1()
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    mark = Path(settings.STATIC_ROOT) / ".bench-sources"
    if not mark.exists() or mark.read_text() != digest.hexdigest():
        call_command("collectstatic", interactive=False, verbosity=0)
        mark.write_text(digest.hexdigest())
