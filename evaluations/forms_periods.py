"""Staff forms for evaluation periods, their rubric and judges, and coaching notes.

Forms only validate; the views hand the cleaned data to `services` and `rubric`.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin
from villages.forms_numbers import LocalizedDecimalField, typed_text
from villages.permissions import JURI, STAF

from .models import Aspect, CoachingNote, Criterion, Period

MAX_RUBRIC_BYTES = 1024 * 1024


def _helper(submit_label, *, form_tag=True):
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit_label:
        helper.add_input(Submit("simpan", submit_label))
    return helper


def user_label(user):
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


class PeriodForm(PlainTextMixin, forms.ModelForm):
    """Creating a period (with the example rubric option) or changing its details.

    The year names the period in every URL, so it changes only while the period is draf.
    """

    example_rubric = forms.BooleanField(
        label=_("Muat rubrik contoh"),
        required=False,
        initial=True,
        help_text=_(
            "Rubrik contoh disusun dari hal-hal yang dinilai juri provinsi dan nasional; "
            "sesuaikan dengan pedoman resmi terbaru sebelum penilaian dimulai."
        ),
    )

    class Meta:
        model = Period
        fields = ["year", "name", "held_on", "place", "min_unit_age_years", "double_entry"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "min_unit_age_years": forms.NumberInput(attrs={"min": 0, "max": 50}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        is_new = self.instance.pk is None
        if not is_new:
            del self.fields["example_rubric"]
            if not self.instance.year_is_editable:
                del self.fields["year"]
        self.helper = _helper(_("Buat periode") if is_new else _("Simpan"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Tahun harus antara 2000 dan 2100."))
        if Period.objects.exclude(pk=self.instance.pk).filter(year=year).exists():
            raise forms.ValidationError(
                _("Periode %(year)s sudah ada. Buka periode itu, atau pilih tahun lain."),
                params={"year": year},
            )
        return year

    def clean_min_unit_age_years(self):
        years = self.cleaned_data["min_unit_age_years"]
        if years > 50:
            raise forms.ValidationError(_("Usia minimal paling banyak 50 tahun."))
        return years


class ReopenForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dicatat di riwayat periode bersama nama Anda dan waktunya."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(None, form_tag=False)
        self.helper.disable_csrf = True


class RubricImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas rubrik (CSV atau XLSX)"),
        help_text=_("Kolom: aspek, kode, nama, bobot, nilai_min, nilai_maks, deskripsi, panduan."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Periksa dan impor"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RUBRIC_BYTES:
            raise forms.ValidationError(_("Berkas lebih besar dari 1 MB."))
        return upload


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} – {obj.name}"


class RubricCopyForm(forms.Form):
    source = PeriodChoiceField(
        label=_("Salin rubrik dari periode"),
        queryset=Period.objects.none(),
        empty_label=_("Pilih tahun"),
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Period.objects.exclude(pk=period.pk).filter(criteria__isnull=False).distinct()
        )
        self.helper = _helper(_("Salin rubrik"))


class AspectForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Aspect
        fields = ["name", "position"]

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.period = period
        self.helper = _helper(_("Simpan"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Aspect.objects.filter(period=self.instance.period, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Aspek dengan nama ini sudah ada di periode ini."))
        return name


class CriterionForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "aspect",
            "code",
            "name",
            "description",
            "weight",
            "min_score",
            "max_score",
            "guidance",
            "position",
        ]
        # "2,5" (as people write it here) and "2.5" are both read as 2.5, in a text input
        # the browser does not rewrite; values are shown back as 2,5 (2.5 in English).
        localized_fields = ["weight", "min_score", "max_score"]
        field_classes = dict.fromkeys(localized_fields, LocalizedDecimalField)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.instance.period = period
        self.fields["aspect"].queryset = period.aspects.all()
        self.fields["aspect"].empty_label = _("Pilih aspek")
        self.helper = _helper(_("Simpan"))

    # A browser sends a textarea's lines with "\r\n"; stored as "\n", an unchanged text
    # is not recorded as a change in the period's history.
    def clean_description(self):
        return self.cleaned_data["description"].replace("\r\n", "\n")

    def clean_guidance(self):
        return self.cleaned_data["guidance"].replace("\r\n", "\n")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Criterion.objects.filter(period=self.period, code__iexact=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Kode kriteria ini sudah dipakai di periode ini."))
        return code

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight <= 0:
            raise forms.ValidationError(
                _("Bobot %(value)s harus lebih dari 0."),
                params={"value": typed_text(self, "weight")},
            )
        return weight

    def clean_min_score(self):
        value = self.cleaned_data["min_score"]
        if value < 0:
            raise forms.ValidationError(
                _("Nilai minimum %(value)s tidak boleh negatif."),
                params={"value": typed_text(self, "min_score")},
            )
        return value

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_score"), cleaned.get("max_score")
        if low is not None and high is not None and low >= high:
            self.add_error(
                "max_score",
                _("Nilai maksimum %(high)s harus lebih besar dari nilai minimum %(low)s.")
                % {"high": typed_text(self, "max_score"), "low": typed_text(self, "min_score")},
            )
        return cleaned


def judge_candidates(period):
    """Active juri and staf users not yet assigned to `period`."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[JURI, STAF]) | Q(is_superuser=True))
        .exclude(judge_assignments__period=period)
        .distinct()
        .order_by("username")
    )


class JudgeAddForm(forms.Form):
    users = UserMultipleChoiceField(
        label=_("Tugaskan sebagai juri"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu akun.")},
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = judge_candidates(period)
        self.helper = _helper(_("Tugaskan"))


class JudgeRemoveForm(PlainTextMixin, forms.Form):
    """Taking a judge off a period: `reason` is asked on the confirmation step, and is
    required when the judge has already scored (their scores stop counting)."""

    user = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tercatat di riwayat periode."),
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(
            judge_assignments__period=period
        )


class CoachingNoteForm(PlainTextMixin, forms.Form):
    """A note staff write themselves, for a period they choose."""

    period = PeriodChoiceField(
        label=_("Periode evaluasi"), queryset=Period.objects.all(), empty_label=None
    )
    text = forms.CharField(
        label=_("Rekomendasi pembinaan"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Tambah catatan"))


class CoachingUpdateForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = CoachingNote
        fields = ["status", "follow_up"]
        widgets = {"follow_up": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"catatan-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["invalid_choice"] = _(
            "Pilih status tindak lanjut yang tersedia."
        )
        self.helper = _helper(_("Simpan tindak lanjut"))
        self.helper.form_action = reverse(
            "evaluations-manage:coaching-update", args=[self.instance.pk]
        )
