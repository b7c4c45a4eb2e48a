"""An evaluation period's results as rows to show.

The results page, the CSV, the XLSX and the printed recap all read the rows that
`results_table()` builds once per request, so they cannot disagree. The numbers come
from `scoring.compute_results` (through `selectors.period_results`); this module only
adds what a reader needs beside them: region names, eligibility and the nominee.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.formats import number_format

from villages.formation import formed_by_year
from villages.models import KampungKB, Kecamatan

from . import selectors
from .models import JudgeAssignment, Period, PublishedResult, Score
from .scoring import (
    Eligibility,
    UnitResult,
    eligibility,
    suggested_nominee,
)
from .scoring import round_score as scoring_round

EMPTY = "–"


def round_score(value):
    """Two places, half up, exactly as `scoring` rounds its scores; None stays None."""
    return None if value is None else scoring_round(value)


def format_score(value):
    """A score for people: two decimals in the active language (84,13 in Indonesian,
    84.13 in English), a dash when none."""
    if value is None:
        return EMPTY
    return number_format(round_score(value), decimal_pos=2, use_l10n=True)


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


class _Rows:
    """What the results templates read, shared by the full and the paged tables."""

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

    @cached_property
    def judge_count(self):
        """How many judges have a score that counts in this period: as frozen when the
        period was published, else `counted_judge_count` (one query)."""
        if self.period.published_judge_count is not None:
            return self.period.published_judge_count
        return selectors.counted_judge_count(self.period)

    def chart(self):
        """Data for the bar chart of final scores: ranked units only, best first, with
        each score also written for people in the active language (the tooltips)."""
        rows = self.ranked_rows
        return {
            "labels": [row.unit.kelurahan.name for row in rows],
            "scores": [float(row.final_score) for row in rows],
            "score_labels": [format_score(row.final_score) for row in rows],
            "ranks": [row.rank for row in rows],
            "nominee": [row.is_nominee for row in rows],
        }


@dataclass
class ResultsTable(_Rows):
    period: Period
    aspects: list  # AspectBlock, in rubric order
    rows: list  # ResultRow: complete units by rank, then incomplete ones by name
    nominee: ResultRow | None
    data: selectors.ResultsInput

    def raw_scores(self):
        """Every score of the period with the judge's note, and whether it counts.

        A score does not count when its judge was taken off the period, declared a
        conflict of interest or is kader of the unit. One query.
        """
        scores = (
            Score.objects.filter(period=self.period)
            .with_counted()
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
        return [(score, score.is_counted) for score in scores]


def judge_name(user):
    return user.get_full_name() or user.get_username()


def results_table(period, data=None):
    """The rows of `period`'s results in seven queries, whatever the number of units,
    criteria, judges or scores."""
    results, data = selectors.period_results(period, data)
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
                eligibility=eligibility(unit.formation, period.year, period.min_unit_age_years),
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


RESULTS_PER_PAGE = 50


@dataclass
class PublishedTable(_Rows):
    """One page of a published period's results, read from the standings frozen at
    publication: a page costs the same with 27 units or 25,000."""

    period: Period
    aspects: list  # AspectBlock, in rubric order
    rows: list  # ResultRow of this page, in published order
    nominee: ResultRow | None
    page: object  # django.core.paginator.Page of PublishedResult


def published_table(period, page_number=None, per_page=None):
    """A page of `period`'s published results in eight queries, whatever the size.

    Ranks and final scores are the frozen ones; criterion means, aspect subtotals and
    missing counts are computed for this page's units only (scores are locked once a
    period is final, so they agree with what was frozen).
    """
    frozen = (
        PublishedResult.objects.filter(period=period)
        .select_related("unit__kelurahan__kecamatan")
        .order_by("position", "pk")
    )
    page = Paginator(frozen, per_page or RESULTS_PER_PAGE).get_page(page_number)
    # Positions run 0, 1, 2, ... within a period, so a page is a range of them: an
    # index range scan, where OFFSET would join and sort every unit before the page.
    page.object_list = list(
        frozen.filter(position__gte=page.start_index() - 1, position__lt=page.end_index())
    )
    details, criteria = selectors.unit_details(period, [row.unit_id for row in page])
    aspects = _aspect_blocks(criteria)
    rows = []
    for frozen_row in page:
        detail = details[frozen_row.unit_id]
        detail.rank = frozen_row.rank
        detail.final_score = frozen_row.final_score
        detail.complete = frozen_row.complete
        rows.append(_published_row(period, frozen_row, detail, aspects))
    nominee = _published_nominee(period)
    for row in rows:
        if nominee is not None and row.unit.pk == nominee.unit.pk:
            row.is_nominee = True
            nominee = row
    return PublishedTable(period=period, aspects=aspects, rows=rows, nominee=nominee, page=page)


def _published_row(period, frozen_row, result, aspects):
    unit = frozen_row.unit
    return ResultRow(
        unit=unit,
        kecamatan=unit.kelurahan.kecamatan.name,
        result=result,
        eligibility=eligibility(unit.formation, period.year, period.min_unit_age_years),
        aspect_scores=[result.aspect_scores.get(block.aspect.pk) for block in aspects],
    )


def _published_nominee(period):
    """The best-ranked complete, eligible unit of the whole period, as `suggested_nominee`
    chooses, in one query."""
    frozen_row = (
        PublishedResult.objects.filter(
            period=period,
            complete=True,
        )
        .filter(formed_by_year(period.year - period.min_unit_age_years, prefix="unit__"))
        .select_related("unit__kelurahan__kecamatan")
        .order_by("position", "pk")
        .first()
    )
    if frozen_row is None:
        return None
    result = UnitResult(
        unit_id=frozen_row.unit_id,
        rank=frozen_row.rank,
        final_score=frozen_row.final_score,
        aspect_scores={},
        criterion_means={},
        complete=True,
        missing=0,
        judge_count=0,
    )
    return _published_row(period, frozen_row, result, [])


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
    """The unit's results in every published period, newest first, in one query.

    Ranks were frozen when each period was published (`services.freeze_results`);
    eligibility follows the unit's formation date as it stands now.
    """
    frozen = (
        PublishedResult.objects.filter(unit=unit, period__status=Period.Status.PUBLISHED)
        .select_related("period")
        .order_by("-period__year")
    )
    return [
        UnitYearResult(
            period=row.period,
            rank=row.rank,
            final_score=row.final_score,
            complete=row.complete,
            eligibility=eligibility(
                unit.formation, row.period.year, row.period.min_unit_age_years
            ),
        )
        for row in frozen
    ]


HOME_TOP_UNITS = 5


def latest_published_period_id():
    """A subquery: the id of the newest published period."""
    return Subquery(
        Period.objects.published().order_by("-year").values("pk")[:1],
        output_field=models.BigIntegerField(),
    )


def latest_top_units(limit=HOME_TOP_UNITS):
    """The best ranked units of the newest published period, with the period: one query.
    Only complete units have a rank; the home page lists none of the others. Units tied
    with the last one shown are shown too: a cut through a tie would rank equals apart."""
    ranked = PublishedResult.objects.filter(
        period=latest_published_period_id(), rank__isnull=False
    )
    cutoff = ranked.order_by("position").values("rank")[limit - 1 : limit]
    return list(
        ranked.filter(rank__lte=Coalesce(Subquery(cutoff), Value(limit)))
        .select_related("period", "unit__kelurahan")
        .order_by("position")
    )


def with_latest_score(units):
    """``units`` annotated with ``latest_score``, their final score in the newest
    published period (None when they have none there), best first."""
    score = PublishedResult.objects.filter(
        unit=OuterRef("pk"), period=latest_published_period_id()
    ).values("final_score")[:1]
    return units.annotate(latest_score=Subquery(score)).order_by(
        F("latest_score").desc(nulls_last=True), "kelurahan__name"
    )
