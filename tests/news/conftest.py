import pytest

from tests.news.base_data import ensure_base_data


@pytest.fixture(autouse=True)
def _base_data(request):
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("db")
        ensure_base_data()
