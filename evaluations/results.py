"""An evaluation period's results as rows to show.

The results page, the CSV, the XLSX and the printed recap all read the rows that
`results_table()` builds once per request, so they cannot disagree. The numbers come
from `scoring.compute_results` (through `services.period_results`); this module only
adds what a reader needs beside them: region names, eligibility and the nominee.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP
from functools import cached_property

from villages.models import KampungKB, Kecamatan

from . import services
from .models import Conflict, Criterion, JudgeAssignment, Period, Score
from .scoring import (
    SETTLING_PLACES,
    TWO_PLACES,
    Eligibility,
    ScoreRow,
    UnitResult,
    eligibility,
    suggested_nominee,
)

EMPTY = "\u2013"


def round_score(value):
    """Two places, half up, as `scoring` rounds its scores; None stays None."""
    if value is None:
        return None
    settled = value.quantize(SETTLING_PLACES, rounding=ROUND_HALF_EVEN)
    return settled.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def format_score(value):
    """A score for people: two decimals and a decimal comma (84,13), a dash when none."""
    if value is None:
        return EMPTY
    return f"{round_score(value):.2f}".replace(".", ",")


def machine_score(value):
    """A score for programs (CSV): two decimals and a decimal point, empty when none."""
    if value is None:
        return ""
    return f"{round_score(value):.2f}"


@dataclass
class ResultRow:
    """One unit's line of the results: its standing, region and eligibility."""

    unit: KampungKB
    kecamatan: str
    result: UnitResult
    eligibility: Eligibility
    aspect_scores: list  # subtotal per aspect, in rubric order (None when unscored)
    is_nominee: bool = False

    @property
    def rank(self):
        return self.result.rank

    @property
    def final_score(self):
        return self.result.final_score

    @property
    def complete(self):
        return self.result.complete

    @property
    def eligible(self):
        return self.eligibility.eligible


@dataclass
class AspectBlock:
    """One aspect's criteria, for the breakdown table and the XLSX sheet of that aspect."""

    aspect: object
    position: int  # index of the aspect in `ResultsTable.aspects`
    criteria: list = field(default_factory=list)

    def lines(self, rows):
        """(row, criterion means, subtotal) for each row, the means unrounded."""
        return [
            (
                row,
                [row.result.criterion_means.get(criterion.pk) for criterion in self.criteria],
                row.aspect_scores[self.position],
            )
            for row in rows
        ]


@dataclass
class ResultsTable:
    period: Period
    aspects: list  # AspectBlock, in rubric order
    rows: list  # ResultRow: complete units by rank, then incomplete ones by name
    nominee: ResultRow | None
    data: services.ResultsInput

    @property
    def ranked_rows(self):
        return [row for row in self.rows if row.complete]

    @property
    def incomplete_rows(self):
        return [row for row in self.rows if not row.complete]

    @cached_property
    def judges(self):
        """The period's judges, by name. One query, made only when asked for."""
        assignments = JudgeAssignment.objects.filter(period=self.period).select_related("user")
        return sorted(
            (assignment.user for assignment in assignments),
            key=lambda user: (judge_name(user).lower(), user.pk),
        )

    def chart(self):
        """Data for the bar chart of final scores: ranked units only, best first."""
        rows = self.ranked_rows
        return {
            "labels": [row.unit.kelurahan.name for row in rows],
            "scores": [float(row.final_score) for row in rows],
            "ranks": [row.rank for row in rows],
            "nominee": [row.is_nominee for row in rows],
        }

    def raw_scores(self):
        """Every score of the period with the judge's note, and whether it counts.

        A score does not count when its judge was taken off the period, declared a
        conflict of interest or is kader of the unit. One query.
        """
        assigned = set(self.data.judge_ids)
        scores = (
            Score.objects.filter(period=self.period)
            .select_related("judge", "unit__kelurahan", "criterion__aspect")
            .order_by(
                "judge__username",
                "unit__kelurahan__name",
                "criterion__aspect__position",
                "criterion__aspect_id",
                "criterion__position",
                "criterion_id",
            )
        )
        return [
            (
                score,
                score.judge_id in assigned
                and (score.judge_id, score.unit_id) not in self.data.excluded,
            )
            for score in scores
        ]


def judge_name(user):
    return user.get_full_name() or user.get_username()


def results_table(period, data=None):
    """The rows of `period`'s results in seven queries, whatever the number of units,
    criteria, judges or scores."""
    results, data = services.period_results(period, data)
    kecamatan_names = dict(Kecamatan.objects.values_list("pk", "name"))
    aspects = _aspect_blocks(data.criteria)
    rows = []
    for result in results:
        unit = data.units[result.unit_id]
        rows.append(
            ResultRow(
                unit=unit,
                kecamatan=kecamatan_names.get(unit.kelurahan.kecamatan_id, ""),
                result=result,
                eligibility=eligibility(unit.formed_on, period.year, period.min_unit_age_years),
                aspect_scores=[result.aspect_scores.get(block.aspect.pk) for block in aspects],
            )
        )
    nominee_result = suggested_nominee(results, [row.unit.pk for row in rows if row.eligible])
    nominee = None
    for row in rows:
        if nominee_result is not None and row.result is nominee_result:
            row.is_nominee = True
            nominee = row
    return ResultsTable(period=period, aspects=aspects, rows=rows, nominee=nominee, data=data)


def _aspect_blocks(criteria):
    blocks = {}
    for criterion in criteria:
        block = blocks.get(criterion.aspect_id)
        if block is None:
            block = blocks[criterion.aspect_id] = AspectBlock(criterion.aspect, len(blocks))
        block.criteria.append(criterion)
    return list(blocks.values())


@dataclass(frozen=True)
class UnitYearResult:
    """A unit's standing in one published period, for its public page."""

    period: Period
    rank: int | None
    final_score: object
    complete: bool
    eligibility: Eligibility


def published_results_for_unit(unit):
    """The unit's results in every published period, newest first.

    A rank needs the whole period's scores, so this reads every published period at
    once: seven queries however many years are published (one when none is).
    """
    inputs = _published_inputs()
    years = []
    for data in inputs:
        if unit.pk not in data.units:
            continue
        results, _data = services.period_results(data.period, data)
        result = next(r for r in results if r.unit_id == unit.pk)
        period = data.period
        years.append(
            UnitYearResult(
                period=period,
                rank=result.rank,
                final_score=result.final_score,
                complete=result.complete,
                eligibility=eligibility(unit.formed_on, period.year, period.min_unit_age_years),
            )
        )
    return years


def _published_inputs():
    """`services.ResultsInput` of every published period, newest first, in 7 queries."""
    periods = list(Period.objects.published().order_by("-year"))
    if not periods:
        return []
    period_ids = [period.pk for period in periods]
    units = {unit.pk: unit for unit in KampungKB.objects.select_related("kelurahan")}
    criteria = defaultdict(list)
    for criterion in Criterion.objects.filter(period_id__in=period_ids).in_rubric_order():
        criteria[criterion.period_id].append(criterion)
    judges = defaultdict(list)
    for period_id, user_id in (
        JudgeAssignment.objects.filter(period_id__in=period_ids)
        .order_by("user_id")
        .values_list("period_id", "user_id")
    ):
        judges[period_id].append(user_id)
    scores = defaultdict(list)
    for period_id, unit_id, judge_id, criterion_id, value in Score.objects.filter(
        period_id__in=period_ids
    ).values_list("period_id", "unit_id", "judge_id", "criterion_id", "value"):
        scores[period_id].append(ScoreRow(unit_id, judge_id, criterion_id, value))
    excluded = defaultdict(set)
    for period_id, judge_id, unit_id in Conflict.objects.filter(
        period_id__in=period_ids
    ).values_list("period_id", "judge_id", "unit_id"):
        excluded[period_id].add((judge_id, unit_id))
    # Judges who are kader of a unit, as `services.results_input` excludes them.
    for period_id, judge_id, unit_id in KampungKB.kader.through.objects.filter(
        user__judge_assignments__period_id__in=period_ids
    ).values_list("user__judge_assignments__period_id", "user_id", "kampungkb_id"):
        excluded[period_id].add((judge_id, unit_id))
    return [
        services.ResultsInput(
            period=period,
            units=units,
            criteria=criteria[period.pk],
            judge_ids=judges[period.pk],
            scores=scores[period.pk],
            excluded=frozenset(excluded[period.pk]),
        )
        for period in periods
    ]
