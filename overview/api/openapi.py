"""The OpenAPI 3.1 document of /api/v1/, served at /api/v1/openapi.json.

Written by hand next to the views it describes; `tests/overview/test_api_schema.py` runs
schemathesis over it against the views, so a field added to one and not the other fails there.
"""

from django.http import HttpRequest

from kim_portal.links import absolute_url
from overview.api.datasets import DATASETS
from workshops.models import Event

SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,220}$"}
NULLABLE_STRING = {"type": ["string", "null"]}
DATE_TIME = {"type": "string", "format": "date-time"}
URI = {"type": "string", "format": "uri"}


def _object(properties: dict) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


NAMED = _object({"slug": {"type": "string"}, "name": {"type": "string"}})
REGION = {
    "oneOf": [
        {"type": "null"},
        _object({"slug": {"type": "string"}, "name": {"type": "string"}, "kecamatan": NAMED}),
    ]
}
ARTICLE_FIELDS = {
    "slug": {"type": "string"},
    "title": {"type": "string"},
    "summary": {"type": "string"},
    "url": URI,
    "published_at": DATE_TIME,
    "updated_at": DATE_TIME,
    "author_name": {"type": "string", "description": "The author's display name."},
    "kim": {"oneOf": [{"type": "null"}, NAMED], "description": "Empty for the Redaksi's own."},
    "kelurahan": REGION,
    "categories": {"type": "array", "items": NAMED},
    "image": {"type": ["string", "null"], "format": "uri"},
}
SCHEMAS = {
    "Error": _object({"error": {"type": "string"}}),
    "Article": _object(ARTICLE_FIELDS),
    "ArticleDetail": _object({**ARTICLE_FIELDS, "body_html": {"type": "string"}}),
    "Kim": _object(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "url": URI,
            "kelurahan": REGION,
            "description": {"type": "string"},
            "founded_on": {"type": ["string", "null"], "format": "date"},
            "focus_areas": {"type": "array", "items": {"type": "string"}},
            "website_url": {"type": ["string", "null"]},
            "registered_at": DATE_TIME,
        }
    ),
    "Event": _object(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "kind": {"type": "string", "enum": Event.Kind.values},
            "url": URI,
            "status": {"type": "string", "enum": ["published", "cancelled"]},
            "starts_at": DATE_TIME,
            "ends_at": DATE_TIME,
            "venue": NULLABLE_STRING,
            "address": NULLABLE_STRING,
            "online": {"type": "boolean"},
            "online_url": {
                "type": ["string", "null"],
                "description": "Only for events open to everyone.",
            },
            "audience": {"type": "string", "enum": Event.Audience.values},
            "capacity": {"type": ["integer", "null"]},
        }
    ),
    "Kecamatan": _object(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "kelurahan": {"type": "array", "items": NAMED},
        }
    ),
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(name: str) -> dict:
    return _object(
        {
            "results": {"type": "array", "items": _ref(name)},
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The next page, or null on the last one.",
            },
        }
    )


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGE_PARAMETERS = [
    _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        "Items per page.",
    ),
    _query(
        "cursor",
        {"type": "string", "pattern": "^[0-9]{1,16}_[0-9]{1,18}$"},
        "Where the page starts: take it from `next`.",
    ),
]
DATE_PARAMETERS = [
    _query("from", {"type": "string", "format": "date"}, "On or after this day (WIB)."),
    _query("to", {"type": "string", "format": "date"}, "On or before this day (WIB)."),
]
HEADERS = {
    "ETag": {"schema": {"type": "string"}, "required": True},
    "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}, "required": True},
}
ERROR = {"application/json": {"schema": _ref("Error")}}


def _responses(content: dict, *, last_modified: bool, not_found: bool = False) -> dict:
    headers = dict(HEADERS)
    if last_modified:
        headers["Last-Modified"] = {"schema": {"type": "string"}, "required": True}
    responses = {
        "200": {"description": "OK", "headers": headers, "content": content},
        "304": {"description": "Not modified since the client's copy (ETag, Last-Modified)."},
        "400": {"description": "A parameter is not valid.", "content": ERROR},
        "429": {
            "description": "Too many requests from this address.",
            "headers": {"Retry-After": {"schema": {"type": "string"}, "required": True}},
            "content": ERROR,
        },
    }
    if not_found:
        responses["404"] = {"description": "Not found (or not public).", "content": ERROR}
    return responses


def _json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _get(summary: str, operation_id: str, parameters: list, responses: dict) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": parameters,
            "responses": responses,
        }
    }


DATASET_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": list(DATASETS)},
}
YEAR = _query(
    "year",
    {"type": "integer", "minimum": 2000, "maximum": 2100},
    "The year of a yearly dataset (default: this year); ignored by the others.",
)


def _dataset_schema() -> dict:
    value_types = {"string": "string", "integer": "integer", "number": "number"}
    row_variants = []
    for dataset in DATASETS.values():
        row_variants.append(
            _object(
                {
                    column.name: {
                        "type": [value_types[column.type], "null"]
                        if column.nullable
                        else value_types[column.type]
                    }
                    for column in dataset.columns
                }
            )
        )
    return _object(
        {
            "name": {"type": "string"},
            "title": {"type": "string"},
            "year": {"type": ["integer", "null"]},
            "columns": {
                "type": "array",
                "items": _object(
                    {
                        "name": {"type": "string"},
                        "type": {"type": "string", "enum": ["string", "integer", "number"]},
                        "description": {"type": "string"},
                    }
                ),
            },
            "rows": {"type": "array", "items": {"anyOf": row_variants}},
        }
    )


def openapi_document(request: HttpRequest) -> dict:
    server = absolute_url("/api/v1")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Portal KIM Kota Salatiga: open data",
            "version": "1.0.0",
            "description": (
                "Read-only public data of Salatiga's community information groups (KIM): "
                "published news, verified KIM, regions, public events and statistics. "
                "Pages are cursor-based: follow `next`. Responses carry an ETag (and "
                "Last-Modified where the data has a time) for conditional requests. Requests "
                "are limited per client address; past the limit the answer is 429 with "
                "Retry-After. Any origin may read it (CORS)."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/articles/": _get(
                "Published articles, newest first",
                "listArticles",
                [
                    _query("kecamatan", SLUG, "Slug of the kecamatan of the article's place."),
                    _query("kelurahan", SLUG, "Slug of the article's kelurahan."),
                    _query("kim", SLUG, "Slug of the KIM that wrote it."),
                    _query("category", SLUG, "Slug of a category."),
                    *DATE_PARAMETERS,
                    *PAGE_PARAMETERS,
                ],
                _responses(_json_content(_page_of("Article")), last_modified=True),
            ),
            "/articles/{slug}/": _get(
                "One published article, with its text",
                "getArticle",
                [{"name": "slug", "in": "path", "required": True, "schema": SLUG}],
                _responses(
                    _json_content(_ref("ArticleDetail")), last_modified=True, not_found=True
                ),
            ),
            "/kims/": _get(
                "Verified KIM, newest first",
                "listKims",
                [
                    _query("kecamatan", SLUG, "Slug of the kecamatan."),
                    _query("kelurahan", SLUG, "Slug of the kelurahan."),
                    *PAGE_PARAMETERS,
                ],
                _responses(_json_content(_page_of("Kim")), last_modified=True),
            ),
            "/events/": _get(
                "Public events (published or cancelled), latest start first",
                "listEvents",
                [
                    _query("kind", {"type": "string", "enum": Event.Kind.values}, "Kind."),
                    *DATE_PARAMETERS,
                    *PAGE_PARAMETERS,
                ],
                _responses(_json_content(_page_of("Event")), last_modified=True),
            ),
            "/regions/": _get(
                "Kecamatan and their kelurahan",
                "listRegions",
                [],
                _responses(
                    _json_content(
                        _object({"results": {"type": "array", "items": _ref("Kecamatan")}})
                    ),
                    last_modified=False,
                ),
            ),
            "/datasets/": _get(
                "The public statistics datasets",
                "listDatasets",
                [],
                _responses(
                    _json_content(
                        _object(
                            {
                                "results": {
                                    "type": "array",
                                    "items": _object(
                                        {
                                            "name": {"type": "string"},
                                            "title": {"type": "string"},
                                            "description": {"type": "string"},
                                            "by_year": {"type": "boolean"},
                                            "columns": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                            "json": URI,
                                            "csv": URI,
                                        }
                                    ),
                                },
                                "dictionary": URI,
                            }
                        )
                    ),
                    last_modified=False,
                ),
            ),
            "/datasets/{name}.json": _get(
                "A statistics dataset as JSON",
                "getDatasetJson",
                [DATASET_NAME, YEAR],
                _responses(_json_content(_dataset_schema()), last_modified=False, not_found=True),
            ),
            "/datasets/{name}.csv": _get(
                "A statistics dataset as CSV (header row of column names)",
                "getDatasetCsv",
                [DATASET_NAME, YEAR],
                _responses(
                    {"text/csv": {"schema": {"type": "string"}}},
                    last_modified=False,
                    not_found=True,
                ),
            ),
        },
        "components": {"schemas": SCHEMAS},
    }
