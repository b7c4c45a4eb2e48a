"""Reading score tables (CSV or XLSX) and importing them all or nothing.

Shared by `manage.py import_scores` and the staff upload page. Every row is checked
before anything is written; errors name the spreadsheet row ("Baris 2" is the first row
under the header). `read_table` and `parse_decimal` also serve the rubric import.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portal.spreadsheets import plain_cell
from portal.tables import SpreadsheetRefused, check_size, records
from villages.models import KampungKB
from villages.numbers import parse_number

from .judging import RefusalKind, ScoringFacts, period_refusal, scoring_refusal
from .models import Criterion, JudgeAssignment, Period, Score, UnitReview
from .permissions import MANAGE_PERIOD, require_unless_trusted
from .selectors import excluded_pairs

SCORE_COLUMNS = ("juri", "kelurahan", "kriteria", "nilai", "catatan")
REQUIRED_SCORE_COLUMNS = ("juri", "kelurahan", "kriteria", "nilai")


class TableImportError(Exception):
    """The file was refused; `errors` lists every problem found, in row order."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class Table:
    header: list
    rows: list = field(default_factory=list)  # (spreadsheet row number, {column: text})


def read_table(file):
    """The first sheet of an XLSX or a CSV (comma, semicolon or tab separated) as text.

    `file` is a path, bytes or an open file (an upload). Column names are lower-cased;
    blank rows are skipped but still counted, so row numbers match the spreadsheet.
    """
    try:
        rows = records(_read_bytes(file))
    except SpreadsheetRefused as refused:
        raise TableImportError([str(refused)]) from refused
    numbered = [
        (number, [_cell_text(value) for value in record])
        for number, record in enumerate(rows, start=1)
    ]
    numbered = [(number, cells) for number, cells in numbered if any(cells)]
    if not numbered:
        raise TableImportError([_("Berkas kosong.")])
    (_header_number, header), *body = numbered
    header = [name.strip().lower() for name in header]
    rows = [
        (number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)})
        for number, cells in body
    ]
    return Table(header=header, rows=rows)


def require_columns(table, required):
    missing = [name for name in required if name not in table.header]
    if missing:
        raise TableImportError(
            [_("Baris 1: kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}]
        )


def parse_decimal(text):
    """A Decimal from "2.5", "2,5", " 85 " or "1.234,5", by the portal's one reading rule
    (`villages.numbers.parse_number`, as on the score sheet); None when not a number."""
    return parse_number(text)


def _read_bytes(file):
    if isinstance(file, bytes):
        return file
    if isinstance(file, str | Path):
        # Refused before it is read when too large.
        check_size(Path(file).stat().st_size)
        return Path(file).read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        # Spreadsheets store 85 as 85.0 and 3.5 as a binary float: give back what was typed.
        return str(int(value)) if value.is_integer() else str(Decimal(str(value)))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return plain_cell(str(value).strip())


@dataclass
class ScoreRowInput:
    row_number: int
    judge: object
    unit: KampungKB
    criterion: Criterion
    value: Decimal
    note: str | None  # None: the file has no catatan column, keep the stored note


@dataclass
class ImportSummary:
    created: int
    updated: int
    unchanged: int

    def __str__(self):
        return _("%(created)s nilai baru, %(updated)s diubah, %(unchanged)s tetap.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class _Lookups:
    """Everything a score table refers to, read in a fixed number of queries."""

    def __init__(self, period, table):
        usernames = {row["juri"] for _number, row in table.rows}
        self.users = {
            user.username: user for user in get_user_model().objects.filter(username__in=usernames)
        }
        self.assigned = set(
            JudgeAssignment.objects.filter(period=period).values_list("user_id", flat=True)
        )
        self.units = {}
        for unit in KampungKB.objects.select_related("kelurahan"):
            self.units[unit.kelurahan.code] = unit
            self.units[unit.slug] = unit
        self.criteria = {
            criterion.code.lower(): criterion for criterion in period.criteria.order_by("id")
        }
        self.excluded = excluded_pairs(period)

    def unit(self, text):
        return self.units.get(text) or self.units.get(slugify(text))

    def refusal(self, period, judge, unit):
        """The same rule as the judge's own sheet (`judging.scoring_refusal`)."""
        pair = (judge.pk, unit.pk if unit is not None else None)
        facts = ScoringFacts(
            period_status=period.status,
            is_active=judge.is_active,
            is_assigned=judge.pk in self.assigned,
            is_kader=pair in self.excluded.kader,
            has_conflict=pair in self.excluded.conflicts,
        )
        return scoring_refusal(
            facts, judge_name=judge.username, unit_name=str(unit), year=period.year
        )


def _refusal_text(refusal):
    # A row lists its problems as clauses: "Baris 9: <problem>; <problem>."
    return refusal.message.rstrip(".")


def parse_scores(period, file):
    """Every row of a score table checked against `period`; raises TableImportError."""
    refusal = period_refusal(period)
    if refusal:
        raise TableImportError([refusal.message])
    table = read_table(file)
    require_columns(table, REQUIRED_SCORE_COLUMNS)
    has_notes = "catatan" in table.header
    lookups = _Lookups(period, table)
    errors, parsed, first_row_of = [], [], {}
    for number, row in table.rows:
        row_errors = []
        judge = lookups.users.get(row["juri"])
        unit = lookups.unit(row["kelurahan"])
        criterion = lookups.criteria.get(row["kriteria"].lower())
        value = parse_decimal(row["nilai"]) if row["nilai"] else None
        refusal = lookups.refusal(period, judge, unit) if judge is not None else None
        of_pair = refusal is not None and refusal.kind in RefusalKind.OF_PAIR
        if judge is None:
            row_errors.append(_("juri “%(name)s” tidak dikenal") % {"name": row["juri"]})
        elif refusal is not None and not of_pair:
            row_errors.append(_refusal_text(refusal))
        if unit is None:
            row_errors.append(
                _("kelurahan “%(code)s” tidak dikenal (isi kode Kemendagri atau slug)")
                % {"code": row["kelurahan"]}
            )
        if criterion is None:
            row_errors.append(
                _("kriteria “%(code)s” tidak ada di rubrik periode ini")
                % {"code": row["kriteria"]}
            )
        if not row["nilai"]:
            row_errors.append(_("nilai kosong"))
        elif value is None:
            row_errors.append(_("nilai “%(value)s” bukan angka") % {"value": row["nilai"]})
        elif criterion is not None:
            problem = criterion.score_error(value, row["nilai"])
            if problem:
                row_errors.append(problem)
        if of_pair:
            row_errors.append(_refusal_text(refusal))
        if judge is not None and unit is not None and criterion is not None:
            key = (judge.pk, unit.pk, criterion.pk)
            if key in first_row_of:
                row_errors.append(
                    _("nilai yang sama sudah ada di baris %(row)s") % {"row": first_row_of[key]}
                )
            else:
                first_row_of[key] = number
        if row_errors:
            errors.append(
                _("Baris %(row)s: %(problems)s.")
                % {"row": number, "problems": "; ".join(row_errors)}
            )
            continue
        note = row.get("catatan", "") if has_notes else None
        parsed.append(ScoreRowInput(number, judge, unit, criterion, value, note))
    if errors:
        raise TableImportError(errors)
    if not parsed:
        raise TableImportError([_("Berkas tidak berisi nilai.")])
    return parsed


def import_scores(period, file, *, by=None):
    """Check the whole table, then save every score in one transaction.

    History records `by` (the importing staff member) or else the row's judge. The
    judges' score sheets are marked as changed, so a form opened before the import
    cannot silently overwrite it.
    """
    require_unless_trusted(by, MANAGE_PERIOD, period)
    rows = parse_scores(period, file)
    reason = _("Impor nilai dari berkas")
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        refusal = period_refusal(period)
        if refusal:
            raise TableImportError([refusal.message])
        existing = {
            (score.judge_id, score.unit_id, score.criterion_id): score
            for score in Score.objects.filter(period=period)
        }
        new, changed, unchanged = [], [], 0
        for row in rows:
            score = existing.get((row.judge.pk, row.unit.pk, row.criterion.pk))
            note = row.note
            if score is None:
                score = Score(
                    period=period,
                    judge=row.judge,
                    unit=row.unit,
                    criterion=row.criterion,
                    value=row.value,
                    note=note or "",
                )
                new.append(score)
            elif score.value != row.value or (note is not None and score.note != note):
                score.value = row.value
                if note is not None:
                    score.note = note
                changed.append(score)
            else:
                unchanged += 1
                continue
            score._history_user = by or row.judge
        now = timezone.now()
        for score in changed:
            score.updated_at = now
        bulk_create_with_history(new, Score, default_change_reason=reason)
        bulk_update_with_history(
            changed, Score, ["value", "note", "updated_at"], default_change_reason=reason
        )
        _touch_sheets(period, {(row.judge, row.unit) for row in rows}, by, now)
    return ImportSummary(created=len(new), updated=len(changed), unchanged=unchanged)


def _touch_sheets(period, judge_units, by, now):
    """Give every imported (judge, unit) sheet a new version."""
    existing = {
        (review.judge_id, review.unit_id): review
        for review in UnitReview.objects.filter(period=period)
    }
    touched, missing = [], []
    for judge, unit in judge_units:
        review = existing.get((judge.pk, unit.pk))
        if review is None:
            missing.append(
                UnitReview(period=period, judge=judge, unit=unit, updated_by=by or judge)
            )
        else:
            review.updated_at, review.updated_by = now, by or judge
            touched.append(review)
    UnitReview.objects.bulk_update(touched, ["updated_at", "updated_by"])
    UnitReview.objects.bulk_create(missing)
