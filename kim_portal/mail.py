"""Portal e-mail: rendered in the request's language, sent by a django.tasks task after commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_mail_task(*, subject: str, body: str, recipient: str) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])


def absolute_url(path: str) -> str:
    """A link for an e-mail: mail has no request to take the portal's address from."""
    return settings.SITE_URL + path


def enqueue_mail(*, subject: str, body: str, recipients: list[str]) -> None:
    """Queue one message per recipient (no address is shown to another) once the transaction commits."""
    for recipient in sorted(set(recipients)):
        transaction.on_commit(
            lambda r=recipient: send_mail_task.enqueue(subject=subject, body=body, recipient=r)
        )


def send_portal_mail(*, template: str, context: dict, recipients: list[str]) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and queue the message.

    Templates get `site_url` to build links: `{{ site_url }}{% url 'groups:mine' %}`."""
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL, **context}
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(
        render_to_string(f"{template}_subject.txt", context).split()
    )
    body = render_to_string(f"{template}_body.txt", context)
    enqueue_mail(subject=subject, body=body, recipients=recipients)
