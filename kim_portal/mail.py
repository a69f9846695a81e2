"""Portal e-mail: rendered in each recipient's language, sent by a django.tasks task after commit.

Every message has a plain-text part and an HTML part made from it (the only place anything is
HTML-escaped: subjects and text parts carry what people typed, "&" as "&"), and says it was sent
by a machine (`Auto-Submitted: auto-generated`, RFC 3834), so auto-responders stay quiet.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

HEADERS = {"Auto-Submitted": "auto-generated"}


def build_message(
    *, subject: str, body: str, recipient: str, language: str = settings.LANGUAGE_CODE
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], headers=HEADERS
    )
    html = render_to_string(
        "email/message.html",
        {"subject": subject, "body": body, "language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


@task
def send_mail_task(*, subject: str, body: str, recipient: str, language: str) -> int:
    return build_message(subject=subject, body=body, recipient=recipient, language=language).send()


def enqueue_mail(*, subject: str, body: str, recipients: list[str]) -> None:
    """Queue one message per recipient (no address is shown to another) once the transaction
    commits. Subject and body are already rendered, in the language active now."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for recipient in sorted(set(recipients)):
        transaction.on_commit(
            lambda r=recipient: send_mail_task.enqueue(
                subject=subject, body=body, recipient=r, language=language
            )
        )


def render_text(template: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping."""
    return get_template(template).template.render(Context(context, autoescape=False))


def render_subject_and_body(template: str, context: dict) -> tuple[str, str]:
    """`<template>_subject.txt` (prefixed, on one line) and `<template>_body.txt`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(
        render_text(f"{template}_subject.txt", context).split()
    )
    return subject, render_text(f"{template}_body.txt", context)


def recipient_languages(addresses) -> dict[str, str]:
    """Each address's language: the one its user last chose, else the portal's default."""
    from kim_portal.models import User

    chosen = dict(
        User.objects.filter(email__in=list(addresses))
        .exclude(language="")
        .values_list("email", "language")
    )
    return {address: chosen.get(address, settings.LANGUAGE_CODE) for address in addresses}


def send_portal_mail(*, template: str, context: dict, recipients: list[str], actor=None) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and queue the message, in each
    recipient's language. Whoever caused the mail (`actor`) is not told about their own action.

    Templates get `site_url` to build links: `{{ site_url }}{% url 'groups:mine' %}`."""
    addresses = set(recipients)
    if actor is not None:
        addresses.discard(actor.email)
    by_language = defaultdict(list)
    for address, language in recipient_languages(addresses).items():
        by_language[language].append(address)
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            subject, body = render_subject_and_body(template, context)
        enqueue_mail(subject=subject, body=body, recipients=group)
