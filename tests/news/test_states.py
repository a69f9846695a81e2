"""The state table of PRODUCT §5, move by move, with every refusal leaving the article as it was."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from groups.models import Kim, Membership
from news import services
from news.models import Article, ReviewEvent, Revision
from news.services import ArticleActionRefused
from tests.conftest import add_member, make_kim, make_user
from tests.news.conftest import article_in, second_pengurus, write

State = Article.State
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refused(call, article, message: str):
    """`call` is refused with `message`, and neither the article nor its history changed."""
    before = Article.objects.get(pk=article.pk)
    events = ReviewEvent.objects.filter(article=article).count()
    with pytest.raises(ArticleActionRefused, match=message):
        call()
    after = Article.objects.get(pk=article.pk)
    assert (after.state, after.published_at) == (before.state, before.published_at)
    assert ReviewEvent.objects.filter(article=article).count() == events


def test_a_new_article_is_a_draft_with_its_creation_recorded(kim, anggota):
    article = write(anggota, kim)
    assert article.state == State.DRAFT
    assert article.kelurahan == kim.kelurahan
    assert list(article.events.values_list("to_state", flat=True)) == [State.DRAFT]


def test_only_active_members_of_a_verified_kim_write_for_it(kim, outsider):
    with pytest.raises(ArticleActionRefused, match="active member"):
        write(outsider, kim)
    pending = make_kim("KIM Belum Sah", status=Kim.Status.PENDING)
    member = make_user("baru@uji.kim.id")
    add_member(pending, member)
    with pytest.raises(ArticleActionRefused, match="verified KIM"):
        write(member, pending)
    assert not Article.objects.exists()


def test_only_redaksi_writes_without_a_kim(anggota, redaksi):
    with pytest.raises(ArticleActionRefused, match="Only the Redaksi"):
        write(anggota, None)
    article = write(redaksi, None)
    services.article_submit(article=article, actor=redaksi)
    assert article.state == State.REDAKSI_REVIEW


def test_submitting_by_an_anggota_goes_to_kim_review_with_a_revision(cast):
    article = write(cast["author"], cast["kim"])
    mail.outbox.clear()
    services.article_submit(article=article, actor=cast["author"])
    assert article.state == State.KIM_REVIEW
    assert article.revisions.count() == 1
    assert article.submitted_at is not None


def test_submission_mails_reach_the_next_reviewers(cast, django_capture_on_commit_callbacks):
    article = write(cast["author"], cast["kim"])
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(article=article, actor=cast["author"])
    assert [m.to for m in mail.outbox] == [[cast["ketua"].email]]
    assert "/berita/naskah/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_approve(article=article, actor=cast["ketua"])
    recipients = sorted(m.to[0] for m in mail.outbox)
    # The decision to the author (the ketua who took it is not told of their own action); the
    # queue notice to the Redaksi.
    assert recipients == sorted([cast["author"].email, cast["redaksi"].email])


def test_submitting_by_a_pengurus_goes_straight_to_redaksi_review(kim, ketua):
    article = write(ketua, kim)
    services.article_submit(article=article, actor=ketua)
    assert article.state == State.REDAKSI_REVIEW


def test_pengurus_approves_to_redaksi_review(cast):
    article = article_in(State.KIM_REVIEW, **cast)
    services.article_approve(article=article, actor=cast["ketua"])
    assert article.state == State.REDAKSI_REVIEW
    event = article.events.last()
    assert (event.actor, event.from_state, event.to_state) == (
        cast["ketua"],
        State.KIM_REVIEW,
        State.REDAKSI_REVIEW,
    )


def test_an_anggota_cannot_approve_at_the_kim_stage(cast):
    article = article_in(State.KIM_REVIEW, **cast)
    other = make_user("lain@uji.kim.id")
    add_member(cast["kim"], other)
    refused(
        lambda: services.article_approve(article=article, actor=other),
        article,
        "Only a pengurus of this KIM",
    )


def test_a_pengurus_of_another_kim_cannot_approve(cast):
    article = article_in(State.KIM_REVIEW, **cast)
    other_kim = make_kim("KIM Tetangga", kelurahan="cebongan")
    chair = make_user("ketua2@uji.kim.id")
    add_member(other_kim, chair, Membership.Role.KETUA)
    refused(
        lambda: services.article_approve(article=article, actor=chair),
        article,
        "Only a pengurus",
    )


def test_nobody_passes_their_own_article_at_the_kim_stage(kim, ketua):
    # A pengurus who writes skips the KIM stage; build the case where one is there anyway.
    article = write(ketua, kim)
    Membership.objects.filter(user=ketua).update(role=Membership.Role.ANGGOTA)
    services.article_submit(article=article, actor=ketua)
    Membership.objects.filter(user=ketua).update(role=Membership.Role.KETUA)
    assert article.state == State.KIM_REVIEW
    refused(
        lambda: services.article_approve(article=article, actor=ketua),
        article,
        "your own article",
    )


def test_nobody_passes_their_own_article_at_the_redaksi_stage(kim, redaksi):
    add_member(kim, redaksi, Membership.Role.KETUA)
    article = write(redaksi, kim)
    services.article_submit(article=article, actor=redaksi)
    assert article.state == State.REDAKSI_REVIEW
    for call in (
        lambda: services.article_publish(article=article, actor=redaksi),
        lambda: services.article_reject(article=article, actor=redaksi, note="x"),
        lambda: services.article_request_changes(article=article, actor=redaksi, note="x"),
    ):
        refused(call, article, "your own article")


def test_request_changes_needs_a_note(cast):
    article = article_in(State.KIM_REVIEW, **cast)
    refused(
        lambda: services.article_request_changes(article=article, actor=cast["ketua"], note=" "),
        article,
        "Please write a note",
    )
    services.article_request_changes(article=article, actor=cast["ketua"], note="Sebutkan tanggal.")
    assert article.state == State.CHANGES_REQUESTED
    assert article.events.last().note == "Sebutkan tanggal."


def test_redaksi_requests_changes_and_the_resubmission_returns_to_the_redaksi(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    services.article_request_changes(
        article=article, actor=cast["redaksi"], note="Judul terlalu panjang."
    )
    services.article_update(article=article, actor=cast["author"], title="Judul pendek")
    services.article_submit(article=article, actor=cast["author"])
    assert article.state == State.REDAKSI_REVIEW
    assert article.revisions.count() == 2


def test_resubmission_after_kim_changes_returns_to_kim_review(cast):
    article = article_in(State.CHANGES_REQUESTED, **cast)
    services.article_update(article=article, actor=cast["author"], body="<p>Teks baru.</p>")
    services.article_submit(article=article, actor=cast["author"])
    assert article.state == State.KIM_REVIEW
    assert [r.body for r in article.revisions.all()][-1] == "<p>Teks baru.</p>"


def test_redaksi_publishes_now(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    services.article_publish(article=article, actor=cast["redaksi"])
    assert article.state == State.PUBLISHED
    assert Article.objects.public().filter(pk=article.pk).exists()


def test_a_scheduled_article_is_public_only_from_its_time(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    services.article_publish(
        article=article, actor=cast["redaksi"], at=timezone.now() + timedelta(hours=2)
    )
    assert article.is_scheduled
    assert not Article.objects.public().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.public().filter(pk=article.pk).exists()


def test_articles_of_a_kim_no_longer_verified_are_not_public(cast):
    article = article_in(State.PUBLISHED, **cast)
    Kim.objects.filter(pk=cast["kim"].pk).update(status=Kim.Status.INACTIVE)
    assert not Article.objects.public().filter(pk=article.pk).exists()


def test_a_pengurus_cannot_publish(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    refused(
        lambda: services.article_publish(article=article, actor=cast["ketua"]),
        article,
        "Only the Redaksi",
    )


def test_reject_needs_a_note_and_is_final(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    refused(
        lambda: services.article_reject(article=article, actor=cast["redaksi"], note=""),
        article,
        "Please write a note",
    )
    services.article_reject(article=article, actor=cast["redaksi"], note="Sudah pernah dimuat.")
    assert article.state == State.REJECTED
    refused(
        lambda: services.article_submit(article=article, actor=cast["author"]),
        article,
        "not possible while",
    )


def test_unpublish_needs_redaksi_and_a_note(cast):
    article = article_in(State.PUBLISHED, **cast)
    refused(
        lambda: services.article_unpublish(article=article, actor=cast["ketua"], note="x"),
        article,
        "Only the Redaksi",
    )
    refused(
        lambda: services.article_unpublish(article=article, actor=cast["redaksi"], note=""),
        article,
        "Please write a note",
    )
    services.article_unpublish(article=article, actor=cast["redaksi"], note="Data keliru.")
    assert article.state == State.WITHDRAWN
    assert not Article.objects.public().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.DRAFT, "approve"),
        (State.DRAFT, "publish"),
        (State.KIM_REVIEW, "publish"),
        (State.KIM_REVIEW, "submit"),
        (State.REDAKSI_REVIEW, "approve"),
        (State.PUBLISHED, "reject"),
        (State.PUBLISHED, "request_changes"),
        (State.REJECTED, "publish"),
        (State.WITHDRAWN, "submit"),
        (State.CHANGES_REQUESTED, "publish"),
    ],
)
def test_actions_in_the_wrong_state_are_refused(cast, state, action):
    article = article_in(state, **cast)
    actor = {
        "approve": cast["ketua"],
        "submit": cast["author"],
    }.get(action, cast["redaksi"])
    call = {
        "approve": lambda: services.article_approve(article=article, actor=actor),
        "submit": lambda: services.article_submit(article=article, actor=actor),
        "publish": lambda: services.article_publish(article=article, actor=actor),
        "reject": lambda: services.article_reject(article=article, actor=actor, note="n"),
        "request_changes": lambda: services.article_request_changes(
            article=article, actor=actor, note="n"
        ),
    }[action]
    refused(call, article, "not possible while")


def test_authors_withdraw_drafts_and_returned_articles_only(cast):
    draft = article_in(State.DRAFT, **cast)
    services.article_withdraw(article=draft, actor=cast["author"])
    assert draft.state == State.WITHDRAWN
    waiting = article_in(State.KIM_REVIEW, **cast)
    refused(
        lambda: services.article_withdraw(article=waiting, actor=cast["author"]),
        waiting,
        "not possible while",
    )


def test_others_cannot_edit_or_submit_an_authors_draft(cast):
    article = article_in(State.DRAFT, **cast)
    with pytest.raises(ArticleActionRefused, match="Only the author"):
        services.article_update(article=article, actor=cast["ketua"], title="Dibajak")
    refused(
        lambda: services.article_submit(article=article, actor=cast["ketua"]),
        article,
        "Only the author",
    )
    assert Article.objects.get(pk=article.pk).title != "Dibajak"


def test_authors_cannot_edit_while_in_review(cast):
    article = article_in(State.KIM_REVIEW, **cast)
    with pytest.raises(ArticleActionRefused, match="can no longer be edited"):
        services.article_update(article=article, actor=cast["author"], title="Diam-diam")


def test_a_redaksi_edit_before_publishing_is_a_revision(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    services.article_update(article=article, actor=cast["redaksi"], title="Judul yang disunting")
    latest = Revision.objects.filter(article=article).last()
    assert (latest.number, latest.title, latest.editor) == (
        2,
        "Judul yang disunting",
        cast["redaksi"],
    )


def test_every_transition_is_recorded_in_order(cast):
    article = article_in(State.PUBLISHED, **cast)
    services.article_unpublish(article=article, actor=cast["redaksi"], note="Salah data.")
    assert list(article.events.values_list("from_state", "to_state")) == [
        ("", State.DRAFT),
        (State.DRAFT, State.KIM_REVIEW),
        (State.KIM_REVIEW, State.REDAKSI_REVIEW),
        (State.REDAKSI_REVIEW, State.PUBLISHED),
        (State.PUBLISHED, State.WITHDRAWN),
    ]


def test_another_pengurus_may_review_when_the_ketua_writes_as_anggota(kim, anggota, ketua):
    sekretaris = second_pengurus(kim)
    article = write(anggota, kim)
    services.article_submit(article=article, actor=anggota)
    services.article_approve(article=article, actor=sekretaris)
    assert article.state == State.REDAKSI_REVIEW


@pytest.mark.parametrize("state", [State.KIM_REVIEW, State.REDAKSI_REVIEW])
def test_the_author_takes_a_submitted_article_back_as_a_draft(cast, state):
    article = article_in(state, **cast)
    services.article_recall(article=article, actor=cast["author"])
    assert article.state == State.DRAFT
    assert article.events.latest("pk").actor == cast["author"]
    services.article_submit(article=article, actor=cast["author"])
    assert article.state == State.KIM_REVIEW


def test_only_the_author_takes_an_article_back(cast):
    article = article_in(State.KIM_REVIEW, **cast)
    refused(
        lambda: services.article_recall(article=article, actor=cast["ketua"]),
        article,
        "Only the author",
    )
    published = article_in(State.PUBLISHED, **cast)
    refused(
        lambda: services.article_recall(article=published, actor=cast["author"]),
        published,
        "not possible while",
    )
