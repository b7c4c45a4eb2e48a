"""The Kampung KB classification rule: every band edge, the indices and the level."""

from dataclasses import replace
from decimal import Decimal

import pytest

from villages.classification import (
    ClassificationInput,
    Dimension,
    Level,
    classify,
    dimension_index,
    level_for,
    percent,
    public_level,
)

# The weakest possible unit: every indicator scores 1, so a test changes only what it
# is about.
WEAKEST = ClassificationInput(
    pokja_exists=False,
    pokja_has_members=False,
    pokja_trained=False,
    funding_source_count=0,
    activity_groups_present=0,
    facilities_present=0,
    has_field_officer=False,
    has_regulation=False,
    planning_data_source_count=0,
    routine_count=0,
    agency_count=0,
    participation_pct=Decimal(0),
    cpr_pct=Decimal(0),
    mkjp_pct=Decimal(0),
    unmet_need_pct=Decimal(100),
)


def indicator(code, **changes):
    result = classify(replace(WEAKEST, **changes))
    return next(i for i in result.indicators if i.code == code)


def score_of(code, **changes):
    return indicator(code, **changes).score


def test_weakest_unit_scores_1_on_every_indicator():
    assert [i.score for i in classify(WEAKEST).indicators] == [1] * 12


def test_indicators_come_in_order_with_dimension_label_and_max_score():
    rows = [(i.code, i.dimension, str(i.label), i.max_score) for i in classify(WEAKEST).indicators]
    assert rows == [
        ("pokja", Dimension.INPUT, "Pokja", 4),
        ("funding_sources", Dimension.INPUT, "Sumber dana", 4),
        ("activity_groups", Dimension.INPUT, "Kelompok kegiatan (poktan)", 4),
        ("facilities", Dimension.INPUT, "Sarana (Sekretariat, Rumah DataKu)", 3),
        ("officer_regulation", Dimension.INPUT, "PLKB/PKB dan regulasi", 3),
        ("planning_data_sources", Dimension.PROCESS, "Sumber data untuk perencanaan", 4),
        ("routines", Dimension.PROCESS, "Mekanisme operasional", 4),
        ("agencies", Dimension.PROCESS, "Lintas sektor yang terlibat", 4),
        ("participation", Dimension.OUTPUT, "Partisipasi poktan", 4),
        ("cpr", Dimension.OUTPUT, "CPR (kesertaan ber-KB)", 4),
        ("mkjp", Dimension.OUTPUT, "MKJP", 4),
        ("unmet_need", Dimension.OUTPUT, "Unmet need", 4),
    ]


@pytest.mark.parametrize(
    "exists, has_members, trained, score",
    [
        (False, False, False, 1),
        (False, True, True, 1),
        (True, False, False, 2),
        (True, True, False, 3),
        (True, False, True, 3),
        (True, True, True, 4),
    ],
)
def test_pokja_scores_by_existence_members_and_training(exists, has_members, trained, score):
    changes = dict(pokja_exists=exists, pokja_has_members=has_members, pokja_trained=trained)
    assert score_of("pokja", **changes) == score


@pytest.mark.parametrize("count, score", [(0, 1), (1, 2), (2, 3), (4, 3), (5, 4), (9, 4)])
def test_funding_sources_score_by_band(count, score):
    assert score_of("funding_sources", funding_source_count=count) == score


@pytest.mark.parametrize("count, score", [(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4)])
def test_activity_groups_score_by_band(count, score):
    assert score_of("activity_groups", activity_groups_present=count) == score


@pytest.mark.parametrize("count, score", [(0, 1), (1, 2), (2, 3)])
def test_facilities_score_by_band(count, score):
    assert score_of("facilities", facilities_present=count) == score


@pytest.mark.parametrize(
    "has_field_officer, has_regulation, score",
    [(False, False, 1), (True, False, 2), (False, True, 2), (True, True, 3)],
)
def test_field_officer_and_regulation_score_one_point_each(
    has_field_officer, has_regulation, score
):
    changes = dict(has_field_officer=has_field_officer, has_regulation=has_regulation)
    assert score_of("officer_regulation", **changes) == score


@pytest.mark.parametrize("count, score", [(0, 1), (1, 2), (2, 3), (3, 3), (4, 4), (6, 4)])
def test_planning_data_sources_score_by_band(count, score):
    assert score_of("planning_data_sources", planning_data_source_count=count) == score


@pytest.mark.parametrize("count, score", [(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4)])
def test_routines_score_by_band(count, score):
    assert score_of("routines", routine_count=count) == score


@pytest.mark.parametrize("count, score", [(0, 1), (1, 2), (3, 2), (4, 3), (6, 3), (7, 4), (12, 4)])
def test_agencies_score_by_band(count, score):
    assert score_of("agencies", agency_count=count) == score


@pytest.mark.parametrize(
    "pct, score",
    [
        ("0", 1),
        ("9.99", 1),
        ("10", 2),
        ("20", 2),
        ("20.01", 3),
        ("30", 3),
        ("30.01", 4),
        ("100", 4),
    ],
)
def test_participation_scores_by_band(pct, score):
    assert score_of("participation", participation_pct=Decimal(pct)) == score


@pytest.mark.parametrize(
    "pct, score",
    [
        ("29.99", 1),
        ("30", 2),
        ("40", 2),
        ("40.01", 3),
        ("40.5", 3),
        ("50", 3),
        ("50.01", 4),
    ],
)
def test_cpr_scores_by_band(pct, score):
    assert score_of("cpr", cpr_pct=Decimal(pct)) == score


def test_cpr_of_exactly_40_percent_scores_2():
    assert score_of("cpr", cpr_pct=Decimal(40)) == 2


@pytest.mark.parametrize(
    "pct, score",
    [
        ("19.99", 1),
        ("20", 2),
        ("22", 2),
        ("22.01", 3),
        ("24", 3),
        ("24.01", 4),
    ],
)
def test_mkjp_scores_by_band(pct, score):
    assert score_of("mkjp", mkjp_pct=Decimal(pct)) == score


@pytest.mark.parametrize(
    "pct, score",
    [
        ("100", 1),
        ("12.01", 1),
        ("12", 2),
        ("9.01", 2),
        ("9", 3),
        ("6.01", 3),
        ("6", 4),
        ("0", 4),
    ],
)
def test_unmet_need_scores_by_band_where_lower_is_better(pct, score):
    assert score_of("unmet_need", unmet_need_pct=Decimal(pct)) == score


@pytest.mark.parametrize(
    "field, code",
    [
        ("participation_pct", "participation"),
        ("cpr_pct", "cpr"),
        ("mkjp_pct", "mkjp"),
        ("unmet_need_pct", "unmet_need"),
    ],
)
def test_missing_percentage_scores_1(field, code):
    scored = indicator(code, **{field: None})
    assert scored.score == 1
    assert scored.value is None


def test_missing_unmet_need_scores_1_even_though_low_values_score_high():
    assert score_of("unmet_need", unmet_need_pct=None) == 1


def test_indicator_value_is_the_raw_input():
    assert indicator("cpr", cpr_pct=Decimal("41.25")).value == Decimal("41.25")
    assert indicator("routines", routine_count=3).value == 3


def test_pokja_value_says_what_is_in_place():
    assert str(indicator("pokja").value) == "belum ada"
    pokja = indicator("pokja", pokja_exists=True, pokja_has_members=True)
    assert str(pokja.value) == "ada; beranggota: ya; terlatih: tidak"


def test_officer_and_regulation_value_says_what_is_in_place():
    scored = indicator("officer_regulation", has_regulation=True)
    assert str(scored.value) == "PLKB/PKB: tidak; regulasi: ya"


@pytest.mark.parametrize(
    "changes, code, target",
    [
        ({"cpr_pct": Decimal(20)}, "cpr", "Naikkan CPR menjadi minimal 30%"),
        ({"cpr_pct": Decimal(35)}, "cpr", "Naikkan CPR menjadi lebih dari 40%"),
        ({"mkjp_pct": Decimal(23)}, "mkjp", "Naikkan MKJP menjadi lebih dari 24%"),
        (
            {"participation_pct": Decimal(5)},
            "participation",
            "Naikkan partisipasi poktan menjadi minimal 10%",
        ),
        (
            {"unmet_need_pct": Decimal("12.01")},
            "unmet_need",
            "Turunkan unmet need menjadi paling tinggi 12%",
        ),
        (
            {"unmet_need_pct": Decimal(7)},
            "unmet_need",
            "Turunkan unmet need menjadi paling tinggi 6%",
        ),
        ({"funding_source_count": 1}, "funding_sources", "Gunakan minimal 2 sumber dana"),
        ({"agency_count": 4}, "agencies", "Libatkan minimal 7 sektor"),
        ({}, "pokja", "Bentuk pokja Kampung KB"),
        (
            {"pokja_exists": True, "pokja_has_members": True},
            "pokja",
            "Ikutkan pokja dalam pelatihan",
        ),
        (
            {"has_field_officer": True},
            "officer_regulation",
            "Terbitkan regulasi (peraturan atau SK) tentang Kampung KB",
        ),
    ],
)
def test_next_target_names_what_reaches_the_next_band(changes, code, target):
    assert str(indicator(code, **changes).next_target) == target


def test_next_target_for_missing_data_asks_for_the_data_first():
    target = indicator("cpr", cpr_pct=None).next_target
    assert str(target) == "Lengkapi data. Naikkan CPR menjadi minimal 30%"


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"pokja_exists": True, "pokja_has_members": True, "pokja_trained": True}, "pokja"),
        ({"facilities_present": 2}, "facilities"),
        ({"has_field_officer": True, "has_regulation": True}, "officer_regulation"),
        ({"agency_count": 7}, "agencies"),
        ({"unmet_need_pct": Decimal(6)}, "unmet_need"),
    ],
)
def test_indicator_at_its_maximum_has_no_next_target(changes, code):
    scored = indicator(code, **changes)
    assert scored.score == scored.max_score
    assert scored.next_target is None


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (1, 4, Decimal("25.00")),
        (1, 3, Decimal("33.33")),
        (2, 3, Decimal("66.67")),
        (1, 8, Decimal("12.50")),
        (1, 800, Decimal("0.13")),
        (0, 10, Decimal("0.00")),
        (Decimal("1.5"), 10, Decimal("15.00")),
    ],
)
def test_percent_is_rounded_half_up_to_2_decimals(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.mark.parametrize("part, whole", [(None, 10), (3, None), (3, 0), (None, None)])
def test_percent_is_none_when_it_cannot_be_computed(part, whole):
    assert percent(part, whole) is None


@pytest.mark.parametrize(
    "scores, expected",
    [
        ([3, 3, 2], Decimal("2.67")),
        ([2, 2, 3], Decimal("2.33")),
        ([1, 1, 1, 1, 1, 1, 1, 2], Decimal("1.13")),
        ([2, 2, 2, 2, 2, 2, 2, 3], Decimal("2.13")),
        ([4, 3, 3, 2], Decimal("3.00")),
    ],
)
def test_dimension_index_is_the_mean_rounded_half_up_to_2_decimals(scores, expected):
    assert dimension_index(scores) == expected


def test_process_index_of_two_thirds_rounds_to_2_decimals():
    result = classify(
        replace(WEAKEST, planning_data_source_count=2, routine_count=3, agency_count=1)
    )
    assert result.process_index == Decimal("2.67")
    assert not result.process_strong


def test_an_index_of_exactly_3_is_strong():
    result = classify(
        replace(WEAKEST, planning_data_source_count=2, routine_count=3, agency_count=4)
    )
    assert result.process_index == Decimal("3.00")
    assert result.process_strong


def test_an_input_index_just_under_3_is_not_strong():
    # Scores 4, 3, 3, 2, 2: a mean of 2.8.
    result = classify(
        replace(
            WEAKEST,
            pokja_exists=True,
            pokja_has_members=True,
            pokja_trained=True,
            funding_source_count=2,
            activity_groups_present=3,
            facilities_present=1,
            has_field_officer=True,
        )
    )
    assert result.input_index == Decimal("2.80")
    assert not result.input_strong


@pytest.mark.parametrize(
    "input_strong, process_strong, output_strong, level",
    [
        (False, False, False, Level.DASAR),
        (True, False, False, Level.DASAR),
        (False, True, False, Level.DASAR),
        (False, False, True, Level.DASAR),
        (True, True, False, Level.BERKEMBANG),
        (True, False, True, Level.MANDIRI),
        (False, True, True, Level.MANDIRI),
        (True, True, True, Level.BERKELANJUTAN),
    ],
)
def test_level_follows_which_dimensions_are_strong(
    input_strong, process_strong, output_strong, level
):
    assert level_for(input_strong, process_strong, output_strong) == level


def test_levels_have_indonesian_labels():
    assert [(level.value, str(level.label)) for level in Level] == [
        ("dasar", "Dasar"),
        ("berkembang", "Berkembang"),
        ("mandiri", "Mandiri"),
        ("berkelanjutan", "Berkelanjutan"),
    ]


def test_young_unit_with_few_activities_is_dasar():
    result = classify(
        ClassificationInput(
            pokja_exists=True,
            pokja_has_members=False,
            pokja_trained=False,
            funding_source_count=1,
            activity_groups_present=2,
            facilities_present=1,
            has_field_officer=True,
            has_regulation=False,
            planning_data_source_count=1,
            routine_count=2,
            agency_count=2,
            participation_pct=Decimal(15),
            cpr_pct=Decimal(35),
            mkjp_pct=Decimal(18),
            unmet_need_pct=Decimal(13),
        )
    )
    assert (result.input_index, result.process_index, result.output_index) == (
        Decimal("2.00"),
        Decimal("2.00"),
        Decimal("1.50"),
    )
    assert result.level == Level.DASAR


def test_unit_with_strong_input_and_process_but_weak_output_is_berkembang():
    result = classify(
        ClassificationInput(
            pokja_exists=True,
            pokja_has_members=True,
            pokja_trained=False,
            funding_source_count=3,
            activity_groups_present=4,
            facilities_present=2,
            has_field_officer=True,
            has_regulation=True,
            planning_data_source_count=3,
            routine_count=4,
            agency_count=5,
            participation_pct=Decimal(25),
            cpr_pct=Decimal(45),
            mkjp_pct=Decimal(21),
            unmet_need_pct=Decimal(10),
        )
    )
    assert (result.input_index, result.process_index, result.output_index) == (
        Decimal("3.00"),
        Decimal("3.00"),
        Decimal("2.50"),
    )
    assert (result.input_strong, result.process_strong, result.output_strong) == (
        True,
        True,
        False,
    )
    assert result.level == Level.BERKEMBANG


def test_unit_with_strong_input_and_output_but_weak_process_is_mandiri():
    result = classify(
        ClassificationInput(
            pokja_exists=True,
            pokja_has_members=True,
            pokja_trained=False,
            funding_source_count=3,
            activity_groups_present=4,
            facilities_present=2,
            has_field_officer=True,
            has_regulation=True,
            planning_data_source_count=1,
            routine_count=2,
            agency_count=4,
            participation_pct=Decimal(35),
            cpr_pct=Decimal(55),
            mkjp_pct=Decimal(23),
            unmet_need_pct=None,
        )
    )
    assert (result.input_index, result.process_index, result.output_index) == (
        Decimal("3.00"),
        Decimal("2.33"),
        Decimal("3.00"),
    )
    assert result.level == Level.MANDIRI


def test_unit_at_the_top_of_every_indicator_is_berkelanjutan():
    result = classify(
        ClassificationInput(
            pokja_exists=True,
            pokja_has_members=True,
            pokja_trained=True,
            funding_source_count=5,
            activity_groups_present=5,
            facilities_present=2,
            has_field_officer=True,
            has_regulation=True,
            planning_data_source_count=4,
            routine_count=5,
            agency_count=7,
            participation_pct=percent(40, 100),
            cpr_pct=percent(620, 1000),
            mkjp_pct=percent(30, 100),
            unmet_need_pct=percent(50, 1000),
        )
    )
    assert (result.input_index, result.process_index, result.output_index) == (
        Decimal("3.60"),
        Decimal("4.00"),
        Decimal("4.00"),
    )
    assert result.level == Level.BERKELANJUTAN
    assert all(i.next_target is None for i in result.indicators)


TOP = ClassificationInput(
    pokja_exists=True,
    pokja_has_members=True,
    pokja_trained=True,
    funding_source_count=5,
    activity_groups_present=5,
    facilities_present=2,
    has_field_officer=True,
    has_regulation=True,
    planning_data_source_count=4,
    routine_count=5,
    agency_count=7,
    participation_pct=Decimal(40),
    cpr_pct=Decimal(62),
    mkjp_pct=Decimal(30),
    unmet_need_pct=Decimal(5),
)


def test_a_fully_known_unit_has_its_level_published():
    level = public_level(classify(TOP))
    assert (level.level, level.provisional, level.missing) == (
        Level.BERKELANJUTAN,
        Level.BERKELANJUTAN,
        (),
    )


@pytest.mark.parametrize(
    "field, code",
    [
        ("pokja_exists", "pokja"),
        ("pokja_trained", "pokja"),
        ("funding_source_count", "funding_sources"),
        ("activity_groups_present", "activity_groups"),
        ("facilities_present", "facilities"),
        ("has_field_officer", "officer_regulation"),
        ("has_regulation", "officer_regulation"),
        ("planning_data_source_count", "planning_data_sources"),
        ("routine_count", "routines"),
        ("agency_count", "agencies"),
        ("participation_pct", "participation"),
        ("cpr_pct", "cpr"),
        ("mkjp_pct", "mkjp"),
        ("unmet_need_pct", "unmet_need"),
    ],
)
def test_one_unknown_indicator_withholds_the_public_level(field, code):
    result = classify(replace(TOP, **{field: None}))
    level = public_level(result)
    assert level.level is None
    assert result.public_level is None
    assert [indicator.code for indicator in level.missing] == [code]
    # The national rule scores the unknown as missing: the provisional level.
    assert level.provisional == result.level


def test_a_pokja_known_not_to_exist_is_known_without_members_or_training():
    result = classify(replace(TOP, pokja_exists=False, pokja_has_members=None, pokja_trained=None))
    assert result.missing == []
    assert indicator("pokja", pokja_exists=None).value is None


def test_an_unknown_yes_no_reads_belum_diisi_never_tidak():
    officer = indicator("officer_regulation", has_field_officer=None, has_regulation=True)
    assert str(officer.value) == "PLKB/PKB: belum diisi; regulasi: ya"
    pokja = indicator("pokja", pokja_exists=True, pokja_has_members=True, pokja_trained=None)
    assert str(pokja.value) == "ada; beranggota: ya; terlatih: belum diisi"
