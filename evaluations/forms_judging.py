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

from .judging import SheetStatus, progress_of, sheet_status
from .models import Criterion, JudgeAssignment, Score, format_number
from .permissions import ScoringTarget, scoring_facts
from .scoring import CriterionRef, ScoreRow, UnitRef, compute_results
from .selectors import excluded_pairs

MAX_SCORE_FILE_BYTES = 2 * 1024 * 1024


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
