"""Staff's form for a city-level figure (angka kota)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin

from .forms_numbers import LocalizedDecimalField
from .models import MONTH_NAMES, City, CityFigure

EARLIEST_FIGURE_YEAR = 1970
SOURCE_REQUIRED = _("Sebutkan sumbernya: tautan berita resmi, dokumen, atau nama survei.")


class CityFigureForm(PlainTextMixin, forms.ModelForm):
    value = LocalizedDecimalField(
        label=_("Nilai"), max_digits=12, decimal_places=2, help_text=_("Misalnya 17,86.")
    )
    value_max = LocalizedDecimalField(
        label=_("Nilai tertinggi"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("Isi bila sumber hanya menyebut rentang, misalnya 6-7."),
    )
    month = forms.TypedChoiceField(
        label=_("Bulan"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("— tidak disebutkan —")), *enumerate(MONTH_NAMES, start=1)],
    )

    class Meta:
        model = CityFigure
        fields = [
            "city",
            "indicator",
            "label",
            "value",
            "value_max",
            "unit",
            "year",
            "month",
            "source",
            "note",
        ]
        widgets = {
            "year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "year": {"invalid": _("Tulis tahun dengan angka, misalnya 2024.")},
            "source": {"required": SOURCE_REQUIRED},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = list(City.objects.all()[:2])
        if len(cities) == 1:
            # One city (Kota Pekalongan): nothing to choose.
            del self.fields["city"]
            if not self.instance.city_id:
                self.instance.city = cities[0]

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year is not None and not EARLIEST_FIGURE_YEAR <= year <= this_year + 10:
            raise forms.ValidationError(
                _("Tahun harus antara %(first)s dan %(last)s."),
                code="year_out_of_range",
                params={"first": EARLIEST_FIGURE_YEAR, "last": this_year + 10},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        value, value_max = cleaned.get("value"), cleaned.get("value_max")
        if value is not None and value_max is not None and value_max <= value:
            self.add_error("value_max", _("Nilai tertinggi harus lebih besar dari nilai."))
        if cleaned.get("indicator") == CityFigure.Indicator.OTHER and not cleaned.get("label"):
            self.add_error("label", _("Tulis nama indikatornya."))
        return cleaned
