"""The fixed cast every test can use: redaksi, ketua, anggota, outsider (and `client` for anonymous)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
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
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    cache.clear()


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
    user = make_user("redaksi@uji.kim.id", "Redaksi Uji")
    user.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    return user


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
