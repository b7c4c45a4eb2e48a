"""Forms with which staff create and edit portal accounts (/kelola/akun/)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin

from .accounts import create_user, set_role
from .models import KampungKB
from .permissions import JURI, KADER, STAF

ROLE_CHOICES = [
    (STAF, _("Staf Dinsos-P2KB")),
    (JURI, _("Juri")),
    (KADER, _("Kader")),
]
ROLE_LABELS = dict(ROLE_CHOICES)


def role_of(user):
    """The user's portal role from ``user.groups`` (prefetch it for lists), or None."""
    names = {group.name for group in user.groups.all()}
    return next((role for role, _label in ROLE_CHOICES if role in names), None)


def unit_label(unit):
    # Units are listed by kelurahan, the name everyone knows; the unit's own name follows.
    return f"{unit.kelurahan.name} ({unit.name})" if unit.name else unit.kelurahan.name


class UnitChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = staticmethod(unit_label)


class UnitFilterField(forms.ModelChoiceField):
    label_from_instance = staticmethod(unit_label)


class AccountFilterForm(forms.Form):
    peran = forms.ChoiceField(
        label=_("Peran"), choices=[("", _("Semua peran")), *ROLE_CHOICES], required=False
    )
    kampung = UnitFilterField(
        label=_("Kampung KB"),
        queryset=KampungKB.objects.with_region(),
        to_field_name="slug",
        empty_label=_("Semua Kampung KB"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def unit_field():
    return UnitChoiceField(
        label=_("Kampung KB"),
        queryset=KampungKB.objects.with_region(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Wajib untuk kader: Kampung KB yang boleh ia ubah. Diabaikan untuk peran lain."
        ),
    )


class AccountFieldsMixin:
    """Full name, role and units, shared by the create and the edit form."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("role") == KADER and not cleaned_data.get("units"):
            self.add_error("units", _("Pilih minimal satu Kampung KB untuk kader."))
        return cleaned_data

    def chosen_units(self):
        return self.cleaned_data["units"] if self.cleaned_data["role"] == KADER else []


def full_name_field():
    return forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)


def role_field():
    return forms.ChoiceField(label=_("Peran"), choices=ROLE_CHOICES)


class AccountCreateForm(PlainTextMixin, AccountFieldsMixin, SetPasswordMixin, forms.ModelForm):
    full_name = full_name_field()
    role = role_field()
    units = unit_field()
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Kata sandi"), label2=_("Ulangi kata sandi")
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "full_name", "email", "role", "units"]
        labels = {"username": _("Nama pengguna"), "email": _("Email")}
        help_texts = {
            "username": _("Dipakai untuk masuk. Huruf, angka, dan tanda @ . + - _ saja."),
            "email": _("Untuk mengatur ulang kata sandi bila lupa."),
        }

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self):
        cleaned_data = super().clean()
        self.validate_passwords()
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        # The similarity validator compares the password with the new username and name.
        first, _space, last = self.cleaned_data.get("full_name", "").partition(" ")
        self.instance.first_name, self.instance.last_name = first, last
        if "password2" not in self.errors:
            self.validate_password_for_user(self.instance, "password1")

    def save(self):
        return create_user(
            self.cleaned_data["username"],
            self.cleaned_data["role"],
            password=self.cleaned_data["password1"],
            units=self.chosen_units(),
            email=self.cleaned_data["email"],
            full_name=self.cleaned_data["full_name"],
        )


class AccountUpdateForm(PlainTextMixin, AccountFieldsMixin, forms.ModelForm):
    full_name = full_name_field()
    role = role_field()
    units = unit_field()

    class Meta:
        model = get_user_model()
        fields = ["full_name", "email", "role", "units", "is_active"]
        labels = {"email": _("Email"), "is_active": _("Akun aktif")}
        help_texts = {
            "is_active": _(
                "Akun nonaktif tidak bisa masuk; riwayat perubahannya tetap tersimpan."
            ),
        }

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing_self = editor.pk == self.instance.pk
        self.initial.update(
            full_name=self.instance.get_full_name(),
            role=role_of(self.instance),
            units=list(self.instance.kader_units.all()),
        )
        if self.editing_self:
            self.fields["role"].help_text = _("Anda tidak dapat mengubah peran akun Anda sendiri.")
            self.fields["is_active"].help_text = _(
                "Anda tidak dapat menonaktifkan akun Anda sendiri."
            )

    def clean_role(self):
        role = self.cleaned_data["role"]
        if self.editing_self and role != STAF:
            raise forms.ValidationError(_("Anda tidak dapat mengubah peran akun Anda sendiri."))
        return role

    def clean_is_active(self):
        is_active = self.cleaned_data["is_active"]
        if self.editing_self and not is_active:
            raise forms.ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        return is_active

    @transaction.atomic
    def save(self):
        user = self.instance
        user.first_name, _space, user.last_name = self.cleaned_data["full_name"].partition(" ")
        user.save()
        set_role(user, self.cleaned_data["role"], self.chosen_units())
        return user
