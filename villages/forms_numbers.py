"""Number inputs a phone keyboard and a browser leave alone.

A browser's `<input type="number">` drops or rewrites "3,5" before the server sees it
(Chromium sends "35" or nothing). These fields use a text input with
`inputmode="decimal"` (or "numeric" for whole numbers), so the phone still shows its
number pad, read what was typed with `villages.numbers.parse_number`, and show a saved
value back in the active language (3,5 in Indonesian, 3.5 in English).

Messages echo what was typed: `typed_text(form, name)` gives it to a form's own checks.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .numbers import format_number, parse_number


class NumberTextInput(forms.TextInput):
    """A text input for a number: `inputmode` decimal (or numeric), no autocomplete, and a
    saved value shown the way it is typed in the active language."""

    def __init__(self, attrs=None, *, whole=False):
        defaults = {"inputmode": "numeric" if whole else "decimal", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)


class LocalizedDecimalField(forms.DecimalField):
    """A DecimalField that reads "3,5", "3.5" and "1.234,5" (see `parse_number`)."""

    widget = NumberTextInput
    default_error_messages = {"invalid": _("“%(value)s” bukan angka.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        number = parse_number(value)
        if number is None:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": str(value)}
            )
        return number


class LocalizedIntegerField(forms.IntegerField):
    """An IntegerField that reads "1.500" and "1,500" as 1500 (see `parse_number`)."""

    widget = NumberTextInput(whole=True)
    default_error_messages = {"invalid": _("“%(value)s” bukan bilangan bulat.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", NumberTextInput(whole=True))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_number(value, whole=True)
        if number is None:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": str(value)}
            )
        return int(number)


def typed_text(form, name):
    """What the user typed in field `name` of a bound form, stripped, for messages."""
    return str(form[name].data or "").strip()
