"""A real unit's classification, gathered from its profile, latest data and activities."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports import answer_every_profile_indicator, complete
from villages.classification import Level
from villages.models import Activity, ActivityCategory, Agency, KampungKB, Kelurahan, UnitData
from villages.unit_classification import (
    agency_window,
    classification_input_for,
    classifications_for,
    latest_complete_data_by_unit,
    level_change_message,
    unit_classification,
)

TODAY = date(2026, 11, 20)


def scores(classification):
    return {indicator.code: indicator.score for indicator in classification.indicators}


def add_activity(unit, on, *agency_names):
    activity = Activity.objects.create(
        unit=unit, title="Penyuluhan", date=on, category=ActivityCategory.BKB
    )
    activity.agencies.set([Agency.objects.get_or_create(name=name)[0] for name in agency_names])
    return activity


@pytest.fixture
def jenggot(pekalongan):
    """Jenggot set up by hand so that its level can be worked out on paper (Mandiri)."""
    unit = KampungKB.objects.get(slug="jenggot")
    # Input 3.00, strong; process with the three agencies below 2.33, not strong (the
    # arithmetic is in `tests.reports.answer_every_profile_indicator`).
    answer_every_profile_indicator(unit)
    add_activity(unit, TODAY - timedelta(days=10), "Puskesmas", "TP PKK")
    add_activity(unit, TODAY - timedelta(days=200), "Puskesmas", "Posyandu")
    # Outside the 12-month window, or another unit's: not counted.
    add_activity(unit, date(2025, 11, 20), "Dinas Kesehatan", "TNI (Babinsa)")
    add_activity(KampungKB.objects.get(slug="bandengan"), TODAY, "Perguruan tinggi")
    # Output from the latest record (March 2026): CPR 52% 4, MKJP 130/520 = 25% 4,
    # unmet need 5% 4, participation mean(34.29, 26.67) = 30.48% 4 -> 4.00, strong.
    UnitData.objects.create(
        unit=unit,
        year=2026,
        month=3,
        **complete(
            couples=1000,
            active_users=520,
            users_iud=50,
            users_implant=80,
            users_injection=300,
            unmet_need=50,
            bkb_target=350,
            bkb_members=120,
            bkr_target=300,
            bkr_members=80,
        ),
    )
    # Other records with weak figures: using one of them would change the level. The
    # newer one is partial, so it does not replace March.
    UnitData.objects.create(unit=unit, year=2026, month=4, couples=1000, active_users=20)
    weak = complete(couples=1000, active_users=100)
    UnitData.objects.create(unit=unit, year=2026, month=2, **weak)
    UnitData.objects.create(unit=unit, year=2025, **weak)
    return unit


def test_real_unit_matches_the_hand_computed_level(jenggot, django_assert_num_queries):
    with django_assert_num_queries(2):
        result = unit_classification(jenggot, today=TODAY)
    assert scores(result) == {
        "pokja": 4,
        "funding_sources": 3,
        "activity_groups": 3,
        "facilities": 2,
        "officer_regulation": 3,
        "planning_data_sources": 3,
        "routines": 2,
        "agencies": 2,
        "participation": 4,
        "cpr": 4,
        "mkjp": 4,
        "unmet_need": 4,
    }
    assert (result.input_index, result.process_index, result.output_index) == (
        Decimal("3.00"),
        Decimal("2.33"),
        Decimal("4.00"),
    )
    assert result.level == Level.MANDIRI
    assert result.missing == []
    assert result.public_level == Level.MANDIRI


def test_agencies_are_counted_once_within_the_last_12_months(jenggot):
    agencies = next(
        i for i in unit_classification(jenggot, today=TODAY).indicators if i.code == "agencies"
    )
    assert agencies.value == 3  # Puskesmas, TP PKK, Posyandu


def test_one_more_routine_makes_the_unit_berkelanjutan(jenggot):
    # Routines 3 -> score 3; agencies to 4 -> score 3: process 3.00, every dimension strong.
    jenggot.routine_socialisation = "bulanan"
    jenggot.save()
    add_activity(jenggot, TODAY, "Dinas Pendidikan")
    assert unit_classification(jenggot, today=TODAY).level == Level.BERKELANJUTAN


def test_bulk_classifications_agree_with_the_single_unit(jenggot):
    single = unit_classification(jenggot, today=TODAY)
    bulk = classifications_for(KampungKB.objects.all(), today=TODAY)
    assert len(bulk) == 27
    assert bulk[jenggot.pk] == single
    bandengan = KampungKB.objects.get(slug="bandengan")
    assert scores(bulk[bandengan.pk])["agencies"] == 2
    assert bulk[bandengan.pk].level == Level.DASAR


def test_agency_counts_read_with_the_units_equal_those_read_on_their_own(jenggot):
    """`with_agency_count` (the units' own query) and `_agency_counts` (a query of its own)
    agree on every case: agencies repeated, none, only old activities, none at all."""
    from villages.unit_classification import _agency_counts, agency_count_for, with_agency_count

    bandengan, degayu, kergon = (
        KampungKB.objects.get(slug=slug) for slug in ("bandengan", "degayu", "bendan-kergon")
    )
    add_activity(degayu, TODAY - timedelta(days=5))  # an activity without agencies
    add_activity(kergon, TODAY - timedelta(days=400), "Puskesmas")  # outside the window
    separate = _agency_counts(list(KampungKB.objects.values_list("pk", flat=True)), TODAY)
    annotated = {
        unit.pk: unit.recent_agency_count
        for unit in with_agency_count(KampungKB.objects.all(), TODAY)
    }
    assert annotated == {pk: separate.get(pk) for pk in annotated}
    assert (annotated[jenggot.pk], annotated[bandengan.pk]) == (3, 1)
    assert (annotated[degayu.pk], annotated[kergon.pk]) == (0, None)
    loaded = with_agency_count(KampungKB.objects.filter(pk=kergon.pk), TODAY).get()
    assert agency_count_for(loaded, TODAY) is None


def test_latest_complete_data_by_unit_follows_newest_first_over_complete_reports(jenggot):
    UnitData.objects.create(unit=jenggot, year=2026, **complete(couples=1))
    bandengan = KampungKB.objects.get(slug="bandengan")
    UnitData.objects.create(unit=bandengan, year=2024, month=12, **complete())
    UnitData.objects.create(unit=bandengan, year=2025, month=1, couples=5)
    latest = latest_complete_data_by_unit([jenggot.pk, bandengan.pk])
    assert latest[jenggot.pk].couples == 1  # a yearly record stands for the end of its year
    assert (latest[bandengan.pk].year, latest[bandengan.pk].month) == (2024, 12)


def test_a_partial_month_after_a_complete_one_leaves_the_level_as_it_was(jenggot):
    UnitData.objects.create(unit=jenggot, year=2026, month=5, couples=1000, active_users=10)
    result = unit_classification(jenggot, today=TODAY)
    assert scores(result)["cpr"] == 4  # March's 52%, not May's 1%
    assert result.public_level == Level.MANDIRI


def test_a_unit_with_one_missing_indicator_has_no_public_level(jenggot):
    jenggot.has_rumah_dataku = None
    jenggot.save()
    result = unit_classification(jenggot, today=TODAY)
    assert [indicator.code for indicator in result.missing] == ["facilities"]
    assert result.public_level is None
    # The national rule scores the missing facilities 1: input 14 / 5 = 2.80, not strong,
    # so the provisional level shown to the kader is Dasar.
    assert result.level == Level.DASAR

    jenggot.has_rumah_dataku = False
    jenggot.save()
    assert unit_classification(jenggot, today=TODAY).public_level == Level.MANDIRI


def test_a_unit_without_activity_in_the_last_12_months_misses_the_agency_count(jenggot):
    Activity.objects.filter(unit=jenggot, date__gte=date(2025, 11, 21)).delete()
    result = unit_classification(jenggot, today=TODAY)
    assert [indicator.code for indicator in result.missing] == ["agencies"]


def test_activities_without_agencies_count_as_zero_agencies(jenggot):
    Activity.objects.get(unit=jenggot, date=TODAY - timedelta(days=10)).agencies.clear()
    Activity.objects.get(unit=jenggot, date=TODAY - timedelta(days=200)).agencies.clear()
    result = unit_classification(jenggot, today=TODAY)
    agencies = next(i for i in result.indicators if i.code == "agencies")
    assert (agencies.value, agencies.missing) == (0, False)


def test_unanswered_facts_reach_the_rule_as_unknown(pekalongan):
    unit = KampungKB.objects.get(slug="medono")
    data = classification_input_for(unit, None, None)
    assert data == type(data)(**dict.fromkeys(data.__dataclass_fields__))
    unit.has_bkb = unit.has_bkr = unit.has_bkl = unit.has_uppka = True
    assert classification_input_for(unit, None, None).activity_groups_present is None
    unit.has_pikr = False
    assert classification_input_for(unit, None, None).activity_groups_present == 4
    unit.pokja_exists = True
    unit.pokja_member_count = 0
    data = classification_input_for(unit, None, None)
    assert (data.pokja_has_members, data.pokja_trained) == (False, None)


def test_the_level_change_message_names_both_levels():
    assert level_change_message(Level.MANDIRI, Level.MANDIRI) is None
    assert (
        level_change_message(Level.BERKEMBANG, Level.MANDIRI)
        == "Tingkat publik berubah dari Berkembang menjadi Mandiri."
    )
    assert (
        level_change_message(None, Level.DASAR)
        == "Tingkat publik berubah dari Belum dapat diklasifikasi menjadi Dasar."
    )


def test_unit_without_data_scores_1_on_every_output(pekalongan):
    unit = KampungKB.objects.get(slug="medono")
    result = unit_classification(unit)
    assert [i.score for i in result.indicators if i.dimension == "output"] == [1, 1, 1, 1]
    assert result.level == Level.DASAR
    # Nothing is known about a fresh unit: no level is published.
    assert len(result.missing) == 12
    assert result.public_level is None


def test_pokja_members_and_training_count_only_when_the_pokja_exists(pekalongan):
    unit = KampungKB.objects.get(slug="medono")
    unit.pokja_exists = False
    unit.pokja_member_count = 5
    unit.pokja_trained = True
    data = classification_input_for(unit, None, 0)
    assert (data.pokja_exists, data.pokja_has_members, data.pokja_trained) == (False, False, False)


def test_agency_window_is_the_last_12_months():
    assert agency_window(date(2026, 3, 1)) == (date(2025, 3, 2), date(2026, 3, 1))
    assert agency_window(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


def make_units(count):
    kecamatan = Kelurahan.objects.first().kecamatan
    for number in range(count):
        kelurahan = Kelurahan.objects.create(
            kecamatan=kecamatan, code=f"33.75.99.{1000 + number}", name=f"Baru {number}"
        )
        unit = KampungKB.objects.create(kelurahan=kelurahan, slug=f"baru-{number}")
        UnitData.objects.create(
            unit=unit, year=2026, month=1, **complete(couples=10, active_users=6)
        )
        add_activity(unit, TODAY, "Puskesmas", f"Sektor {number}")


def count_queries(units):
    with CaptureQueriesContext(connection) as queries:
        result = classifications_for(units, today=TODAY)
    return len(queries), result


def test_bulk_classification_runs_a_fixed_number_of_queries(jenggot):
    queries_for_27, result = count_queries(KampungKB.objects.all())
    assert len(result) == 27
    assert queries_for_27 == 3  # the units, the latest data, the agency counts

    make_units(8)
    queries_for_35, result = count_queries(KampungKB.objects.all())
    assert len(result) == 35
    assert queries_for_35 == queries_for_27
    assert scores(result[KampungKB.objects.get(slug="baru-3").pk])["cpr"] == 4
