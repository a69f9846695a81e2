"""The database or the cache goes away under load, for real: gunicorn (4 sync workers, and
threaded workers) in front of a PostgreSQL cluster and a redis-server of the test's own, each
stopped and started again by its PID.

Database down: every page answers the short Indonesian 503 page with Retry-After (anonymous pages
still in the page cache keep answering 200), a POST keeps what was typed, nothing is logged as a
500 and the workers recover by themselves. Cache down: the portal keeps serving, uncached; login,
commenting and registering work (rate limits fail open) and /healthz says the cache is down.
"""

import re
import threading
import time
from collections import Counter
from html import unescape

import pytest

from kim_portal.cache import RETRY_SECONDS
from tests.deploy.conftest import DEMO_PASSWORD
from tests.deploy.servers import Browser, manage, start_gunicorn, start_redis, wait_for

ANONYMOUS_PAGES = ["/", "/berita/", "/agenda/", "/kim/", "/healthz"]
WORKER_KINDS = {"sync": (4, 1), "gthread": (2, 4)}


class Load:
    """Threads requesting pages in a loop; every answer is kept with when it was asked and
    answered."""

    def __init__(self, base: str, paths: list[str], *, browser: Browser | None = None) -> None:
        self.base, self.paths, self.browser = base, paths, browser
        self.answers: list[tuple[float, float, int]] = []
        self.running = True
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(4)]

    def run(self, offset: int) -> None:
        client = self.browser if offset == 0 and self.browser else Browser(self.base)
        paths = ["/akun/profil/"] if client is self.browser else self.paths
        i = offset
        while self.running:
            path = paths[i % len(paths)]
            started = time.monotonic()
            try:
                status = client.get(path, timeout=20)[0]
            except OSError:
                status = 0  # no HTTP answer at all
            self.answers.append((started, time.monotonic(), status))
            i += 1

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        for thread in self.threads:
            thread.join()

    def answered_before(self, moment: float) -> Counter:
        return Counter(status for _asked, answered, status in self.answers if answered < moment)

    def asked_after(self, moment: float) -> Counter:
        return Counter(status for asked, _answered, status in self.answers if asked >= moment)

    def between(self, start: float, end: float) -> Counter:
        """Answered after `start` and asked before `end`: everything the outage touched."""
        return Counter(
            status for asked, answered, status in self.answers if answered >= start and asked < end
        )


def hidden_fields(html: str) -> dict[str, str]:
    return {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', html)
    }


@pytest.fixture(params=WORKER_KINDS, scope="module")
def node(request, demo_portal, tmp_path_factory):
    """A gunicorn node of the demo portal with a Redis cache: (base URL, server, env, redis)."""
    folder, env = demo_portal
    redis, redis_port = start_redis(tmp_path_factory.mktemp("redis"))
    env = {**env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    workers, threads = WORKER_KINDS[request.param]
    server, port = start_gunicorn(env, folder, workers=workers, threads=threads)
    yield f"http://127.0.0.1:{port}", server, env, redis
    server.stop()
    redis.stop()


def test_database_restart_answers_503_then_recovers_by_itself(postgres_cluster, node):
    base, server, _env, _redis = node
    member = Browser(base)
    assert member.log_in("ketua@demo.kim.id", DEMO_PASSWORD) == 302
    visitor = Browser(base)
    token = visitor.csrf_token("/accounts/login/")

    with Load(base, ANONYMOUS_PAGES, browser=member) as load:
        time.sleep(2)
        stopped = time.monotonic()
        postgres_cluster.stop()
        time.sleep(1)
        status, headers, body = visitor.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": "warga@demo.kim.id", "password": "secret-x1"},
        )
        health = visitor.get("/healthz")
        time.sleep(3)
        postgres_cluster.start()
        back = time.monotonic()
        time.sleep(4)

    html = body.decode()
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Belum ada yang tersimpan" in html
    fields = hidden_fields(html)
    assert fields["login"] == "warga@demo.kim.id"
    assert "password" not in fields and "secret-x1" not in html
    assert health[0] == 503 and b"database: down" in health[2]

    before, during, after = (
        load.answered_before(stopped),
        load.between(stopped, back),
        load.asked_after(back),
    )
    print(
        f"\n[{server.name}] database restart: before {dict(before)}, during {dict(during)}, "
        f"after {dict(after)}"
    )
    assert set(before) == {200}
    assert during[503] > 0 and set(during) <= {200, 503}
    assert set(after) == {200}, after
    log = server.output()
    assert "Traceback" not in log and "Internal Server Error" not in log

    # The kept form sent again (with the password typed again) once the database is back.
    resent = visitor.request("/accounts/login/", {**fields, "password": DEMO_PASSWORD})
    assert resent[0] == 302


def test_cache_outage_keeps_the_portal_serving(node):
    base, server, env, redis = node
    visitor = Browser(base)
    visitor.get("/berita/")
    assert visitor.get("/berita/")[1].get("X-Page-Cache") == "hit"
    # A member not yet registered for an event without a seat limit.
    event_slug, kim_pk, email, article = manage(
        env,
        "shell",
        "-c",
        "from groups.models import Kim, Membership; from workshops.models import Event;"
        "e = Event.objects.upcoming().filter(capacity__isnull=True).first();"
        "m = Membership.objects.active().filter(kim__in=Kim.objects.verified())"
        ".exclude(user__in=e.registrations.values('user')).select_related('user').first();"
        "from news.models import Article; a = Article.objects.public().first();"
        "print(e.slug, m.kim_id, m.user.email, a.get_absolute_url())",
    ).split()[-4:]

    redis.stop()
    with Load(base, ANONYMOUS_PAGES) as load:
        time.sleep(1)
        page = visitor.get("/berita/")
        health = visitor.get("/healthz")
        resident = Browser(base)
        logged_in = resident.log_in(email, DEMO_PASSWORD)
        registered = resident.post(
            f"/agenda/{event_slug}/daftar/", {"kim": kim_pk}, form_path=f"/agenda/{event_slug}/"
        )
        # Anonymous comments carry no CSRF token (cached pages; they wait for moderation).
        commented = visitor.request(
            f"{article}komentar/",
            {"name": "Warga", "email": "warga2@example.com", "text": "Terima kasih infonya."},
        )
        time.sleep(1)
        redis.start()
        wait_for(lambda: b"cache: ok" in visitor.get("/healthz")[2], "the cache back")
        time.sleep(RETRY_SECONDS + 1)  # each worker asks Redis again after its retry pause

    assert page[0] == 200 and page[1].get("X-Page-Cache") != "hit"
    assert health[0] == 200 and b"database: ok\ncache: down" in health[2]
    assert logged_in == 302
    assert registered[0] == 302
    assert commented[0] == 302
    registrations = manage(
        env,
        "shell",
        "-c",
        "from workshops.models import Registration;"
        f"print(Registration.objects.filter(event__slug='{event_slug}',"
        f" user__email='{email}').count())",
    )
    assert registrations.split()[-1] == "1"
    statuses = load.asked_after(0)
    print(f"\n[{server.name}] Redis outage: {dict(statuses)}")
    assert set(statuses) == {200}

    newcomer = Browser(base)  # (the visitor has a message waiting: its pages are not cached)
    newcomer.get("/berita/")
    assert newcomer.get("/berita/")[1].get("X-Page-Cache") == "hit"  # cached again
    log = server.output()
    assert "Traceback" not in log and "Internal Server Error" not in log
    assert 1 <= log.count("Cache unreachable") <= 4  # once per worker process, not per request
