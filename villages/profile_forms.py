"""Forms for editing a Kampung KB profile one section at a time, and the board formset."""

import re
from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin

from .formation import FormationPrecision
from .forms_numbers import LocalizedDecimalField, LocalizedIntegerField, typed_text
from .models import (
    REGULATION_FIELDS,
    BoardMember,
    Frequency,
    FundingSource,
    KampungKB,
    PlanningDataSource,
)
from .uploads import clean_image, clean_pdf, validate_image_upload, validate_pdf_upload

# Three answers to every yes/no question: "not known yet" is a choice, never a blank "no".
ANSWER_CHOICES = [("True", _("Ya")), ("False", _("Tidak")), ("", _("Belum diketahui"))]
NOT_FILLED_CHOICE = ("", _("Belum diisi"))

# Indonesia's extent, rounded outwards: Rote (about 11° S) to Weh (about 6° N),
# Sabang (about 95° E) to Merauke (about 141° E).
LATITUDE_RANGE = (-11, 6)
LONGITUDE_RANGE = (94, 142)
COORDINATE_STEP = Decimal("0.000001")
FIRST_RKM_YEAR = 2000
# The first Kampung KB in Indonesia were launched in 2016; older years are typing errors.
FIRST_FORMATION_YEAR = 2016

ONLY_WHEN_POKJA_EXISTS = _("Isi hanya bila Pokja sudah dibentuk; Pokja dijawab “Tidak”.")
ONLY_WHEN_OFFICER_ASSIGNED = _(
    "Isi nama hanya bila ada PLKB/PKB; pertanyaan di atas dijawab “Tidak”."
)
ONLY_WHEN_REGULATION_EXISTS = _("Isi hanya bila ada regulasi; pertanyaan di atas dijawab “Tidak”.")


def answered_by_text(form, answer, text_fields, message):
    """A filled-in text answers "yes": a blank answer becomes Ya, a "Tidak" is an error,
    and so is turning a recorded answer back to "Belum diketahui" while the text stays:
    the form would otherwise say it saved what it did not."""
    cleaned = form.cleaned_data
    filled = [name for name in text_fields if cleaned.get(name)]
    if not filled:
        return
    if cleaned.get(answer) is False:
        for name in filled:
            form.add_error(name, message)
    elif cleaned.get(answer) is None and form.initial.get(answer) is not None:
        form.add_error(answer, UNKNOWN_WITH_DETAILS)
    else:
        cleaned[answer] = True


UNKNOWN_WITH_DETAILS = _(
    "Rincian di bawah ini menyatakan sudah ada. Untuk menandai “Belum diketahui”, "
    "kosongkan dulu rinciannya."
)


def answer_field(label, help_text=""):
    """A Ya/Tidak/Belum diketahui question for a nullable BooleanField."""
    return forms.NullBooleanField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect(choices=ANSWER_CHOICES),
    )


def frequency_field(label):
    return forms.ChoiceField(
        label=capfirst(label), required=False, choices=[NOT_FILLED_CHOICE, *Frequency.choices]
    )


def in_choice_order(values, choices):
    """The ticked values in the order the choices list them, so stored lists compare."""
    return [value for value in choices.values if value in values]


class ProfileSectionForm(PlainTextMixin, forms.ModelForm):
    """A form over some of KampungKB's fields; saving touches only those fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self._stored_files = {
            name: getattr(self.instance, name).name
            for name in self.fields
            if isinstance(self.fields[name], forms.FileField)
        }

    @transaction.atomic
    def save(self):
        """Save the section and delete files that were replaced or cleared once the
        change is committed. The history record names the person (villages.edits)."""
        unit = super().save(commit=False)
        # Only this section's columns: a kader saving another section at the same time
        # must not have their change overwritten.
        unit.save(update_fields=[*self.fields, "updated_at"])
        for name, old_name in self._stored_files.items():
            if old_name and getattr(unit, name).name != old_name:
                storage = getattr(unit, name).storage
                transaction.on_commit(lambda storage=storage, old=old_name: storage.delete(old))
        return unit


class IdentityForm(ProfileSectionForm):
    formed_precision = forms.ChoiceField(
        label=_("Yang diketahui tentang pencanangan"),
        required=False,
        choices=[("", _("Belum diketahui")), *FormationPrecision.choices],
        widget=forms.RadioSelect,
        help_text=_(
            "Pilih “Paling lambat tahun tertentu” bila sumber hanya menyebut Kampung KB "
            "sudah ada pada tahun itu."
        ),
    )

    class Meta:
        model = KampungKB
        fields = [
            "name",
            "formed_precision",
            "formed_on",
            "formed_year",
            "formed_source",
            "decree_number",
            "coverage",
            "coverage_rw",
        ]
        widgets = {
            "formed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # A year is not a quantity: no grouping ("2.022"), no type=number.
            "formed_year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
            "formed_source": forms.Textarea(attrs={"rows": 2}),
            "coverage": forms.RadioSelect,
        }
        labels = {"formed_year": _("Tahun pencanangan")}
        help_texts = {
            "formed_on": _("Isi bila tanggalnya diketahui."),
            "formed_year": _("Isi bila sumber hanya menyebut tahunnya."),
        }
        error_messages = {
            "formed_year": {"invalid": _("Tulis tahun dengan angka, misalnya 2022.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coverage"].choices = [NOT_FILLED_CHOICE, *KampungKB.Coverage.choices]

    def clean_formed_on(self):
        formed_on = self.cleaned_data["formed_on"]
        if formed_on and formed_on > timezone.localdate():
            raise forms.ValidationError(_("Tanggal pencanangan tidak boleh di masa depan."))
        return formed_on

    def clean_formed_year(self):
        year = self.cleaned_data["formed_year"]
        this_year = timezone.localdate().year
        if year is not None and not FIRST_FORMATION_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Tahun pencanangan harus antara %(first)s dan %(last)s."),
                params={"first": FIRST_FORMATION_YEAR, "last": this_year},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        self._clean_formation(cleaned)
        coverage = cleaned.get("coverage")
        if coverage == KampungKB.Coverage.RW and not cleaned.get("coverage_rw"):
            self.add_error("coverage_rw", _("Sebutkan RW yang dicakup, misalnya “RW 01, RW 03”."))
        elif coverage != KampungKB.Coverage.RW:
            # A whole-kelurahan unit has no RW list; a stale one would mislead readers.
            cleaned["coverage_rw"] = ""
        return cleaned

    def _clean_formation(self, cleaned):
        """Keep the formation fields consistent with what is known: a day, a year, or
        only the latest year; nothing when it is not known."""
        precision = cleaned.get("formed_precision") or ""
        day, year = cleaned.get("formed_on"), cleaned.get("formed_year")
        if "formed_on" in self.errors or "formed_year" in self.errors:
            return
        if day is not None and precision != FormationPrecision.DAY:
            # A date is the most precise thing known; it may replace a year it agrees with.
            if precision == FormationPrecision.YEAR and year is not None and day.year != year:
                self.add_error("formed_on", _("Tanggal ini tidak jatuh pada tahun pencanangan."))
                return
            if precision == FormationPrecision.AT_LATEST and year is not None and day.year > year:
                self.add_error(
                    "formed_on",
                    _("Tanggal ini lebih lambat dari tahun “paling lambat” yang tercatat."),
                )
                return
            precision = FormationPrecision.DAY
        if precision == FormationPrecision.DAY:
            if day is None:
                self.add_error("formed_on", _("Isi tanggal pencanangan, atau pilih yang lain."))
                return
            cleaned["formed_year"] = day.year
        elif precision in (FormationPrecision.YEAR, FormationPrecision.AT_LATEST):
            if year is None:
                self.add_error("formed_year", _("Isi tahun pencanangan, atau pilih yang lain."))
                return
        else:
            if year is not None:
                self.add_error(
                    "formed_precision",
                    _("Pilih apakah tahun itu tahun pencanangan atau paling lambat tahun itu."),
                )
                return
            cleaned["formed_source"] = ""
        if precision and not (cleaned.get("formed_source") or "").strip():
            decree = (cleaned.get("decree_number") or "").strip()
            if not decree:
                # A formation is published as a fact only with where it comes from.
                self.add_error(
                    "formed_source",
                    _(
                        "Sebutkan sumber pencanangan: SK pembentukan, berita, atau dokumen "
                        "lain. Bila belum ada, pilih “Belum diketahui”."
                    ),
                )
                return
            cleaned["formed_source"] = _("SK pembentukan %(number)s") % {"number": decree}
        cleaned["formed_precision"] = precision


class OverviewForm(ProfileSectionForm):
    class Meta:
        model = KampungKB
        fields = ["description", "krppa_linkage"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "krppa_linkage": forms.Textarea(attrs={"rows": 4}),
        }


def coordinate_field(label, help_text):
    # Any number of decimals is accepted (map apps copy 15) and rounded to the stored 6;
    # "-6,8891" (typed) and "-6.8891" (copied from a map) are the same latitude.
    return LocalizedDecimalField(label=capfirst(label), required=False, help_text=help_text)


class SecretariatForm(ProfileSectionForm):
    latitude = coordinate_field(
        KampungKB._meta.get_field("latitude").verbose_name,
        _("Angka desimal dengan koma atau titik, misalnya -6,8891 atau -6.8891."),
    )
    longitude = coordinate_field(
        KampungKB._meta.get_field("longitude").verbose_name,
        _("Angka desimal dengan koma atau titik, misalnya 109,6753 atau 109.6753."),
    )

    class Meta:
        model = KampungKB
        fields = ["secretariat_address", "latitude", "longitude"]
        widgets = {"secretariat_address": forms.Textarea(attrs={"rows": 3})}

    def clean_latitude(self):
        return self._within(
            "latitude",
            LATITUDE_RANGE,
            _("Lintang %(value)s harus di antara %(low)s dan %(high)s (wilayah Indonesia)."),
        )

    def clean_longitude(self):
        return self._within(
            "longitude",
            LONGITUDE_RANGE,
            _("Bujur %(value)s harus di antara %(low)s dan %(high)s (wilayah Indonesia)."),
        )

    def _within(self, name, bounds, message):
        value = self.cleaned_data[name]
        low, high = bounds
        if value is None:
            return None
        if not low <= value <= high:
            raise forms.ValidationError(
                message,
                code="out_of_range",
                params={"value": typed_text(self, name), "low": low, "high": high},
            )
        return value.quantize(COORDINATE_STEP)

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not self.errors:
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Isi lintang dan bujur bersama-sama."))
        return cleaned


POKTAN = (
    ("has_bkb", "bkb_notes"),
    ("has_bkr", "bkr_notes"),
    ("has_bkl", "bkl_notes"),
    ("has_uppka", "uppka_notes"),
    ("has_pikr", "pikr_notes"),
    ("has_secretariat", "secretariat_notes"),
    ("has_rumah_dataku", "rumah_dataku_notes"),
)


class PoktanForm(ProfileSectionForm):
    class Meta:
        model = KampungKB
        fields = [name for pair in POKTAN for name in pair]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for answer, _notes in POKTAN:
            self.fields[answer] = answer_field(KampungKB._meta.get_field(answer).verbose_name)
        self.helper.layout = Layout(
            *(
                Div(answer, notes, css_class="border rounded px-3 pt-2 mb-3")
                for answer, notes in POKTAN
            )
        )


class FundingForm(ProfileSectionForm):
    funding_sources = forms.MultipleChoiceField(
        label=_("Sumber dana"),
        required=False,
        choices=FundingSource.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = KampungKB
        fields = ["funding_sources", "funding_notes"]

    def clean_funding_sources(self):
        return in_choice_order(self.cleaned_data["funding_sources"], FundingSource)

    def clean(self):
        cleaned = super().clean()
        if FundingSource.OTHER in cleaned.get("funding_sources", []) and not cleaned.get(
            "funding_notes"
        ):
            self.add_error("funding_notes", _("Sebutkan sumber dana lainnya."))
        return cleaned


class PokjaForm(ProfileSectionForm):
    class Meta:
        model = KampungKB
        fields = ["pokja_exists", "pokja_decree_number", "pokja_member_count", "pokja_trained"]
        field_classes = {"pokja_member_count": LocalizedIntegerField}
        help_texts = {
            "pokja_decree_number": _("Isi bila Pokja sudah dibentuk."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pokja_exists"] = answer_field(_("Pokja sudah dibentuk?"))
        self.fields["pokja_trained"] = answer_field(_("Pokja sudah dilatih?"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pokja_exists") is False:
            for name in ("pokja_decree_number", "pokja_member_count", "pokja_trained"):
                if cleaned.get(name) not in (None, ""):
                    self.add_error(name, ONLY_WHEN_POKJA_EXISTS)
        elif cleaned.get("pokja_decree_number") or cleaned.get("pokja_member_count"):
            # A decree number or a member count says the Pokja exists.
            if cleaned.get("pokja_exists") is None and self.initial.get("pokja_exists"):
                self.add_error("pokja_exists", UNKNOWN_WITH_DETAILS)
            else:
                cleaned["pokja_exists"] = True
        return cleaned


class FieldOfficerForm(ProfileSectionForm):
    # Longer than the stored 18 digits: NIP is usually written in groups with spaces.
    field_officer_nip = forms.CharField(
        label=capfirst(KampungKB._meta.get_field("field_officer_nip").verbose_name),
        required=False,
        max_length=24,
        help_text=_("18 angka, boleh ditulis dengan spasi. Tidak ditampilkan di halaman publik."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = KampungKB
        fields = ["field_officer_assigned", "field_officer_name", "field_officer_nip"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_officer_assigned"] = answer_field(
            _("Sudah ada PLKB/PKB yang mendampingi?")
        )

    def clean_field_officer_nip(self):
        nip = re.sub(r"\s", "", self.cleaned_data["field_officer_nip"])
        if nip and not re.fullmatch(r"\d{18}", nip):
            raise forms.ValidationError(_("NIP harus terdiri dari tepat 18 angka."))
        return nip

    def clean(self):
        cleaned = super().clean()
        answered_by_text(
            self,
            "field_officer_assigned",
            ("field_officer_name", "field_officer_nip"),
            ONLY_WHEN_OFFICER_ASSIGNED,
        )
        return cleaned


class RegulationForm(ProfileSectionForm):
    class Meta:
        model = KampungKB
        fields = ["regulation_exists", "regulation_mayor", "regulation_camat", "regulation_lurah"]
        help_texts = {
            "regulation_mayor": _("Nomor dan tahun, misalnya “SK Wali Kota No. 1 Tahun 2020”.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regulation_exists"] = answer_field(
            _("Sudah ada regulasi (peraturan atau SK) tentang Kampung KB?")
        )

    def clean(self):
        cleaned = super().clean()
        answered_by_text(self, "regulation_exists", REGULATION_FIELDS, ONLY_WHEN_REGULATION_EXISTS)
        return cleaned


class PlanningDataForm(ProfileSectionForm):
    planning_data_sources = forms.MultipleChoiceField(
        label=_("Data yang dipakai dalam perencanaan"),
        required=False,
        choices=PlanningDataSource.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = KampungKB
        fields = ["planning_data_sources", "planning_data_notes"]

    def clean_planning_data_sources(self):
        return in_choice_order(self.cleaned_data["planning_data_sources"], PlanningDataSource)

    def clean(self):
        cleaned = super().clean()
        if PlanningDataSource.OTHER in cleaned.get(
            "planning_data_sources", []
        ) and not cleaned.get("planning_data_notes"):
            self.add_error("planning_data_notes", _("Sebutkan data lain yang dipakai."))
        return cleaned


class RoutineForm(ProfileSectionForm):
    class Meta:
        model = KampungKB
        fields = [
            "routine_planning_meeting",
            "routine_coordination",
            "routine_socialisation",
            "routine_monitoring",
            "routine_reporting",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.fields:
            self.fields[name] = frequency_field(KampungKB._meta.get_field(name).verbose_name)


class MediaForm(ProfileSectionForm):
    video_url = forms.URLField(
        label=capfirst(KampungKB._meta.get_field("video_url").verbose_name),
        required=False,
        assume_scheme="https",
        help_text=_("Tautan YouTube atau situs video lain, diawali https://"),
    )
    cover_photo = forms.FileField(
        label=_("Foto sampul"),
        required=False,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG, atau WebP, paling besar 10 MB. Data lokasi di foto dihapus."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = KampungKB
        fields = ["video_url", "cover_photo"]

    def clean_cover_photo(self):
        photo = self.cleaned_data["cover_photo"]
        if isinstance(photo, UploadedFile):
            return clean_image(photo)
        return photo


class RkmForm(ProfileSectionForm):
    rkm_document = forms.FileField(
        label=_("Dokumen RKM (PDF)"),
        required=False,
        validators=[validate_pdf_upload],
        help_text=_("Berkas PDF, paling besar 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = KampungKB
        fields = ["rkm_document", "rkm_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rkm_year"].widget.attrs.update(
            {"min": FIRST_RKM_YEAR, "max": timezone.localdate().year + 1}
        )

    def clean_rkm_document(self):
        document = self.cleaned_data["rkm_document"]
        if isinstance(document, UploadedFile):
            return clean_pdf(document)
        return document

    def clean_rkm_year(self):
        year = self.cleaned_data["rkm_year"]
        last = timezone.localdate().year + 1
        if year is not None and not FIRST_RKM_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Tahun RKM harus di antara %(first)s dan %(last)s."),
                params={"first": FIRST_RKM_YEAR, "last": last},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rkm_document") and cleaned.get("rkm_year") is None:
            self.add_error("rkm_year", _("Isi tahun RKM yang diunggah."))
        return cleaned


@dataclass(frozen=True)
class ProfileSection:
    key: str
    title: str
    form_class: type[ProfileSectionForm]


PROFILE_SECTIONS = {
    section.key: section
    for section in (
        ProfileSection("identitas", _("Identitas dan pembentukan"), IdentityForm),
        ProfileSection("gambaran", _("Gambaran umum dan KRPPA"), OverviewForm),
        ProfileSection("sekretariat", _("Sekretariat dan lokasi"), SecretariatForm),
        ProfileSection("poktan", _("Poktan dan sarana"), PoktanForm),
        ProfileSection("pendanaan", _("Pendanaan"), FundingForm),
        ProfileSection("pokja", _("Pokja"), PokjaForm),
        ProfileSection("plkb", _("PLKB/PKB"), FieldOfficerForm),
        ProfileSection("regulasi", _("Regulasi"), RegulationForm),
        ProfileSection("data-perencanaan", _("Data untuk perencanaan"), PlanningDataForm),
        ProfileSection("mekanisme", _("Mekanisme operasional"), RoutineForm),
        ProfileSection("media", _("Video dan foto sampul"), MediaForm),
        ProfileSection("rkm", _("Rencana Kegiatan Masyarakat (RKM)"), RkmForm),
    )
}


CHAIR_LIMIT_MESSAGE = _("Hanya boleh ada satu Ketua.")


class BoardMemberForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = BoardMember
        fields = ["name", "role", "section", "position"]
        help_texts = {"position": _("Angka kecil tampil lebih dulu.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Pilih jabatan")), *BoardMember.Role.choices]


class BaseBoardFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        chairs = [
            form
            for form in self.forms
            if form.cleaned_data.get("role") == BoardMember.Role.CHAIR
            and not self._should_delete_form(form)
        ]
        for form in chairs[1:]:
            form.add_error("role", CHAIR_LIMIT_MESSAGE)
        if len(chairs) > 1:
            raise forms.ValidationError(CHAIR_LIMIT_MESSAGE, code="too_many_chairs")


BoardFormSet = forms.inlineformset_factory(
    KampungKB,
    BoardMember,
    form=BoardMemberForm,
    formset=BaseBoardFormSet,
    extra=3,
    can_delete=True,
)


@transaction.atomic
def save_board(formset):
    """Save the board; each member's history record names the person (villages.edits)."""
    formset.save()
    return formset.instance
