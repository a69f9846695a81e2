"""Every route of the news app for every role: anonymous, outsider, member without the right,
the one with it. A route added to news/urls.py without a row here fails the first test."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import news.urls
from news.models import Article, Category, Comment
from tests.conftest import LOGIN, PUBLIC, REDAKSI_ONLY, Route, check_route, image_bytes, route_names
from tests.news.conftest import article_in

State = Article.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, fellow, outsider) -> dict:
    published = article_in(State.PUBLISHED, **cast)
    published.categories.add(Category.objects.create(name="Kesehatan", slug="kesehatan"))
    return {
        **cast,
        "anggota": cast["author"],
        "fellow": fellow,
        "outsider": outsider,
        "published": published,
    }


def article(world: dict, state: str, **fields) -> Article:
    """An article of the world's anggota in `state`, kept as world["article"] for `done`."""
    made = article_in(state, **{k: world[k] for k in ("author", "kim", "ketua", "redaksi")})
    if fields:
        Article.objects.filter(pk=made.pk).update(**fields)
    world["article"] = made
    return made


def now_in(world: dict, state: str) -> bool:
    return Article.objects.get(pk=world["article"].pk).state == state


def pending_comment(world: dict) -> Comment:
    world["comment"] = Comment.objects.create(
        article=world["published"], name="Pak Joko", email="joko@contoh.id", text="Mantap."
    )
    return world["comment"]


def comment_now(world: dict) -> str:
    return Comment.objects.get(pk=world["comment"].pk).state


def decision(action: str, state: str, to: str, who: str, **data) -> Route:
    """A review button: POST-only, 404 for outsiders, 403 for a member without the right."""
    return Route(
        expect={"anonymous": LOGIN, "outsider": 404, "fellow": 403, who: 302},
        args=lambda world: [article(world, state).pk],
        post=True,
        data=lambda world: data,
        done=lambda world: now_in(world, to),
    )


def moderation(to: str) -> Route:
    return Route(
        expect={"anonymous": LOGIN, "outsider": 403, "ketua": 403, "redaksi": 302},
        args=lambda world: [pending_comment(world).pk],
        post=True,
        done=lambda world: comment_now(world) == to,
    )


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


ROUTES = {
    "news:list": Route(PUBLIC),
    "news:feed": Route(PUBLIC),
    "news:category": Route(PUBLIC, args=lambda world: ["kesehatan"]),
    "news:category_feed": Route(PUBLIC, args=lambda world: ["kesehatan"]),
    "news:kim_feed": Route(PUBLIC, args=lambda world: [world["kim"].slug]),
    "news:detail": Route(PUBLIC, args=lambda world: [world["published"].slug]),
    "news:write": Route({"anonymous": LOGIN, "outsider": 403, "anggota": 200, "redaksi": 200}),
    # Drafts saved while the author types (news/views/writing.py).
    "news:autosave_new": Route(
        {"anonymous": LOGIN, "outsider": 403, "anggota": 201},
        post=True,
        data=lambda world: {"kim": world["kim"].pk, "title": "Draf otomatis"},
        done=lambda world: Article.objects.filter(title="Draf otomatis").exists(),
    ),
    "news:autosave": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 403, "ketua": 403, "anggota": 200},
        args=lambda world: [article(world, State.DRAFT).pk],
        post=True,
        data=lambda world: {"title": "Judul baru", "version": 1},
        done=lambda world: Article.objects.get(pk=world["article"].pk).title == "Judul baru",
    ),
    "news:mine": Route({"anonymous": LOGIN, "outsider": 200, "anggota": 200}),
    "news:kim_queue": Route({"anonymous": LOGIN, "outsider": 403, "fellow": 403, "ketua": 200}),
    "news:image_upload": Route(
        {"anonymous": LOGIN, "outsider": 403, "anggota": 200},
        post=True,
        data=lambda world: {
            "image": SimpleUploadedFile("foto.jpg", image_bytes("JPEG"), "image/jpeg")
        },
    ),
    "news:review": Route(
        {
            "anonymous": LOGIN,
            "outsider": 404,
            "fellow": 403,
            "anggota": 200,
            "ketua": 200,
            "redaksi": 200,
        },
        args=lambda world: [article(world, State.KIM_REVIEW).pk],
    ),
    "news:edit": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 403, "ketua": 403, "anggota": 200},
        args=lambda world: [article(world, State.DRAFT).pk],
    ),
    "news:submit": decision("submit", State.DRAFT, State.KIM_REVIEW, "anggota"),
    "news:withdraw": decision("withdraw", State.DRAFT, State.WITHDRAWN, "anggota"),
    "news:recall": decision("recall", State.KIM_REVIEW, State.DRAFT, "anggota"),
    "news:approve": decision("approve", State.KIM_REVIEW, State.REDAKSI_REVIEW, "ketua"),
    "news:request_changes": decision(
        "request-changes", State.KIM_REVIEW, State.CHANGES_REQUESTED, "ketua", note="Foto."
    ),
    "news:publish": decision("publish", State.REDAKSI_REVIEW, State.PUBLISHED, "redaksi"),
    "news:reject": decision(
        "reject", State.REDAKSI_REVIEW, State.REJECTED, "redaksi", note="Bukan berita."
    ),
    "news:unpublish": decision(
        "unpublish", State.PUBLISHED, State.WITHDRAWN, "redaksi", note="Salah data."
    ),
    "news:schedule": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 403, "redaksi": 302},
        args=lambda world: [article(world, State.REDAKSI_REVIEW).pk],
        post=True,
        data=lambda world: {"publish_date": tomorrow(), "publish_time": "09:00"},
        done=lambda world: (
            Article.objects.get(pk=world["article"].pk).published_at > timezone.now()
        ),
    ),
    "news:feature": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 403, "redaksi": 302},
        args=lambda world: [article(world, State.PUBLISHED).pk],
        post=True,
        done=lambda world: Article.objects.get(pk=world["article"].pk).featured_at is not None,
    ),
    "news:unfeature": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 403, "redaksi": 302},
        args=lambda world: [article(world, State.PUBLISHED, featured_at=timezone.now()).pk],
        post=True,
        done=lambda world: Article.objects.get(pk=world["article"].pk).featured_at is None,
    ),
    "news:redaksi_queue": Route(REDAKSI_ONLY),
    "news:comment_queue": Route(REDAKSI_ONLY),
    "news:comment_approve": moderation(Comment.State.APPROVED),
    "news:comment_reject": moderation(Comment.State.REJECTED),
    "news:comment_spam": moderation(Comment.State.SPAM),
    "news:comment_bulk": Route(
        expect={"anonymous": LOGIN, "outsider": 403, "ketua": 403, "redaksi": 302},
        post=True,
        data=lambda world: {"action": "approve", "comment": [pending_comment(world).pk]},
        done=lambda world: comment_now(world) == Comment.State.APPROVED,
    ),
    # Anyone may comment on a public article; a signed-in reader's name comes from the account.
    "news:comment": Route(
        {"anonymous": 302, "outsider": 302},
        args=lambda world: [world["published"].slug],
        post=True,
        data=lambda world: {"name": "Bu Sri", "email": "sri@contoh.id", "text": "Terima kasih."},
        done=lambda world: world["published"].comments.count() == 2,
    ),
}


def test_every_news_route_has_a_row():
    assert route_names(news.urls, "news") == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    check_route(client, world, name, ROUTES[name])


def test_a_hidden_article_is_not_found_by_its_public_address(client, world):
    draft = article(world, State.DRAFT)
    assert client.get(f"/berita/{draft.slug}/").status_code == 404
