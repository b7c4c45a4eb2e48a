import datetime

from tests.conftest import load_pekalongan
from villages.models import KampungKB, Kecamatan, Kelurahan


def test_loads_four_kecamatan_and_27_units(empty_db):
    assert not KampungKB.objects.exists()
    load_pekalongan()
    assert Kecamatan.objects.count() == 4
    assert Kelurahan.objects.count() == 27
    assert KampungKB.objects.count() == 27


def test_running_twice_leaves_exactly_27_units(empty_db):
    load_pekalongan()
    load_pekalongan()
    assert KampungKB.objects.count() == 27
    assert Kelurahan.objects.count() == 27


def test_codes_match_the_csv(pekalongan, kelurahan_rows):
    loaded = dict(KampungKB.objects.values_list("kelurahan__code", "kelurahan__name"))
    assert loaded == {row["kode"]: row["nama"] for row in kelurahan_rows}
    jenggot = Kelurahan.objects.select_related("kecamatan").get(name="Jenggot")
    assert jenggot.code == "33.75.04.1004"
    assert jenggot.kecamatan.code == "33.75.04"


def test_slugs_come_from_the_kelurahan_name(pekalongan):
    slugs = set(KampungKB.objects.values_list("slug", flat=True))
    assert {"jenggot", "padukuhan-kraton", "sapuro-kebulen", "kali-baros"} <= slugs


def test_only_known_facts_are_recorded(pekalongan):
    bandengan = KampungKB.objects.get(slug="bandengan")
    assert bandengan.formed_on == datetime.date(2016, 2, 5)
    assert bandengan.sources
    assert KampungKB.objects.get(slug="jenggot").name == "Kampung KB Mandiri Utama"
    # Most units have no sourced formation date; it must stay empty, not be guessed.
    assert KampungKB.objects.filter(formed_on__isnull=False).count() == 4
    assert not KampungKB.objects.exclude(decree_number="").exists()
    assert not KampungKB.objects.exclude(description="").exists()


def test_reloading_keeps_what_staff_entered(pekalongan):
    KampungKB.objects.filter(slug="bandengan").update(
        formed_on=datetime.date(2016, 2, 6), name="Kampung KB Bandeng Juwana"
    )
    load_pekalongan()
    bandengan = KampungKB.objects.get(slug="bandengan")
    assert bandengan.formed_on == datetime.date(2016, 2, 6)
    assert bandengan.name == "Kampung KB Bandeng Juwana"


def test_reloading_adds_the_source_to_a_day_loaded_before_it_had_one(pekalongan):
    KampungKB.objects.filter(slug="bandengan").update(
        formed_year=None, formed_precision="", formed_source=""
    )
    KampungKB.objects.filter(slug="jenggot").update(
        formed_year=None, formed_precision="", formed_source=""
    )

    load_pekalongan()

    bandengan = KampungKB.objects.get(slug="bandengan")
    assert (bandengan.formed_precision, bandengan.formed_year) == ("tanggal", 2016)
    assert "5 Februari 2016" in bandengan.formed_source
    assert str(KampungKB.objects.get(slug="jenggot").formation) == "paling lambat 2022"


def test_reloading_keeps_a_formation_staff_entered(pekalongan):
    KampungKB.objects.filter(slug="setono").update(
        formed_on=datetime.date(2019, 8, 17),
        formed_year=2019,
        formed_precision="tanggal",
        formed_source="SK Lurah Setono 5/2019",
    )

    load_pekalongan()

    assert str(KampungKB.objects.get(slug="setono").formation) == "17 Agustus 2019"


def test_loading_reference_data_sets_no_last_edit_and_no_yes_no_answer(empty_db, client):
    load_pekalongan()
    load_pekalongan()
    units = KampungKB.objects.all()
    assert not units.exclude(profile_updated_at=None).exists()
    for field in ("has_bkb", "pokja_exists", "field_officer_assigned", "regulation_exists"):
        assert not units.exclude(**{field: None}).exists(), field
    html = client.get("/kampung/jenggot/").content.decode()
    assert "Data terakhir diubah" not in html
