"""The judges' pages: the score sheet form, the conflict and upload forms, and the read
functions those pages show (a judge's status per unit, the judges' scores for a unit).

Saving goes through `services`; these forms only collect what was typed, so the rules
(ranges, decimals, who may score) are checked in one place.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from villages.models import KampungKB
from villages.permissions import kader_unit_ids

from .models import Conflict, Criterion, JudgeAssignment, Score, format_number
from .permissions import (
    assigned_period_ids,
    conflict_keys,
    has_declared_conflict,
    is_kader_of_target_unit,
)
from .scoring import CriterionRef, ScoreRow, UnitRef, compute_results

MAX_SCORE_FILE_BYTES = 2 * 1024 * 1024


# Who may score what, in the judge's own words


@dataclass(frozen=True)
class Refusal:
    """Why the user may not score a unit now. `viewable`: the sheet may still be read."""

    kind: str
    message: str
    viewable: bool = False


def scoring_refusal_for(user, target):
    """Why `user` may not score `target` (a ScoringTarget), addressed to them, or None.

    Asks the predicates behind `evaluations.score_unit` one by one, so the page can say
    which of them refused.
    """
    period = target.period
    if period.pk not in assigned_period_ids(user):
        return Refusal("not_assigned", _("Anda tidak ditugaskan sebagai juri periode ini."))
    if is_kader_of_target_unit(user, target):
        return Refusal(
            "kader",
            _("Anda terdaftar sebagai kader Kampung KB ini sehingga tidak dapat menilainya."),
        )
    if has_declared_conflict(user, target):
        return Refusal(
            "conflict",
            _(
                "Anda sudah menyatakan konflik kepentingan dengan Kampung KB ini sehingga "
                "tidak menilainya. Tarik pernyataan itu bila keliru."
            ),
        )
    if period.is_locked:
        return Refusal(
            "locked",
            _("Periode ini sudah final: nilai terkunci dan hanya dapat dilihat."),
            viewable=True,
        )
    if not period.is_open_for_scoring:
        return Refusal("not_open", _("Periode ini belum masuk tahap penilaian."))
    return None


# A judge's status per unit


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
    COUNTED = (NOT_STARTED, PARTIAL, COMPLETE)


@dataclass
class UnitStatus:
    unit: KampungKB
    status: str | None  # None: the user is not a judge of the period
    scored: int

    @property
    def label(self):
        return SheetStatus.LABELS.get(self.status, "")

    @property
    def may_score(self):
        return self.status in SheetStatus.COUNTED


@dataclass
class Progress:
    complete: int
    expected: int

    @property
    def percent(self):
        return round(100 * self.complete / self.expected) if self.expected else 0


def sheet_status(scored, criterion_count, *, is_kader, has_conflict):
    """belum / sebagian / lengkap, or why the judge does not score the unit at all."""
    if is_kader:
        return SheetStatus.KADER
    if has_conflict:
        return SheetStatus.CONFLICT
    if criterion_count and scored >= criterion_count:
        return SheetStatus.COMPLETE
    return SheetStatus.PARTIAL if scored else SheetStatus.NOT_STARTED


def progress_of(statuses):
    """How many of the units the judge scores are complete ("18 dari 26")."""
    counted = [item for item in statuses if item.status in SheetStatus.COUNTED]
    return Progress(
        complete=sum(1 for item in counted if item.status == SheetStatus.COMPLETE),
        expected=len(counted),
    )


def judge_statuses(periods, judge, units):
    """{period id: [UnitStatus per unit]} for one judge, in four queries whatever the size.

    A score counts when it belongs to the period (scores of a criterion removed from the
    rubric go with it).
    """
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
        .values("period_id", "unit_id")
        .annotate(n=Count("id"))
        .values_list("period_id", "unit_id", "n")
    ):
        scored[period_id, unit_id] = count
    kader_of = kader_unit_ids(judge)
    conflicts = conflict_keys(judge)
    return {
        period.pk: [
            UnitStatus(
                unit=unit,
                scored=scored[period.pk, unit.pk],
                status=sheet_status(
                    scored[period.pk, unit.pk],
                    criterion_counts.get(period.pk, 0),
                    is_kader=unit.pk in kader_of,
                    has_conflict=(period.pk, unit.pk) in conflicts,
                ),
            )
            for unit in units
        ]
        for period in periods
    }


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
    conflicted = set(
        Conflict.objects.filter(period=period, unit=unit).values_list("judge_id", flat=True)
    )
    kader = set(
        KampungKB.kader.through.objects.filter(
            kampungkb_id=unit.pk, user_id__in=judge_ids
        ).values_list("user_id", flat=True)
    )
    values = {
        (judge_id, criterion_id): value
        for judge_id, criterion_id, value in Score.objects.filter(
            period=period, unit=unit, judge_id__in=judge_ids
        ).values_list("judge_id", "criterion_id", "value")
    }
    excluded = {(judge_id, unit.pk) for judge_id in conflicted | kader}
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
        if assignment.user_id in kader:
            reason = _("kader Kampung KB ini, tidak dihitung")
        elif assignment.user_id in conflicted:
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


# Forms


class ScoreInput(forms.NumberInput):
    """A number input that shows "2,5" (typed on a keyboard without a dot) as 2.5, the
    only form a browser's number field accepts."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        value = super().format_value(value)
        return value.replace(",", ".") if value else value


def value_field_name(criterion):
    return f"nilai_{criterion.pk}"


def note_field_name(criterion):
    return f"catatan_{criterion.pk}"


@dataclass
class SheetItem:
    criterion: Criterion
    value: forms.BoundField
    note: forms.BoundField
    saved: Score | None = None


class ScoreSheetForm(forms.Form):
    """One judge's whole sheet for one unit: a value and a note per criterion, and the
    overall recommendation. Values stay text here; `services.save_unit_scores` checks
    them and its errors come back with `add_service_errors`."""

    recommendation = forms.CharField(
        label=_("Rekomendasi pembinaan"),
        required=False,
        max_length=5000,
        help_text=_(
            "Saran untuk kader Kampung KB ini secara keseluruhan. Setelah periode final, "
            "saran ini dikirim ke kader sebagai catatan pembinaan."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, criteria, scores=None, review=None, **kwargs):
        """`criteria` in rubric order (with their aspect); `scores` the judge's saved
        Score per criterion id; `review` their UnitReview, if any."""
        scores = scores or {}
        initial = {"version": review.version if review else ""}
        if review is not None:
            initial["recommendation"] = review.recommendation
        for criterion_id, score in scores.items():
            initial[f"nilai_{criterion_id}"] = score.value
            initial[f"catatan_{criterion_id}"] = score.note
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.saved = scores
        for criterion in self.criteria:
            low, high = format_number(criterion.min_score), format_number(criterion.max_score)
            self.fields[value_field_name(criterion)] = forms.CharField(
                label=_("Nilai (%(low)s–%(high)s)") % {"low": low, "high": high},
                required=False,
                widget=ScoreInput(
                    attrs={
                        "step": "0.01",
                        "min": f"{criterion.min_score.normalize():f}",
                        "max": f"{criterion.max_score.normalize():f}",
                        "inputmode": "decimal",
                        "class": "form-control-lg score-value",
                    }
                ),
            )
            self.fields[note_field_name(criterion)] = forms.CharField(
                label=_("Catatan"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The recommendation comes after every criterion, in tab order too.
        self.order_fields(
            [name for name in self.fields if name not in ("recommendation", "version")]
        )

    def sections(self):
        """[(aspect, [SheetItem])] in rubric order, for the template."""
        grouped = {}
        for criterion in self.criteria:
            grouped.setdefault(criterion.aspect, []).append(
                SheetItem(
                    criterion=criterion,
                    value=self[value_field_name(criterion)],
                    note=self[note_field_name(criterion)],
                    saved=self.saved.get(criterion.pk),
                )
            )
        return list(grouped.items())

    def sheet_values(self):
        """{criterion id: (typed value, note)}, as `services.save_unit_scores` takes it."""
        return {
            criterion.pk: (
                self.cleaned_data[value_field_name(criterion)],
                self.cleaned_data[note_field_name(criterion)],
            )
            for criterion in self.criteria
        }

    def add_service_errors(self, error):
        """Put a ValidationError keyed by criterion id on the criterion's value field."""
        names = {criterion.pk: value_field_name(criterion) for criterion in self.criteria}
        for key, messages in error.message_dict.items():
            for message in messages:
                self.add_error(names.get(key), message)

    def error_summary(self):
        """[(field id, what, message)] for the list of links above the form."""
        labels = {value_field_name(c): f"{c.code} {c.name}" for c in self.criteria} | {
            note_field_name(c): f"{c.code} {c.name} ({_('catatan')})" for c in self.criteria
        }
        summary = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            what = labels.get(name) or self.fields[name].label
            summary.extend((self[name].auto_id, what, message) for message in errors)
        return summary


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan konflik kepentingan"),
        max_length=2000,
        help_text=_(
            "Misalnya: keluarga dekat menjadi pengurus, atau Anda ikut membina Kampung KB "
            "ini. Nilai Anda untuk Kampung KB ini tidak dihitung selama pernyataan berlaku."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan konflik kepentingan.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("nyatakan", _("Nyatakan konflik kepentingan")))


class ScoreFileForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas nilai (CSV atau XLSX)"),
        help_text=_(
            "Kolom: juri, kelurahan, kriteria, nilai, catatan. Paling besar 2 MB. Semua baris "
            "diperiksa dulu: bila ada satu kesalahan, tidak ada nilai yang disimpan."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("impor", _("Periksa dan impor")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCORE_FILE_BYTES:
            raise forms.ValidationError(_("Berkas lebih besar dari 2 MB."))
        return upload
