import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from kim_portal.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def submit(email="dewi@contoh.id"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("account_signup"),
                {
                    "full_name": "Dewi Lestari",
                    "email": email,
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "privacy_consent": "on",
                },
            )

    return submit


def test_sign_up_sends_verification_mail_and_login_waits_for_it(client, sign_up, mailoutbox):
    response = sign_up()
    assert response.status_code == 302
    user = User.objects.get(email="dewi@contoh.id")
    assert user.full_name == "Dewi Lestari"
    assert user.privacy_consent_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dewi@contoh.id"]

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "dewi@contoh.id", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]  # mandatory verification holds the login


def test_following_the_verification_link_verifies_and_logs_in(client, sign_up, mailoutbox):
    sign_up()
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="dewi@contoh.id").verified
    response = client.get(reverse("home"))
    assert response.context["user"].email == "dewi@contoh.id"
    assert "Dewi" in response.content.decode()


def test_sign_up_without_full_name_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "", "email": "budi@contoh.id", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert 'value="budi@contoh.id"' in response.content.decode()
    assert "tidak boleh kosong" in response.content.decode()  # Indonesian "required" message
    assert not User.objects.filter(email="budi@contoh.id").exists()


def test_sign_up_without_consent_is_refused_in_plain_indonesian(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Budi",
            "email": "budi@contoh.id",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Centang kotak" in page and 'value="budi@contoh.id"' in page
    assert reverse("privacy") in page
    assert not User.objects.filter(email="budi@contoh.id").exists()


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_member_edits_name_and_whatsapp_on_profile(client_for, outsider):
    client = client_for(outsider)
    response = client.post(
        reverse("profile"), {"full_name": "Warga Baru", "whatsapp": "0812 3456 7890"}
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert (outsider.full_name, outsider.whatsapp) == ("Warga Baru", "0812 3456 7890")


def test_profile_refuses_a_bad_whatsapp_number_and_keeps_the_name(client_for, outsider):
    response = client_for(outsider).post(
        reverse("profile"), {"full_name": "Nama Diketik", "whatsapp": "telepon saya"}
    )
    assert response.status_code == 200
    assert 'value="Nama Diketik"' in response.content.decode()
    assert response.context["form"].errors["whatsapp"]
    outsider.refresh_from_db()
    assert outsider.whatsapp == ""


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client, outsider):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": outsider.email, "password": "salah-sandi"})
    response = client.post(
        reverse("account_login"), {"login": outsider.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
