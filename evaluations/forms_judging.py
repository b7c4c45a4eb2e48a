"""The judges' forms: the score sheet, the conflict and the score upload.

Saving goes through `services`; these forms only collect what was typed, so the rules
(ranges, decimals, who may score) are checked in one place. What the judges' pages
read (a judge's status per unit, the judges' scores for a unit) is in `selectors`.
"""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin
from villages.forms_numbers import NumberTextInput

from .models import Criterion, Score, format_number

MAX_SCORE_FILE_BYTES = 2 * 1024 * 1024


# Forms


class ScoreInput(NumberTextInput):
    """A score as the judge types it: "3,5" or "3.5" (a browser's number input would turn
    "3,5" into 35), shown back as 3,5 in Indonesian and 3.5 in English."""


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


class ScoreSheetForm(PlainTextMixin, forms.Form):
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
                widget=ScoreInput(attrs={"class": "form-control-lg score-value"}),
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


class ConflictForm(PlainTextMixin, forms.Form):
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

    def __init__(self, *args, declared=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        label = _("Simpan alasan") if declared else _("Nyatakan konflik kepentingan")
        self.helper.add_input(Submit("nyatakan", label))


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
