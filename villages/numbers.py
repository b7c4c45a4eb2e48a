"""Numbers as people here type them, and as the portal shows them back.

The one reading rule for every typed number (forms and CSV/XLSX imports alike):
`parse_number`. It does not depend on the language, so a file or a form means the same
thing whoever reads it:

- A number with decimals (a score, a rubric weight, a coordinate): a single comma or a
  single dot is the decimal point: "3,5" and "3.5" are 3.5, "-6,8891" and "-6.8891" the
  same latitude, "109.675" is 109.675 (as map apps copy it).
- A whole number (a monthly count): a comma or dot followed by exactly three digits
  groups thousands: "1.500" and "1,500" are 1500; "12,0" is 12; "3,5" is not a whole
  number.
- Both signs in one number: the last one is the decimal point and the other groups
  thousands: "1.234,5" and "1,234.5" are 1234.5.
- The same sign more than once groups thousands: "1.500.000" is 1500000.
- Spaces (also the no-break spaces spreadsheets put in) and a leading "+" are ignored;
  "−" (the minus sign) counts as "-".

Why not Django's `sanitize_separators` (`localize=True`)? Checked with Django 5.2: with
USE_THOUSAND_SEPARATOR off (the portal's setting, so years are not shown as "2.025"),
"1.500" is refused by an IntegerField in Indonesian; with it on, Indonesian "109.675"
becomes 109675 and English "3,5" becomes 35, both silently. Display still goes through
Django's localization: `format_number` shows 3,5 in Indonesian and 3.5 in English.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

SPACES = re.compile(r"[\s\u00a0\u2007\u202f]")
SHAPE = re.compile(r"^[+-]?[\d.,]*\d[\d.,]*$", re.ASCII)
GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def parse_number(text, *, whole=False):
    """The Decimal `text` stands for, or None when it is not a number (an empty text is
    not a number either: callers decide whether a value is required). With `whole`, a
    value with decimals is None too, and thousands grouping is read as above."""
    text = SPACES.sub("", str(text)).replace("\u2212", "-")
    if not SHAPE.match(text):
        return None
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("+-")
    canonical = _canonical(digits, whole=whole)
    if canonical is None:
        return None
    try:
        value = Decimal(sign + canonical)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    if whole:
        if value != value.to_integral_value():
            return None
        try:
            return value.quantize(Decimal(1))
        except InvalidOperation:
            # More digits than a Decimal context holds: still a whole number, which the
            # field's range check then refuses with its message.
            return value
    return value


def parse_whole(text):
    """`parse_number(text, whole=True)` as an int, or None."""
    value = parse_number(text, whole=True)
    return None if value is None else int(value)


def _canonical(digits, *, whole):
    """`digits` (no sign) with "." as the only separator, or None when malformed."""
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        point = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if point == "," else ","
        if digits.count(point) > 1:
            return None
        integer, decimals = digits.split(point)
        if not GROUPED.match(integer.replace(group, ".")) or group in decimals:
            return None
        return f"{integer.replace(group, '')}.{decimals}"
    if not commas and not dots:
        return digits
    mark = "," if commas else "."
    if digits.count(mark) > 1 or (whole and GROUPED.match(digits)):
        return digits.replace(mark, "") if GROUPED.match(digits) else None
    if digits.endswith(mark):
        return None
    return digits.replace(mark, ".")


def format_number(value):
    """A number as people write it, without trailing zeros or grouping, in the active
    language: 3,5 and 100 in Indonesian (3.5 in English), not 3,50 or 1E+2. Typing it
    back into a form gives the same value."""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number_format(Decimal(text), use_l10n=True)
