"""The judging rules, as pure functions of plain facts: who may score a unit now, how
far a judge's sheet is, and how far each judge has got.

The permission predicates (`permissions`), the save service (`services`), the judge's
pages (`forms_judging`, `views.judging`) and the score import (`score_import`) gather the
facts their own way (cached per request, fresh from the database, or read once for a
whole file) and ask these functions, so they cannot disagree.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Period


class RefusalKind:
    INACTIVE = "inactive"
    NOT_ASSIGNED = "not_assigned"
    KADER = "kader"
    CONFLICT = "conflict"
    LOCKED = "locked"
    NOT_OPEN = "not_open"

    # Refusals that come from the period's stage, not from the judge and the unit.
    OF_PERIOD = (LOCKED, NOT_OPEN)
    # Refusals about this judge with this unit: the pair is excluded.
    OF_PAIR = (KADER, CONFLICT)


@dataclass(frozen=True)
class ScoringFacts:
    """What decides whether a judge may score a unit in a period now."""

    period_status: str
    is_active: bool = True
    is_assigned: bool = True
    is_kader: bool = False  # the judge is listed as kader of the unit
    has_conflict: bool = False  # the judge declared a conflict of interest with the unit

    @property
    def is_excluded(self):
        """Kader of the unit or a declared conflict: the judge's scores for it never count."""
        return self.is_kader or self.has_conflict


@dataclass(frozen=True)
class Refusal:
    """Why a unit may not be scored now. `viewable`: the sheet may still be read."""

    kind: str
    message: str
    viewable: bool = False

    def __str__(self):
        return self.message

    @property
    def is_of_period(self):
        return self.kind in RefusalKind.OF_PERIOD


# Addressed to the judge on their own sheet.
_TO_JUDGE = {
    RefusalKind.INACTIVE: _("Akun Anda tidak aktif."),
    RefusalKind.NOT_ASSIGNED: _("Anda tidak ditugaskan sebagai juri periode ini."),
    RefusalKind.KADER: _(
        "Anda terdaftar sebagai kader Kampung KB ini sehingga tidak dapat menilainya."
    ),
    RefusalKind.CONFLICT: _(
        "Anda sudah menyatakan konflik kepentingan dengan Kampung KB ini sehingga tidak "
        "menilainya. Tarik pernyataan itu bila keliru."
    ),
    RefusalKind.LOCKED: _("Periode ini sudah final: nilai terkunci dan hanya dapat dilihat."),
    RefusalKind.NOT_OPEN: _("Periode ini belum masuk tahap penilaian."),
}

# About a named judge: staff entering a paper sheet, or a row of an imported file.
_ABOUT_JUDGE = {
    RefusalKind.INACTIVE: _("Akun juri tidak aktif."),
    RefusalKind.NOT_ASSIGNED: _("%(name)s tidak ditugaskan sebagai juri periode ini."),
    RefusalKind.KADER: _("%(name)s adalah kader %(unit)s dan tidak boleh menilainya."),
    RefusalKind.CONFLICT: _("%(name)s menyatakan konflik kepentingan dengan %(unit)s."),
    RefusalKind.LOCKED: _("Periode %(period)s sudah final: nilai terkunci."),
    RefusalKind.NOT_OPEN: _("Periode %(period)s belum masuk tahap penilaian."),
}


def refusal_kind(facts):
    """The first rule `facts` break, or None: the judge first, then the period's stage.

    The judge comes first so that a judge who may never score a unit is told so even
    once the period is final (a locked sheet may still be read; theirs may not).
    """
    if not facts.is_active:
        return RefusalKind.INACTIVE
    if not facts.is_assigned:
        return RefusalKind.NOT_ASSIGNED
    if facts.is_kader:
        return RefusalKind.KADER
    if facts.has_conflict:
        return RefusalKind.CONFLICT
    if facts.period_status in Period.LOCKED_STATUSES:
        return RefusalKind.LOCKED
    if facts.period_status != Period.Status.SCORING:
        return RefusalKind.NOT_OPEN
    return None


def scoring_refusal(facts, *, judge_name=None, unit_name="", year=""):
    """Why the judge may not score the unit now (a `Refusal`), or None.

    Addressed to the judge ("Anda ...") unless `judge_name` is given; then it names the
    judge, the unit and the period's year, for staff and for import errors.
    """
    kind = refusal_kind(facts)
    if kind is None:
        return None
    if judge_name is None:
        message = str(_TO_JUDGE[kind])
    else:
        message = str(_ABOUT_JUDGE[kind]) % {"name": judge_name, "unit": unit_name, "period": year}
    return Refusal(kind, message, viewable=kind == RefusalKind.LOCKED)


def judges_unit(facts_by_period):
    """Does a judge judge a unit? Given the `ScoringFacts` of the unit in each period the
    judge is assigned to: yes when, in at least one, they are active and neither kader
    of the unit nor in a declared conflict with it, and they have no conflict declared
    with it in any period (a conflict declared today also closes the notes of the years
    they judged it before). The period's stage does not matter: a judge reads the unit's
    coaching notes before, during and after scoring.

    Who may read a unit's coaching notes as a judge (`permissions.VIEW_COACHING`).
    """
    facts_by_period = list(facts_by_period)
    if any(facts.has_conflict for facts in facts_by_period):
        return False
    return any(refusal_kind(facts) in (None, *RefusalKind.OF_PERIOD) for facts in facts_by_period)


def period_refusal(period):
    """Why no score at all may be entered in `period` now (naming its year), or None."""
    return scoring_refusal(ScoringFacts(period.status), judge_name="", year=period.year)


# Progress


class SheetStatus:
    NOT_STARTED = "belum"
    PARTIAL = "sebagian"
    COMPLETE = "lengkap"
    KADER = "kader"
    CONFLICT = "konflik"

    LABELS = {
        NOT_STARTED: _("Belum"),
        PARTIAL: _("Sebagian"),
        COMPLETE: _("Lengkap"),
        KADER: _("Tidak menilai: kader"),
        CONFLICT: _("Konflik"),
    }
    BADGES = {
        NOT_STARTED: "text-bg-light border",
        PARTIAL: "text-bg-warning",
        COMPLETE: "text-bg-success",
    }
    COUNTED = (NOT_STARTED, PARTIAL, COMPLETE)


def sheet_status(scored, criterion_count, *, is_kader, has_conflict):
    """belum / sebagian / lengkap, or why the judge does not score the unit at all.

    `scored` counts the judge's scores for the unit that count (`Score.objects.counted`).
    """
    if is_kader:
        return SheetStatus.KADER
    if has_conflict:
        return SheetStatus.CONFLICT
    if criterion_count and scored >= criterion_count:
        return SheetStatus.COMPLETE
    return SheetStatus.PARTIAL if scored else SheetStatus.NOT_STARTED


def sees_others_scores(facts, scored, criterion_count):
    """Blind until complete: may a judge see the other judges' scores and notes for a
    unit? Only once their own sheet for it is complete (every criterion of the rubric
    scored, by scores that count), so nobody anchors on the others. A blank or partial
    sheet reveals nothing, nor does a unit the judge may never score (kader, conflict,
    not assigned). Staff see everything; that is the permission's other branch
    (`permissions.VIEW_UNIT_SCORES`), not this rule.
    """
    kind = refusal_kind(facts)
    if kind is not None and kind not in RefusalKind.OF_PERIOD:
        return False
    status = sheet_status(
        scored, criterion_count, is_kader=facts.is_kader, has_conflict=facts.has_conflict
    )
    return status == SheetStatus.COMPLETE


@dataclass
class ProgressInput:
    """What `judge_progress` reads: who judges, which units, and how many scores that
    count each judge has given each unit."""

    judge_ids: list
    unit_ids: list
    criterion_count: int
    excluded: frozenset  # (judge id, unit id), see `selectors.excluded_pairs`
    given: dict  # (judge id, unit id) → number of scores


@dataclass
class Progress:
    """Units complete out of the units expected ("18 dari 26")."""

    complete: int
    expected: int

    @property
    def percent(self):
        return round(100 * self.complete / self.expected) if self.expected else 0


@dataclass
class JudgeProgress:
    judge_id: object
    scored: int  # scores given that count
    expected: int  # criteria × units the judge may score
    units_complete: int
    units_expected: int

    @property
    def done(self):
        return self.expected > 0 and self.scored >= self.expected

    @property
    def units(self):
        return Progress(complete=self.units_complete, expected=self.units_expected)


def progress_of(judge_id, sheets, criterion_count):
    """A judge's `JudgeProgress` from their (sheet status, scores that count) per unit.

    The one rule of progress: units the judge is excluded from are not expected of
    them; a unit is complete once every criterion of the rubric is scored.
    """
    counted = [(status, scored) for status, scored in sheets if status in SheetStatus.COUNTED]
    return JudgeProgress(
        judge_id=judge_id,
        scored=sum(scored for _status, scored in counted),
        expected=len(counted) * criterion_count,
        units_complete=sum(1 for status, _scored in counted if status == SheetStatus.COMPLETE),
        units_expected=len(counted),
    )


def judge_progress(data):
    """How far each judge of a `ProgressInput` has got (no query)."""
    progress = []
    for judge_id in data.judge_ids:
        sheets = []
        for unit_id in data.unit_ids:
            scored = data.given.get((judge_id, unit_id), 0)
            excluded = (judge_id, unit_id) in data.excluded
            status = sheet_status(
                scored, data.criterion_count, is_kader=False, has_conflict=excluded
            )
            sheets.append((status, scored))
        progress.append(progress_of(judge_id, sheets, data.criterion_count))
    return progress


def incomplete_sheets(data):
    """[(unit id, judge id, scores given)] of every sheet a judge of a `ProgressInput` owes
    and has not completed (no query): the units in `data.unit_ids` order, then the
    judges in `data.judge_ids` order. Excluded pairs owe no sheet; a rubric without
    criteria leaves every sheet incomplete, as `sheet_status` does."""
    return [
        (unit_id, judge_id, data.given.get((judge_id, unit_id), 0))
        for unit_id in data.unit_ids
        for judge_id in data.judge_ids
        if (judge_id, unit_id) not in data.excluded
        and sheet_status(
            data.given.get((judge_id, unit_id), 0),
            data.criterion_count,
            is_kader=False,
            has_conflict=False,
        )
        != SheetStatus.COMPLETE
    ]


def period_progress(*, judge_count, unit_count, excluded_count, criterion_count, scored):
    """(scores given, scores expected) of all the period's judges together: the sum of
    `judge_progress`, from counts (`excluded_count` pairs, `scored` scores that count)."""
    expected = max(judge_count * unit_count - excluded_count, 0) * criterion_count
    return min(scored, expected), expected
