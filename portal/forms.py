"""What every form that stores typed text shares."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .text import without_control_characters


def _plain_text(field):
    """Wrap ``field.to_python`` so the value loses its control characters before the
    field validates it (an empty result is then 'required', a length counts what stays)."""
    to_python = field.to_python

    def plain_to_python(value):
        value = to_python(value)
        if isinstance(value, str):
            value = without_control_characters(value)
            if field.strip:
                value = value.strip()
        return value

    plain_to_python.field = field
    return plain_to_python


class PlainTextMixin:
    """Text fields silently drop the invisible C0 control characters that copy-paste
    brings (tab, newline and CR stay; NUL is refused by Django). Passwords are left as
    typed. Fields added in a subclass's ``__init__`` are covered too: the wrapping is
    done when the form is cleaned."""

    def full_clean(self):
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field.widget, forms.PasswordInput)
                and getattr(field.to_python, "field", None) is not field
            ):
                field.to_python = _plain_text(field)
        super().full_clean()


class LoginForm(AuthenticationForm):
    """Django's sign-in form with the portal's own wrong-password message: Django's
    Indonesian translation puts the username field's label after its own 'nama pengguna',
    which read 'nama pengguna nama pengguna'."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
        ),
    }
