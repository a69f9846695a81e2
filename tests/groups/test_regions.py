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


def test_load_regions_replaces_the_regions_with_another_citys(tmp_path):
    csv_file = tmp_path / "kota.csv"
    csv_file.write_text("kecamatan,kelurahan\nUngaran Barat,Genuk\nUngaran Barat,Langensari\n")
    call_command("load_regions", str(csv_file))
    assert Kelurahan.objects.get(slug="genuk").kecamatan.name == "Ungaran Barat"
    assert sorted(Kelurahan.objects.values_list("name", flat=True)) == ["Genuk", "Langensari"]
    assert list(Kecamatan.objects.values_list("name", flat=True)) == ["Ungaran Barat"]


def test_load_regions_refuses_to_drop_a_kelurahan_that_has_a_kim(tmp_path, kim):
    csv_file = tmp_path / "kota.csv"
    csv_file.write_text("kecamatan,kelurahan\nUngaran Barat,Genuk\n")
    with pytest.raises(CommandError, match="Ledok still have KIMs"):
        call_command("load_regions", str(csv_file))
    assert Kelurahan.objects.count() == 23
    assert not Kelurahan.objects.filter(slug="genuk").exists()


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
