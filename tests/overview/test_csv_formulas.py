"""Text a person typed (a KIM name, a full name) never runs as a formula in a CSV export."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.conftest import add_member, make_kim, make_user
from tests.news.conftest import article_in
from tests.workshops.conftest import make_event
from workshops.models import Registration

pytestmark = pytest.mark.django_db

HOSTILE_KIM = '=HYPERLINK("http://jahat.example","Klik")'
HOSTILE_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_kim_name_that_is_a_formula_is_defused_in_the_statistics_export(client_for, redaksi):
    kim = make_kim(HOSTILE_KIM)
    author, ketua = make_user("penulis@uji.kim.id"), make_user("ketua2@uji.kim.id")
    add_member(kim, author)
    add_member(kim, ketua, "ketua")
    article_in(Article.State.PUBLISHED, author=author, kim=kim, ketua=ketua, redaksi=redaksi)
    url = reverse("stats_csv", args=["news-kims"])
    rows = _rows(client_for(redaksi).get(url, {"year": timezone.localdate().year}))
    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE_KIM in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_a_full_name_that_is_a_formula_is_defused_in_the_registrant_export(client_for, redaksi):
    event = make_event()
    Registration.objects.create(
        event=event, user=make_user("x@uji.kim.id", HOSTILE_NAME), status="confirmed"
    )
    rows = _rows(client_for(redaksi).get(reverse("workshops:desk_export", args=[event.slug])))
    assert rows[1][0] == "'" + HOSTILE_NAME
