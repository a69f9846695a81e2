import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from kim_portal.models import User
from kim_portal.roles import is_redaksi

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_force_when_debug_is_off():
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()


@override_settings(DEBUG=False, DEMO_PASSWORD="sandi-demo")
def test_seed_demo_creates_the_demo_accounts_and_can_run_twice(client):
    call_command("seed_demo", force=True)
    call_command("seed_demo", force=True)
    for email in ["admin", "redaksi", "ketua", "anggota", "warga"]:
        user = User.objects.get(email=f"{email}@demo.kim.id")
        assert user.check_password("sandi-demo")
        assert user.emailaddress_set.get().verified
    assert is_redaksi(User.objects.get(email="redaksi@demo.kim.id"))
    assert User.objects.get(email="admin@demo.kim.id").is_superuser
    assert not User.objects.get(email="warga@demo.kim.id").memberships.exists()
    assert client.login(email="anggota@demo.kim.id", password="sandi-demo")
