"""What staff and judges do to an evaluation period, as plain functions.

Views and commands call these; each checks its rules again on the server (a form that
was rendered earlier may no longer be allowed) and writes in one transaction.
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from villages.permissions import is_juri, is_staf

from . import judging, paper, rubric, selectors
from .judging import ScoringFacts
from .models import (
    CoachingNote,
    Conflict,
    JudgeAssignment,
    Period,
    PublishedResult,
    Score,
    SheetEntry,
    UnitReview,
)
from .permissions import (
    ACTION_PERMISSIONS,
    DECLARE_CONFLICT,
    MANAGE_PERIOD,
    UPDATE_COACHING,
    ScoringTarget,
    forget_cached_rules,
    require,
    require_unless_trusted,
)
from .score_import import parse_decimal
from .selectors import (
    excluded_pairs,
    incomplete_sheets,
    paper_sheet,
    period_standings,
    progress_input,
    publication_preview,
)


class EvaluationError(Exception):
    """A refused action; `message` is the Indonesian text to show the user."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


class ScoringRefused(EvaluationError, PermissionDenied):
    """This judge may not score this unit now (locked period, kader, conflict...)."""


class TransitionRefused(EvaluationError):
    """The period cannot move to the asked status from where it is."""


class IncompleteNotConfirmed(TransitionRefused):
    """Finalizing would leave more sheets incomplete than the user confirmed."""

    def __init__(self, message, count):
        super().__init__(message)
        self.count = count


class StaleScores(EvaluationError):
    """Someone saved the sheet after the form was opened; nothing was saved."""

    def __init__(self, message, review):
        super().__init__(message)
        self.review = review


_require = require


def _with_history_user(instance, user, reason=None):
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    return instance


# Periods and judges


@transaction.atomic
def create_period(
    year,
    name,
    *,
    held_on=None,
    place="",
    min_unit_age_years=3,
    judges=(),
    example_rubric=True,
    double_entry=False,
    by=None,
):
    """A new draft period, with the example rubric unless told otherwise."""
    require_unless_trusted(by, MANAGE_PERIOD)
    period = Period(
        year=year,
        name=name,
        held_on=held_on,
        place=place,
        min_unit_age_years=min_unit_age_years,
        double_entry=double_entry,
    )
    period.full_clean()
    _with_history_user(period, by).save()
    if example_rubric:
        rubric.load_example_rubric(period, by=by)
    assign_judges(period, judges, by=by)
    return period


def assign_judges(period, users, *, by=None):
    """Add judges (users with the juri or staf role) to `period`; already assigned is fine."""
    require_unless_trusted(by, MANAGE_PERIOD, period)
    if period.is_locked:
        raise EvaluationError(_("Periode sudah final: juri tidak bisa diubah."))
    users = list(users)
    refused = [user.username for user in users if not (is_juri(user) or is_staf(user))]
    if refused:
        raise ValidationError(
            _("Bukan akun juri atau staf: %(names)s.") % {"names": ", ".join(refused)}
        )
    assigned = set(
        JudgeAssignment.objects.filter(period=period, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    # One save per new judge, so each assignment is in the period's history.
    for user in users:
        if user.pk not in assigned:
            assigned.add(user.pk)
            _with_history_user(JudgeAssignment(period=period, user=user), by).save()
        forget_cached_rules(user)


def remove_judge(period, user, *, by=None, reason=""):
    """Take a judge off `period`; their scores stay in the database but no longer count.
    `reason` goes into the period's history."""
    require_unless_trusted(by, MANAGE_PERIOD, period)
    if period.is_locked:
        raise EvaluationError(_("Periode sudah final: juri tidak bisa diubah."))
    for assignment in JudgeAssignment.objects.filter(period=period, user=user):
        _with_history_user(assignment, by, reason).delete()
    forget_cached_rules(user)


def declare_conflict(period, judge, unit, reason):
    """The judge steps back from scoring `unit`; their scores for it stop counting."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan konflik kepentingan.")})
    if period.is_locked:
        raise ScoringRefused(_("Periode sudah final."))
    if not JudgeAssignment.objects.filter(period=period, user=judge).exists():
        raise ScoringRefused(_("Anda tidak ditugaskan sebagai juri periode ini."))
    require(judge, DECLARE_CONFLICT, ScoringTarget(period, unit))
    # A withdrawn declaration is declared again on the same row: its history stays whole.
    conflict = Conflict.objects.filter(period=period, judge=judge, unit=unit).first()
    if conflict is None:
        conflict = Conflict(period=period, judge=judge, unit=unit)
    elif conflict.withdrawn_at is None and conflict.reason == reason:
        return conflict
    conflict.reason = reason
    conflict.withdrawn_at = conflict.withdrawn_by = None
    _with_history_user(conflict, judge).save()
    forget_cached_rules(judge)
    return conflict


def withdraw_conflict(period, judge, unit):
    """The judge takes their declaration back: their scores for `unit` count again. The
    conflict is kept, marked withdrawn, so the period's history still shows it."""
    if period.is_locked:
        raise ScoringRefused(_("Periode sudah final."))
    require(judge, DECLARE_CONFLICT, ScoringTarget(period, unit))
    for conflict in Conflict.objects.active().filter(period=period, judge=judge, unit=unit):
        conflict.withdrawn_at = timezone.now()
        conflict.withdrawn_by = judge
        _with_history_user(conflict, judge).save()
    forget_cached_rules(judge)


# Scoring


def scoring_refusal(period, judge, unit):
    """Why `judge` may not score `unit` in `period` (a `judging.Refusal` naming them),
    read fresh from the database, or None."""
    facts = ScoringFacts(
        period_status=period.status,
        is_active=judge.is_active,
        is_assigned=JudgeAssignment.objects.filter(period=period, user=judge).exists(),
        is_kader=unit.kader.filter(pk=judge.pk).exists(),
        has_conflict=Conflict.objects.active()
        .filter(period=period, judge=judge, unit=unit)
        .exists(),
    )
    return judging.scoring_refusal(
        facts, judge_name=str(judge), unit_name=str(unit), year=period.year
    )


def save_unit_scores(
    period, judge, unit, values, recommendation="", expected_version=None, *, by=None
):
    """Save one judge's whole sheet for one unit: every score, note and the recommendation.

    `values` maps criterion id to (value, note); a value of None (or "") with no note
    removes that score. `expected_version` is the `UnitReview.version` the form was
    opened with (None for a sheet that did not exist yet). Raises ScoringRefused,
    ValidationError (a dict keyed by criterion id, every problem at once) or
    StaleScores; in each case nothing is saved. `by` is who saves, when not the judge
    (staff entering a paper sheet).

    A blank sheet (no value, no note, no recommendation) for a unit the judge has no
    review and no score of writes nothing and returns None: it is not a review.
    """
    by = by or judge
    if by != judge and not by.has_perm(MANAGE_PERIOD):
        raise ScoringRefused(_("Anda hanya boleh menyimpan nilai Anda sendiri."))
    refusal = scoring_refusal(period, judge, unit)
    if refusal:
        raise ScoringRefused(refusal.message)
    criteria = {criterion.pk: criterion for criterion in period.criteria.all()}
    cleaned = _clean_sheet(criteria, values)
    with transaction.atomic():
        # Locking the period makes finalizing wait for this save, and the reverse.
        period = Period.objects.select_for_update().get(pk=period.pk)
        refusal = scoring_refusal(period, judge, unit)
        if refusal:
            raise ScoringRefused(refusal.message)
        # No select_related here: PostgreSQL cannot lock the nullable side of a join.
        review = (
            UnitReview.objects.select_for_update()
            .filter(period=period, judge=judge, unit=unit)
            .first()
        )
        if review is not None and not _same_version(expected_version, review.updated_at):
            raise StaleScores(_stale_message(review), review)
        if (
            review is None
            and _is_blank(cleaned, recommendation)
            and not Score.objects.filter(period=period, judge=judge, unit=unit).exists()
        ):
            return None
        _write_scores(period, judge, unit, criteria, cleaned, by)
        if review is None:
            review = UnitReview(period=period, judge=judge, unit=unit)
        recommendation = (recommendation or "").strip()
        # The period's history keeps the recommendation's changes, not every save.
        unchanged = review.recommendation == recommendation
        review.recommendation = recommendation
        review.updated_by = by
        _with_history_user(review, by, entered_for_reason(by, judge))
        if by != judge:
            review.entered_by = by
        try:
            with transaction.atomic():
                if unchanged:
                    review.save_without_historical_record()
                else:
                    review.save()
        except IntegrityError as error:
            # Another first save of the same sheet won the race.
            current = UnitReview.objects.get(period=period, judge=judge, unit=unit)
            raise StaleScores(_stale_message(current), current) from error
    return review


def _clean_sheet(criteria, values):
    errors, cleaned = {}, {}
    for criterion_id, (raw_value, raw_note) in values.items():
        criterion = criteria.get(criterion_id)
        note = (raw_note or "").strip()
        if criterion is None:
            errors[criterion_id] = [_("Kriteria ini tidak ada di rubrik periode ini.")]
            continue
        if raw_value is None or str(raw_value).strip() == "":
            if note:
                errors[criterion_id] = [_("Isi nilai untuk kriteria yang diberi catatan.")]
            else:
                cleaned[criterion_id] = (None, "")
            continue
        typed = None if isinstance(raw_value, Decimal) else str(raw_value).strip()
        value = raw_value if typed is None else parse_decimal(typed)
        if value is None or not value.is_finite():
            errors[criterion_id] = [_("Nilai “%(value)s” bukan angka.") % {"value": typed}]
            continue
        problem = criterion.score_error(value, typed)
        if problem:
            errors[criterion_id] = [problem[0].upper() + problem[1:] + "."]
            continue
        cleaned[criterion_id] = (value, note)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _is_blank(cleaned, recommendation):
    """No value, no note and no recommendation: nothing the judge wrote."""
    return not (recommendation or "").strip() and all(
        value is None for value, _note in cleaned.values()
    )


def _same_version(expected, current):
    if expected is None:
        return False
    if isinstance(expected, str):
        try:
            expected = datetime.fromisoformat(expected)
        except ValueError:
            return False
    return expected == current


def _stale_message(review):
    editor = review.updated_by
    who = (editor.get_full_name() or editor.username) if editor else "-"
    return _(
        "Nilai Kampung KB ini sudah disimpan oleh %(who)s pada %(when)s, setelah formulir "
        "Anda dibuka. Isian Anda belum disimpan: muat ulang halaman untuk melihat nilai "
        "terbaru, lalu masukkan lagi perubahan Anda."
    ) % {
        "who": who,
        "when": timezone.localtime(review.updated_at).strftime("%d-%m-%Y %H:%M:%S"),
    }


def entered_for_reason(by, judge):
    """The history's words for a save by staff on a judge's behalf; None when the judge
    saves their own sheet."""
    if by == judge:
        return None
    return _("dimasukkan oleh %(staff)s atas nama %(judge)s") % {
        "staff": by.get_username(),
        "judge": judge.get_username(),
    }


def _write_scores(period, judge, unit, criteria, cleaned, by):
    existing = {
        score.criterion_id: score
        for score in Score.objects.filter(period=period, judge=judge, unit=unit)
    }
    # Staff typing a paper sheet: the score stays the judge's, the history names both.
    reason = entered_for_reason(by, judge)
    for criterion_id, (value, note) in cleaned.items():
        score = existing.get(criterion_id)
        if value is None:
            if score is not None:
                _with_history_user(score, by, reason).delete()
            continue
        if score is None:
            score = Score(judge=judge, unit=unit, criterion=criteria[criterion_id])
        elif score.value == value and score.note == note:
            continue
        score.value, score.note = value, note
        score.entered_by = None if by == judge else by
        _with_history_user(score, by, reason).save()


# Period status


def _transition(period, by, action, *, reason=None, **changes):
    """Take the status step `action` (see `Period.TRANSITIONS`) on the locked row."""
    with transaction.atomic():
        locked = Period.objects.select_for_update().get(pk=period.pk)
        if not locked.can(action):
            raise TransitionRefused(
                _("Periode berstatus %(status)s; langkah ini tidak bisa dilakukan.")
                % {"status": locked.get_status_display()}
            )
        locked.status = Period.TRANSITIONS[action].target
        for name, value in changes.items():
            setattr(locked, name, value)
        _with_history_user(locked, by, reason).save()
    period.refresh_from_db()
    return period


def start_scoring(period, by):
    """Draf → penilaian: judges may now score. Needs a rubric and judges."""
    _require(by, ACTION_PERMISSIONS[Period.Action.START], period)
    if not period.criteria.exists():
        raise TransitionRefused(_("Rubrik periode ini belum berisi kriteria."))
    if not period.assignments.exists():
        raise TransitionRefused(_("Belum ada juri yang ditugaskan."))
    return _transition(period, by, Period.Action.START)


def finalize_period(period, by, *, incomplete_confirmed=None):
    """Penilaian → final: every score is locked and the recommendations go to the kader.

    `incomplete_confirmed` is how many incomplete sheets (unit × judge, see
    `selectors.finalize_preview`) the user saw and accepted; finalizing is refused while
    more are incomplete. The period page always passes it (0 without a confirmation) and
    so does the admin action; None is for scripts, which accept whatever is missing.
    The history entry says how many sheets were incomplete.
    """
    _require(by, ACTION_PERMISSIONS[Period.Action.FINALIZE], period)
    with transaction.atomic():
        locked = Period.objects.select_for_update().get(pk=period.pk)
        pending = len(incomplete_sheets(progress_input(locked)))
        if (
            locked.can(Period.Action.FINALIZE)
            and incomplete_confirmed is not None
            and pending > incomplete_confirmed
        ):
            raise IncompleteNotConfirmed(
                ngettext(
                    "%(count)s lembar penilaian belum lengkap. Periksa daftarnya dan "
                    "konfirmasi jumlahnya sebelum memfinalkan.",
                    "%(count)s lembar penilaian belum lengkap. Periksa daftarnya dan "
                    "konfirmasi jumlahnya sebelum memfinalkan.",
                    pending,
                )
                % {"count": pending},
                pending,
            )
        if not pending:
            reason = _("Difinalkan: semua lembar penilaian lengkap.")
        elif incomplete_confirmed is None:
            reason = ngettext(
                "Difinalkan dengan %(count)s lembar penilaian belum lengkap.",
                "Difinalkan dengan %(count)s lembar penilaian belum lengkap.",
                pending,
            ) % {"count": pending}
        else:
            reason = ngettext(
                "Difinalkan dengan %(count)s lembar penilaian belum lengkap, dikonfirmasi.",
                "Difinalkan dengan %(count)s lembar penilaian belum lengkap, dikonfirmasi.",
                pending,
            ) % {"count": pending}
        period = _transition(
            period,
            by,
            Period.Action.FINALIZE,
            reason=reason,
            finalized_at=timezone.now(),
            finalized_by=by,
        )
        gather_coaching_notes(period, by)
    return period


def reopen_period(period, by, reason):
    """Final or published → penilaian, for corrections. Needs its own permission."""
    _require(by, ACTION_PERMISSIONS[Period.Action.REOPEN], period)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali periode ini.")})
    with transaction.atomic():
        period = _transition(
            period,
            by,
            Period.Action.REOPEN,
            reason=_("Dibuka kembali: %(reason)s") % {"reason": reason},
            finalized_at=None,
            finalized_by=None,
            published_at=None,
        )
        PublishedResult.objects.filter(period=period).delete()
    return period


def publish_period(period, by):
    """Final → dipublikasikan: /evaluasi/<tahun>/ becomes public.

    Refused while no unit is complete (`PublicationSummary.refusal`): the public page
    would have nothing to rank. The history entry says what was published.
    """
    _require(by, ACTION_PERMISSIONS[Period.Action.PUBLISH], period)
    with transaction.atomic():
        locked = Period.objects.select_for_update().get(pk=period.pk)
        preview = publication_preview(locked)
        summary = preview.summary
        if locked.can(Period.Action.PUBLISH) and summary.refusal:
            raise TransitionRefused(summary.refusal)
        period = _transition(
            period,
            by,
            Period.Action.PUBLISH,
            reason=_(
                "Dipublikasikan: %(complete)s dari %(units)s Kampung KB lengkap dan "
                "berperingkat, %(eligible)s memenuhi syarat seleksi provinsi."
            )
            % {
                "complete": summary.complete,
                "units": summary.unit_count,
                "eligible": summary.eligible,
            },
            published_at=timezone.now(),
        )
        freeze_results(period, preview.results)
    return period


def freeze_results(period, results=None):
    """Store each unit's rank and final score as published (see PublishedResult);
    `results` are the period's standings when already read."""
    results = period_standings(period) if results is None else results
    PublishedResult.objects.filter(period=period).delete()
    PublishedResult.objects.bulk_create(
        [
            PublishedResult(
                period=period,
                unit_id=result.unit_id,
                rank=result.rank,
                final_score=result.final_score,
                complete=result.complete,
                position=position,
            )
            for position, result in enumerate(results)
        ],
        batch_size=2000,
    )
    # Not a change anyone made: kept out of the period's history (see the model).
    period.published_judge_count = selectors.counted_judge_count(period)
    Period.objects.filter(pk=period.pk).update(published_judge_count=period.published_judge_count)


# Coaching


def gather_coaching_notes(period, by=None):
    """One coaching note per judge's recommendation; finalizing again updates the text
    and keeps the follow-up status the kader set."""
    excluded = set(excluded_pairs(period))
    reviews = UnitReview.objects.filter(period=period).exclude(recommendation="")
    notes = {
        (note.judge_id, note.unit_id): note
        for note in CoachingNote.objects.filter(period=period, judge__isnull=False)
    }
    for review in reviews:
        if (review.judge_id, review.unit_id) in excluded:
            continue
        note = notes.get((review.judge_id, review.unit_id))
        if note is None:
            note = CoachingNote(period=period, judge_id=review.judge_id, unit_id=review.unit_id)
        elif note.text == review.recommendation:
            continue
        note.text = review.recommendation
        _with_history_user(note, by).save()


def add_coaching_note(period, unit, text, by):
    """A note written by staff rather than gathered from a judge."""
    _require(by, MANAGE_PERIOD, period)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Tuliskan rekomendasi pembinaan.")})
    note = CoachingNote(period=period, unit=unit, text=text)
    _with_history_user(note, by).save()
    return note


def update_coaching_follow_up(note, status, follow_up, by):
    """The kader (or staff) report how far a recommendation has been followed up."""
    _require(by, UPDATE_COACHING, note.unit)
    if status not in CoachingNote.Status.values:
        raise ValidationError({"status": _("Pilih status tindak lanjut yang tersedia.")})
    note.status = status
    note.follow_up = (follow_up or "").strip()
    _with_history_user(note, by).save()
    return note


# Paper sheets typed by staff


class EntryRoundChanged(EvaluationError):
    """The sheet moved to another round (someone else typed it) after the form opened."""


def _save_entry(period, judge, unit, round_, cleaned, recommendation, by):
    SheetEntry.objects.update_or_create(
        period=period,
        judge=judge,
        unit=unit,
        round=round_,
        defaults={
            "values": paper.typed_values(cleaned),
            "notes": paper.typed_notes(cleaned),
            "recommendation": (recommendation or "").strip(),
            "entered_by": by,
        },
    )


def _sheet_round(period, judge, unit, by, expected_round):
    """The `paper.EntryRound` of this typing, refused when it is not the one the form was
    opened for (another staff member typed the sheet in between)."""
    sheet = paper_sheet(period, judge, unit, by)
    if expected_round is not None and sheet.round != expected_round:
        raise EntryRoundChanged(
            _(
                "Lembar ini baru saja diketik oleh staf lain, setelah formulir Anda dibuka. "
                "Isian Anda belum disimpan: buka lagi lembarnya."
            )
        )
    return sheet


def enter_paper_sheet(
    period,
    judge,
    unit,
    values,
    recommendation="",
    expected_version=None,
    *,
    by,
    expected_round=None,
):
    """Staff type one judge's paper sheet for one unit; returns the `paper.EntryRound` saved.

    The first typing saves the judge's scores through `save_unit_scores(by=...)` (the
    same refusals, validation and stale-save check as the judge's own sheet) and keeps
    what was typed as a `SheetEntry`. With the period's double entry on, another staff
    member's typing is the second one: checked alike, kept as typed, the scores left
    alone. A new typing undoes an earlier resolution, so the two are compared again.
    Once both are typed, differences are settled with `resolve_paper_sheet`.
    """
    require(by, MANAGE_PERIOD, period)
    criteria = {criterion.pk: criterion for criterion in period.criteria.all()}
    cleaned = _clean_sheet(criteria, values)
    with transaction.atomic():
        locked = Period.objects.select_for_update().get(pk=period.pk)
        sheet = _sheet_round(locked, judge, unit, by, expected_round)
        if sheet.round == paper.EntryRound.COMPARE:
            raise EntryRoundChanged(
                _("Lembar ini sudah diketik dua kali: selesaikan perbedaannya lebih dulu.")
            )
        if sheet.round == paper.EntryRound.SECOND:
            refusal = scoring_refusal(locked, judge, unit)
            if refusal:
                raise ScoringRefused(refusal.message)
            round_ = SheetEntry.Round.SECOND
        else:
            review = save_unit_scores(
                locked, judge, unit, values, recommendation, expected_version, by=by
            )
            if review is None:
                return None
            round_ = SheetEntry.Round.FIRST
        _save_entry(locked, judge, unit, round_, cleaned, recommendation, by)
        SheetEntry.objects.filter(
            period=locked, judge=judge, unit=unit, round=SheetEntry.Round.RESOLVED
        ).delete()
    return sheet.round


def resolve_paper_sheet(
    period, judge, unit, values, recommendation="", expected_version=None, *, by
):
    """Settle a double-typed sheet: a staff member writes what the paper says. Every
    criterion the two typings differ on needs a value; the values become the judge's
    scores (through `save_unit_scores`) and the sheet is verified."""
    require(by, MANAGE_PERIOD, period)
    criteria = {criterion.pk: criterion for criterion in period.criteria.all()}
    cleaned = _clean_sheet(criteria, values)
    with transaction.atomic():
        locked = Period.objects.select_for_update().get(pk=period.pk)
        sheet = paper_sheet(locked, judge, unit, by)
        if sheet.round != paper.EntryRound.COMPARE:
            raise EntryRoundChanged(_("Lembar ini belum diketik dua kali."))
        missing = [pk for pk in sheet.check.differing if cleaned.get(pk, (None, ""))[0] is None]
        if missing:
            raise ValidationError(
                {pk: [_("Tulis nilai yang tertulis di lembar kertas.")] for pk in missing}
            )
        save_unit_scores(locked, judge, unit, values, recommendation, expected_version, by=by)
        _save_entry(locked, judge, unit, SheetEntry.Round.RESOLVED, cleaned, recommendation, by)
