"""Real parallel requests for the concurrency tests: one thread and one Client per request, all
released together by a barrier, each with its own database connection."""

import threading
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test import Client

# Row locks and parallel writers are PostgreSQL's; SQLite serialises the whole database.
# Transactional: every thread must see the others' committed rows.
concurrent_requests = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@dataclass
class Request:
    user: object
    url: str
    data: dict = field(default_factory=dict)


def post_in_parallel(requests: list[Request]) -> list:
    """POST every request at the same moment; the responses in the same order (redirects
    followed, so each is the page its sender would read). A server error is a 500 response,
    never an exception."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)
    clients = []
    for request in requests:
        client = Client(raise_request_exception=False)
        client.force_login(request.user)
        client.cookies["django_language"] = "en"
        clients.append(client)

    def send(index: int) -> None:
        try:
            barrier.wait()
            responses[index] = clients[index].post(
                requests[index].url, requests[index].data, follow=True
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def text(response) -> str:
    return response.content.decode()


def make_redaksi(email: str):
    from django.contrib.auth.models import Group

    from kim_portal.roles import REDAKSI_GROUP
    from tests.conftest import make_user

    user = make_user(email, "Redaksi Kedua")
    user.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    return user
