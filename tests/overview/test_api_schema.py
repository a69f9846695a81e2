"""schemathesis over /api/v1/openapi.json against the live server: every operation, all checks.

The database holds articles, KIM and events in every state, so the responses are not just empty
pages. The summary line schemathesis prints is kept in the test output (`-s` shows it)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from news.models import Category
from tests.conftest import make_kim
from tests.overview import states as all_states

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def data(transactional_db, settings):
    settings.API_RATE_LIMIT = 100_000
    kim = make_kim()
    author, ketua, redaksi = all_states.cast(kim)
    category = Category.objects.create(name="Kesehatan", slug="kesehatan")
    for article in all_states.articles(kim, author, ketua, redaksi).values():
        article.categories.add(category)
    all_states.kims()
    all_states.events()


def test_schemathesis_finds_nothing(live_server, data, tmp_path, settings):
    # The document names its server from SITE_URL (never from the request): here, this one.
    settings.SITE_URL = live_server.url
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            os.environ.get("SCHEMATHESIS_EXAMPLES", "40"),
            "--workers",
            "1",
            "--no-color",
        ],
        cwd=tmp_path,  # its report folder
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(result.stdout[-1500:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
