"""The real deployment on loopback (`make deploy-test`): Debian's nginx with deploy/nginx-kim.conf
and a self-signed certificate, in front of two gunicorn nodes, one PostgreSQL database (on the
machine's server: DATABASE_URL, or postgres@127.0.0.1:5432) and a redis-server of its own.

Skipped unless KIM_DEPLOY_TEST=1 (the Makefile target sets it): it takes a minute or two.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from tests.deploy.conftest import DEMO_PASSWORD, build_demo_portal, portal_env
from tests.deploy.servers import (
    ROOT,
    Browser,
    Server,
    free_port,
    manage,
    port_open,
    start_gunicorn,
    start_redis,
    wait_for,
)

pytestmark = pytest.mark.skipif(
    os.environ.get("KIM_DEPLOY_TEST") != "1", reason="run by `make deploy-test`"
)
SITE = ROOT / "deploy" / "nginx-kim.conf"


@pytest.fixture(scope="module")
def database_url():
    url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    assert url.startswith("postgres"), "the deployment test runs on PostgreSQL"
    config = dj_database_url.parse(url)
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    name = f"kim_deploy_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def site_for_loopback(folder: Path, *, http: int, https: int, nodes: list[int], cert, key) -> str:
    """deploy/nginx-kim.conf as it is, with loopback ports and the test's folders."""
    site = SITE.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "server_name kim.salatigakota.go.id;": "server_name localhost;",
        "/etc/letsencrypt/live/kim.salatigakota.go.id/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/kim.salatigakota.go.id/privkey.pem": str(key),
        "/var/www/letsencrypt": str(folder / "acme"),
        "/srv/kim/static/": f"{folder}/static/",
        "/srv/kim/media/": f"{folder}/media/",
        "/srv/kim/private/": f"{folder}/private/",
        "server 127.0.0.1:8001 ": f"server 127.0.0.1:{nodes[0]} ",
        "server 127.0.0.1:8002 ": f"server 127.0.0.1:{nodes[1]} ",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx-kim.conf no longer has {old!r}"
        site = site.replace(old, new)
    return site


def start_nginx(folder: Path, site: str) -> Server:
    prefix = folder / "nginx"
    (prefix / "logs").mkdir(parents=True)
    main = prefix / "nginx.conf"
    # What Debian's /etc/nginx/nginx.conf provides around a site, in a folder of our own.
    main.write_text(
        f"""
daemon off;
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{site}
}}
"""
    )
    check = subprocess.run(
        ["nginx", "-t", "-p", str(prefix), "-c", str(main)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    return Server("nginx", ["nginx", "-p", str(prefix), "-c", str(main)], prefix / "nginx.out")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, database_url):
    folder = tmp_path_factory.mktemp("deployment")
    http_port, https_port = free_port(), free_port()
    redis, redis_port = start_redis(folder / "redis")
    env = portal_env(
        folder,
        database_url,
        ALLOWED_HOSTS="localhost",
        CSRF_TRUSTED_ORIGINS=f"https://localhost:{https_port}",
        SITE_URL=f"https://localhost:{https_port}",
        SECURE_SSL_REDIRECT="1",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        PRIVATE_MEDIA_ACCEL_URL="/_private/",
        TRUSTED_PROXY_COUNT="1",
    )
    servers = [redis]
    try:
        build_demo_portal(env)
        nodes = [start_gunicorn(env, folder, workers=2, threads=1) for _ in range(2)]
        servers += [server for server, _port in nodes]
        cert, key = self_signed_certificate(folder)
        site = site_for_loopback(
            folder,
            http=http_port,
            https=https_port,
            nodes=[p for _s, p in nodes],
            cert=cert,
            key=key,
        )
        nginx = start_nginx(folder, site).start()
        servers.append(nginx)
        wait_for(lambda: port_open(https_port), "nginx")
        yield {
            "base": f"https://localhost:{https_port}",
            "http": f"http://localhost:{http_port}",
            "port": https_port,
            "cert": cert,
            "env": env,
            "folder": folder,
            "nodes": [server for server, _port in nodes],
            "node_ports": [port for _server, port in nodes],
        }
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(folder / "nginx" / "body", ignore_errors=True)


def browser(deployment) -> Browser:
    return Browser(deployment["base"], cafile=deployment["cert"])


def test_plain_http_redirects_to_https(deployment):
    status, headers, _body = Browser(deployment["http"]).get("/berita/?page=2")
    assert status == 301
    assert headers["Location"] == "https://localhost/berita/?page=2"


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated")
def test_tls_offers_http2_and_modern_versions_only(deployment):
    context = ssl.create_default_context(cafile=str(deployment["cert"]))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", deployment["port"])) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.selected_alpn_protocol() == "h2"
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
    old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
    with (
        pytest.raises(ssl.SSLError),
        socket.create_connection(("127.0.0.1", deployment["port"])) as raw,
    ):
        old.wrap_socket(raw, server_hostname="localhost")


def test_pages_are_compressed_and_secured_by_the_proxy(deployment):
    status, headers, _body = browser(deployment).get("/", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "Content-Security-Policy" in headers


def test_static_files_are_immutable_and_precompressed(deployment):
    html = browser(deployment).get("/")[2].decode()
    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', html).group(1)

    status, headers, body = browser(deployment).get(stylesheet, headers={"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    gz = Path(deployment["env"]["STATIC_ROOT"]) / (stylesheet.removeprefix("/static/") + ".gz")
    assert body == gz.read_bytes()  # the file whitenoise compressed, sent as it is
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_login_and_a_full_article_journey(deployment):
    env = deployment["env"]
    kim_pk = manage(
        env,
        "shell",
        "-c",
        "from groups.models import Membership;"
        "print(Membership.objects.active().get(user__email='anggota@demo.kim.id').kim_id)",
    ).split()[-1]
    title = f"Kerja bakti warga {uuid.uuid4().hex[:6]}"
    author, ketua, redaksi = browser(deployment), browser(deployment), browser(deployment)
    assert author.log_in("anggota@demo.kim.id", DEMO_PASSWORD) == 302
    assert author.get("/akun/profil/")[0] == 200

    status, headers, _body = author.post(
        "/berita/tulis/",
        {
            "kim": kim_pk,
            "title": title,
            "summary": "Warga membersihkan saluran air bersama.",
            "body": "<p>Warga RT 03 membersihkan saluran air pada Minggu pagi.</p>",
            "submit": "1",
        },
    )
    assert status == 302, _body[:2000]
    pk = manage(
        env,
        "shell",
        "-c",
        f"from news.models import Article; print(Article.objects.get(title='{title}').pk)",
    ).split()[-1]
    assert ketua.log_in("ketua@demo.kim.id", DEMO_PASSWORD) == 302
    assert (
        ketua.post(f"/berita/naskah/{pk}/approve/", {}, form_path=f"/berita/naskah/{pk}/")[0] == 302
    )
    assert redaksi.log_in("redaksi@demo.kim.id", DEMO_PASSWORD) == 302
    assert (
        redaksi.post(f"/berita/naskah/{pk}/publish/", {}, form_path=f"/berita/naskah/{pk}/")[0]
        == 302
    )

    status, _headers, listing = browser(deployment).get("/berita/")
    assert status == 200 and title.encode() in listing
    slug = re.search(rb'href="(/berita/[^"/]+/)"[^>]*>\s*' + re.escape(title.encode()), listing)
    assert slug, "the new article is linked from the news list"
    assert browser(deployment).get(slug.group(1).decode())[0] == 200


def test_private_files_are_handed_to_nginx_only_after_the_check(deployment):
    env = deployment["env"]
    slug, name = manage(
        env,
        "shell",
        "-c",
        "from groups.models import Kim; kim = Kim.objects.exclude(decree_file='').first();"
        "print(kim.slug, kim.decree_file.name)",
    ).split()[-2:]
    on_disk = (Path(env["PRIVATE_MEDIA_ROOT"]) / name).read_bytes()
    url = f"/kim/{slug}/dokumen/sk/"
    redaksi, anggota = browser(deployment), browser(deployment)
    assert redaksi.log_in("redaksi@demo.kim.id", DEMO_PASSWORD) == 302
    assert anggota.log_in("anggota@demo.kim.id", DEMO_PASSWORD) == 302

    status, headers, body = redaksi.get(url)
    assert status == 200
    assert body == on_disk
    assert "X-Accel-Redirect" not in headers
    assert headers["Content-Type"] == "application/pdf"
    # Every uploaded document is a download, never opened in the portal's origin.
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, no-store"

    # The node itself answers only the hand-off; nginx sent the bytes.
    session = next(cookie.value for cookie in redaksi.cookies if cookie.name == "sessionid")
    node = http.client.HTTPConnection("127.0.0.1", deployment["node_ports"][0], timeout=30)
    node.request(
        "GET",
        url,
        headers={
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={session}",
        },
    )
    handoff = node.getresponse()
    assert handoff.status == 200
    assert handoff.getheader("X-Accel-Redirect") == f"/_private/{name}"
    assert handoff.read() == b""
    node.close()

    assert anggota.get(url)[0] in (403, 404)  # not a pengurus of that KIM
    assert browser(deployment).get(url)[0] == 302  # anonymous: to the login page
    assert browser(deployment).get(f"/_private/{name}")[0] == 404  # internal only


def test_graceful_reload_of_one_node_under_load_fails_no_request(deployment):
    answers: list[tuple[float, float, int | str]] = []
    running = True

    def visit() -> None:
        client = browser(deployment)
        paths = ["/", "/berita/", "/agenda/", "/kim/"]
        i = 0
        while running:
            asked = time.monotonic()
            try:
                status = client.get(paths[i % len(paths)], timeout=30)[0]
            except OSError as error:
                status = f"error: {error}"
            answers.append((asked, time.monotonic(), status))
            i += 1

    threads = [threading.Thread(target=visit) for _ in range(4)]
    for thread in threads:
        thread.start()
    node = deployment["nodes"][0]
    booted = node.output().count("Booting worker")
    time.sleep(2)
    reload_started = time.monotonic()
    node.send_signal(signal.SIGHUP)
    wait_for(lambda: node.output().count("Booting worker") >= booted + 2, "new workers")
    reload_done = time.monotonic()
    time.sleep(3)
    running = False
    for thread in threads:
        thread.join()

    statuses = Counter(status for _asked, _answered, status in answers)
    across = sum(
        1 for asked, answered, _s in answers if answered >= reload_started and asked <= reload_done
    )
    print(
        f"\ngraceful reload (HUP) of one node under load: {dict(statuses)}, "
        f"{across} of them while the node's workers were being replaced"
    )
    assert set(statuses) == {200}
    assert across > 0
