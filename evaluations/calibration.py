"""Calibration of the judges before a period is finalized: how far each judge's scores
sit from the others', for the judges to discuss. Nothing here changes a score or the
official ranking (`scoring.compute_results`).

Pure, like `scoring`: the caller reads the period's scores that count
(`Score.objects.counted()`), its criteria, assigned judges and excluded pairs, and calls
`calibrate()` once. What it computes:

- **A judge's unit score**: the final score of `scoring.compute_results` over that judge's
  scores alone (0–100, two places), for a complete sheet only (every criterion scored).
- **Spread**: the population standard deviation, √(Σ(x − mean)² ÷ n).
- **Per judge**: the mean and spread of their unit scores; beside them, the mean and
  spread of the other judges' unit scores for the same units, taken together.
- **Per unit**: the mean, spread, lowest and highest of the judges' unit scores, for the
  units with at least two complete sheets, the largest spread first.
- **Flagged scores**: each score at least `threshold` points away from the mean of the
  other judges' scores for the same unit and criterion. The threshold is in points of a
  criterion whose maximum is 4 (the 1–4 scale); on a criterion with another maximum it
  scales with it (1 point becomes 2.5 on a 0–10 criterion).
- **Agreement**: Kendall's W over the units every assigned judge scored completely.
  Each judge ranks those n units by their unit score (1 = highest; tied units share the
  mean of their places); R_i is unit i's sum of ranks over the m judges and
  S = Σ(R_i − m(n + 1)/2)². With T_j = Σ(t³ − t) over judge j's groups of t tied units,
  W = 12·S ÷ (m²(n³ − n) − m·Σ T_j): 0 when the rankings share nothing, 1 when every
  judge ranks the units alike. Undefined (None) with fewer than two judges or units.
- **Normalized ranking**: each judge's unit scores as z-scores, (score − the judge's
  mean) ÷ the judge's spread, averaged per unit and ranked (1, 2, 2, 4 on the average
  rounded to two places), over the units that are complete in the official sense. A
  judge whose scores do not spread (one unit, or all alike) has no z-score and is left
  out of the averages.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import sqrt

from django.utils.translation import gettext_lazy as _

from .scoring import UnitRef, compute_results

# The scale the threshold is written for: points on a criterion whose maximum is 4.
THRESHOLD_SCALE_MAX = Decimal(4)

# Plain readings of Kendall's W, after Schmidt (1997): (lowest W of the band, reading).
AGREEMENT_BANDS = [
    (0.7, _("sangat kuat: para juri hampir sepakat tentang urutan Kampung KB")),
    (0.5, _("kuat: urutan Kampung KB para juri sebagian besar sama")),
    (0.3, _("sedang: urutan Kampung KB para juri cukup berbeda")),
    (0.1, _("lemah: urutan Kampung KB para juri banyak berbeda")),
    (0.0, _("hampir tidak ada kesepakatan tentang urutan Kampung KB")),
]


@dataclass(frozen=True)
class JudgeSpread:
    """One judge's unit scores (`units` complete sheets) beside the others' for the same
    units. Means and spreads are None when there is nothing to compute them from."""

    judge_id: object
    units: int
    mean: float | None
    spread: float | None
    others_mean: float | None
    others_spread: float | None

    @property
    def difference(self):
        """How much higher (positive) or lower this judge scores than the others."""
        if self.mean is None or self.others_mean is None:
            return None
        return self.mean - self.others_mean


@dataclass(frozen=True)
class UnitSpread:
    """The judges' unit scores of one unit (`judges` complete sheets)."""

    unit_id: object
    judges: int
    mean: float
    spread: float
    lowest: Decimal
    highest: Decimal

    @property
    def range(self):
        return self.highest - self.lowest


@dataclass(frozen=True)
class FlaggedScore:
    """A score far from the other judges' mean for the same unit and criterion."""

    judge_id: object
    unit_id: object
    criterion_id: object
    value: Decimal
    others_mean: Decimal

    @property
    def difference(self):
        return self.value - self.others_mean


@dataclass(frozen=True)
class Agreement:
    """Kendall's W over `units` units ranked by `judges` judges; None when undefined."""

    w: float | None
    judges: int
    units: int


@dataclass(frozen=True)
class NormalizedRank:
    """A unit's mean z-score over `judges` judges, and its rank by it (None: no z-score)."""

    unit_id: object
    mean_z: float | None
    judges: int
    rank: int | None = None


@dataclass(frozen=True)
class Calibration:
    judges: list  # JudgeSpread, in the order of the judge ids given
    units: list  # UnitSpread, largest spread first
    flagged: list  # FlaggedScore, by unit, criterion and judge in the order given
    agreement: Agreement
    normalized: list  # NormalizedRank of the complete units, best first
    unit_scores: dict  # judge id → {unit id: the judge's unit score}, complete sheets
    threshold: Decimal


def calibrate(unit_ids, criteria, judge_ids, scores, excluded=frozenset(), *, threshold):
    """The `Calibration` of a period.

    `unit_ids` in the order ties are listed in; `criteria` are `scoring.CriterionRef`s;
    `scores` the `scoring.ScoreRow`s that count (only those: a judge's excluded scores
    would otherwise enter the comparison); `excluded` the (judge id, unit id) pairs that
    do not count, to tell which units are complete as the official ranking does.
    """
    unit_ids = list(unit_ids)
    criteria = list(criteria)
    judge_ids = list(judge_ids)
    scores = list(scores)
    threshold = Decimal(str(threshold))
    unit_scores = judge_unit_scores(unit_ids, criteria, judge_ids, scores)
    return Calibration(
        judges=judge_spreads(judge_ids, unit_scores),
        units=unit_spreads(unit_ids, judge_ids, unit_scores),
        flagged=flagged_scores(unit_ids, criteria, judge_ids, scores, threshold),
        agreement=agreement(unit_ids, judge_ids, unit_scores),
        normalized=normalized_ranking(
            complete_units(unit_ids, judge_ids, unit_scores, excluded), judge_ids, unit_scores
        ),
        unit_scores=unit_scores,
        threshold=threshold,
    )


def judge_unit_scores(unit_ids, criteria, judge_ids, scores):
    """{judge id: {unit id: final score of the judge's complete sheet}}."""
    rows_by_judge = defaultdict(list)
    for row in scores:
        rows_by_judge[row.judge_id].append(row)
    units = [UnitRef(unit_id, "") for unit_id in unit_ids]
    unit_scores = {}
    for judge_id in judge_ids:
        results = compute_results(units, criteria, [judge_id], rows_by_judge[judge_id])
        unit_scores[judge_id] = {r.unit_id: r.final_score for r in results if r.complete}
    return unit_scores


def mean_and_spread(values):
    """(mean, population standard deviation) of `values`, or (None, None) when empty."""
    values = [float(value) for value in values]
    if not values:
        return None, None
    mean = sum(values) / len(values)
    return mean, sqrt(sum((value - mean) ** 2 for value in values) / len(values))


def judge_spreads(judge_ids, unit_scores):
    spreads = []
    for judge_id in judge_ids:
        own = unit_scores[judge_id]
        others = [
            unit_scores[other][unit_id]
            for unit_id in own
            for other in judge_ids
            if other != judge_id and unit_id in unit_scores[other]
        ]
        spreads.append(
            JudgeSpread(
                judge_id, len(own), *mean_and_spread(own.values()), *mean_and_spread(others)
            )
        )
    return spreads


def unit_spreads(unit_ids, judge_ids, unit_scores):
    spreads = []
    for unit_id in unit_ids:
        values = [unit_scores[j][unit_id] for j in judge_ids if unit_id in unit_scores[j]]
        if len(values) < 2:
            continue
        mean, spread = mean_and_spread(values)
        spreads.append(UnitSpread(unit_id, len(values), mean, spread, min(values), max(values)))
    # Stable: units with the same spread keep the order they were given in.
    return sorted(spreads, key=lambda unit: (-round(unit.spread, 9), -unit.range))


def flagged_scores(unit_ids, criteria, judge_ids, scores, threshold):
    values = defaultdict(dict)  # (unit id, criterion id) → {judge id: value}
    for row in scores:
        values[row.unit_id, row.criterion_id][row.judge_id] = row.value
    flagged = []
    for unit_id in unit_ids:
        for criterion in criteria:
            given = values.get((unit_id, criterion.id), {})
            limit = threshold * Decimal(criterion.max_score) / THRESHOLD_SCALE_MAX
            for judge_id in judge_ids:
                if judge_id not in given:
                    continue
                others = [value for other, value in given.items() if other != judge_id]
                if not others:
                    continue
                others_mean = sum(others, Decimal(0)) / len(others)
                if abs(given[judge_id] - others_mean) >= limit:
                    flagged.append(
                        FlaggedScore(judge_id, unit_id, criterion.id, given[judge_id], others_mean)
                    )
    return flagged


def average_ranks(values):
    """([rank of each value], [size of each group of tied values]): rank 1 for the
    highest; tied values share the mean of the places they take (1.5 for two firsts)."""
    order = sorted(range(len(values)), key=lambda index: -values[index])
    ranks = [Fraction(0)] * len(values)
    ties = []
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for place in range(start, end + 1):
            ranks[order[place]] = Fraction(start + end + 2, 2)
        ties.append(end - start + 1)
        start = end + 1
    return ranks, ties


def kendalls_w(rankings):
    """Kendall's W of `rankings`: one list per judge, of their scores for the same units
    in the same order. None with fewer than two judges or units, or when every judge
    ties every unit (nothing to agree on)."""
    m = len(rankings)
    n = len(rankings[0]) if rankings else 0
    if m < 2 or n < 2:
        return None
    rank_sums = [Fraction(0)] * n
    tie_correction = 0
    for scores in rankings:
        ranks, ties = average_ranks(scores)
        rank_sums = [total + rank for total, rank in zip(rank_sums, ranks, strict=True)]
        tie_correction += sum(t**3 - t for t in ties)
    mean_rank_sum = Fraction(m * (n + 1), 2)
    s = sum((total - mean_rank_sum) ** 2 for total in rank_sums)
    denominator = m * m * (n**3 - n) - m * tie_correction
    if not denominator:
        return None
    return float(12 * s / denominator)


def agreement(unit_ids, judge_ids, unit_scores):
    """Kendall's W over the units every assigned judge has a complete sheet for."""
    shared = [u for u in unit_ids if judge_ids and all(u in unit_scores[j] for j in judge_ids)]
    rankings = [[unit_scores[j][u] for u in shared] for j in judge_ids]
    return Agreement(w=kendalls_w(rankings), judges=len(judge_ids), units=len(shared))


def agreement_label(w):
    """What Kendall's W means, in plain words; None when W is undefined."""
    if w is None:
        return None
    return next(label for lowest, label in AGREEMENT_BANDS if w >= lowest)


def complete_units(unit_ids, judge_ids, unit_scores, excluded):
    """The units complete as the official ranking has them: every judge who counts for
    the unit (assigned and not excluded), at least one, has a complete sheet."""
    complete = []
    for unit_id in unit_ids:
        counted = [j for j in judge_ids if (j, unit_id) not in excluded]
        if counted and all(unit_id in unit_scores[j] for j in counted):
            complete.append(unit_id)
    return complete


def z_scores(judge_ids, unit_scores):
    """{judge id: {unit id: z-score}} of the judges whose unit scores spread."""
    z = {}
    for judge_id in judge_ids:
        mean, spread = mean_and_spread(unit_scores[judge_id].values())
        if spread:
            z[judge_id] = {
                unit_id: (float(score) - mean) / spread
                for unit_id, score in unit_scores[judge_id].items()
            }
    return z


def normalized_ranking(unit_ids, judge_ids, unit_scores):
    """`NormalizedRank` of each of `unit_ids`: ranked ones best first, then the others."""
    z = z_scores(judge_ids, unit_scores)
    rows = []
    for unit_id in unit_ids:
        values = [z[j][unit_id] for j in judge_ids if j in z and unit_id in z[j]]
        mean_z = sum(values) / len(values) if values else None
        rows.append(NormalizedRank(unit_id, mean_z, len(values)))
    ranked = sorted((r for r in rows if r.mean_z is not None), key=lambda r: -round(r.mean_z, 2))
    result, previous, rank = [], None, 0
    for position, row in enumerate(ranked, start=1):
        shown = round(row.mean_z, 2)
        if shown != previous:
            rank, previous = position, shown
        result.append(NormalizedRank(row.unit_id, row.mean_z, row.judges, rank))
    return result + [row for row in rows if row.mean_z is None]
