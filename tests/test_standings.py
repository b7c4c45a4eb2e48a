"""The fast standings (`scoring.complete_results_from_totals` fed by one grouped query,
`services.period_standings`) agree with the reference rule, `compute_results`, on
rank, final score, completeness and order, for random rubrics, scores and exclusions."""

import random
from collections import defaultdict
from decimal import Decimal

import pytest

from evaluations import selectors, services
from evaluations.models import Aspect, Conflict, Criterion, JudgeAssignment, Period, Score
from evaluations.scoring import (
    CriterionRef,
    JudgeTotal,
    ScoreRow,
    UnitRef,
    complete_results_from_totals,
    compute_results,
    rank_results,
    score_scale,
)
from villages.accounts import create_user
from villages.models import KampungKB

# Weights and maxima whose ratios do not terminate (1/3, 7/9, 0.5/7) as well as round ones.
WEIGHTS = ["1", "2.5", "3", "7", "0.5", "10", "15"]
MAXIMA = ["3", "4", "5", "7", "9", "10", "100", "0.75"]


def random_rubric(rng, count):
    return [
        CriterionRef(
            f"c{n}",
            f"a{n % 3}",
            Decimal(rng.choice(WEIGHTS)),
            Decimal(rng.choice(MAXIMA)),
        )
        for n in range(count)
    ]


def random_value(rng, criterion):
    hundredths = int(criterion.max_score * 100)
    return Decimal(rng.randint(0, hundredths)) / 100


def totals_of(rows, scale):
    sums = defaultdict(lambda: [0, 0])
    for row in rows:
        cell = sums[(row.unit_id, row.judge_id)]
        cell[0] += scale.factors[row.criterion_id] * int(row.value * 100)
        cell[1] += 1
    return [
        JudgeTotal(unit, judge, total, count) for (unit, judge), (total, count) in sums.items()
    ]


def standing(results):
    return [(r.unit_id, r.rank, r.final_score, r.complete) for r in results]


@pytest.mark.parametrize("seed", range(25))
def test_totals_give_the_same_standings_as_the_rows(seed):
    rng = random.Random(seed)
    criteria = random_rubric(rng, rng.randint(1, 6))
    judges = [f"j{n}" for n in range(rng.randint(1, 4))]
    units = [UnitRef(f"u{n:02}", f"Kampung KB {rng.choice('ABC')}{n:02}") for n in range(30)]
    excluded = frozenset((rng.choice(judges), unit.id) for unit in rng.sample(units, 4))
    # Most units complete, some missing a score, a few scored by an excluded judge only.
    rows = []
    for unit in units:
        skip = rng.random() < 0.2
        for judge in judges:
            for criterion in criteria:
                if skip and rng.random() < 0.3:
                    continue
                rows.append(ScoreRow(unit.id, judge, criterion.id, random_value(rng, criterion)))
    # Ties on the rounded score must share a rank: copy one unit's scores to another.
    twin_rows = [
        ScoreRow("u29", r.judge_id, r.criterion_id, r.value) for r in rows if r.unit_id == "u28"
    ]
    rows = [r for r in rows if r.unit_id != "u29"] + twin_rows

    expected = compute_results(units, criteria, judges, rows, excluded)
    scale = score_scale(criteria)
    complete, others = complete_results_from_totals(
        [u.id for u in units], scale, judges, totals_of(rows, scale), excluded
    )
    names = {u.id: u.sort_name for u in units}
    incomplete = compute_results(
        [u for u in units if u.id in others],
        criteria,
        judges,
        [r for r in rows if r.unit_id in others],
        excluded,
    )
    assert others == {r.unit_id for r in expected if not r.complete}
    assert standing(rank_results(complete + incomplete, names)) == standing(expected)


def test_a_score_exactly_on_a_half_rounds_up_as_the_rule_says():
    # 100 × (1 × mean 0.01 ÷ max 8) ÷ weight 1 = 0.125 exactly: half up gives 0.13.
    criteria = [CriterionRef("a", "x", Decimal(1), Decimal(8))]
    rows = [
        ScoreRow("u", "j1", "a", Decimal("0")),
        ScoreRow("u", "j2", "a", Decimal("0.02")),
    ]
    scale = score_scale(criteria)

    complete, _others = complete_results_from_totals(
        ["u"], scale, ["j1", "j2"], totals_of(rows, scale)
    )

    expected = compute_results([UnitRef("u", "U")], criteria, ["j1", "j2"], rows)
    assert complete[0].final_score == expected[0].final_score == Decimal("0.13")


def test_a_unit_whose_judges_are_all_excluded_is_not_complete():
    criteria = [CriterionRef("a", "x", Decimal(1), Decimal(10))]
    scale = score_scale(criteria)
    totals = [JudgeTotal("u", "j1", 10, 1)]

    complete, others = complete_results_from_totals(
        ["u"], scale, ["j1"], totals, frozenset({("j1", "u")})
    )

    assert complete == [] and others == {"u"}


def test_no_scale_when_the_sums_could_overflow_or_a_weight_has_more_places():
    primes = ["97.01", "89.03", "83.07", "79.09", "73.13", "71.17", "67.19"]
    huge = [CriterionRef(n, "x", Decimal(1), Decimal(m)) for n, m in enumerate(primes)]
    assert score_scale(huge) is None
    assert score_scale([CriterionRef("a", "x", Decimal("0.125"), Decimal(10))]) is None
    assert score_scale([]) is None


# The same agreement through the database, on SQLite and PostgreSQL alike.


def make_period(pekalongan, rng, *, maxima=("4", "10", "5", "7")):
    period = Period.objects.create(year=2025, name="Evaluasi 2025", status=Period.Status.FINAL)
    aspects = [Aspect.objects.create(period=period, name=f"Aspek {n}", position=n) for n in (1, 2)]
    criteria = [
        Criterion.objects.create(
            period=period,
            aspect=aspects[n % 2],
            code=f"K.{n}",
            name=f"Kriteria {n}",
            weight=Decimal(rng.choice(WEIGHTS)),
            max_score=Decimal(maximum),
            position=n,
        )
        for n, maximum in enumerate(maxima)
    ]
    judges = [create_user(f"juri_acak_{n}", "juri") for n in range(3)]
    for judge in judges:
        JudgeAssignment.objects.create(period=period, user=judge)
    units = list(KampungKB.objects.order_by("pk"))
    scores = []
    for unit in units:
        incomplete = rng.random() < 0.2
        for judge in judges:
            for criterion in criteria:
                if incomplete and rng.random() < 0.4:
                    continue
                hundredths = rng.randint(0, int(criterion.max_score * 100))
                scores.append(
                    Score(
                        period=period,
                        unit=unit,
                        judge=judge,
                        criterion=criterion,
                        value=Decimal(hundredths) / 100,
                    )
                )
    Score.objects.bulk_create(scores)
    Conflict.objects.create(period=period, judge=judges[0], unit=units[3], reason="Saudara")
    units[5].kader.add(judges[1])
    # A judge taken off the period: their scores no longer count.
    JudgeAssignment.objects.filter(period=period, user=judges[2]).delete()
    return period


@pytest.mark.parametrize("seed", range(4))
def test_period_standings_match_period_results(pekalongan, seed):
    period = make_period(pekalongan, random.Random(seed))

    expected, _data = selectors.period_results(period)

    assert any(not r.complete for r in expected) and any(r.complete for r in expected)
    assert standing(selectors.period_standings(period)) == standing(expected)


def test_period_standings_fall_back_to_the_rows_for_unusual_maxima(pekalongan):
    period = make_period(
        pekalongan,
        random.Random(7),
        maxima=("97.01", "89.03", "83.07", "79.09", "73.13", "71.17", "67.19"),
    )

    expected, _data = selectors.period_results(period)

    assert standing(selectors.period_standings(period)) == standing(expected)


def test_period_standings_run_a_fixed_number_of_queries(pekalongan, django_assert_num_queries):
    period = make_period(pekalongan, random.Random(3))
    # Criteria, judges, two for exclusions, unit names, judge totals, incomplete rows.
    with django_assert_num_queries(7):
        selectors.period_standings(period)


def test_publishing_freezes_the_standings_in_published_order(pekalongan):
    period = make_period(pekalongan, random.Random(11))
    expected, _data = selectors.period_results(period)

    services.freeze_results(period)

    frozen = period.published_results.order_by("position")
    assert [(r.unit_id, r.rank, r.final_score, r.complete) for r in frozen] == standing(expected)


def test_standings_frozen_before_positions_are_numbered_in_published_order(pekalongan):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("evaluations.migrations.0005_published_result_position")
    period = make_period(pekalongan, random.Random(5))
    services.freeze_results(period)
    expected = list(period.published_results.order_by("position").values_list("unit_id"))
    period.published_results.update(position=0)

    migration.number_existing_standings(apps, None)

    numbered = period.published_results.order_by("position")
    assert list(numbered.values_list("position", flat=True)) == list(range(len(expected)))
    complete = [row for row in numbered if row.complete]
    assert [row.rank for row in complete] == sorted(row.rank for row in complete)
    assert all(not row.complete for row in list(numbered)[len(complete) :])
