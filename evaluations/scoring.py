"""Final scores, ranking and provincial eligibility of a Kampung KB evaluation period.

Pure rules, free of HTTP and the database: the caller fetches the period's units,
criteria, assigned judges, exclusions and score rows in a fixed number of queries and
calls `compute_results()` once. It reads the score rows in a single pass, so the
ranking of a whole province stays fast.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from math import lcm
from operator import attrgetter

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
# A mean over three judges is a repeating decimal, so a score the judges put exactly on
# a half (84.125) can be computed a hair below it (84.12499...9) and round down. Real
# scores are fractions with small denominators: none lies within 1e-12 of a half
# without being on it, so settling at 12 places first only removes that noise.
SETTLING_PLACES = Decimal("1e-12")


@dataclass(frozen=True, slots=True)
class CriterionRef:
    id: object
    aspect_id: object
    weight: Decimal
    max_score: Decimal


@dataclass(frozen=True, slots=True)
class UnitRef:
    id: object
    sort_name: str


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One judge's score for one criterion of one unit.

    At most one row per judge, unit and criterion, as the database ensures: the count of
    missing scores relies on it.
    """

    unit_id: object
    judge_id: object
    criterion_id: object
    value: Decimal


@dataclass(slots=True)
class UnitResult:
    """A unit's standing. Criterion means are unrounded; scores are rounded to 2 places.

    `judge_count` is the number of judges whose scores count for the unit: the assigned
    judges minus those excluded for it. An incomplete unit has a provisional
    `final_score` and no `rank`.
    """

    unit_id: object
    rank: int | None
    final_score: Decimal | None
    aspect_scores: dict
    criterion_means: dict
    complete: bool
    missing: int
    judge_count: int


@dataclass(frozen=True, slots=True)
class JudgeTotal:
    """One judge's scores for one unit, summed by the database in whole numbers:
    Σ(factor of the criterion × value in hundredths), see `ScoreScale`, and their count."""

    unit_id: object
    judge_id: object
    scaled_sum: int
    count: int


@dataclass(frozen=True)
class ScoreScale:
    """Whole-number factors that let the database add up a complete unit exactly.

    When a unit is complete, every judge who counts for it scored every criterion, so
    every criterion mean has the same divisor n, and the final score
    100 × Σ(weight × mean ÷ max) ÷ Σ weight equals
    Σ(factor × value in hundredths) ÷ (denominator × n × Σ weight), where
    factor = weight ÷ max × denominator in hundredths, a whole number because the
    denominator is the least common multiple of the maxima in hundredths. Sums of whole
    numbers are exact on every database, so the rank of 25,000 units needs one grouped
    query instead of millions of rows in Python.
    """

    factors: dict  # criterion id → whole-number factor
    denominator: int
    total_weight: Decimal

    def final_score(self, scaled_sum, judge_count):
        return round_score(
            Decimal(scaled_sum) / (self.denominator * judge_count * self.total_weight)
        )


# A judge's scaled sum must fit a signed 64-bit integer on every database.
MAX_SCALED_SUM = 2**62
MAX_VALUE_HUNDREDTHS = 10**5  # Score.value has 5 digits, 2 of them decimals


def score_scale(criteria: Iterable[CriterionRef]) -> ScoreScale | None:
    """The scale for these criteria, or None when its sums could overflow (only with
    unusual maxima, whose least common multiple is huge): then rank from the rows."""
    criteria = list(criteria)
    _check_criteria(criteria)
    if not criteria:
        return None
    hundredths = {}
    for criterion in criteria:
        weight = Decimal(criterion.weight) * 100
        maximum = Decimal(criterion.max_score) * 100
        if weight != weight.to_integral_value() or maximum != maximum.to_integral_value():
            return None
        hundredths[criterion.id] = (int(weight), int(maximum))
    denominator = lcm(*(maximum for _weight, maximum in hundredths.values()))
    factors = {
        cid: weight * (denominator // maximum) for cid, (weight, maximum) in hundredths.items()
    }
    if max(factors.values()) * MAX_VALUE_HUNDREDTHS * len(factors) >= MAX_SCALED_SUM:
        return None
    return ScoreScale(factors, denominator, sum((c.weight for c in criteria), ZERO))


def complete_results_from_totals(
    unit_ids: Iterable,
    scale: ScoreScale,
    judge_ids: Iterable,
    totals: Iterable[JudgeTotal],
    excluded: Collection[tuple] = frozenset(),
):
    """(UnitResults of the complete units, ids of the others) from per-judge totals.

    A unit is complete when each judge who counts for it has a score for every
    criterion: one total per counted judge whose count is the number of criteria
    (one score per judge, unit and criterion, as the database ensures). The results
    carry no criterion means or aspect subtotals; `compute_results` gives those, and
    the others' provisional scores, from their rows.
    """
    assigned = frozenset(judge_ids)
    counted_judges = _counted_judges_by_unit(assigned, excluded)
    criterion_count = len(scale.factors)
    by_unit = defaultdict(list)
    for total in totals:
        by_unit[total.unit_id].append(total)
    complete, others = [], set()
    for unit_id in unit_ids:
        judges = counted_judges.get(unit_id, assigned)
        counted = [t for t in by_unit.get(unit_id, ()) if t.judge_id in judges]
        if (
            not judges
            or len(counted) != len(judges)
            or any(t.count != criterion_count for t in counted)
        ):
            others.add(unit_id)
            continue
        complete.append(
            UnitResult(
                unit_id=unit_id,
                rank=None,
                final_score=scale.final_score(sum(t.scaled_sum for t in counted), len(judges)),
                aspect_scores={},
                criterion_means={},
                complete=True,
                missing=0,
                judge_count=len(judges),
            )
        )
    return complete, others


def rank_results(results: Iterable[UnitResult], sort_names: dict) -> list[UnitResult]:
    """Rank `results` as `compute_results` does; `sort_names` maps unit id to name."""
    return _ranked([(result, sort_names[result.unit_id]) for result in results])


@dataclass(frozen=True)
class Eligibility:
    """`reason` is a lazy string: it renders in the language active where it is shown.

    `eligible` is True, False, or None when the known facts cannot decide it ("belum
    dapat ditentukan").
    """

    eligible: bool | None
    reason: str

    # The fixed values of the results CSV and XLSX (programs read them).
    MACHINE_VALUES = {True: "ya", False: "tidak", None: "belum dapat ditentukan"}

    @property
    def determined(self):
        return self.eligible is not None

    @property
    def machine_value(self):
        return self.MACHINE_VALUES[self.eligible]

    @property
    def label(self):
        if self.eligible is None:
            return _("belum dapat ditentukan")
        return _("ya") if self.eligible else _("tidak")


def compute_results(
    units: Iterable[UnitRef],
    criteria: Iterable[CriterionRef],
    judge_ids: Iterable,
    scores: Iterable[ScoreRow],
    excluded: Collection[tuple] = frozenset(),
) -> list[UnitResult]:
    """Score and rank every unit: complete units by rank, then incomplete ones by name.

    `excluded` holds (judge_id, unit_id) pairs whose scores must not count: declared
    conflicts of interest and judges who are kader of the unit.
    """
    criteria = list(criteria)
    _check_criteria(criteria)
    assigned = frozenset(judge_ids)
    counted_judges = _counted_judges_by_unit(assigned, excluded)
    values = _group_scores(scores, counted_judges, assigned)
    aspects = _criteria_by_aspect(criteria)
    scored_units = [
        (
            _unit_result(
                unit.id,
                aspects,
                values.get(unit.id, {}),
                len(counted_judges.get(unit.id, assigned)),
            ),
            unit.sort_name,
        )
        for unit in units
    ]
    return _ranked(scored_units)


def _check_criteria(criteria):
    # A zero weight or maximum would divide by zero deep inside the ranking.
    for criterion in criteria:
        if criterion.weight <= 0 or criterion.max_score <= 0:
            raise ValueError(f"Criterion {criterion.id} needs a positive weight and maximum.")


def _counted_judges_by_unit(assigned, excluded):
    """The judges who count for each unit that has exclusions; others count all of them."""
    excluded_by_unit = defaultdict(set)
    for judge_id, unit_id in excluded:
        excluded_by_unit[unit_id].add(judge_id)
    return {unit_id: assigned - judges for unit_id, judges in excluded_by_unit.items()}


def _group_scores(scores, counted_judges, assigned):
    """Score values by unit and criterion, dropping judges who do not count for the unit.

    This loop sees every score row of the period, so it does no more than one lookup
    and one append per row.
    """
    grouped = defaultdict(lambda: defaultdict(list))
    judges_for = counted_judges.get
    for row in scores:
        unit_id = row.unit_id
        if row.judge_id in judges_for(unit_id, assigned):
            grouped[unit_id][row.criterion_id].append(row.value)
    return grouped


def _criteria_by_aspect(criteria):
    """(aspect_id, total weight, [(criterion_id, weight, weight ÷ max_score)]) in order."""
    aspects = {}
    for criterion in criteria:
        aspects.setdefault(criterion.aspect_id, []).append(
            (criterion.id, criterion.weight, criterion.weight / criterion.max_score)
        )
    return [
        (aspect_id, sum(weight for _id, weight, _per_point in members), members)
        for aspect_id, members in aspects.items()
    ]


def _unit_result(unit_id, aspects, values_by_criterion, judge_count):
    """Means, subtotals and completeness of one unit.

    A subtotal is 100 × Σ(weight × mean ÷ max_score) ÷ Σ weight over the aspect's scored
    criteria, the final score the same over all scored criteria: over every criterion
    when the unit is complete, over those with a score when it is provisional. This runs
    for every unit × criterion, hence the running sums instead of a formula per cell.
    """
    criterion_means = {}
    aspect_scores = {}
    score_count = 0
    criterion_count = 0
    unscored = False
    total_weighted = total_weight = ZERO
    for aspect_id, aspect_weight, aspect_criteria in aspects:
        weighted = ZERO
        weight_sum = aspect_weight
        for criterion_id, weight, weight_per_point in aspect_criteria:
            criterion_count += 1
            values = values_by_criterion.get(criterion_id)
            if not values:
                criterion_means[criterion_id] = None
                weight_sum -= weight
                unscored = True
                continue
            count = len(values)
            score_count += count
            mean = sum(values, ZERO) / count
            criterion_means[criterion_id] = mean
            weighted += weight_per_point * mean
        aspect_scores[aspect_id] = _score(weighted, weight_sum)
        total_weighted += weighted
        total_weight += weight_sum
    missing = judge_count * criterion_count - score_count
    return UnitResult(
        unit_id=unit_id,
        rank=None,
        final_score=_score(total_weighted, total_weight),
        aspect_scores=aspect_scores,
        criterion_means=criterion_means,
        complete=criterion_count > 0 and not unscored and missing == 0,
        missing=missing,
        judge_count=judge_count,
    )


def _score(weighted, weight_sum):
    if not weight_sum:
        return None
    return round_score(HUNDRED * weighted / weight_sum)


def round_score(value: Decimal) -> Decimal:
    """Round to 2 places, half up: 84.125 becomes 84.13."""
    settled = value.quantize(SETTLING_PLACES, rounding=ROUND_HALF_EVEN)
    return settled.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _ranked(scored_units):
    """Standard competition ranks (1, 2, 2, 4) on the rounded score, ties by name."""
    complete = sorted(
        (pair for pair in scored_units if pair[0].complete),
        key=lambda pair: (-pair[0].final_score, pair[1]),
    )
    incomplete = sorted(
        (pair for pair in scored_units if not pair[0].complete), key=lambda pair: pair[1]
    )
    previous_score = None
    for position, (result, _name) in enumerate(complete, start=1):
        if result.final_score != previous_score:
            rank = position
            previous_score = result.final_score
        result.rank = rank
    return [result for result, _name in complete + incomplete]


def latest_eligible_formation(period_year: int, min_age_years: int = 3) -> date:
    """The last formation date that meets the age rule of `eligibility`, for queries."""
    return date(period_year - min_age_years, 12, 31)


def eligibility(formed, period_year: int, min_age_years: int = 3) -> Eligibility:
    """May the unit go to the provincial selection? Age counts in calendar years of the
    pencanangan, as the rule is stated: formed any day of 2022, a unit is 3 years old in
    the 2025 evaluation (for 2025: formed 2016-2022).

    `formed` is the day (a `date`), a formation known to the year (anything with `year`
    and `at_latest`, such as `villages.formation.Formation`) or None. "Paling lambat 2022"
    is enough for 2025; "paling lambat 2024" is not enough to say either way, and neither
    is an unknown formation: those are undetermined (`eligible` None), never "no".
    """
    if formed is None:
        return Eligibility(
            eligible=None,
            reason=_("Tanggal pencanangan belum diisi, jadi syarat usia belum dapat ditentukan."),
        )
    year = formed.year
    at_latest = getattr(formed, "at_latest", False)
    first_eligible_year = year + min_age_years
    if first_eligible_year <= period_year:
        template = (
            _(
                "Dicanangkan paling lambat tahun {year}, memenuhi syarat usia minimal "
                "{min_age} tahun."
            )
            if at_latest
            else _("Dicanangkan tahun {year}, memenuhi syarat usia minimal {min_age} tahun.")
        )
        return Eligibility(
            eligible=True, reason=format_lazy(template, year=year, min_age=min_age_years)
        )
    if at_latest:
        reason = format_lazy(
            _(
                "Dicanangkan paling lambat tahun {year}; syarat usia minimal {min_age} tahun "
                "belum dapat ditentukan sebelum tanggal pencanangan diketahui."
            ),
            year=year,
            min_age=min_age_years,
        )
        return Eligibility(eligible=None, reason=reason)
    reason = format_lazy(
        _(
            "Dicanangkan tahun {year}; baru memenuhi syarat usia minimal {min_age} tahun "
            "pada evaluasi {first_eligible_year}."
        ),
        year=year,
        min_age=min_age_years,
        first_eligible_year=first_eligible_year,
    )
    return Eligibility(eligible=False, reason=reason)


def suggested_nominee(
    results: Iterable[UnitResult], eligible_unit_ids: Collection
) -> UnitResult | None:
    """The best-ranked complete, eligible unit; on a shared rank, the first one listed."""
    eligible = set(eligible_unit_ids)
    candidates = [r for r in results if r.complete and r.unit_id in eligible]
    return min(candidates, key=attrgetter("rank"), default=None)
