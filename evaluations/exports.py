"""The CSV and XLSX files of a period's results, written from a `results.ResultsTable`.

Column names and the values ya / tidak / belum dapat ditentukan are fixed, not
translated: programs read them.
"""

import re

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets import safe_cell, safe_csv_writer

from .results import judge_name, machine_score, round_score

SUMMARY_COLUMNS = [
    "peringkat",
    "kode_kemendagri",
    "kelurahan",
    "kecamatan",
    "nama",
    "nilai_akhir",
    "lengkap",
    "memenuhi_syarat",
]
RAW_SCORE_COLUMNS = ["juri", "kelurahan", "kode kriteria", "nilai", "catatan", "dihitung"]
SUMMARY_SHEET = "Rekap"
RAW_SCORE_SHEET = "Nilai juri"
NUMBER_FORMAT = "0.00"
# Characters Excel refuses in a sheet name, and its length limit.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


def yes_no(value):
    return "ya" if value else "tidak"


def summary_header(table):
    return SUMMARY_COLUMNS + [block.aspect.name for block in table.aspects]


def _summary_cells(row):
    """The summary line of a row; numbers stay Decimals (or None) for the writer to format."""
    unit = row.unit
    return [
        row.rank,
        unit.kelurahan.code,
        unit.kelurahan.name,
        row.kecamatan,
        unit.name,
        row.final_score,
        yes_no(row.complete),
        row.eligibility.machine_value,
        *row.aspect_scores,
    ]


def write_csv(table, stream):
    """The summary as CSV: one line per unit, decimal point, empty rank when incomplete."""
    writer = safe_csv_writer(stream)
    writer.writerow(summary_header(table))
    aspect_start = len(SUMMARY_COLUMNS)
    for row in table.rows:
        cells = _summary_cells(row)
        cells[0] = "" if row.rank is None else row.rank
        cells[5] = machine_score(row.final_score)
        cells[aspect_start:] = [machine_score(score) for score in row.aspect_scores]
        writer.writerow(cells)


def write_xlsx(table, stream):
    """The summary, one sheet per aspect (criterion means and subtotal) and the raw scores."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    _header(summary, summary_header(table))
    for row in table.rows:
        summary.append([_cell(value) for value in _summary_cells(row)])
    _format_numbers(summary, [6, *range(len(SUMMARY_COLUMNS) + 1, summary.max_column + 1)])

    used_names = {SUMMARY_SHEET.lower(), RAW_SCORE_SHEET.lower()}
    for block in table.aspects:
        sheet = workbook.create_sheet(_sheet_name(block.aspect.name, used_names))
        _header(
            sheet,
            ["peringkat", "kode_kemendagri", "kelurahan"]
            + [criterion.code for criterion in block.criteria]
            + ["subtotal"],
        )
        for row, means, subtotal in block.lines(table.rows):
            sheet.append(
                [row.rank, row.unit.kelurahan.code, safe_cell(row.unit.kelurahan.name)]
                + [_number(mean, rounded=False) for mean in means]
                + [_number(subtotal)]
            )
        _format_numbers(sheet, range(4, sheet.max_column + 1))

    raw = workbook.create_sheet(RAW_SCORE_SHEET)
    _header(raw, RAW_SCORE_COLUMNS)
    for score, counts in table.raw_scores():
        raw.append(
            [
                safe_cell(judge_name(score.judge)),
                safe_cell(score.unit.kelurahan.name),
                safe_cell(score.criterion.code),
                _number(score.value, rounded=False),
                safe_cell(score.note),
                yes_no(counts),
            ]
        )
    _format_numbers(raw, [4])
    workbook.save(stream)


def _number(value, rounded=True):
    """Decimals as numbers a spreadsheet can add up; other values unchanged."""
    if value is None or isinstance(value, int | str):
        return value
    return float(round_score(value) if rounded else value)


def _cell(value):
    """A summary cell: numbers as numbers, text never read as a formula."""
    return safe_cell(_number(value))


def _header(sheet, names):
    sheet.append([safe_cell(name) for name in names])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _format_numbers(sheet, columns):
    for column in columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if isinstance(cell.value, float):
                cell.number_format = NUMBER_FORMAT


def _sheet_name(name, used_names):
    """A valid, unused sheet name from an aspect name (Excel allows 31 characters)."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", name).strip().strip("'") or "Aspek"
    candidate = base[:SHEET_NAME_LENGTH]
    number = 2
    while candidate.lower() in used_names:
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    used_names.add(candidate.lower())
    return candidate
