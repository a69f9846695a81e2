import pytest

pytestmark = pytest.mark.django_db


def test_desk_is_for_redaksi_only(client, client_for, outsider, redaksi):
    assert client.get("/redaksi/").status_code == 302
    assert client_for(outsider).get("/redaksi/").status_code == 403
    assert client_for(redaksi).get("/redaksi/").status_code == 200
