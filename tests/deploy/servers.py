"""Real servers for the deployment and fault tests: a PostgreSQL cluster, redis-server, gunicorn
and nginx of the test's own, on random loopback ports, each started and stopped by its PID."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up in {timeout} s")


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


class Server:
    """One process, started by us, stopped by its PID (SIGTERM, then SIGKILL)."""

    def __init__(self, name: str, command: list[str], log: Path, **popen) -> None:
        self.name, self.command, self.log, self.popen = name, command, log, popen
        self.process: subprocess.Popen | None = None

    def start(self) -> "Server":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, **self.popen
            )
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def send_signal(self, number: int) -> None:
        os.kill(self.pid, number)

    def stop(self, number: int = signal.SIGTERM, timeout: float = 30) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.pid, number)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.process.wait(10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_redis(folder: Path) -> tuple[Server, int]:
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    redis = Server(
        "redis",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        folder / "redis.log",
    ).start()
    wait_for(lambda: port_open(port), "redis-server")
    return redis, port


class PostgresCluster:
    """initdb in a temporary folder; `postgres` started and stopped by its PID."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path: that is private to root, and postgres runs as postgres.
        self.folder = Path(tempfile.mkdtemp(prefix="kim-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        # initdb and postgres refuse to run as root: run them as the postgres account then.
        self.account = {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}
        self.server: Server | None = None

    def init(self) -> "PostgresCluster":
        if self.account:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            [PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            + ["--locale=C.UTF-8"],
            check=True,
            capture_output=True,
            **self.account,
        )
        return self

    def start(self) -> None:
        self.server = Server(
            "postgres",
            [PG_BIN / "postgres", "-D", self.data, "-p", str(self.port), "-k", self.folder]
            + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=60"],
            self.folder / "postgres.log",
            **self.account,
        )
        self.server.start()
        wait_for(self.ready, "PostgreSQL")

    def ready(self) -> bool:
        result = subprocess.run(
            [PG_BIN / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
        )
        return result.returncode == 0

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop(signal.SIGINT)  # fast shutdown: what a restart by the admin does

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        subprocess.run(
            [PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
            check=True,
            capture_output=True,
        )
        return self.url(name)


def manage(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stdout


def start_gunicorn(env: dict[str, str], folder: Path, *, workers: int, threads: int) -> tuple:
    port = free_port()
    node = Server(
        f"gunicorn:{port}",
        [sys.executable, "-m", "gunicorn", "kim_portal.wsgi"]
        + ["--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        folder / f"gunicorn-{port}.log",
        cwd=ROOT,
        env={**env, "GUNICORN_WORKERS": str(workers), "GUNICORN_THREADS": str(threads)},
    ).start()
    wait_for(lambda: port_open(port), "gunicorn")
    return node, port


class _LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Browser:
    """A visitor: cookies kept, redirects not followed, any status returned (never raised)."""

    def __init__(self, base: str, *, cafile: Path | None = None) -> None:
        self.base = base
        # Secure cookies (DEBUG=0) are sent over plain HTTP too, to a node without nginx.
        self.cookies = http.cookiejar.CookieJar(policy=_LoopbackCookiePolicy())
        context = ssl.create_default_context(cafile=str(cafile)) if cafile else None

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        handlers = [urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()]
        if context:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)

    def request(
        self, path: str, data: dict | None = None, headers: dict | None = None, timeout: float = 30
    ) -> tuple[int, dict[str, str], bytes]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, **kwargs):
        return self.request(path, **kwargs)

    def csrf_token(self, path: str) -> str:
        status, _headers, body = self.get(path)
        assert status == 200, (path, status)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert match, f"no CSRF token on {path}"
        return match.group(1).decode()

    def post(self, path: str, data: dict, *, form_path: str | None = None):
        token = self.csrf_token(form_path or path)
        return self.request(path, {"csrfmiddlewaretoken": token, **data})

    def log_in(self, email: str, password: str) -> int:
        status, _headers, _body = self.post(
            "/accounts/login/", {"login": email, "password": password}
        )
        return status
