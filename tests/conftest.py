"""The fixed cast every test can use: redaksi, ketua, anggota, outsider (and `client` for anonymous)."""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import URLPattern, reverse
from PIL import Image
from pytest_django.plugin import blocking_manager_key

from groups.models import Kelurahan, Kim, Membership
from kim_portal.models import User
from kim_portal.roles import REDAKSI_GROUP

PASSWORD = "rahasia-uji-123"


def _replay_data_migrations() -> None:
    """Run the project's own RunPython steps again (they load reference data), each with the
    models of its own time. Third-party ones transform data of older schemas: left alone."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations.special import RunPython

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    state = executor._create_project_state(with_applied_migrations=False)
    ours = {"kim_portal", "groups", "news", "materials", "workshops"}
    for migration, _backwards in plan:
        for operation in migration.operations:
            if isinstance(operation, RunPython) and migration.app_label in ours:
                with connection.schema_editor(atomic=True) as editor:
                    operation.code(state.apps, editor)
            operation.state_forwards(migration.app_label, state)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Transactional tests flush every table after them, the rows of data migrations (kelurahan,
    the Redaksi group) included. A run cut short in such a test leaves a --reuse-db database
    without them: put them back."""
    with django_db_blocker.unblock():
        if not Group.objects.filter(name=REDAKSI_GROUP).exists():
            _replay_data_migrations()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "pages")
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def make_user(email: str, full_name: str = "Pengguna Uji", **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_redaksi(email: str = "redaksi@uji.kim.id", full_name: str = "Redaksi Uji") -> User:
    user = make_user(email, full_name)
    user.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    return user


def image_bytes(
    format: str = "PNG", size=(40, 30), colour="teal", *, image=None, **params
) -> bytes:
    """An image file's bytes: `image` (or a plain RGB one of `size` and `colour`) encoded as
    `format`, with Pillow's save `params` (exif, quality...)."""
    buffer = io.BytesIO()
    (image or Image.new("RGB", size, colour)).save(buffer, format, **params)
    return buffer.getvalue()


def make_kim(
    name: str = "KIM Uji Coba", *, kelurahan: str = "ledok", status=Kim.Status.VERIFIED
) -> Kim:
    from django.utils.text import slugify

    return Kim.objects.create(
        name=name,
        slug=slugify(name),
        kelurahan=Kelurahan.objects.get(slug=kelurahan),
        status=status,
    )


def add_member(kim: Kim, user: User, role=Membership.Role.ANGGOTA) -> Membership:
    return Membership.objects.create(kim=kim, user=user, role=role, status=Membership.Status.ACTIVE)


@pytest.fixture
def kim(db) -> Kim:
    return make_kim()


@pytest.fixture
def redaksi(db) -> User:
    return make_redaksi()


@pytest.fixture
def ketua(kim) -> User:
    user = make_user("ketua@uji.kim.id", "Ketua Uji")
    add_member(kim, user, Membership.Role.KETUA)
    return user


@pytest.fixture
def anggota(kim) -> User:
    user = make_user("anggota@uji.kim.id", "Anggota Uji")
    add_member(kim, user)
    return user


@pytest.fixture
def fellow(kim) -> User:
    """Another anggota of the same KIM: a member without review or management rights."""
    user = make_user("rekan@uji.kim.id", "Rekan Uji")
    add_member(kim, user)
    return user


@pytest.fixture
def outsider(db) -> User:
    return make_user("warga@uji.kim.id", "Warga Uji")


@pytest.fixture
def english(client):
    """For tests that read a message's English source text: the UI is Indonesian by default."""
    from django.utils import translation

    client.cookies["django_language"] = "en"  # requests, through LanguageMiddleware
    with translation.override("en"):  # direct calls to services and forms
        yield


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: `client_for(ketua).get(...)`."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A transactional test ends by flushing every table; put the reference data back at once so
    # that the tests after it (and the next --reuse-db run) still find it.
    result = yield
    # A test skipped before its fixtures ran (e.g. PostgreSQL-only on SQLite) flushed nothing.
    if _flushes_the_database(item) and getattr(item, "funcargs", None):
        with item.config.stash[blocking_manager_key].unblock():
            _replay_data_migrations()
    return result


# -- access matrices: what every role gets from every route of an app --------------------------

LOGIN = "login"  # an anonymous visitor is sent to the login page
PUBLIC = {"anonymous": 200, "outsider": 200}
REDAKSI_ONLY = {"anonymous": LOGIN, "outsider": 403, "ketua": 403, "redaksi": 200}


@dataclass(frozen=True)
class Route:
    """One row of an app's access matrix.

    `expect` maps a role (an attribute of the test's cast, or "anonymous") to the status it gets,
    asked in that order: the role with the right comes last, as its request may change data.
    A `post` route is POST-only: a GET by the last role must answer 405. `done` checks, after
    the last request, that the action really happened."""

    expect: dict
    args: Callable = lambda world: []
    post: bool = False
    data: Callable = lambda world: {}
    done: Callable | None = None
    path: Callable | None = None  # for a route without a name: its address


def route_names(urlconf, namespace: str | None = None) -> set[str]:
    """Every route an app's urls module declares (unnamed ones by their pattern)."""
    prefix = f"{namespace}:" if namespace else ""
    return {
        f"{prefix}{pattern.name}" if pattern.name else str(pattern.pattern)
        for pattern in urlconf.urlpatterns
        if isinstance(pattern, URLPattern)
    }


def answer(response) -> int | str:
    login = reverse("account_login")
    if response.status_code == 302 and response["Location"].startswith(login):
        return LOGIN
    return response.status_code


def check_route(client, world: dict, name: str, route: Route) -> None:
    """Ask `route` as every role of its matrix row; `world` holds the users and the data."""
    url = route.path(world) if route.path else reverse(name, args=route.args(world))
    if route.post:
        client.force_login(world[list(route.expect)[-1]])
        assert client.get(url).status_code == 405, f"GET {url}"
    answers = {}
    for role in route.expect:
        client.logout()
        if role != "anonymous":
            client.force_login(world[role])
        send = client.post if route.post else client.get
        answers[role] = answer(send(url, route.data(world)))
    assert answers == route.expect, url
    if route.done is not None:
        assert route.done(world), f"{url}: the action did not happen"
