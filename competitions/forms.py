"""Forms of the competition entries: entry, nomination, stage, document, public filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from evaluations.models import Period
from evaluations.scoring import eligibility
from portal.forms import PlainTextMixin
from villages.forms_numbers import LocalizedDecimalField, LocalizedIntegerField
from villages.models import KampungKB
from villages.uploads import clean_pdf, validate_pdf_upload

from .competition import nomination_problem
from .models import Entry, EntryDocument, EntryStage

DEFAULT_MIN_AGE_YEARS = 3
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(PlainTextMixin, forms.ModelForm):
    """Create or edit an entry. The unit, year and level are fixed once created."""

    video_url = forms.URLField(
        label=_("Tautan video profil"),
        required=False,
        assume_scheme="https",
        help_text=_("Tautan video seleksi; kosongkan untuk memakai video di profil."),
    )

    class Meta:
        model = Entry
        fields = [
            "unit",
            "year",
            "level",
            "category",
            "region",
            "organiser",
            "period",
            "video_url",
            "video_seconds",
            "news_links",
            "result",
            "score",
            "source",
            "notes",
            "override_reason",
        ]
        widgets = {
            "news_links": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "override_reason": forms.Textarea(attrs={"rows": 2}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        # A score of "87,5" and a video of "1.200" seconds as people type them.
        field_classes = {"score": LocalizedDecimalField, "video_seconds": LocalizedIntegerField}
        help_texts = {
            "category": _("Kosongkan untuk mengikuti jenis kota/kabupaten Kampung KB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = KampungKB.objects.with_region()
        self.fields["period"].queryset = Period.objects.all()
        self.fields["category"].required = False
        if self.instance.pk:
            for name in ("unit", "year", "level"):
                self.fields[name].disabled = True
            self.fields["override_reason"].disabled = True
            self.fields["override_reason"].help_text = _(
                "Dicatat saat Kampung KB diusulkan; tidak bisa diubah."
            )

    def clean_news_links(self):
        text = self.cleaned_data["news_links"]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(lines, start=1):
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("Baris %(number)s bukan tautan yang sah (awali dengan https://)."),
                    code="invalid_link",
                    params={"number": number},
                ) from None
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if cleaned.get("region") and level != Entry.Level.NATIONAL:
            self.add_error("region", _("Regional hanya diisi untuk seleksi nasional."))
        if self.instance.pk is None and level == Entry.Level.PROVINCIAL:
            self._check_nomination(cleaned)
        return cleaned

    def _check_nomination(self, cleaned):
        # A provincial entry made by hand follows the same age rule as a nomination.
        unit, year, period = cleaned.get("unit"), cleaned.get("year"), cleaned.get("period")
        if unit is None or year is None:
            return
        min_age = period.min_unit_age_years if period else DEFAULT_MIN_AGE_YEARS
        problem = nomination_problem(
            eligibility(unit.formation, year, min_age), cleaned.get("override_reason")
        )
        if problem:
            self.add_error("override_reason", problem)


class NominationForm(PlainTextMixin, forms.Form):
    """Staff pick the unit of a finalized period that goes to the provincial selection."""

    unit = forms.ModelChoiceField(
        label=_("Kampung KB yang diusulkan"),
        queryset=KampungKB.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih satu Kampung KB.")},
    )
    organiser = forms.CharField(label=_("Penyelenggara"), max_length=200, required=False)
    override_reason = forms.CharField(
        label=_("Alasan tetap diusulkan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila Kampung KB yang dipilih belum memenuhi syarat."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = KampungKB.objects.filter(
            pk__in=[candidate.unit.pk for candidate in candidates]
        )


class StageForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = EntryStage
        fields = ["name", "date", "outcome", "notes", "source"]
        widgets = {
            "date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }


class DocumentForm(PlainTextMixin, forms.ModelForm):
    file = forms.FileField(
        label=_("Berkas PDF"),
        validators=[validate_pdf_upload],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("PDF, paling besar 10 MB."),
    )

    class Meta:
        model = EntryDocument
        fields = ["title", "file"]

    def clean_file(self):
        return clean_pdf(self.cleaned_data["file"])


class EntryFilterForm(forms.Form):
    """The public list's filters; an unknown value is ignored rather than refused."""

    tahun = forms.TypedChoiceField(
        label=_("Tahun"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tingkat = forms.ChoiceField(
        label=_("Tingkat"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", _("Semua tahun"))] + [(y, y) for y in years]
        self.fields["tingkat"].choices = [("", _("Semua tingkat")), *Entry.Level.choices]

    def filter(self, entries):
        self.is_valid()
        # Only the fields that passed are in cleaned_data.
        if year := self.cleaned_data.get("tahun"):
            entries = entries.filter(year=year)
        if level := self.cleaned_data.get("tingkat"):
            entries = entries.filter(level=level)
        return entries
