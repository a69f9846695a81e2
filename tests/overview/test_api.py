"""The open-data API shows only what is public, and behaves as an open API should."""

import csv
import io
import json

import pytest
from django.urls import reverse

from news.models import Article
from tests.conftest import make_kim
from tests.overview import states
from workshops.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    kim = make_kim()
    author, ketua, redaksi = states.cast(kim)
    return {
        "articles": states.articles(kim, author, ketua, redaksi),
        "kims": {"verified": kim, **states.kims()},
        "events": states.events(),
    }


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def every_page(client, url) -> list[dict]:
    results = []
    while url:
        data = get(client, url).json()
        results += data["results"]
        url = data["next"]
    return results


def test_only_published_due_articles_of_verified_kims_are_listed(client, world):
    slugs = {item["slug"] for item in every_page(client, "/api/v1/articles/?limit=2")}
    assert slugs == {"a-published"}
    for key, article in world["articles"].items():
        expected = 200 if key == Article.State.PUBLISHED else 404
        response = get(client, f"/api/v1/articles/{article.slug}/")
        assert response.status_code == expected, key


def test_nothing_personal_is_in_an_article(client, world):
    body = get(client, "/api/v1/articles/a-published/").content.decode()
    data = json.loads(body)
    assert data["author_name"] == "Penulis Rahasia"
    assert "@" not in body.replace("@context", "")
    assert set(data) >= {"title", "summary", "body_html", "published_at", "kim", "kelurahan"}
    assert not {"author", "email", "state", "author_id"} & set(data)


def test_only_verified_kims_are_listed_without_contacts(client, world):
    kim = world["kims"]["verified"]
    kim.email, kim.phone = "ketua@kim.id", "0812345678"
    kim.save()
    body = get(client, "/api/v1/kims/").content.decode()
    assert [item["slug"] for item in json.loads(body)["results"]] == [kim.slug]
    assert "ketua@kim.id" not in body and "0812345678" not in body


def test_only_published_and_cancelled_events_are_listed(client, world):
    results = {item["slug"]: item for item in every_page(client, "/api/v1/events/")}
    events = world["events"]
    assert events[Event.Status.DRAFT].slug not in results
    assert results[events[Event.Status.CANCELLED].slug]["status"] == "cancelled"
    assert events["past"].slug in results
    # A members-only event's online link stays with its registrants.
    assert results[events["members"].slug]["online"] is True
    assert results[events["members"].slug]["online_url"] is None


def test_filters_mirror_the_pages(client, world):
    def slugs(query):
        return [
            item["slug"] for item in get(client, f"/api/v1/articles/?{query}").json()["results"]
        ]

    assert slugs("kelurahan=ledok") == ["a-published"]
    assert slugs("kecamatan=argomulyo") == ["a-published"]
    assert slugs("kecamatan=sidorejo") == []
    assert slugs("kim=kim-uji-coba") == ["a-published"]
    assert slugs("category=tidak-ada") == []
    assert slugs("from=2000-01-01&to=2999-12-31") == ["a-published"]
    assert slugs("to=2000-01-01") == []
    assert get(client, "/api/v1/kims/?kecamatan=argomulyo").json()["results"]
    assert get(client, "/api/v1/kims/?kecamatan=tingkir").json()["results"] == []


def test_bad_parameters_get_400_in_json(client, world):
    for query in ["limit=0", "limit=500", "from=kemarin", "cursor=abc", "kim=%20x", "limit="]:
        response = get(client, f"/api/v1/articles/?{query}")
        assert response.status_code == 400, query
        assert "error" in response.json()
    assert get(client, "/api/v1/events/?kind=pesta").status_code == 400


def test_unknown_addresses_answer_404_in_json(client):
    response = get(client, "/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_cursor_pages_cover_everything_once(client, world, django_assert_max_num_queries):
    from tests.news.conftest import bulk_public

    kim = world["kims"]["verified"]
    bulk_public(25, author=kim.memberships.first().user, kim=kim)
    with django_assert_max_num_queries(8):
        first = get(client, "/api/v1/articles/?limit=10").json()
    assert len(first["results"]) == 10 and first["next"]
    slugs = [item["slug"] for item in every_page(client, "/api/v1/articles/?limit=10")]
    assert len(slugs) == len(set(slugs)) == 26


def test_etag_and_last_modified_give_304(client, world):
    response = get(client, "/api/v1/articles/")
    assert response["Last-Modified"] and response["ETag"]
    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    since = client.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    # Withdrawing the article changes both.
    article = world["articles"][Article.State.PUBLISHED]
    from news import services

    services.article_unpublish(article=article, actor=article.events.last().actor, note="Salah.")
    changed = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed.json()["results"] == []


def test_only_get_is_allowed_and_cors_preflight_is_answered(client):
    response = client.post("/api/v1/articles/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    preflight = client.options("/api/v1/articles/", HTTP_ORIGIN="https://data.jatengprov.go.id")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_too_many_requests_get_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/api/v1/regions/").status_code == 200
    response = client.get("/api/v1/regions/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_regions_list_every_kelurahan(client):
    results = get(client, "/api/v1/regions/").json()["results"]
    assert len(results) == 4
    assert sum(len(kecamatan["kelurahan"]) for kecamatan in results) == 23


def test_statistics_datasets_as_csv_and_json(client, world):
    index = get(client, "/api/v1/datasets/").json()
    names = {item["name"] for item in index["results"]}
    assert {"kecamatan", "kelurahan", "news-months", "events"} <= names
    data = get(client, "/api/v1/datasets/kelurahan.json").json()
    assert len(data["rows"]) == 23
    ledok = next(row for row in data["rows"] if row["kelurahan"] == "Ledok")
    assert ledok["verified_kims"] == 1  # pending, rejected and inactive KIM do not count
    response = get(client, "/api/v1/datasets/news-months.csv?year=2026")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "published"] and len(rows) == 13
    assert rows[1][0] == "2026-01"
    assert get(client, "/api/v1/datasets/rahasia.json").status_code == 404


def test_the_data_dictionary_page_describes_every_column(client):
    assert client.post(reverse("open_data")).status_code == 405
    page = client.get(reverse("open_data")).content.decode()
    assert "Data terbuka" in page
    assert "verified_kims" in page and "/api/v1/datasets/kelurahan.csv" in page


def test_the_openapi_document_lists_every_route(client):
    document = get(client, "/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/articles/",
        "/articles/{slug}/",
        "/kims/",
        "/events/",
        "/regions/",
        "/datasets/",
        "/datasets/{name}.json",
        "/datasets/{name}.csv",
    }
