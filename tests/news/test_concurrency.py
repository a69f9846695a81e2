"""Two people change one article (or comment) at the same moment in conflicting ways: exactly
one change happens, the other person is told so on the page as it now is, nobody gets a 500."""

from django.urls import reverse

from news.models import Article, Comment, ReviewEvent
from tests.news.conftest import article_in, second_pengurus
from tests.parallel import Request, concurrent_requests, make_redaksi, post_in_parallel, text

pytestmark = concurrent_requests

State = Article.State
DONE = "Done."


REFUSED = 'class="message message-error"'


def _one_won(responses, *, success: str, refusal: str = REFUSED) -> tuple[int, int]:
    """(winner, loser) indexes; asserts exactly one succeeded and the other was told why."""
    assert [r.status_code for r in responses] == [200, 200]
    won = [index for index, r in enumerate(responses) if success in text(r)]
    lost = [index for index, r in enumerate(responses) if refusal in text(r) and REFUSED in text(r)]
    assert len(won) == 1 and len(lost) == 1 and won != lost, [text(r)[:200] for r in responses]
    return won[0], lost[0]


def test_resubmit_and_withdraw_at_once_only_one_happens(cast):
    article = article_in(State.CHANGES_REQUESTED, **cast)
    author = cast["author"]
    responses = post_in_parallel(
        [
            Request(author, reverse("news:submit", args=[article.pk])),
            Request(author, reverse("news:withdraw", args=[article.pk])),
        ]
    )
    winner, _ = _one_won(responses, success=DONE, refusal="This is not possible while")
    article.refresh_from_db()
    assert article.state == (State.KIM_REVIEW if winner == 0 else State.WITHDRAWN)
    assert (
        ReviewEvent.objects.filter(article=article, from_state=State.CHANGES_REQUESTED).count() == 1
    )


def test_saving_and_sending_from_the_form_while_withdrawing_keeps_the_typed_text(cast):
    article = article_in(State.CHANGES_REQUESTED, **cast)
    author = cast["author"]
    edited = {
        "title": "Judul yang diperbaiki",
        "summary": "Ringkasan baru.",
        "body": "<p>Isi yang diperbaiki penulis.</p>",
        "submit": "1",
    }
    responses = post_in_parallel(
        [
            Request(author, reverse("news:edit", args=[article.pk]), edited),
            Request(author, reverse("news:withdraw", args=[article.pk])),
        ]
    )
    assert [r.status_code for r in responses] == [200, 200]
    article.refresh_from_db()
    if article.state == State.WITHDRAWN:
        # The form lost: it says so and gives back what was typed; nothing of it was saved.
        assert "can no longer be edited" in text(responses[0])
        assert "Judul yang diperbaiki" in text(responses[0])
        assert article.title != "Judul yang diperbaiki"
        assert DONE in text(responses[1])
    else:
        assert article.state == State.KIM_REVIEW and article.title == "Judul yang diperbaiki"
        assert "Your article has been sent for review." in text(responses[0])
        assert "This is not possible while" in text(responses[1])


def test_publish_and_reject_at_once_only_one_happens(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    other = make_redaksi("redaksi2@uji.kim.id")
    responses = post_in_parallel(
        [
            Request(cast["redaksi"], reverse("news:publish", args=[article.pk])),
            Request(other, reverse("news:reject", args=[article.pk]), {"note": "Bukan berita."}),
        ]
    )
    winner, loser = _one_won(responses, success=DONE, refusal="This is not possible while")
    article.refresh_from_db()
    assert article.state == (State.PUBLISHED if winner == 0 else State.REJECTED)
    if loser == 1:
        assert "Bukan berita." in text(responses[1])  # the note as typed


def test_approve_and_request_changes_by_two_pengurus_at_once(cast):
    article = article_in(State.KIM_REVIEW, **cast)
    sekretaris = second_pengurus(cast["kim"])
    responses = post_in_parallel(
        [
            Request(cast["ketua"], reverse("news:approve", args=[article.pk])),
            Request(
                sekretaris,
                reverse("news:request_changes", args=[article.pk]),
                {"note": "Tambah sumber."},
            ),
        ]
    )
    # The loser is told the article moved on ("not possible while…") or that it is now the
    # Redaksi's to decide.
    winner, _ = _one_won(responses, success=DONE)
    article.refresh_from_db()
    assert article.state == (State.REDAKSI_REVIEW if winner == 0 else State.CHANGES_REQUESTED)


def test_approve_and_spam_of_one_comment_at_once(cast):
    article = article_in(State.PUBLISHED, **cast)
    comment = Comment.objects.create(
        article=article, name="Pak Joko", email="joko@contoh.id", text="Mantap."
    )
    other = make_redaksi("redaksi2@uji.kim.id")
    responses = post_in_parallel(
        [
            Request(cast["redaksi"], reverse("news:comment_approve", args=[comment.pk])),
            Request(other, reverse("news:comment_spam", args=[comment.pk])),
        ]
    )
    winner, _ = _one_won(responses, success=DONE, refusal="already")
    comment.refresh_from_db()
    assert comment.state == (Comment.State.APPROVED if winner == 0 else Comment.State.SPAM)
