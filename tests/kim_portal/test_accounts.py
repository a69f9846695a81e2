import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
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
    assert link.startswith(settings.SITE_URL + "/")
    path = link.removeprefix(settings.SITE_URL)
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


def test_the_verification_mail_names_the_portal_and_has_an_html_part(sign_up, mailoutbox):
    sign_up()
    [message] = mailoutbox
    assert "Halo dari Portal KIM Salatiga!" in message.body
    assert "dari !" not in message.body and " di ." not in message.body
    assert message.subject.startswith("[Portal KIM Salatiga] ")
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and "/accounts/confirm-email/" in html


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/akun/profil/",
    ],
)
def test_account_pages_say_kata_sandi_and_e_mail_throughout(client, anggota, path):
    client.force_login(anggota)
    if path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        client.logout()
    body = client.get(path).content.decode()
    text = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", body))
    assert not re.search(r"(?<![Kk]ata )\b[Ss]andi\b", text)
    assert not re.search(r"\b[Ee]mail\b|\b[Ss]urel\b", text)


def test_djangos_blank_choice_is_indonesian():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("id"):
        assert str(BLANK_CHOICE_LABEL) == "- Pilih salah satu -"


def test_the_first_login_offers_a_kim_and_later_ones_go_home(client, sign_up, mailoutbox):
    sign_up()
    link = re.search(r"https?://[^\s]+(/accounts/confirm-email/[^\s]+/)", mailoutbox[0].body)
    client.logout()  # the link is opened in another browser: it verifies, logs nobody in
    client.post(link.group(1))
    client.logout()
    credentials = {"login": "dewi@contoh.id", "password": PASSWORD}
    response = client.post(reverse("account_login"), credentials)
    assert response["Location"] == reverse("groups:welcome")
    client.logout()
    response = client.post(reverse("account_login"), credentials)
    assert response["Location"] == reverse("home")


def test_a_member_logging_in_for_the_first_time_goes_home(client, anggota):
    response = client.post(reverse("account_login"), {"login": anggota.email, "password": PASSWORD})
    assert response["Location"] == reverse("home")


def test_a_forged_host_never_reaches_the_links_in_account_mails(
    client, settings, anggota, mailoutbox, django_capture_on_commit_callbacks
):
    """Password-reset poisoning: the link must name SITE_URL, whatever Host the request had."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://kim.salatiga.example"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"),
            {"email": anggota.email},
            HTTP_HOST="attacker.example:8443",
        )
    body = mailoutbox[-1].body + "".join(str(part[0]) for part in mailoutbox[-1].alternatives)
    assert "attacker.example" not in body
    assert "https://kim.salatiga.example/accounts/password/reset/key/" in body
