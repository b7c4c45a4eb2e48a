"""Calibration of the judges on a small example worked out by hand.

Three judges (a, b, c) score four units (u1..u4) on two criteria of the same aspect,
each weight 1 and maximum 4. A judge's unit score is 100 × (v1/4 + v2/4) ÷ 2
= 12.5 × (v1 + v2):

    judge  u1 (c1,c2)      u2 (c1,c2)      u3 (c1,c2)      u4 (c1,c2)
    a      4,4 → 100       3,3 → 75        2,3 → 62.5      2,1 → 37.5
    b      4,3 → 87.5      4,3 → 87.5      2,2 → 50        1,2 → 37.5
    c      4,3 → 87.5      4,4 → 100       2,1 → 37.5      2,2 → 50
"""

from decimal import Decimal
from fractions import Fraction
from math import sqrt

import pytest

from evaluations.calibration import (
    agreement_label,
    average_ranks,
    calibrate,
    kendalls_w,
)
from evaluations.scoring import CriterionRef, ScoreRow

CRITERIA = [
    CriterionRef("c1", "aspek", Decimal(1), Decimal(4)),
    CriterionRef("c2", "aspek", Decimal(1), Decimal(4)),
]
UNITS = ["u1", "u2", "u3", "u4"]
JUDGES = ["a", "b", "c"]
VALUES = {
    "a": {"u1": (4, 4), "u2": (3, 3), "u3": (2, 3), "u4": (2, 1)},
    "b": {"u1": (4, 3), "u2": (4, 3), "u3": (2, 2), "u4": (1, 2)},
    "c": {"u1": (4, 3), "u2": (4, 4), "u3": (2, 1), "u4": (2, 2)},
}


def rows(values=VALUES):
    return [
        ScoreRow(unit, judge, criterion, Decimal(value))
        for judge, units in values.items()
        for unit, pair in units.items()
        for criterion, value in zip(("c1", "c2"), pair, strict=True)
    ]


def example(threshold=1, **kwargs):
    kwargs.setdefault("judge_ids", JUDGES)
    kwargs.setdefault("scores", rows())
    return calibrate(UNITS, CRITERIA, threshold=threshold, **kwargs)


def test_each_judge_unit_score_is_the_final_score_formula_over_their_sheet_alone():
    report = example()

    assert report.unit_scores == {
        "a": {"u1": 100, "u2": 75, "u3": Decimal("62.5"), "u4": Decimal("37.5")},
        "b": {"u1": Decimal("87.5"), "u2": Decimal("87.5"), "u3": 50, "u4": Decimal("37.5")},
        "c": {"u1": Decimal("87.5"), "u2": 100, "u3": Decimal("37.5"), "u4": 50},
    }


def test_each_judge_mean_and_spread_stand_beside_the_others_for_the_same_units():
    # a: mean (100 + 75 + 62.5 + 37.5) ÷ 4 = 68.75; deviations ±31.25, ±6.25;
    #    variance (2 × 976.5625 + 2 × 39.0625) ÷ 4 = 507.8125.
    # b: mean 262.5 ÷ 4 = 65.625; deviations 21.875, 21.875, −15.625, −28.125;
    #    variance (2 × 478.515625 + 244.140625 + 791.015625) ÷ 4 = 498.046875.
    # c: mean 275 ÷ 4 = 68.75; deviations ±18.75, ±31.25;
    #    variance (2 × 351.5625 + 2 × 976.5625) ÷ 4 = 664.0625.
    # Others of a: b and c together, 537.5 ÷ 8 = 67.1875; deviations 20.3125 (×3),
    #    −17.1875 (×2), −29.6875 (×2), 32.8125: variance 4667.96875 ÷ 8 = 583.49609375.
    # Others of b: a and c, 550 ÷ 8 = 68.75; of c: a and b, 537.5 ÷ 8 = 67.1875.
    a, b, c = example().judges

    assert (a.judge_id, a.units, a.mean, a.others_mean) == ("a", 4, 68.75, 67.1875)
    assert a.spread == pytest.approx(sqrt(507.8125))
    assert a.others_spread == pytest.approx(sqrt(583.49609375))
    assert a.difference == pytest.approx(1.5625)
    assert (b.mean, b.others_mean) == (65.625, 68.75)
    assert b.spread == pytest.approx(sqrt(498.046875))
    assert b.difference == pytest.approx(-3.125)
    assert (c.mean, c.others_mean) == (68.75, 67.1875)
    assert c.spread == pytest.approx(sqrt(664.0625))


def test_the_units_are_listed_by_the_spread_between_judges_largest_first():
    # u1: 100, 87.5, 87.5 → mean 91.67, deviations 8.33, −4.17, −4.17:
    #     variance (69.44 + 2 × 17.36) ÷ 3 = 34.72, SD 5.89, range 12.5.
    # u2: 75, 87.5, 100 → mean 87.5, variance (156.25 + 0 + 156.25) ÷ 3 = 104.17,
    #     SD 10.21, range 25.  u3: 62.5, 50, 37.5 → the same as u2 around 50.
    # u4: 37.5, 37.5, 50 → the same as u1 around 41.67. Equal spreads keep unit order.
    units = example().units

    assert [unit.unit_id for unit in units] == ["u2", "u3", "u1", "u4"]
    u2, u3, u1, u4 = units
    assert u2.spread == pytest.approx(sqrt(312.5 / 3))
    assert (u2.mean, u2.lowest, u2.highest, u2.range, u2.judges) == (87.5, 75, 100, 25, 3)
    assert (u3.mean, u3.range) == (50, 25)
    # Exactly: deviations 25/3, −25/6, −25/6; squares 2500/36 + 2 × 625/36 = 3750/36.
    assert u1.spread == pytest.approx(sqrt(3750 / 36 / 3))
    assert u1.mean == pytest.approx(275 / 3)
    assert u1.range == Decimal("12.5") == u4.range


def test_scores_far_from_the_other_judges_mean_on_the_same_criterion_are_flagged():
    # u1 c2: a 4 against (3 + 3) ÷ 2 = 3 → +1.    u2 c1: a 3 against 4 → −1.
    # u2 c2: c 4 against 3 → +1.                   u3 c2: a 3 against (2 + 1) ÷ 2 = 1.5
    # → +1.5, c 1 against (3 + 2) ÷ 2 = 2.5 → −1.5 (b: 2 against 2 → 0).
    # u4 c1: b 1 against 2 → −1.  u4 c2: a 1 against 2 → −1. Everything else is within
    # 0.5 of the others (u1 c1 and u3 c1 are unanimous).
    flagged = example().flagged

    assert [
        (f.unit_id, f.criterion_id, f.judge_id, f.value, f.others_mean, f.difference)
        for f in flagged
    ] == [
        ("u1", "c2", "a", 4, 3, 1),
        ("u2", "c1", "a", 3, 4, -1),
        ("u2", "c2", "c", 4, 3, 1),
        ("u3", "c2", "a", 3, Decimal("1.5"), Decimal("1.5")),
        ("u3", "c2", "c", 1, Decimal("2.5"), Decimal("-1.5")),
        ("u4", "c1", "b", 1, 2, -1),
        ("u4", "c2", "a", 1, 2, -1),
    ]


def test_a_higher_threshold_flags_fewer_scores():
    flagged = example(threshold=1.5).flagged

    assert [(f.unit_id, f.judge_id) for f in flagged] == [("u3", "a"), ("u3", "c")]


def test_the_threshold_scales_with_a_criterion_of_another_maximum():
    # On a 0–10 criterion the 1-point threshold of the 1–4 scale is 1 × 10 ÷ 4 = 2.5.
    criteria = [CriterionRef("c1", "aspek", Decimal(1), Decimal(10))]
    scores = [ScoreRow("u1", "a", "c1", Decimal(8)), ScoreRow("u1", "b", "c1", Decimal(6))]
    near = calibrate(["u1"], criteria, ["a", "b"], scores, threshold=1)
    scores.append(ScoreRow("u1", "c", "c1", Decimal(4)))
    far = calibrate(["u1"], criteria, ["a", "b", "c"], scores, threshold=1)

    assert near.flagged == []
    # a: 8 against (6 + 4) ÷ 2 = 5 → +3; c: 4 against 7 → −3; b: 6 against 6 → 0.
    assert [(f.judge_id, f.difference) for f in far.flagged] == [("a", 3), ("c", -3)]


def test_kendalls_w_of_the_example_equals_the_hand_value_with_the_tie_correction():
    # Ranks (1 = highest): a: u1 1, u2 2, u3 3, u4 4.
    #   b: u1 and u2 tie at 87.5 → 1.5 each, u3 3, u4 4; one pair tied: T_b = 2³ − 2 = 6.
    #   c: u2 1, u1 2, u4 3, u3 4.
    # Rank sums R: u1 1 + 1.5 + 2 = 4.5, u2 2 + 1.5 + 1 = 4.5, u3 3 + 3 + 4 = 10,
    #   u4 4 + 4 + 3 = 11 (total 30 = m·n(n + 1)/2). Mean R = 3 × 5 ÷ 2 = 7.5.
    # S = 3² + 3² + 2.5² + 3.5² = 9 + 9 + 6.25 + 12.25 = 36.5.
    # W = 12 × 36.5 ÷ (3² × (4³ − 4) − 3 × 6) = 438 ÷ (540 − 18) = 438 ÷ 522 = 73/87.
    # (Without the tie correction it would be 438 ÷ 540 = 0.811.)
    agreement = example().agreement

    assert agreement.w == pytest.approx(73 / 87)
    assert (agreement.judges, agreement.units) == (3, 4)
    assert str(agreement_label(agreement.w)).startswith("sangat kuat")


def test_tied_values_share_the_mean_of_their_places():
    ranks, ties = average_ranks([3, 1, 3, 2, 3])

    assert ranks == [2, 5, 2, 4, 2]
    assert sorted(ties) == [1, 1, 3]
    assert average_ranks([7, 7])[0] == [Fraction(3, 2), Fraction(3, 2)]


def test_kendalls_w_is_one_for_the_same_order_and_zero_for_opposite_orders():
    assert kendalls_w([[4, 3, 2, 1], [40, 30, 20, 10], [9, 8, 7, 6]]) == 1
    assert kendalls_w([[4, 3, 2, 1], [1, 2, 3, 4]]) == 0


def test_kendalls_w_is_undefined_when_every_judge_ties_every_unit():
    assert kendalls_w([[5, 5, 5], [2, 2, 2]]) is None


def test_with_one_judge_the_agreement_is_undefined():
    report = example(judge_ids=["a"], scores=[r for r in rows() if r.judge_id == "a"])

    assert report.agreement.w is None
    assert (report.agreement.judges, report.agreement.units) == (1, 4)
    assert agreement_label(report.agreement.w) is None
    [only] = report.judges
    assert only.mean == 68.75 and only.others_mean is None and only.difference is None
    assert report.units == [] and report.flagged == []


def test_only_units_scored_completely_by_every_judge_enter_kendalls_w():
    partial = [
        r
        for r in rows()
        if not (r.judge_id == "c" and r.unit_id == "u4" and r.criterion_id == "c2")
    ]

    report = example(scores=partial)

    # Without u4: a ranks u1 u2 u3 as 1 2 3, b as 1.5 1.5 3 (T = 6), c as 2 1 3.
    # R = 4.5, 4.5, 9; mean 6; S = 2.25 + 2.25 + 9 = 13.5;
    # W = 12 × 13.5 ÷ (9 × 24 − 3 × 6) = 162 ÷ 198 = 9/11.
    assert report.agreement.units == 3
    assert report.agreement.w == pytest.approx(9 / 11)
    # c's partial sheet has no unit score, but its scores are still compared.
    assert "u4" not in report.unit_scores["c"]
    assert ("u4", "c1", "b") in [(f.unit_id, f.criterion_id, f.judge_id) for f in report.flagged]


def test_the_z_score_ranking_averages_each_judges_standardized_scores():
    # z = (score − the judge's mean) ÷ the judge's SD; u1: a (100 − 68.75) ÷ 22.53,
    # b (87.5 − 65.625) ÷ 22.32, c (87.5 − 68.75) ÷ 25.77; mean ≈ (1.387 + 0.980 + 0.728)
    # ÷ 3 = 1.03. u2 ≈ (0.277 + 0.980 + 1.213) ÷ 3 = 0.82, u3 ≈ −0.73, u4 ≈ −1.12.
    sd = {"a": sqrt(507.8125), "b": sqrt(498.046875), "c": sqrt(664.0625)}
    u1 = (31.25 / sd["a"] + 21.875 / sd["b"] + 18.75 / sd["c"]) / 3

    normalized = example().normalized

    assert [(row.unit_id, row.rank, row.judges) for row in normalized] == [
        ("u1", 1, 3),
        ("u2", 2, 3),
        ("u3", 3, 3),
        ("u4", 4, 3),
    ]
    assert normalized[0].mean_z == pytest.approx(u1)


def test_a_judge_whose_scores_do_not_spread_is_left_out_of_the_z_scores():
    flat = {**VALUES, "b": {unit: (3, 3) for unit in UNITS}}

    report = example(scores=rows(flat))

    b = report.judges[1]
    assert (b.mean, b.spread) == (75, 0)
    assert {row.judges for row in report.normalized} == {2}
    # u1 now: a +31.25 ÷ 22.53 and c +18.75 ÷ 25.77, averaged.
    sd_a, sd_c = sqrt(507.8125), sqrt(664.0625)
    assert report.normalized[0].mean_z == pytest.approx((31.25 / sd_a + 18.75 / sd_c) / 2)
    # b ties every unit: T_b = 4³ − 4 = 60, and W stays defined.
    assert report.agreement.w is not None


def test_a_unit_with_an_excluded_judge_is_ranked_as_officially_but_not_in_kendalls_w():
    without_c_on_u3 = [r for r in rows() if not (r.judge_id == "c" and r.unit_id == "u3")]

    report = example(scores=without_c_on_u3, excluded=frozenset({("c", "u3")}))

    assert report.agreement.units == 3
    assert [row.unit_id for row in report.normalized if row.rank] == ["u1", "u2", "u3", "u4"]
    u3 = next(row for row in report.normalized if row.unit_id == "u3")
    assert u3.judges == 2


def test_without_scores_there_is_nothing_to_compare():
    report = example(scores=[])

    assert [judge.units for judge in report.judges] == [0, 0, 0]
    assert report.judges[0].mean is None
    assert report.units == report.flagged == report.normalized == []
    assert report.agreement.w is None and report.agreement.units == 0
