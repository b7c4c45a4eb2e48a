"""Cells that a spreadsheet never runs as a formula.

Every CSV and XLSX the portal writes passes its cells through ``safe_cell`` (or writes
with ``safe_csv_writer``), so text typed by a kader or a judge such as
``=HYPERLINK(...)`` arrives as text. Numbers, and strings that are plain numbers such as
a latitude ``-6.8891``, are left alone: a spreadsheet reads them as numbers, harmlessly.
"""

import csv
import re

from .text import without_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe_cell(value):
    """The value, with text that starts like a formula prefixed by an apostrophe, and
    without control characters, which Excel files cannot hold (openpyxl refuses them)."""
    if not isinstance(value, str):
        return value
    value = without_control_characters(value).replace("\x00", "")
    if not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def plain_cell(text):
    """What was typed before ``safe_cell`` protected it, so an exported file imports back
    unchanged (a rubric's ``- Skor 1`` guidance, for instance)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def safe_row(values):
    return [safe_cell(value) for value in values]


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def safe_csv_writer(stream, **options):
    """``csv.writer`` whose every row goes through ``safe_cell``."""
    return _SafeWriter(csv.writer(stream, **options))
