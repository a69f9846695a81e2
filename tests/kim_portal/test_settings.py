import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kim_portal.settings import env_bool, mailers_from_url

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="portal.example",
        EMAIL_URL="smtp+tls://user:secret@mail.portal.example:587",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_debug_must_be_one_or_zero(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be 1 or 0"):
        env_bool("DEBUG", True)


def test_email_url_becomes_smtp_mailer_with_tls_and_credentials():
    mailer = mailers_from_url("smtp+tls://kim%40salatiga:p%40ss@mail.example:2525")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] | {"timeout": 0} == {
        "host": "mail.example",
        "port": 2525,
        "username": "kim@salatiga",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 0,
    }


def test_email_url_with_unknown_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must start with"):
        mailers_from_url("sendmail://localhost")


def test_private_media_accel_url_must_be_a_folder_path():
    result = run_manage("check", PRIVATE_MEDIA_ACCEL_URL="_private")
    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ACCEL_URL must start and end with /" in result.stderr


def test_the_environment_template_passes_check_deploy():
    """deploy/kim.env.example, as an admin fills it in, gives settings Django finds safe."""
    template = (ROOT / "deploy" / "kim.env.example").read_text().splitlines()
    env = dict(line.split("=", 1) for line in template if line and not line.startswith("#"))
    env["SECRET_KEY"] = "a-long-random-production-secret-key-0123456789-abcdefghijklmnop"
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
