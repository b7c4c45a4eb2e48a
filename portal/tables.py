"""Reading an uploaded CSV or XLSX within limits, for every import of the portal.

A file is refused, with an Indonesian message naming the row where it can, before it
costs a worker much: too large a file (packed or unpacked), an XLSX sheet that declares
more rows or columns than allowed (refused before a row is read), too many rows or
columns, or a cell longer than allowed. The limits are settings (``IMPORT_MAX_*``).
XLSX is read in openpyxl's streaming (read-only) mode.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

XLSX_SIGNATURE = b"PK\x03\x04"


class SpreadsheetRefused(Exception):
    """The file breaks a limit or cannot be read; ``str()`` is the Indonesian message."""


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int

    @classmethod
    def from_settings(cls):
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
        )


def _count(value):
    return number_format(value, force_grouping=True)


def check_size(size, limits=None):
    limits = limits or ImportLimits.from_settings()
    if size > limits.max_bytes:
        raise SpreadsheetRefused(
            _("Berkas terlalu besar (%(size)s bita); paling besar %(max)s bita.")
            % {"size": _count(size), "max": _count(limits.max_bytes)}
        )


def records(data, limits=None):
    """The rows of an XLSX's first sheet or of a CSV (``bytes``), as lists of cells."""
    limits = limits or ImportLimits.from_settings()
    check_size(len(data), limits)
    if data.startswith(XLSX_SIGNATURE):
        return xlsx_records(data, limits)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetRefused(
            _("Berkas tidak bisa dibaca: simpan sebagai CSV UTF-8 atau XLSX.")
        ) from error
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv_records(text, limits, dialect=dialect)


def csv_records(text, limits=None, **reader_options):
    """Every record of a CSV text, numbered from 1, checked against the limits."""
    limits = limits or ImportLimits.from_settings()
    reader = csv.reader(io.StringIO(text, newline=""), **reader_options)
    rows = []
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise SpreadsheetRefused(_cell_too_long(number, limits)) from error
            raise SpreadsheetRefused(
                _("Baris %(row)s: berkas CSV rusak dan tidak bisa dibaca.") % {"row": number}
            ) from error
        _check_row(number, cells, limits)
        rows.append(cells)


def xlsx_records(data, limits=None):
    """Every row of an XLSX's first sheet, streamed; refused before reading when the
    sheet declares more rows or columns than allowed."""
    limits = limits or ImportLimits.from_settings()
    unreadable = _("Berkas XLSX tidak bisa dibaca.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise SpreadsheetRefused(unreadable) from error
    if unpacked > limits.max_unpacked_bytes:
        raise SpreadsheetRefused(
            _(
                "Isi berkas XLSX terlalu besar (%(size)s bita setelah dibuka); "
                "paling besar %(max)s bita."
            )
            % {"size": _count(unpacked), "max": _count(limits.max_unpacked_bytes)}
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetRefused(unreadable) from error
    try:
        sheet = workbook.worksheets[0]
        declared_rows, declared_columns = sheet.max_row, sheet.max_column
        if declared_rows and declared_rows > limits.max_rows:
            raise SpreadsheetRefused(_too_many_rows(declared_rows, limits))
        if declared_columns and declared_columns > limits.max_columns:
            raise SpreadsheetRefused(_too_many_columns(1, declared_columns, limits))
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(row)
            _check_row(number, cells, limits)
            rows.append(cells)
        return rows
    except SpreadsheetRefused:
        raise
    except Exception as error:  # a damaged sheet fails only while it is read
        raise SpreadsheetRefused(unreadable) from error
    finally:
        workbook.close()


def _check_row(number, cells, limits):
    if number > limits.max_rows:
        raise SpreadsheetRefused(_too_many_rows(number, limits, at_least=True))
    if len(cells) > limits.max_columns and any(cells[limits.max_columns :]):
        raise SpreadsheetRefused(_too_many_columns(number, len(cells), limits))
    for cell in cells:
        if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
            raise SpreadsheetRefused(_cell_too_long(number, limits))


def _too_many_rows(rows, limits, at_least=False):
    text = (
        _("Berkas berisi lebih dari %(max)s baris; bagi menjadi beberapa berkas.")
        if at_least
        else _("Lembar pertama menyatakan %(rows)s baris; paling banyak %(max)s baris.")
    )
    return text % {"rows": _count(rows), "max": _count(limits.max_rows)}


def _too_many_columns(number, columns, limits):
    return _("Baris %(row)s: %(columns)s kolom; paling banyak %(max)s kolom.") % {
        "row": number,
        "columns": _count(columns),
        "max": _count(limits.max_columns),
    }


def _cell_too_long(number, limits):
    return _("Baris %(row)s: ada sel yang lebih panjang dari %(max)s karakter.") % {
        "row": number,
        "max": _count(limits.max_cell_chars),
    }
