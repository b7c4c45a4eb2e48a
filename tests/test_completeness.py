import datetime
from decimal import Decimal

import pytest

from villages.completeness import completeness_for, profile_completeness
from villages.models import (
    Activity,
    ActivityCategory,
    BoardMember,
    Frequency,
    KampungKB,
    Kecamatan,
    Kelurahan,
    UnitData,
)

ITEM_COUNT = 21
NO_FACTS = {"board_roles": set(), "activity_count": 0, "data_count": 0}


def blank_unit(**fields):
    return KampungKB(**fields)


def complete_unit():
    return KampungKB(
        name="Kampung KB Mandiri Utama",
        formed_on=datetime.date(2019, 3, 12),
        decree_number="SK 1/2019",
        coverage=KampungKB.Coverage.KELURAHAN,
        secretariat_address="Jl. Merdeka 1",
        latitude=Decimal("-6.9"),
        longitude=Decimal("109.6"),
        description="Kampung yang rukun.",
        krppa_linkage="Forum anak.",
        has_bkb=True,
        has_bkr=True,
        has_bkl=False,
        has_uppka=True,
        has_pikr=False,
        has_secretariat=True,
        has_rumah_dataku=True,
        funding_sources=["apbd"],
        pokja_exists=True,
        field_officer_name="Siti",
        regulation_lurah="SK Lurah 3/2020",
        planning_data_sources=["pk"],
        routine_planning_meeting=Frequency.MONTHLY,
        routine_coordination=Frequency.QUARTERLY,
        routine_socialisation=Frequency.MONTHLY,
        routine_monitoring=Frequency.YEARLY,
        routine_reporting=Frequency.NEVER,
        rkm_document="rkm/rencana.pdf",
        video_url="https://video.example/profil",
        cover_photo="sampul/foto.jpg",
    )


FULL_FACTS = {"board_roles": {"ketua"}, "activity_count": 3, "data_count": 1}

ALL_POKTAN = {
    "has_bkb": False,
    "has_bkr": False,
    "has_bkl": False,
    "has_uppka": False,
    "has_pikr": False,
    "has_secretariat": False,
    "has_rumah_dataku": False,
}
ALL_ROUTINES = {
    "routine_planning_meeting": Frequency.NEVER,
    "routine_coordination": Frequency.MONTHLY,
    "routine_socialisation": Frequency.MONTHLY,
    "routine_monitoring": Frequency.AS_NEEDED,
    "routine_reporting": Frequency.YEARLY,
}

# (label of the item, unit fields that complete it, facts that complete it)
ITEM_CASES = [
    ("Nama resmi Kampung KB", {"name": "Kampung KB Sejahtera"}, {}),
    ("Tanggal pencanangan", {"formed_on": datetime.date(2020, 1, 1)}, {}),
    ("Nomor SK pembentukan", {"decree_number": "SK 9"}, {}),
    ("Cakupan wilayah", {"coverage": KampungKB.Coverage.RW, "coverage_rw": "RW 01"}, {}),
    ("Alamat sekretariat", {"secretariat_address": "Balai RW 01"}, {}),
    (
        "Titik lokasi (lintang dan bujur)",
        {"latitude": Decimal("-6.9"), "longitude": Decimal("109.7")},
        {},
    ),
    ("Gambaran umum", {"description": "Ramai."}, {}),
    ("Keterkaitan dengan KRPPA", {"krppa_linkage": "Forum anak."}, {}),
    ("Keberadaan semua poktan dan sarana", ALL_POKTAN, {}),
    ("Sumber dana", {"funding_sources": ["swadaya"]}, {}),
    ("Keberadaan Pokja", {"pokja_exists": False}, {}),
    ("Nama PLKB/PKB", {"field_officer_name": "Budi"}, {}),
    ("Regulasi (SK/peraturan)", {"regulation_camat": "SK Camat 2/2021"}, {}),
    ("Data untuk perencanaan", {"planning_data_sources": ["potensi_desa"]}, {}),
    ("Semua mekanisme operasional", ALL_ROUTINES, {}),
    ("Ketua pengurus", {}, {"board_roles": {"ketua", "sekretaris"}}),
    ("Dokumen Rencana Kegiatan Masyarakat (RKM)", {"rkm_document": "rkm/a.pdf"}, {}),
    ("Video profil", {"video_url": "https://video.example/a"}, {}),
    ("Foto sampul", {"cover_photo": "sampul/a.jpg"}, {}),
    ("Minimal satu kegiatan", {}, {"activity_count": 1}),
    ("Minimal satu data Kampung KB", {}, {"data_count": 1}),
]


def labels(items):
    return [str(item.label) for item in items]


def test_a_blank_unit_is_zero_percent_with_every_item_missing():
    result = profile_completeness(blank_unit(), **NO_FACTS)
    assert result.percent == 0
    assert len(result.items) == ITEM_COUNT
    assert labels(result.missing) == labels(result.items)


def test_every_item_of_the_checklist_is_covered_by_a_case():
    result = profile_completeness(blank_unit(), **NO_FACTS)
    assert sorted(labels(result.items)) == sorted(label for label, _, _ in ITEM_CASES)


@pytest.mark.parametrize(("label", "fields", "facts"), ITEM_CASES, ids=[c[0] for c in ITEM_CASES])
def test_each_item_turns_done_on_its_own(label, fields, facts):
    result = profile_completeness(blank_unit(**fields), **{**NO_FACTS, **facts})
    assert [str(item.label) for item in result.items if item.done] == [label]
    assert label not in labels(result.missing)
    assert len(result.missing) == ITEM_COUNT - 1
    assert result.percent == 100 // ITEM_COUNT


def test_a_complete_unit_is_one_hundred_percent_with_nothing_missing():
    result = profile_completeness(complete_unit(), **FULL_FACTS)
    assert result.percent == 100
    assert result.missing == []


def test_percent_is_rounded_down_so_one_missing_item_never_shows_one_hundred():
    unit = complete_unit()
    unit.video_url = ""
    result = profile_completeness(unit, **FULL_FACTS)
    assert result.percent == 20 * 100 // 21 == 95
    assert labels(result.missing) == ["Video profil"]


def test_percent_counts_items_done_out_of_all_items():
    unit = blank_unit(name="A", decree_number="B", description="C")
    result = profile_completeness(unit, **{**NO_FACTS, "data_count": 2})
    assert result.done_count == 4
    assert result.percent == 4 * 100 // 21 == 19


def test_poktan_is_done_only_when_all_seven_are_answered_and_no_counts_as_an_answer():
    six = dict(ALL_POKTAN, has_rumah_dataku=None)
    assert "Keberadaan semua poktan dan sarana" in labels(
        profile_completeness(blank_unit(**six), **NO_FACTS).missing
    )
    seven = profile_completeness(blank_unit(**ALL_POKTAN), **NO_FACTS)
    assert seven.section_done("poktan")


def test_routines_need_all_five_answers_and_not_done_counts_as_an_answer():
    four = dict(ALL_ROUTINES, routine_reporting="")
    assert not profile_completeness(blank_unit(**four), **NO_FACTS).section_done("mekanisme")
    assert profile_completeness(blank_unit(**ALL_ROUTINES), **NO_FACTS).section_done("mekanisme")


def test_coordinates_need_both_latitude_and_longitude():
    result = profile_completeness(blank_unit(latitude=Decimal("-6.9")), **NO_FACTS)
    assert "Titik lokasi (lintang dan bujur)" in labels(result.missing)


def test_a_board_without_a_ketua_leaves_the_ketua_item_missing():
    result = profile_completeness(
        blank_unit(), **{**NO_FACTS, "board_roles": {"sekretaris", "anggota"}}
    )
    assert not result.section_done("pengurus")


def test_a_section_is_done_only_when_all_its_items_are():
    unit = blank_unit(video_url="https://video.example/a")
    result = profile_completeness(unit, **NO_FACTS)
    assert not result.section_done("media")
    unit.cover_photo = "sampul/a.jpg"
    assert profile_completeness(unit, **NO_FACTS).section_done("media")


def test_items_link_to_the_section_where_they_are_filled_in():
    sections = {
        str(item.label): item.section
        for item in profile_completeness(blank_unit(), **NO_FACTS).items
    }
    assert sections["Nomor SK pembentukan"] == "identitas"
    assert sections["Titik lokasi (lintang dan bujur)"] == "sekretariat"
    assert sections["Nama PLKB/PKB"] == "plkb"
    assert sections["Ketua pengurus"] == "pengurus"
    assert sections["Foto sampul"] == "media"


def add_units(count):
    kecamatan = Kecamatan.objects.first()
    for number in range(count):
        kelurahan = Kelurahan.objects.create(
            kecamatan=kecamatan, code=f"99.99.99.{number:04d}", name=f"Tambahan {number}"
        )
        unit = KampungKB.objects.create(kelurahan=kelurahan, slug=f"tambahan-{number}")
        BoardMember.objects.create(unit=unit, name="Ketua", role=BoardMember.Role.CHAIR)
        BoardMember.objects.create(unit=unit, name="Anggota", role=BoardMember.Role.MEMBER)
        Activity.objects.create(
            unit=unit,
            title="Posyandu",
            date=datetime.date(2024, 5, 1),
            category=ActivityCategory.BKB,
        )
        UnitData.objects.create(unit=unit, year=2024)


def test_completeness_for_a_queryset_runs_two_queries_for_27_or_more_units(
    pekalongan, django_assert_num_queries
):
    with django_assert_num_queries(2):
        assert len(completeness_for(KampungKB.objects.all())) == 27
    add_units(5)
    with django_assert_num_queries(2):
        assert len(completeness_for(KampungKB.objects.all())) == 32


def test_completeness_for_loaded_units_runs_two_queries_for_27_or_more_units(
    pekalongan, django_assert_num_queries
):
    units = list(KampungKB.objects.all())
    with django_assert_num_queries(2):
        assert len(completeness_for(units)) == 27
    add_units(5)
    units = list(KampungKB.objects.all())
    with django_assert_num_queries(2):
        assert len(completeness_for(units)) == 32


def test_completeness_for_counts_each_units_own_board_activities_and_data(pekalongan):
    add_units(1)
    jenggot = KampungKB.objects.get(slug="jenggot")
    Activity.objects.create(
        unit=jenggot, title="Rapat", date=datetime.date(2024, 1, 1), category=ActivityCategory.BKB
    )
    BoardMember.objects.create(unit=jenggot, name="Sekretaris", role=BoardMember.Role.SECRETARY)

    results = completeness_for(KampungKB.objects.all())

    added = results[KampungKB.objects.get(slug="tambahan-0").pk]
    assert added.section_done("pengurus")
    assert added.section_done("kegiatan")
    assert added.section_done("data")
    own = results[jenggot.pk]
    assert own.section_done("kegiatan")
    assert not own.section_done("pengurus")
    assert not own.section_done("data")
    untouched = results[KampungKB.objects.get(slug="bandengan").pk]
    assert not untouched.section_done("kegiatan")
    assert (
        untouched.items
        == profile_completeness(KampungKB.objects.get(slug="bandengan"), **NO_FACTS).items
    )
