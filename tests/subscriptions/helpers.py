"""A real SMTP server for the subscription tests (aiosmtpd), and articles to send."""

import email
import re
import socket
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from kim_portal.settings import mailers_from_url
from news.models import Article
from tests.news.conftest import article_in


class Inbox:
    """aiosmtpd handler: keeps every message it receives, parsed."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp(settings) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_URL = f"smtp://127.0.0.1:{controller.port}"
    settings.MAILERS = mailers_from_url(settings.EMAIL_URL)
    return controller, inbox


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def first_link(text: str, fragment: str) -> str:
    match = re.search(r"https?://\S*" + re.escape(fragment) + r"\S*", text)
    assert match, f"no link with {fragment!r} in:\n{text}"
    return match.group(0)


def published(title: str, *, author, kim, ketua, redaksi) -> Article:
    article = article_in(
        Article.State.PUBLISHED, author=author, kim=kim, ketua=ketua, redaksi=redaksi
    )
    Article.objects.filter(pk=article.pk).update(title=title)
    article.refresh_from_db()
    return article
