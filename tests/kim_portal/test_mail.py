"""Portal e-mail: each recipient's language, plain text as typed, an HTML part, auto-submitted."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kim_portal.mail import send_portal_mail
from kim_portal.models import User
from news import services
from news.models import Article
from tests.conftest import PASSWORD
from tests.news.conftest import article_in

pytestmark = pytest.mark.django_db


def html_part(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def test_every_portal_mail_is_auto_submitted_with_an_html_part(
    kim, anggota, ketua, redaksi, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article_in(Article.State.KIM_REVIEW, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi)
    assert mail.outbox
    for message in mail.outbox:
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert "/berita/naskah/" in html_part(message)


def test_subject_and_text_carry_what_was_typed_and_only_the_html_part_escapes(
    kim, anggota, ketua, django_capture_on_commit_callbacks
):
    article = article_in(Article.State.DRAFT, author=anggota, kim=kim, ketua=ketua, redaksi=None)
    Article.objects.filter(pk=article.pk).update(title='Pelatihan "Foto & Video"')
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        send_portal_mail(
            template="news/email/decision", context={"article": article}, recipients=[ketua.email]
        )
    [message] = mail.outbox
    assert 'Pelatihan "Foto & Video"' in message.subject
    assert 'Pelatihan "Foto & Video"' in message.body
    assert "&amp;" not in message.subject + message.body
    assert "&quot;" not in message.subject + message.body
    assert "Pelatihan &quot;Foto &amp; Video&quot;" in html_part(message)


def test_a_decision_mail_is_in_the_recipients_language_not_the_deciders(
    kim, anggota, ketua, redaksi, django_capture_on_commit_callbacks
):
    article = article_in(
        Article.State.REDAKSI_REVIEW, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )
    User.objects.filter(pk=ketua.pk).update(language="en")
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article, actor=redaksi)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Diterbitkan" in by_address[anggota.email].subject  # the author never chose: Indonesian
    assert "Published" in by_address[ketua.email].subject
    assert redaksi.email not in by_address  # not told about their own action


def test_the_language_switch_and_the_login_remember_the_users_language(client, anggota):
    client.force_login(anggota)
    client.get(reverse("set_language", args=["en"]))
    anggota.refresh_from_db()
    assert anggota.language == "en"
    client.logout()
    client.get(reverse("set_language", args=["id"]))
    client.post(reverse("account_login"), {"login": anggota.email, "password": PASSWORD})
    anggota.refresh_from_db()
    assert anggota.language == "id"
