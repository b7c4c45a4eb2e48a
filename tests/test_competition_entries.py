import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competitions.competition import NationalRegion
from competitions.models import Entry, EntryStage
from competitions.selectors import nomination_candidates, readiness_for
from competitions.services import (
    add_stage,
    create_entry,
    create_national_entry,
    delete_stage,
    move_stage,
    nominate,
)
from evaluations import services
from evaluations.models import Period
from villages.models import (
    Activity,
    ActivityCategory,
    BoardMember,
    City,
    Frequency,
    KampungKB,
    Kecamatan,
    Kelurahan,
    Province,
    UnitData,
)

TODAY = datetime.date(2025, 9, 1)


@pytest.fixture
def units(pekalongan):
    # Known results are not part of these tests: start from no entries.
    Entry.objects.all().delete()
    return {unit.slug: unit for unit in KampungKB.objects.with_region()}


@pytest.fixture
def final_period(units, staf, juri):
    """2025: Jenggot ranks first, Bandengan second. Jenggot's formation is cleared here,
    so its eligibility cannot be determined and its nomination needs a reason."""
    KampungKB.objects.filter(slug="jenggot").update(
        formed_on=None, formed_year=None, formed_precision="", formed_source=""
    )
    units["jenggot"].refresh_from_db()
    period = services.create_period(2025, "Evaluasi dan Pembinaan Kampung KB 2025", judges=[juri])
    services.start_scoring(period, staf)
    for slug, value in (("jenggot", "4"), ("bandengan", "3")):
        sheet = {criterion.pk: (value, "") for criterion in period.criteria.all()}
        services.save_unit_scores(period, juri, units[slug], sheet)
    return services.finalize_period(period, staf)


def stage_names(entry):
    return list(entry.stages.values_list("name", flat=True))


def positions(entry):
    return list(entry.stages.values_list("position", flat=True))


# Nomination


def test_candidates_come_in_result_order_with_the_eligible_nominee_suggested(
    final_period, django_assert_num_queries
):
    with django_assert_num_queries(6):
        candidates, suggested_id = nomination_candidates(final_period)

    assert [c.unit.slug for c in candidates[:2]] == ["jenggot", "bandengan"]
    assert not candidates[0].eligibility.eligible
    assert candidates[1].eligibility.eligible
    assert suggested_id == candidates[1].unit.pk


def test_an_eligible_unit_is_nominated_without_a_reason(final_period, units, staf):
    entry = nominate(final_period, units["bandengan"], by=staf)

    assert (entry.year, entry.level, entry.period) == (2025, Entry.Level.PROVINCIAL, final_period)
    assert entry.category == Entry.Category.KOTA
    assert entry.override_reason == ""
    assert entry.created_by == staf


def test_an_ineligible_unit_without_a_reason_is_refused_with_the_message(
    final_period, units, staf
):
    with pytest.raises(ValidationError) as caught:
        nominate(final_period, units["jenggot"], by=staf, override_reason="  ")

    message = caught.value.message_dict["override_reason"][0]
    assert "belum memenuhi syarat" in message
    assert "Tanggal pencanangan belum diisi" in message
    assert not Entry.objects.exists()


def test_an_ineligible_unit_with_a_reason_is_nominated_and_history_keeps_the_reason(
    final_period, units, staf
):
    entry = nominate(
        final_period,
        units["jenggot"],
        by=staf,
        override_reason="SK pencanangan 2019 ada di arsip, belum diunggah.",
    )

    assert entry.override_reason == "SK pencanangan 2019 ada di arsip, belum diunggah."
    record = entry.history.earliest()
    assert record.override_reason == entry.override_reason
    assert "SK pencanangan 2019" in record.history_change_reason
    assert record.history_user == staf


@pytest.mark.parametrize("status", [Period.Status.DRAFT, Period.Status.SCORING])
def test_only_final_or_published_periods_may_nominate(final_period, units, staf, status):
    Period.objects.filter(pk=final_period.pk).update(status=status)
    final_period.refresh_from_db()

    with pytest.raises(ValidationError) as caught:
        nominate(final_period, units["bandengan"], by=staf)

    assert "final atau dipublikasikan" in caught.value.messages[0]
    assert not Entry.objects.exists()


def test_a_published_period_may_nominate(final_period, units, staf):
    services.publish_period(final_period, staf)

    assert nominate(final_period, units["bandengan"], by=staf).pk


def test_the_same_unit_is_not_nominated_twice(final_period, units, staf):
    nominate(final_period, units["bandengan"], by=staf)

    with pytest.raises(ValidationError) as caught:
        nominate(final_period, units["bandengan"], by=staf)

    assert "sudah diusulkan" in caught.value.message_dict["unit"][0]
    assert Entry.objects.count() == 1


def test_only_staff_may_nominate(final_period, units, kader_bandengan):
    with pytest.raises(PermissionDenied):
        nominate(final_period, units["bandengan"], by=kader_bandengan)


# Stages


@pytest.fixture
def provincial(units, staf):
    return create_entry(Entry(unit=units["jenggot"], year=2025, level="provinsi"), staf)


def test_a_new_entry_gets_its_level_stages_in_order(provincial):
    assert stage_names(provincial) == [
        "Administrasi",
        "Penilaian dokumen dan website",
        "Enam besar",
        "Verifikasi lapangan",
        "Pengumuman",
    ]
    assert positions(provincial) == [1, 2, 3, 4, 5]


def test_a_national_entry_gets_the_national_stages(units, staf):
    entry = create_entry(Entry(unit=units["jenggot"], year=2025, level="nasional"), staf)

    assert stage_names(entry) == [
        "Administrasi",
        "Video profil",
        "Penilaian website",
        "Enam besar",
        "Wawancara",
        "Verifikasi lapangan",
        "Pengumuman",
    ]


def test_an_added_stage_goes_last(provincial, staf):
    add_stage(EntryStage(entry=provincial, name="Presentasi daring"), by=staf)

    assert stage_names(provincial)[-1] == "Presentasi daring"
    assert positions(provincial) == [1, 2, 3, 4, 5, 6]


def test_moving_a_stage_swaps_it_with_its_neighbour(provincial, staf):
    third = provincial.stages.get(name="Enam besar")

    move_stage(third, -1, by=staf)
    assert stage_names(provincial)[1:3] == ["Enam besar", "Penilaian dokumen dan website"]

    move_stage(third, +1, by=staf)
    move_stage(third, +1, by=staf)
    assert stage_names(provincial)[2:4] == ["Verifikasi lapangan", "Enam besar"]
    assert positions(provincial) == [1, 2, 3, 4, 5]


def test_moving_past_either_end_changes_nothing(provincial, staf):
    before = stage_names(provincial)

    move_stage(provincial.stages.get(name="Administrasi"), -1, by=staf)
    move_stage(provincial.stages.get(name="Pengumuman"), +1, by=staf)

    assert stage_names(provincial) == before


def test_deleting_a_stage_keeps_positions_dense(provincial, staf):
    delete_stage(provincial.stages.get(name="Enam besar"), by=staf)

    assert positions(provincial) == [1, 2, 3, 4]
    assert "Enam besar" not in stage_names(provincial)


@pytest.mark.parametrize("write", ["add", "move", "delete"])
def test_stage_writes_refuse_a_user_who_is_not_staff(provincial, kader_jenggot, write):
    before = stage_names(provincial)
    stage = provincial.stages.get(name="Enam besar")
    with pytest.raises(PermissionDenied):
        if write == "add":
            add_stage(EntryStage(entry=provincial, name="Sisipan"), by=kader_jenggot)
        elif write == "move":
            move_stage(stage, -1, by=kader_jenggot)
        else:
            delete_stage(stage, by=kader_jenggot)
    assert stage_names(provincial) == before


def test_the_stage_reached_is_the_first_not_passed(provincial):
    assert provincial.stage_reached().name == "Administrasi"

    provincial.stages.filter(position__lte=2).update(outcome=EntryStage.Outcome.PASSED)
    assert provincial.stage_reached().name == "Enam besar"

    provincial.stages.update(outcome=EntryStage.Outcome.PASSED)
    assert provincial.stage_reached().name == "Pengumuman"


def test_the_next_dated_stage_skips_past_and_undated_ones(provincial):
    provincial.stages.filter(name="Administrasi").update(date=datetime.date(2025, 3, 1))
    provincial.stages.filter(name="Verifikasi lapangan").update(date=datetime.date(2025, 10, 2))

    assert provincial.next_dated_stage(TODAY).name == "Verifikasi lapangan"


# National entries and regions


def win(entry, result=Entry.Result.WINNER_1):
    entry.result = result
    entry.save()
    return entry


def test_a_provincial_winner_gets_a_national_entry_in_regional_1(provincial, staf):
    national = create_national_entry(win(provincial), staf)

    assert national.level == Entry.Level.NATIONAL
    assert national.year == 2025
    assert national.category == provincial.category
    assert national.region == NationalRegion.REGIONAL_1
    assert national.organiser == "Kemendukbangga/BKKBN"
    assert stage_names(national)[1] == "Video profil"


@pytest.mark.parametrize(
    "result", [Entry.Result.WINNER_2, Entry.Result.FINALIST, ""], ids=["juara-2", "6", "none"]
)
def test_only_a_provincial_first_place_goes_national(provincial, staf, result):
    with pytest.raises(ValidationError):
        create_national_entry(win(provincial, result), staf)

    assert not Entry.objects.filter(level=Entry.Level.NATIONAL).exists()


def test_a_national_entry_is_made_once(provincial, staf):
    create_national_entry(win(provincial), staf)

    with pytest.raises(ValidationError):
        create_national_entry(provincial, staf)


@pytest.fixture
def kalimantan_unit(pekalongan):
    province = Province.objects.create(code="64", name="Kalimantan Timur")
    city = City.objects.create(
        province=province, code="64.02", name="Kutai Kartanegara", kind=City.Kind.KABUPATEN
    )
    kecamatan = Kecamatan.objects.create(
        city=city, code="64.02.01", name="Tenggarong", slug="tenggarong"
    )
    kelurahan = Kelurahan.objects.create(
        kecamatan=kecamatan, code="64.02.01.1001", name="Loa Ipuh"
    )
    return KampungKB.objects.create(kelurahan=kelurahan, slug="loa-ipuh")


def test_a_unit_of_a_kalimantan_province_is_in_regional_2_as_a_kabupaten(kalimantan_unit, staf):
    provincial = create_entry(Entry(unit=kalimantan_unit, year=2025, level="provinsi"), staf)

    national = create_national_entry(win(provincial), staf)

    assert provincial.category == Entry.Category.KABUPATEN
    assert national.category == Entry.Category.KABUPATEN
    assert national.region == NationalRegion.REGIONAL_2


def test_a_region_staff_chose_is_kept(units, staf):
    entry = create_entry(
        Entry(
            unit=units["jenggot"],
            year=2025,
            level="nasional",
            region=NationalRegion.REGIONAL_2,
        ),
        staf,
    )
    entry.notes = "Diubah."
    entry.save()

    entry.refresh_from_db()
    assert entry.region == NationalRegion.REGIONAL_2


# Readiness checklist, through the portal's own data


@pytest.fixture
def national(units, staf):
    return create_entry(Entry(unit=units["jenggot"], year=2025, level="nasional"), staf)


def item(entry, code):
    entry = Entry.objects.with_unit_region().get(pk=entry.pk)
    rows = readiness_for([entry], TODAY)[entry.pk].rows
    return next(row for row in rows if row.item.code == code)


def fill_profile(unit):
    unit.name = "Kampung KB Mandiri Utama"
    unit.formed_on = datetime.date(2019, 3, 12)
    unit.decree_number = "SK Lurah 12/2019"
    unit.coverage = KampungKB.Coverage.KELURAHAN
    unit.secretariat_address = "Jl. Jenggot 1"
    unit.latitude, unit.longitude = -6.9, 109.6
    unit.description = "Kebun Pikatu."
    unit.krppa_linkage = "Pojok KRPPA di sekretariat."
    for field in ("has_bkb", "has_bkr", "has_bkl", "has_uppka", "has_pikr"):
        setattr(unit, field, True)
    unit.has_secretariat = unit.has_rumah_dataku = True
    unit.funding_sources = ["apbd"]
    unit.pokja_exists = True
    unit.pokja_decree_number = "SK Pokja 3/2020"
    unit.field_officer_name = "Siti"
    unit.regulation_lurah = "SK Lurah 3/2020"
    unit.planning_data_sources = ["pk"]
    for field in (
        "routine_planning_meeting",
        "routine_coordination",
        "routine_socialisation",
        "routine_monitoring",
        "routine_reporting",
    ):
        setattr(unit, field, Frequency.MONTHLY)
    unit.rkm_document = "rkm/rencana.pdf"
    unit.video_url = "https://video.example/jenggot"
    unit.cover_photo = "sampul/foto.jpg"
    unit.save()
    BoardMember.objects.create(unit=unit, name="Siti", role=BoardMember.Role.CHAIR)


def activity(unit, category, date):
    return Activity.objects.create(unit=unit, title="Kegiatan", date=date, category=category)


def test_profile_item_is_red_listing_what_is_missing_then_green(national, units):
    red = item(national, "profil")
    assert not red.item.ok
    assert "Nomor SK pembentukan" in red.item.reason
    assert red.fix_url == "/kelola/kampung/jenggot/profil/identitas/"

    fill_profile(units["jenggot"])
    activity(units["jenggot"], ActivityCategory.BKB, TODAY)
    UnitData.objects.create(unit=units["jenggot"], year=2025, month=8)

    green = item(national, "profil")
    assert green.item.ok, green.item.reason
    assert green.fix_url is None


def test_video_item_needs_a_link_and_a_duration_of_at_most_three_minutes(national, units):
    assert "Belum ada tautan" in item(national, "video").item.reason

    national.video_url = "https://video.example/seleksi"
    national.save()
    assert "Durasi video belum dicatat" in item(national, "video").item.reason

    national.video_seconds = 181
    national.save()
    assert not item(national, "video").item.ok

    national.video_seconds = 180
    national.save()
    assert item(national, "video").item.ok


def test_video_item_accepts_the_profile_video_when_the_entry_has_none(national, units):
    units["jenggot"].video_url = "https://video.example/profil"
    units["jenggot"].save()
    national.video_seconds = 150
    national.save()

    assert item(national, "video").item.ok


def test_dashat_item_needs_a_dashat_activity_of_the_last_twelve_months(national, units):
    jenggot = units["jenggot"]
    activity(jenggot, ActivityCategory.BKB, TODAY)
    red = item(national, "dashat")
    assert not red.item.ok
    assert red.fix_url == "/kelola/kampung/jenggot/kegiatan/tambah/"

    activity(jenggot, ActivityCategory.DASHAT, datetime.date(2024, 8, 31))
    assert "lebih dari 12 bulan" in item(national, "dashat").item.reason

    activity(jenggot, ActivityCategory.DASHAT, datetime.date(2025, 2, 14))
    assert item(national, "dashat").item.ok


@pytest.mark.parametrize("category", [ActivityCategory.UPPKA, ActivityCategory.ECONOMY])
def test_empowerment_item_counts_uppka_and_economic_activities(national, units, category):
    activity(units["jenggot"], ActivityCategory.DASHAT, TODAY)
    assert not item(national, "pemberdayaan").item.ok

    activity(units["jenggot"], category, datetime.date(2025, 6, 1))
    assert item(national, "pemberdayaan").item.ok


def test_data_item_needs_data_of_the_last_three_months(national, units):
    jenggot = units["jenggot"]
    red = item(national, "data")
    assert "Belum ada data" in red.item.reason
    assert red.fix_url == "/kelola/kampung/jenggot/data/tambah/"

    UnitData.objects.create(unit=jenggot, year=2024)
    UnitData.objects.create(unit=jenggot, year=2025, month=5)
    assert "05/2025" in item(national, "data").item.reason
    assert not item(national, "data").item.ok

    UnitData.objects.create(unit=jenggot, year=2025, month=6)
    assert item(national, "data").item.ok


def test_krppa_item_needs_the_linkage_described(national, units):
    red = item(national, "krppa")
    assert not red.item.ok
    assert red.fix_url == "/kelola/kampung/jenggot/profil/gambaran/"

    units["jenggot"].krppa_linkage = "Forum anak bertemu tiap bulan di sekretariat."
    units["jenggot"].save()
    assert item(national, "krppa").item.ok


def test_organisation_item_lists_each_missing_decree_and_body(national, units):
    jenggot = units["jenggot"]
    red = item(national, "organisasi")
    for gap in ("SK pembentukan", "Pokja dan SK Pokja", "Ketua pengurus", "Regulasi"):
        assert gap in red.item.reason

    jenggot.decree_number = "SK Lurah 12/2019"
    jenggot.pokja_exists = True
    jenggot.regulation_camat = "SK Camat 4/2020"
    jenggot.save()
    BoardMember.objects.create(unit=jenggot, name="Siti", role=BoardMember.Role.CHAIR)
    red = item(national, "organisasi")
    assert red.item.reason == "Belum diisi: SK Pokja."
    assert red.fix_url == "/kelola/kampung/jenggot/profil/pokja/"

    jenggot.pokja_decree_number = "SK Pokja 3/2020"
    jenggot.save()
    assert item(national, "organisasi").item.ok


def test_readiness_takes_five_queries_however_many_entries(units, staf, django_assert_num_queries):
    for slug in ("jenggot", "bandengan", "padukuhan-kraton"):
        unit = units[slug]
        create_entry(Entry(unit=unit, year=2025, level="provinsi"), staf)
        activity(unit, ActivityCategory.DASHAT, TODAY)
        UnitData.objects.create(unit=unit, year=2025, month=8)
    few = list(Entry.objects.with_unit_region()[:1])
    many = list(Entry.objects.with_unit_region())

    # The fifth (issue 10) reads the units' flagship innovations.
    with django_assert_num_queries(5):
        readiness_for(few, TODAY)
    with django_assert_num_queries(5):
        readiness = readiness_for(many, TODAY)
    assert len(readiness) == 3
