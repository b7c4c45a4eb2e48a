"""Read models of evaluation periods: what the pages and exports show, each read in a
fixed number of queries. Writes live in `services`; the rules these reads apply live in
`judging` (who scores what, progress), `scoring` (results) and on the models (the
period's stages, the rubric, the scores that count)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils.translation import gettext_lazy as _

from villages.formation import formed_by_year
from villages.models import KampungKB

from .judging import (
    ProgressInput,
    SheetStatus,
    incomplete_sheets,
    judge_progress,
    period_progress,
    progress_of,
    sheet_status,
)
from .models import (
    CoachingNote,
    Conflict,
    Criterion,
    JudgeAssignment,
    Period,
    Score,
    SheetEntry,
    format_number,
)
from .paper import (
    CELL_BADGES,
    CELL_LABELS,
    allowed_range,
    cell_state,
    entry_check,
    entry_round,
    next_unit,
    sheets_in_paper_order,
)
from .permissions import ScoringTarget, scoring_facts
from .scoring import (
    CriterionRef,
    JudgeTotal,
    ScoreRow,
    UnitRef,
    complete_results_from_totals,
    compute_results,
    rank_results,
    score_scale,
    suggested_nominee,
)


class ExcludedPairs(frozenset):
    """(judge id, unit id) pairs whose scores never count, with why: `kader` (the judge
    is kader of the unit) and `conflicts` (the judge declared a conflict of interest)."""

    def __new__(cls, conflicts, kader):
        pairs = super().__new__(cls, conflicts | kader)
        pairs.conflicts, pairs.kader = conflicts, kader
        return pairs


def excluded_pairs(period, *, unit=None):
    """The `ExcludedPairs` of `period`'s judges, of every unit or of `unit`. Two queries."""
    conflicts = Conflict.objects.active().filter(period=period)
    kader = KampungKB.kader.through.objects.filter(user__judge_assignments__period=period)
    if unit is not None:
        conflicts = conflicts.filter(unit=unit)
        kader = kader.filter(kampungkb=unit)
    return ExcludedPairs(
        frozenset(conflicts.values_list("judge_id", "unit_id")),
        frozenset(kader.values_list("user_id", "kampungkb_id")),
    )


# Results


@dataclass
class ResultsInput:
    """Everything `scoring.compute_results` needs, with the rows to render names from."""

    period: Period
    units: dict  # id → KampungKB (with kelurahan), in name order
    criteria: list  # Criterion (with aspect), in rubric order
    judge_ids: list
    scores: list  # ScoreRow, every score of the period
    excluded: frozenset  # (judge id, unit id)
    counted_scores: list  # the rows of `scores` that count (`Score.objects.counted`)

    def unit_refs(self):
        return [UnitRef(unit.pk, str(unit.display_name)) for unit in self.units.values()]

    def criterion_refs(self):
        return _criterion_refs(self.criteria)

    def progress_input(self):
        """The same `ProgressInput` as `progress_input(period)`, from rows already read."""
        criterion_ids = {criterion.pk for criterion in self.criteria}
        given = defaultdict(int)
        for row in self.counted_scores:
            if row.criterion_id in criterion_ids:
                given[(row.judge_id, row.unit_id)] += 1
        return ProgressInput(
            judge_ids=self.judge_ids,
            unit_ids=list(self.units),
            criterion_count=len(criterion_ids),
            excluded=self.excluded,
            given=dict(given),
        )


def _criterion_refs(criteria):
    return [
        CriterionRef(criterion.pk, criterion.aspect_id, criterion.weight, criterion.max_score)
        for criterion in criteria
    ]


def _judge_ids(period):
    return list(
        JudgeAssignment.objects.filter(period=period)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _score_rows(period, unit_ids=None):
    """The period's scores as `ScoreRow`s, of every unit or only of `unit_ids`. One query.

    Every score: `scoring` leaves out those that do not count, given the judges and the
    excluded pairs.
    """
    scores = Score.objects.filter(period=period)
    if unit_ids is not None:
        scores = scores.filter(unit_id__in=unit_ids)
    return [
        ScoreRow(*row)
        for row in scores.values_list("unit_id", "judge_id", "criterion_id", "value")
    ]


def results_input(period):
    """Read the period for `compute_results` in six queries, however many units or scores."""
    scores, counted = [], []
    rows = (
        Score.objects.filter(period=period)
        .with_counted()
        .values_list("unit_id", "judge_id", "criterion_id", "value", "is_counted")
    )
    for *fields, is_counted in rows:
        row = ScoreRow(*fields)
        scores.append(row)
        if is_counted:
            counted.append(row)
    return ResultsInput(
        period=period,
        units={unit.pk: unit for unit in KampungKB.objects.select_related("kelurahan")},
        criteria=list(Criterion.objects.filter(period=period).in_rubric_order()),
        judge_ids=_judge_ids(period),
        scores=scores,
        excluded=excluded_pairs(period),
        counted_scores=counted,
    )


def period_results(period, data=None):
    """The ranked `UnitResult`s of `period` (and the input they came from)."""
    data = data or results_input(period)
    results = compute_results(
        data.unit_refs(), data.criterion_refs(), data.judge_ids, data.scores, data.excluded
    )
    return results, data


def period_standings(period):
    """Every unit's rank and final score, as `period_results` gives them, without the
    criterion means and aspect subtotals; fast at national scale.

    Complete units are scored from one grouped query (per unit and judge, summed in
    whole numbers, see `scoring.ScoreScale`); only the incomplete ones are scored from
    their rows. Seven queries, however many units or scores.
    """
    criteria = _criterion_refs(Criterion.objects.filter(period=period).in_rubric_order())
    scale = score_scale(criteria)
    if scale is None:
        return period_results(period)[0]
    judge_ids = _judge_ids(period)
    excluded = excluded_pairs(period)
    sort_names = {
        pk: str(KampungKB.label(name, kelurahan_name))
        for pk, name, kelurahan_name in KampungKB.objects.values_list(
            "pk", "name", "kelurahan__name"
        )
    }
    complete, others = complete_results_from_totals(
        sort_names, scale, judge_ids, _judge_totals(period, scale), excluded
    )
    if others:
        units = [UnitRef(pk, sort_names[pk]) for pk in others]
        scores = _score_rows(period, others)
        complete += compute_results(units, criteria, judge_ids, scores, excluded)
    return rank_results(complete, sort_names)


def unit_details(period, unit_ids):
    """({unit id: UnitResult}, criteria with their aspects) for a few units: criterion
    means, aspect subtotals and missing counts, ranks left out. Five queries."""
    criteria = list(Criterion.objects.filter(period=period).in_rubric_order())
    results = compute_results(
        [UnitRef(pk, "") for pk in unit_ids],
        _criterion_refs(criteria),
        _judge_ids(period),
        _score_rows(period, unit_ids),
        excluded_pairs(period),
    )
    for result in results:
        result.rank = None
    return {result.unit_id: result for result in results}, criteria


def _judge_totals(period, scale):
    """Per unit and judge: Σ(criterion factor × value in hundredths) and the count."""
    factor = Case(
        *(When(criterion_id=pk, then=Value(f)) for pk, f in scale.factors.items()),
        output_field=BigIntegerField(),
    )
    hundredths = Cast(Round(F("value") * 100), BigIntegerField())
    rows = (
        Score.objects.filter(period=period, criterion_id__in=scale.factors)
        .values("unit_id", "judge_id")
        .annotate(scaled_sum=Sum(factor * hundredths), count=Count("pk"))
        .order_by()
        .values_list("unit_id", "judge_id", "scaled_sum", "count")
    )
    return [JudgeTotal(*row) for row in rows]


def progress_input(period):
    """`ProgressInput` of `period` in six queries, the scores counted by the database:
    the staff pages that show progress need no score rows."""
    given = (
        Score.objects.filter(period=period)
        .counted()
        .values("judge_id", "unit_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("judge_id", "unit_id", "count")
    )
    return ProgressInput(
        judge_ids=_judge_ids(period),
        unit_ids=list(KampungKB.objects.order_by("pk").values_list("pk", flat=True)),
        criterion_count=Criterion.objects.filter(period=period).count(),
        excluded=excluded_pairs(period),
        given={(judge_id, unit_id): count for judge_id, unit_id, count in given},
    )


# Progress


def judge_rows(progress_input):
    """Each assigned judge (a user) with their `judging.JudgeProgress`, in one query."""
    progress = judge_progress(progress_input)
    users = get_user_model().objects.in_bulk([row.judge_id for row in progress])
    return [{"judge": users[row.judge_id], "progress": row} for row in progress]


def _count_of(rows):
    """A subquery counting `rows` (filtered on OuterRef) for each period, 0 when none."""
    # COUNT as a plain function, so the subquery has no GROUP BY and returns one row.
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0)


def periods_with_progress():
    """Every period, newest first, with its judge, criterion, exclusion and score counts."""
    this_period = OuterRef("pk")
    kader_links = KampungKB.kader.through.objects.filter(
        user__judge_assignments__period=this_period
    )
    is_kader = KampungKB.kader.through.objects.filter(
        user_id=OuterRef("judge_id"), kampungkb_id=OuterRef("unit_id")
    )
    return Period.objects.order_by("-year").annotate(
        judge_count=_count_of(JudgeAssignment.objects.filter(period=this_period)),
        criterion_count=_count_of(Criterion.objects.filter(period=this_period)),
        # The pairs of `excluded_pairs`, each once: kader links, then other conflicts.
        excluded_count=_count_of(kader_links)
        + _count_of(
            Conflict.objects.active()
            .filter(period=this_period, judge__judge_assignments__period=this_period)
            .exclude(Exists(is_kader))
        ),
        score_count=_count_of(Score.objects.filter(period=this_period).counted()),
    )


def progress_summary(period, unit_count):
    """(scores in, scores expected) of every judge together, for the list page."""
    return period_progress(
        judge_count=period.judge_count,
        unit_count=unit_count,
        excluded_count=period.excluded_count,
        criterion_count=period.criterion_count,
        scored=period.score_count,
    )


def counted_score_counts(data):
    """{(unit id, criterion id): number of scores that count}, in one pass over the rows."""
    return Counter((row.unit_id, row.criterion_id) for row in data.counted_scores)


def kader_units_of(user_ids):
    """{user id: [units]} for the users who are kader of some unit: they do not judge those."""
    links = KampungKB.kader.through.objects.filter(user_id__in=user_ids).select_related(
        "kampungkb__kelurahan"
    )
    units = {}
    for link in links.order_by("kampungkb__kelurahan__name"):
        units.setdefault(link.user_id, []).append(link.kampungkb)
    return units


# What the period's steps will do


def units_in_kelurahan_order():
    """Every unit with its kelurahan, in the order judges and staff go through them."""
    return KampungKB.objects.select_related("kelurahan").order_by("kelurahan__name", "pk")


@dataclass
class IncompleteSheet:
    """A judge's sheet for a unit that is not complete: `scored` of the criteria."""

    unit: KampungKB
    judge: object
    scored: int

    @property
    def judge_name(self):
        return self.judge.get_full_name() or self.judge.get_username()


@dataclass
class FinalizePreview:
    """What finalizing leaves incomplete: every unit × judge sheet owed and not complete."""

    criterion_count: int
    sheets: list  # IncompleteSheet, units in kelurahan order, then judges by id
    # UnverifiedSheet: paper sheets whose double entry is not verified (a warning only)
    unverified: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.sheets)


def finalize_preview(period):
    """The `FinalizePreview` of `period` in eight queries (nine with double entry),
    however many sheets are missing or unverified."""
    units = list(units_in_kelurahan_order())
    data = replace(progress_input(period), unit_ids=[unit.pk for unit in units])
    pending = incomplete_sheets(data)
    by_id = {unit.pk: unit for unit in units}
    judges = get_user_model().objects.in_bulk(data.judge_ids)
    return FinalizePreview(
        criterion_count=data.criterion_count,
        sheets=[
            IncompleteSheet(unit=by_id[unit_id], judge=judges[judge_id], scored=scored)
            for unit_id, judge_id, scored in pending
        ],
        unverified=unverified_sheets(
            period, units, [judges[judge_id] for judge_id in data.judge_ids]
        ),
    )


@dataclass(frozen=True)
class PublicationSummary:
    """What the public page will show once published: units complete (each ranked),
    how many of those are eligible for the provincial selection, and the suggested
    nominee (a `scoring.UnitResult`, or None)."""

    unit_count: int
    complete: int
    ranked: int
    eligible: int
    nominee: object = None

    @property
    def incomplete(self):
        return self.unit_count - self.complete

    @property
    def refusal(self):
        """Why the period may not be published, or None: an empty ranking is never public."""
        if not self.complete:
            return _(
                "Belum ada Kampung KB yang nilainya lengkap, sehingga tidak ada hasil yang "
                "bisa dipublikasikan. Buka kembali periode ini dan lengkapi penilaian lebih "
                "dulu."
            )
        return None


def summarize_publication(results, eligible_unit_ids):
    """The `PublicationSummary` of ranked `UnitResult`s (no query)."""
    eligible = set(eligible_unit_ids)
    complete = [result for result in results if result.complete]
    return PublicationSummary(
        unit_count=len(results),
        complete=len(complete),
        ranked=sum(1 for result in complete if result.rank is not None),
        eligible=sum(1 for result in complete if result.unit_id in eligible),
        nominee=suggested_nominee(results, eligible),
    )


@dataclass
class PublicationPreview:
    summary: PublicationSummary
    results: list  # the standings publishing freezes (`period_standings`)
    nominee_unit: KampungKB | None


def publication_preview(period):
    """The `PublicationPreview` of `period` in eight queries, whatever the number of units."""
    results = period_standings(period)
    eligible_units = KampungKB.objects.select_related("kelurahan").filter(
        formed_by_year(period.year - period.min_unit_age_years)
    )
    eligible = {unit.pk: unit for unit in eligible_units}
    summary = summarize_publication(results, eligible)
    nominee_unit = eligible[summary.nominee.unit_id] if summary.nominee else None
    return PublicationPreview(summary=summary, results=results, nominee_unit=nominee_unit)


# A judge's status per unit


@dataclass
class UnitStatus:
    unit: KampungKB
    status: str | None  # None: the user is not a judge of the period
    scored: int

    @property
    def label(self):
        return SheetStatus.LABELS.get(self.status, "")

    @property
    def badge(self):
        return SheetStatus.BADGES.get(self.status, "text-bg-secondary")

    @property
    def may_score(self):
        return self.status in SheetStatus.COUNTED


@dataclass
class JudgeSheets:
    """One judge's status per unit in one period, and their progress."""

    rows: list  # UnitStatus, in the order of the units asked for
    progress: object  # judging.Progress: units complete of units expected

    @property
    def next_row(self):
        """The first row, in the order asked for, that the judge still has to complete."""
        return next((row for row in self.rows if _is_owed(row)), None)

    def next_row_after(self, unit):
        """The row the judge goes to from `unit`'s sheet ("Simpan dan lanjut"): the next
        one they still have to complete after `unit`'s, wrapping round to the first;
        never `unit`'s own. None when nothing else is owed."""
        index = next((i for i, row in enumerate(self.rows) if row.unit.pk == unit.pk), -1)
        following = self.rows[index + 1 :] + self.rows[: index + 1]
        return next((row for row in following if row.unit.pk != unit.pk and _is_owed(row)), None)


def _is_owed(row):
    return row.status in (SheetStatus.NOT_STARTED, SheetStatus.PARTIAL)


def judge_sheets(periods, judge, units):
    """{period id: JudgeSheets} for one judge, in four queries whatever the size."""
    periods = list(periods)
    units = list(units)
    period_ids = [period.pk for period in periods]
    criterion_counts = dict(
        Criterion.objects.filter(period_id__in=period_ids)
        .values("period_id")
        .annotate(n=Count("id"))
        .values_list("period_id", "n")
    )
    scored = defaultdict(int)
    for period_id, unit_id, count in (
        Score.objects.filter(period_id__in=period_ids, judge=judge)
        .counted()
        .values("period_id", "unit_id")
        .annotate(n=Count("id"))
        .values_list("period_id", "unit_id", "n")
    ):
        scored[period_id, unit_id] = count
    sheets = {}
    for period in periods:
        criterion_count = criterion_counts.get(period.pk, 0)
        rows = []
        for unit in units:
            facts = scoring_facts(judge, ScoringTarget(period, unit))
            count = scored[period.pk, unit.pk]
            status = sheet_status(
                count, criterion_count, is_kader=facts.is_kader, has_conflict=facts.has_conflict
            )
            rows.append(UnitStatus(unit=unit, status=status, scored=count))
        progress = progress_of(
            judge.pk, [(row.status, row.scored) for row in rows], criterion_count
        )
        sheets[period.pk] = JudgeSheets(rows=rows, progress=progress.units)
    return sheets


# Every judge's scores for one unit


@dataclass
class JudgeColumn:
    user: object
    counted: bool
    reason: str = ""

    @property
    def name(self):
        return self.user.get_full_name() or self.user.get_username()


@dataclass
class CriterionRow:
    criterion: Criterion
    values: list  # one display string (or "") per judge column
    mean: str


@dataclass
class UnitScoreTable:
    judges: list
    rows: list
    final_score: str
    complete: bool


def _display(value):
    return format_number(value.quantize(Decimal("0.01"))) if value is not None else ""


def unit_score_table(period, unit, criteria):
    """Every assigned judge's value per criterion and the mean that counts, in four queries.

    The means and the unit's score come from `scoring.compute_results`, so judges who
    are kader of the unit or declared a conflict are left out exactly as in the results.
    """
    assignments = list(
        JudgeAssignment.objects.filter(period=period)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    judge_ids = [assignment.user_id for assignment in assignments]
    excluded = excluded_pairs(period, unit=unit)
    values = {
        (judge_id, criterion_id): value
        for judge_id, criterion_id, value in Score.objects.filter(
            period=period, unit=unit, judge_id__in=judge_ids
        ).values_list("judge_id", "criterion_id", "value")
    }
    [result] = compute_results(
        [UnitRef(unit.pk, "")],
        [CriterionRef(c.pk, c.aspect_id, c.weight, c.max_score) for c in criteria],
        judge_ids,
        [ScoreRow(unit.pk, j, c, v) for (j, c), v in values.items()],
        excluded,
    )
    columns = []
    for assignment in assignments:
        reason = ""
        pair = (assignment.user_id, unit.pk)
        if pair in excluded.kader:
            reason = _("kader Kampung KB ini, tidak dihitung")
        elif pair in excluded.conflicts:
            reason = _("konflik kepentingan, tidak dihitung")
        columns.append(JudgeColumn(assignment.user, counted=not reason, reason=reason))
    rows = [
        CriterionRow(
            criterion=criterion,
            values=[_display(values.get((judge_id, criterion.pk))) for judge_id in judge_ids],
            mean=_display(result.criterion_means.get(criterion.pk)),
        )
        for criterion in criteria
    ]
    return UnitScoreTable(
        judges=columns,
        rows=rows,
        final_score=_display(result.final_score),
        complete=result.complete,
    )


# One judge's own sheet


@dataclass
class OwnSheet:
    """How far a judge's own sheet for a unit is, and once complete the unit's score by
    this judge alone (`scoring.compute_results` over their scores only)."""

    scored: int
    criterion_count: int
    final_score: str  # "" until the sheet is complete

    @property
    def complete(self):
        return (
            sheet_status(self.scored, self.criterion_count, is_kader=False, has_conflict=False)
            == SheetStatus.COMPLETE
        )


def own_sheet(criteria, scores, judge, unit):
    """`OwnSheet` from the rubric's `criteria` and the judge's saved `scores` by criterion
    id (both already read by the sheet page: no query). No final score from a partial
    sheet: until every criterion is scored only the count is given."""
    criteria = list(criteria)
    scored = sum(1 for criterion in criteria if criterion.pk in scores)
    sheet = OwnSheet(scored=scored, criterion_count=len(criteria), final_score="")
    if sheet.complete:
        [result] = compute_results(
            [UnitRef(unit.pk, "")],
            [CriterionRef(c.pk, c.aspect_id, c.weight, c.max_score) for c in criteria],
            [judge.pk],
            [ScoreRow(unit.pk, judge.pk, cid, score.value) for cid, score in scores.items()],
        )
        sheet.final_score = _display(result.final_score)
    return sheet


# Coaching notes a judge reads on the sheet


def earlier_coaching_notes(unit, period, *, published_only):
    """The unit's coaching notes from periods before `period`, newest period first, with
    their follow-up status. One query. `published_only` for readers who read them only
    as judges (`permissions.reads_coaching_as_judge`)."""
    notes = (
        CoachingNote.objects.filter(unit=unit, period__year__lt=period.year)
        .select_related("period", "judge")
        .order_by("-period__year", "created_at", "id")
    )
    return notes.of_published_periods() if published_only else notes


# Paper sheets typed by staff


def _paper_units():
    """Every unit with its kelurahan and kecamatan, in the order the sheets are printed."""
    return units_in_kelurahan_order().select_related("kelurahan__kecamatan")


def _judges_by_username(period):
    return [
        assignment.user
        for assignment in JudgeAssignment.objects.filter(period=period)
        .select_related("user")
        .order_by("user__username")
    ]


@dataclass
class PrintableSheets:
    """The blank sheets of a period: (judge, unit) in each judge's stack order, the
    judges (by username) and units (in paper order) they come from, and the criteria in
    rubric order (each with `allowed_range`)."""

    sheets: list
    judges: list
    units: list
    criteria: list


def printable_sheets(period):
    """`PrintableSheets` of every assigned judge and unit of `period`. Five queries,
    however many sheets."""
    judges = _judges_by_username(period)
    units = list(_paper_units())
    people = {user.pk: user for user in judges}
    by_id = {unit.pk: unit for unit in units}
    pairs = sheets_in_paper_order(list(people), list(by_id), excluded_pairs(period))
    criteria = list(Criterion.objects.filter(period=period).in_rubric_order())
    for criterion in criteria:
        criterion.allowed_range = allowed_range(criterion)
    return PrintableSheets(
        sheets=[(people[judge_id], by_id[unit_id]) for judge_id, unit_id in pairs],
        judges=judges,
        units=units,
        criteria=criteria,
    )


def _entries_by_sheet(period, **filters):
    """{(judge id, unit id): {round: SheetEntry}} of `period`. One query."""
    entries = defaultdict(dict)
    for entry in SheetEntry.objects.filter(period=period, **filters).select_related("entered_by"):
        entries[entry.judge_id, entry.unit_id][entry.round] = entry
    return entries


def _check_of(rounds):
    def values(round_):
        entry = rounds.get(round_)
        return entry.values if entry is not None else None

    return entry_check(
        values(SheetEntry.Round.FIRST),
        values(SheetEntry.Round.SECOND),
        values(SheetEntry.Round.RESOLVED),
    )


@dataclass
class PaperSheet:
    """One judge's paper sheet for one unit as staff typed it: the typings by round,
    the double-entry check, and which round the entry screen offers `user` now."""

    entries: dict  # SheetEntry.Round → SheetEntry
    check: object  # paper.EntryCheck
    round: str  # paper.EntryRound

    @property
    def first(self):
        return self.entries.get(SheetEntry.Round.FIRST)

    @property
    def second(self):
        return self.entries.get(SheetEntry.Round.SECOND)


def paper_sheet(period, judge, unit, user):
    """The `PaperSheet` of `judge` for `unit`, seen by the staff member `user`. One query."""
    rounds = _entries_by_sheet(period, judge=judge, unit=unit).get((judge.pk, unit.pk), {})
    first = rounds.get(SheetEntry.Round.FIRST)
    return PaperSheet(
        entries=rounds,
        check=_check_of(rounds),
        round=entry_round(
            double_entry=period.double_entry,
            first_by=first.entered_by_id if first else None,
            second_exists=SheetEntry.Round.SECOND in rounds,
            user_id=user.pk,
        ),
    )


def next_paper_unit(period, judge, unit):
    """The unit of the judge's next sheet in the printed order, or None. Four queries."""
    unit_ids = list(_paper_units().values_list("pk", flat=True))
    following = next_unit(judge.pk, unit.pk, unit_ids, excluded_pairs(period))
    return KampungKB.objects.filter(pk=following).first() if following else None


@dataclass
class EntryCell:
    """A judge's sheet of a unit on the period page: its state and where to type it."""

    judge: object
    state: str | None  # paper.CELL_LABELS key; None when the judge does not score it
    scored: int
    check: object = None  # paper.EntryCheck, once staff typed the sheet
    reason: str = ""  # why there is no sheet (kader, conflict)

    @property
    def label(self):
        return CELL_LABELS.get(self.state, self.reason)

    @property
    def badge(self):
        return CELL_BADGES.get(self.state, "text-bg-secondary")


@dataclass
class EntryGrid:
    judges: list
    rows: list  # (unit, [EntryCell] in `judges` order)
    double_entry: bool

    @property
    def unverified(self):
        """Cells typed by staff and not yet verified (double entry only)."""
        return [
            (unit, cell)
            for unit, cells in self.rows
            for cell in cells
            if cell.check is not None and cell.check.state and not cell.check.is_verified
        ]


def entry_grid(period, progress, judges):
    """Every judge × unit sheet of `period` with its state (`paper.cell_state`), from the
    page's `ProgressInput` and judges (users): two more queries, whatever the size."""
    judges = sorted(judges, key=lambda user: user.get_username())
    entries = _entries_by_sheet(period)
    excluded = progress.excluded
    rows = []
    for unit in _paper_units():
        cells = []
        for judge in judges:
            pair = (judge.pk, unit.pk)
            if pair in excluded:
                reason = SheetStatus.LABELS[
                    SheetStatus.KADER if pair in excluded.kader else SheetStatus.CONFLICT
                ]
                cells.append(EntryCell(judge=judge, state=None, scored=0, reason=reason))
                continue
            scored = progress.given.get(pair, 0)
            status = sheet_status(
                scored, progress.criterion_count, is_kader=False, has_conflict=False
            )
            check = _check_of(entries[pair]) if pair in entries else None
            cells.append(
                EntryCell(
                    judge=judge,
                    state=cell_state(status, check if period.double_entry else None),
                    scored=scored,
                    check=check if period.double_entry else None,
                )
            )
        rows.append((unit, cells))
    return EntryGrid(judges=judges, rows=rows, double_entry=period.double_entry)


@dataclass
class UnverifiedSheet:
    unit: KampungKB
    judge: object
    check: object  # paper.EntryCheck

    @property
    def judge_name(self):
        return self.judge.get_full_name() or self.judge.get_username()


def unverified_sheets(period, units, judges):
    """[UnverifiedSheet] of a double-entry period: sheets staff typed once, or twice with
    differences not yet resolved; units and judges as given (in their order). One query,
    none without double entry."""
    if not period.double_entry:
        return []
    entries = _entries_by_sheet(period)
    unverified = []
    for unit in units:
        for judge in judges:
            rounds = entries.get((judge.pk, unit.pk))
            if not rounds:
                continue
            check = _check_of(rounds)
            if check.state and not check.is_verified:
                unverified.append(UnverifiedSheet(unit=unit, judge=judge, check=check))
    return unverified


def scores_given_by(period, judge):
    """How many scores `judge` has entered in `period` (counted or not). One query."""
    return Score.objects.filter(period=period, judge=judge).count()


def counted_judge_count(period):
    """How many judges have a score that counts in `period`. One query: for each assigned
    judge, an EXISTS that stops at their first counted score (a DISTINCT over every score
    took 0.4 s at 2,250,000 scores)."""
    counted = Score.objects.filter(period=period, judge=OuterRef("user_id")).counted()
    return JudgeAssignment.objects.filter(period=period).filter(Exists(counted)).count()
