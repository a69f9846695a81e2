"""The fixed cast every test can use: redaksi, ketua, anggota, outsider (and `client` for anonymous)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from pytest_django.plugin import blocking_manager_key

from groups.models import Kelurahan, Kim, Membership
from kim_portal.models import User
from kim_portal.roles import REDAKSI_GROUP

PASSWORD = "rahasia-uji-123"


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
def client_for(client):
    """Log a user in on the test client: `client_for(ketua).get(...)`."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


def _restore_reference_data() -> None:
    """Put back what migrations put in the database and a transactional test's flush removed."""
    from django.contrib.auth.models import Group, Permission

    from groups.models import Kecamatan, Kelurahan
    from groups.regions import load_regions, salatiga_rows
    from kim_portal.roles import REDAKSI_GROUP

    load_regions(Kecamatan, Kelurahan, salatiga_rows())
    group, _ = Group.objects.get_or_create(name=REDAKSI_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="groups", codename__startswith="view_")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After the flush that ends a transactional test, so that later tests (and the next
    # --reuse-db run) still find the Salatiga regions and the Redaksi group.
    result = yield
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        with item.config.stash[blocking_manager_key].unblock():
            _restore_reference_data()
    return result
