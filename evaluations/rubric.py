"""A period's rubric: the example template, CSV import and export, and copying.

A rubric file has one row per criterion, grouped by aspect in the order they appear:
``aspek,kode,nama,bobot,nilai_min,nilai_maks`` and optionally ``deskripsi`` and
``panduan`` (one line per score level). Importing replaces the whole rubric, all or
nothing, and only while the rubric may change (`Period.rubric_refusal`).
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from portal.spreadsheets import safe_csv_writer

from .models import (
    SCORE_DIGITS,
    SCORE_PLACES,
    TWO_PLACES,
    Aspect,
    Criterion,
    Period,
    format_number,
)
from .permissions import MANAGE_PERIOD, require_unless_trusted
from .score_import import TableImportError, parse_decimal, read_table, require_columns

RUBRIC_COLUMNS = ("aspek", "kode", "nama", "bobot", "nilai_min", "nilai_maks")
OPTIONAL_RUBRIC_COLUMNS = ("deskripsi", "panduan")
# Built from what provincial and national judges are known to assess; staff adapt it to
# the official guidelines of the year, and the UI says so while `rubric_is_example` holds.
EXAMPLE_RUBRIC_CSV = Path(__file__).resolve().parent / "data" / "rubrik_contoh.csv"

MAX_SCORE = Decimal(10 ** (SCORE_DIGITS - SCORE_PLACES)) - Decimal("0.01")
MAX_WEIGHT = Decimal("9999.99")
FIELD_LENGTHS = {"aspek": 150, "kode": 20, "nama": 300}


@dataclass
class RubricRow:
    aspect: str
    code: str
    name: str
    weight: Decimal
    min_score: Decimal
    max_score: Decimal
    description: str = ""
    guidance: str = ""


def parse_rubric(file):
    """Every row of a rubric file checked; raises TableImportError listing all problems."""
    table = read_table(file)
    require_columns(table, RUBRIC_COLUMNS)
    errors, rows, code_rows = [], [], {}
    for number, cells in table.rows:
        row_errors = []
        for column in ("aspek", "kode", "nama"):
            if not cells[column]:
                row_errors.append(_("kolom %(column)s kosong") % {"column": column})
            elif len(cells[column]) > FIELD_LENGTHS[column]:
                row_errors.append(
                    _("kolom %(column)s paling panjang %(length)s karakter")
                    % {"column": column, "length": FIELD_LENGTHS[column]}
                )
        code_key = cells["kode"].lower()
        if code_key and code_key in code_rows:
            row_errors.append(
                _("kode “%(code)s” sudah dipakai di baris %(row)s")
                % {"code": cells["kode"], "row": code_rows[code_key]}
            )
        elif code_key:
            code_rows[code_key] = number
        weight = _number(cells, "bobot", row_errors, low=Decimal("0.01"), high=MAX_WEIGHT)
        min_score = _number(cells, "nilai_min", row_errors, low=Decimal(0), high=MAX_SCORE)
        max_score = _number(cells, "nilai_maks", row_errors, low=Decimal(0), high=MAX_SCORE)
        if min_score is not None and max_score is not None and min_score >= max_score:
            row_errors.append(_("nilai_min harus lebih kecil dari nilai_maks"))
        if row_errors:
            errors.append(
                _("Baris %(row)s: %(problems)s.")
                % {"row": number, "problems": "; ".join(row_errors)}
            )
            continue
        rows.append(
            RubricRow(
                aspect=cells["aspek"],
                code=cells["kode"],
                name=cells["nama"],
                weight=weight,
                min_score=min_score,
                max_score=max_score,
                description=cells.get("deskripsi", ""),
                guidance=cells.get("panduan", ""),
            )
        )
    if errors:
        raise TableImportError(errors)
    if not rows:
        raise TableImportError([_("Berkas tidak berisi kriteria.")])
    return rows


def _number(cells, column, row_errors, *, low, high):
    text = cells[column]
    if not text:
        row_errors.append(_("kolom %(column)s kosong") % {"column": column})
        return None
    value = parse_decimal(text)
    if value is None:
        row_errors.append(
            _("%(column)s “%(value)s” bukan angka") % {"column": column, "value": text}
        )
        return None
    if column == "bobot" and value <= 0:
        row_errors.append(_("bobot harus lebih dari 0"))
        return None
    if not low <= value <= high:
        row_errors.append(
            _("%(column)s harus antara %(low)s dan %(high)s")
            % {"column": column, "low": format_number(low), "high": format_number(high)}
        )
        return None
    if value != value.quantize(TWO_PLACES):
        row_errors.append(
            _("%(column)s paling banyak 2 angka di belakang koma") % {"column": column}
        )
        return None
    return value


def import_rubric(period, file, *, is_example=False, by=None, reason=None):
    """Replace `period`'s rubric with the file's; returns the number of criteria."""
    require_unless_trusted(by, MANAGE_PERIOD, period)
    refusal = period.rubric_refusal()
    if refusal:
        raise TableImportError([refusal])
    rows = parse_rubric(file)
    replace_rubric(
        period,
        rows,
        is_example=is_example,
        by=by,
        reason=reason or _("Rubrik diimpor dari berkas"),
    )
    return len(rows)


def load_example_rubric(period, *, by=None):
    return import_rubric(
        period, EXAMPLE_RUBRIC_CSV, is_example=True, by=by, reason=_("Rubrik contoh dimuat")
    )


@transaction.atomic
def replace_rubric(period, rows, *, is_example=False, by=None, reason=""):
    """Put `rows` in place of `period`'s rubric. Every aspect and criterion removed and
    added is in the period's history, with `by` and `reason`."""
    locked = Period.objects.select_for_update().get(pk=period.pk)
    refusal = locked.rubric_refusal()
    if refusal:
        raise TableImportError([refusal])
    for item in [*Criterion.objects.filter(period=period), *period.aspects.all()]:
        item._history_user, item._change_reason = by, reason
        item.delete()
    aspects = {}
    for row in rows:
        if row.aspect not in aspects:
            aspects[row.aspect] = Aspect(period=period, name=row.aspect, position=len(aspects))
    history = {"default_user": by, "default_change_reason": reason}
    bulk_create_with_history(list(aspects.values()), Aspect, **history)
    if any(aspect.pk is None for aspect in aspects.values()):
        # Databases that do not return ids from a bulk insert.
        by_name = {aspect.name: aspect for aspect in period.aspects.all()}
        aspects = {name: by_name[name] for name in aspects}
    positions = {}
    criteria = []
    for row in rows:
        positions[row.aspect] = positions.get(row.aspect, -1) + 1
        criteria.append(
            Criterion(
                aspect=aspects[row.aspect],
                period=period,
                code=row.code,
                name=row.name,
                description=row.description,
                weight=row.weight,
                min_score=row.min_score,
                max_score=row.max_score,
                guidance=row.guidance,
                position=positions[row.aspect],
            )
        )
    bulk_create_with_history(criteria, Criterion, **history)
    _set_rubric_is_example(locked, is_example, by, reason)
    period.rubric_is_example = is_example


def _set_rubric_is_example(locked, is_example, by, reason):
    """Change the period's flag through a save, so that its history records the change
    when it happens (an `update()` would surface it later, in an unrelated step)."""
    if locked.rubric_is_example != is_example:
        locked.rubric_is_example = is_example
        locked._history_user, locked._change_reason = by, reason
        locked.save(update_fields=["rubric_is_example"])


def rubric_rows(period):
    return [
        RubricRow(
            aspect=criterion.aspect.name,
            code=criterion.code,
            name=criterion.name,
            weight=criterion.weight,
            min_score=criterion.min_score,
            max_score=criterion.max_score,
            description=criterion.description,
            guidance=criterion.guidance,
        )
        for criterion in Criterion.objects.filter(period=period).in_rubric_order()
    ]


def export_rubric(period, out=None):
    """Write `period`'s rubric as CSV to `out` (a text file); returns the text without one."""
    target = out if out is not None else io.StringIO()
    writer = safe_csv_writer(target, lineterminator="\n")
    writer.writerow(RUBRIC_COLUMNS + OPTIONAL_RUBRIC_COLUMNS)
    for row in rubric_rows(period):
        writer.writerow(
            [
                row.aspect,
                row.code,
                row.name,
                _plain(row.weight),
                _plain(row.min_score),
                _plain(row.max_score),
                row.description,
                row.guidance,
            ]
        )
    return target.getvalue() if out is None else None


def _plain(value):
    """3.00 as "3", 2.50 as "2.5": the file stays readable and imports back the same."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def copy_rubric(source, target, *, by=None):
    """Give `target` the same rubric as `source` (an earlier period, usually)."""
    require_unless_trusted(by, MANAGE_PERIOD, target)
    refusal = target.rubric_refusal()
    if refusal:
        raise TableImportError([refusal])
    rows = rubric_rows(source)
    if not rows:
        raise TableImportError(
            [_("Periode %(period)s belum punya rubrik untuk disalin.") % {"period": source.year}]
        )
    replace_rubric(
        target,
        rows,
        is_example=source.rubric_is_example,
        by=by,
        reason=_("Rubrik disalin dari periode %(year)s") % {"year": source.year},
    )
    return len(rows)


def mark_rubric_adapted(period, *, by=None):
    """Staff have edited the rubric by hand: it is no longer the example."""
    require_unless_trusted(by, MANAGE_PERIOD, period)
    if period.rubric_is_example:
        locked = Period.objects.get(pk=period.pk)
        _set_rubric_is_example(locked, False, by, _("Rubrik diubah: bukan lagi contoh"))
        period.rubric_is_example = False
