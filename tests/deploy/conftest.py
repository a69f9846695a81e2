"""A demo portal of the tests' own for tests/deploy: its database (a PostgreSQL cluster of its own
when the suite runs on PostgreSQL, a SQLite file otherwise), collected static files and media."""

import os
import uuid
from pathlib import Path

import pytest

from tests.deploy.servers import PostgresCluster, manage

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
DEMO_PASSWORD = "demo-salatiga"


def portal_env(folder: Path, database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG=0), plain HTTP straight to gunicorn unless nginx is in front."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "EMAIL_URL": "locmem://",
        "TASKS_BACKEND": "immediate",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "DEMO_PASSWORD": DEMO_PASSWORD,
        **extra,
    }


def build_demo_portal(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--force")
    manage(env, "collectstatic", "--noinput", "-v0")


@pytest.fixture(scope="module")
def postgres_cluster():
    if not ON_POSTGRES:
        pytest.skip("a PostgreSQL cluster of its own: the suite runs on SQLite")
    cluster = PostgresCluster().init()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="module")
def demo_portal(request, tmp_path_factory):
    """(folder, env) of a seeded portal: on its own PostgreSQL cluster or in a SQLite file."""
    folder = tmp_path_factory.mktemp("portal")
    if ON_POSTGRES:
        cluster = request.getfixturevalue("postgres_cluster")
        database_url = cluster.create_database("kim")
    else:
        database_url = f"sqlite:///{folder / 'db.sqlite3'}"
    env = portal_env(folder, database_url)
    build_demo_portal(env)
    return folder, env
