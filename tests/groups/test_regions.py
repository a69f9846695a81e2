import pytest
from django.core.management import CommandError, call_command

from groups.models import Kecamatan, Kelurahan

pytestmark = pytest.mark.django_db


def test_salatiga_has_four_kecamatan_and_twenty_three_kelurahan():
    assert Kecamatan.objects.count() == 4
    assert Kelurahan.objects.count() == 23
    assert set(Kecamatan.objects.get(name="Tingkir").kelurahan.values_list("name", flat=True)) == {
        "Gendongan", "Kalibening", "Kutowinangun Kidul", "Kutowinangun Lor", "Sidorejo Kidul",
        "Tingkir Lor", "Tingkir Tengah",
    }  # fmt: skip


def test_load_regions_adds_another_citys_regions(tmp_path):
    csv_file = tmp_path / "kota.csv"
    csv_file.write_text("kecamatan,kelurahan\nUngaran Barat,Genuk\nUngaran Barat,Langensari\n")
    call_command("load_regions", str(csv_file))
    assert Kelurahan.objects.get(slug="genuk").kecamatan.name == "Ungaran Barat"
    assert Kelurahan.objects.count() == 25


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kota,desa\nA,B\n", "line 1"),
        ("kecamatan,kelurahan\nBaru,Satu\nBaru\n", "line 3: expected 2 columns"),
        ("kecamatan,kelurahan\nBaru,Satu\n,Dua\n", "line 3: kecamatan and kelurahan must both"),
        (
            "kecamatan,kelurahan\nBaru,Satu\nBaru,Satu\n",
            "line 3: kelurahan 'Satu' is already listed on line 2",
        ),
    ],
)
def test_a_bad_file_names_the_line_and_loads_nothing(tmp_path, content, message):
    csv_file = tmp_path / "rusak.csv"
    csv_file.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("load_regions", str(csv_file))
    assert Kelurahan.objects.count() == 23
    assert not Kecamatan.objects.filter(name="Baru").exists()
