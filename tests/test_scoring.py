"""Scores, ranking and eligibility on a small period worked out by hand.

The period has two aspects and four criteria, total weight 20:

    aspect  criterion  weight  max  points per point of the mean
    input   c1         3       4    100 × 3 ÷ 4 ÷ 20   = 3.75
    input   c2         7       10   100 × 7 ÷ 10 ÷ 20  = 3.5
    proses  c3         4       5    100 × 4 ÷ 5 ÷ 20   = 4
    proses  c4         6       100  100 × 6 ÷ 100 ÷ 20 = 0.3

Each aspect weighs 10, so input = 100 × (3·m1/4 + 7·m2/10) ÷ 10 = 7.5·m1 + 7·m2,
proses = 100 × (4·m3/5 + 6·m4/100) ÷ 10 = 8·m3 + 0.6·m4, and the final score is the
average of the two. Three judges, j1, j2 and j3, are assigned to the period.
"""

from datetime import date
from decimal import Decimal

import pytest

from evaluations.scoring import (
    CriterionRef,
    ScoreRow,
    UnitRef,
    compute_results,
    eligibility,
    suggested_nominee,
)
from villages.formation import Formation, FormationPrecision

CRITERIA = [
    CriterionRef("c1", "input", Decimal(3), Decimal(4)),
    CriterionRef("c2", "input", Decimal(7), Decimal(10)),
    CriterionRef("c3", "proses", Decimal(4), Decimal(5)),
    CriterionRef("c4", "proses", Decimal(6), Decimal(100)),
]
JUDGES = ["j1", "j2", "j3"]
# Given out of name order, so the listing cannot come from the input order.
UNITS = [
    UnitRef("edelweis", "Kampung KB Edelweis"),
    UnitRef("dahlia", "Kampung KB Dahlia"),
    UnitRef("cempaka", "Kampung KB Cempaka"),
    UnitRef("bougenville", "Kampung KB Bougenville"),
    UnitRef("anggrek", "Kampung KB Anggrek"),
    UnitRef("alamanda", "Kampung KB Alamanda"),
]
# j3 is a kader of Bougenville.
EXCLUDED = frozenset({("j3", "bougenville")})


def score_rows(unit_id, **scores_by_judge):
    """ScoreRows from judge=(c1, c2, c3, c4); None leaves that score out."""
    return [
        ScoreRow(unit_id, judge_id, criterion.id, Decimal(value))
        for judge_id, values in scores_by_judge.items()
        for criterion, value in zip(CRITERIA, values, strict=True)
        if value is not None
    ]


SCORES = [
    # m1 = 4, m2 = (9+8+10)/3 = 9, m3 = (4+5+3)/3 = 4, m4 = (90+85+95)/3 = 90
    # input = 7.5·4 + 7·9 = 93; proses = 8·4 + 0.6·90 = 86; final = (93+86)/2 = 89.5
    *score_rows("anggrek", j1=(4, 9, 4, 90), j2=(4, 8, 5, 85), j3=(4, 10, 3, 95)),
    # j3 is excluded: m1 = (3+2)/2 = 2.5, m2 = 7.5, m3 = 4, m4 = (70+80)/2 = 75
    # input = 7.5·2.5 + 7·7.5 = 18.75 + 52.5 = 71.25; proses = 8·4 + 0.6·75 = 77
    # final = (71.25 + 77)/2 = 74.125, half up 74.13 (half even would give 74.12)
    *score_rows("bougenville", j1=(3, 7, 4, 70), j2=(2, 8, 4, 80), j3=(4, None, None, None)),
    # m1 = 8/3, m2 = 7, m3 = 10/3, m4 = (88+90+85)/3 = 263/3
    # input = 7.5·8/3 + 7·7 = 20 + 49 = 69; proses = 80/3 + 157.8/3 = 237.8/3 = 79.266…
    # final = (207/3 + 237.8/3)/2 = 444.8/6 = 74.133…, rounds to 74.13 like Bougenville
    *score_rows("cempaka", j1=(3, 7, 3, 88), j2=(3, 7, 3, 90), j3=(2, 7, 4, 85)),
    # m1 = 2, m2 = 6, m3 = 3, m4 = 60
    # input = 15 + 42 = 57; proses = 24 + 36 = 60; final = 58.5
    *score_rows("dahlia", j1=(2, 5, 3, 50), j2=(2, 6, 3, 60), j3=(2, 7, 3, 70)),
    # j3 left c2 out. Provisional over all four criteria, m2 = 10 from two judges:
    # input = 30 + 70 = 100; proses = 40 + 60 = 100; final = 100
    *score_rows("alamanda", j1=(4, 10, 5, 100), j2=(4, 10, 5, 100), j3=(4, None, 5, 100)),
    # Nobody scored proses. m1 = 3, m2 = 7: input = 22.5 + 49 = 71.5 = final
    *score_rows("edelweis", j1=(2, 6, None, None), j2=(3, 7, None, None), j3=(4, 8, None, None)),
]


@pytest.fixture
def results():
    return compute_results(UNITS, CRITERIA, JUDGES, SCORES, EXCLUDED)


@pytest.fixture
def result_of(results):
    return {result.unit_id: result for result in results}


def test_complete_units_come_first_by_rank_then_incomplete_units_by_name(results):
    assert [(r.unit_id, r.rank) for r in results] == [
        ("anggrek", 1),
        ("bougenville", 2),
        ("cempaka", 2),
        ("dahlia", 4),
        ("alamanda", None),
        ("edelweis", None),
    ]


def test_final_score_and_aspect_subtotals_follow_the_weighted_formula(result_of):
    anggrek = result_of["anggrek"]
    assert anggrek.final_score == Decimal("89.50")
    assert anggrek.aspect_scores == {"input": Decimal("93.00"), "proses": Decimal("86.00")}
    assert anggrek.criterion_means == {
        "c1": Decimal(4),
        "c2": Decimal(9),
        "c3": Decimal(4),
        "c4": Decimal(90),
    }
    dahlia = result_of["dahlia"]
    assert dahlia.final_score == Decimal("58.50")
    assert dahlia.aspect_scores == {"input": Decimal("57.00"), "proses": Decimal("60.00")}


def test_units_with_equal_rounded_scores_share_a_rank_and_are_listed_by_name(result_of):
    # Cempaka is ahead before rounding (74.133… against 74.125); the rank ignores that.
    assert result_of["bougenville"].final_score == Decimal("74.13")
    assert result_of["cempaka"].final_score == Decimal("74.13")
    assert result_of["bougenville"].rank == result_of["cempaka"].rank == 2
    assert result_of["dahlia"].rank == 4


def test_scores_round_half_up_at_the_second_decimal(result_of):
    # 74.125 goes up to 74.13; 71.25 needs no rounding; 79.266… rounds to 79.27.
    bougenville = result_of["bougenville"]
    assert bougenville.final_score == Decimal("74.13")
    assert bougenville.aspect_scores == {"input": Decimal("71.25"), "proses": Decimal("77.00")}
    assert result_of["cempaka"].aspect_scores == {
        "input": Decimal("69.00"),
        "proses": Decimal("79.27"),
    }


def test_rounding_half_up_is_not_fooled_by_a_mean_in_thirds():
    # c1 (weight 3, max 10) mean 7/3, c2 (weight 5, max 100) mean 1:
    # 100 × (3 × 7/3 ÷ 10 + 5 × 1 ÷ 100) ÷ 8 = 100 × (0.7 + 0.05) ÷ 8 = 9.375 → 9.38,
    # although 7/3 held in 28 digits makes it 9.37499…
    criteria = [
        CriterionRef("c1", "input", Decimal(3), Decimal(10)),
        CriterionRef("c2", "input", Decimal(5), Decimal(100)),
    ]
    scores = [
        ScoreRow("anggrek", judge_id, criterion_id, Decimal(value))
        for judge_id, c1, c2 in [("j1", 2, 1), ("j2", 2, 1), ("j3", 3, 1)]
        for criterion_id, value in [("c1", c1), ("c2", c2)]
    ]

    [result] = compute_results([UnitRef("anggrek", "Anggrek")], criteria, JUDGES, scores)

    assert result.final_score == Decimal("9.38")


def test_excluded_judge_scores_are_ignored_and_the_unit_is_complete_without_them(result_of):
    bougenville = result_of["bougenville"]
    # c1 from j1 and j2 only: (3 + 2) / 2, not (3 + 2 + 4) / 3 = 3.
    assert bougenville.criterion_means["c1"] == Decimal("2.5")
    assert bougenville.complete
    assert bougenville.missing == 0
    assert bougenville.judge_count == 2
    assert result_of["cempaka"].judge_count == 3


def test_same_scores_without_the_exclusion_leave_the_unit_incomplete():
    results = compute_results(UNITS, CRITERIA, JUDGES, SCORES)
    bougenville = next(r for r in results if r.unit_id == "bougenville")

    # j3 counts again: c1 mean (3 + 2 + 4) / 3 = 3, and j3's c2, c3, c4 are missing.
    assert bougenville.criterion_means["c1"] == Decimal(3)
    assert not bougenville.complete
    assert bougenville.missing == 3
    assert bougenville.rank is None


def test_incomplete_unit_gets_an_unranked_provisional_score_from_the_scores_it_has(result_of):
    alamanda = result_of["alamanda"]
    assert not alamanda.complete
    assert alamanda.missing == 1
    assert alamanda.rank is None
    assert alamanda.criterion_means["c2"] == Decimal(10)
    # Higher than every ranked unit, and still listed after them.
    assert alamanda.final_score == Decimal("100.00")


def test_aspect_nobody_scored_has_no_subtotal_and_stays_out_of_the_provisional_score(
    result_of,
):
    edelweis = result_of["edelweis"]
    assert edelweis.missing == 6  # 3 judges × c3 and c4
    assert edelweis.criterion_means["c3"] is None
    assert edelweis.criterion_means["c4"] is None
    assert edelweis.aspect_scores == {"input": Decimal("71.50"), "proses": None}
    assert edelweis.final_score == Decimal("71.50")


def test_unit_without_any_score_has_no_provisional_score():
    [result] = compute_results([UnitRef("anggrek", "Anggrek")], CRITERIA, JUDGES, [])

    assert result.final_score is None
    assert result.aspect_scores == {"input": None, "proses": None}
    assert result.missing == 12  # 3 judges × 4 criteria
    assert not result.complete
    assert result.rank is None


def test_scores_from_a_judge_not_assigned_to_the_period_do_not_count():
    scores = [
        *score_rows("anggrek", j1=(4, 9, 4, 90), j2=(4, 8, 5, 85), j3=(4, 10, 3, 95)),
        *score_rows("anggrek", outsider=(0, 0, 0, 0)),
    ]

    [result] = compute_results([UnitRef("anggrek", "Anggrek")], CRITERIA, JUDGES, scores)

    assert result.final_score == Decimal("89.50")
    assert result.judge_count == 3


def test_unit_whose_every_judge_is_excluded_cannot_be_complete():
    excluded = {(judge_id, "anggrek") for judge_id in JUDGES}
    scores = score_rows("anggrek", j1=(4, 9, 4, 90), j2=(4, 8, 5, 85), j3=(4, 10, 3, 95))

    [result] = compute_results([UnitRef("anggrek", "Anggrek")], CRITERIA, JUDGES, scores, excluded)

    assert result.judge_count == 0
    assert result.missing == 0
    assert not result.complete
    assert result.final_score is None


def test_criterion_without_a_positive_weight_is_refused():
    criteria = [CriterionRef("c1", "input", Decimal(0), Decimal(10))]

    with pytest.raises(ValueError):
        compute_results([UnitRef("anggrek", "Anggrek")], criteria, JUDGES, [])


@pytest.mark.parametrize(
    ("formed_on", "reason"),
    [
        (date(2016, 5, 1), "Dicanangkan tahun 2016, memenuhi syarat usia minimal 3 tahun."),
        (date(2022, 12, 31), "Dicanangkan tahun 2022, memenuhi syarat usia minimal 3 tahun."),
    ],
)
def test_unit_formed_at_least_three_years_before_the_period_is_eligible(formed_on, reason):
    result = eligibility(formed_on, 2025)

    assert result.eligible
    assert str(result.reason) == reason


def test_unit_formed_two_years_before_the_period_is_not_eligible_yet():
    # 2023 + 3 = 2026, the first evaluation it may go to.
    result = eligibility(date(2023, 1, 1), 2025)

    assert not result.eligible
    assert str(result.reason) == (
        "Dicanangkan tahun 2023; baru memenuhi syarat usia minimal 3 tahun pada evaluasi 2026."
    )


def test_unit_without_a_formation_date_is_undetermined_never_ineligible():
    result = eligibility(None, 2025)

    assert result.eligible is None
    assert result.machine_value == "belum dapat ditentukan"
    assert str(result.reason) == (
        "Tanggal pencanangan belum diisi, jadi syarat usia belum dapat ditentukan."
    )


def test_a_unit_formed_at_the_latest_in_2022_is_eligible_for_2025():
    formed = Formation(2022, FormationPrecision.AT_LATEST)

    result = eligibility(formed, 2025)

    assert result.eligible is True
    assert result.machine_value == "ya"
    assert str(result.reason) == (
        "Dicanangkan paling lambat tahun 2022, memenuhi syarat usia minimal 3 tahun."
    )


def test_a_unit_formed_at_the_latest_in_2024_cannot_be_judged_for_2025():
    # It may have been formed in 2016 or in 2024: the source does not say.
    result = eligibility(Formation(2024, FormationPrecision.AT_LATEST), 2025)

    assert result.eligible is None
    assert str(result.label) == "belum dapat ditentukan"


def test_a_formation_known_to_the_year_counts_like_a_day_of_that_year():
    assert eligibility(Formation(2022, FormationPrecision.YEAR), 2025).eligible is True
    assert eligibility(Formation(2023, FormationPrecision.YEAR), 2025).eligible is False


def test_minimum_age_can_be_set_per_period():
    # Five years for 2025: formed 2020 or earlier; formed 2021 waits for 2021 + 5 = 2026.
    assert eligibility(date(2020, 7, 1), 2025, min_age_years=5).eligible
    late = eligibility(date(2021, 7, 1), 2025, min_age_years=5)
    assert not late.eligible
    assert str(late.reason) == (
        "Dicanangkan tahun 2021; baru memenuhi syarat usia minimal 5 tahun pada evaluasi 2026."
    )


def test_suggested_nominee_is_the_top_ranked_eligible_unit(results):
    everyone = {unit.id for unit in UNITS}

    assert suggested_nominee(results, everyone).unit_id == "anggrek"


def test_suggested_nominee_skips_an_ineligible_top_unit(results):
    # Without Anggrek, Bougenville and Cempaka share rank 2; Bougenville is listed first.
    eligible = {"bougenville", "cempaka", "dahlia", "alamanda", "edelweis"}

    assert suggested_nominee(results, eligible).unit_id == "bougenville"


def test_incomplete_units_are_never_suggested(results):
    assert suggested_nominee(results, {"alamanda", "edelweis"}) is None
