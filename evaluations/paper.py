"""Paper score sheets typed in by staff: the order of the sheets, which round a typing
is, and whether two typings of the same sheet agree. Pure functions of plain values;
`services` and `selectors` read the rows and ask these.

Double entry compares values only: a value typed wrong changes the results, while a
note typed with another comma does not, and comparing free text would flag nearly
every sheet.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from villages.numbers import format_number

from .judging import SheetStatus


class EntryRound:
    """What the entry screen does for this staff member on this sheet now."""

    FIRST = "pertama"  # type the sheet; the values become the official scores
    SECOND = "kedua"  # type it again, blind to the first typing
    COMPARE = "banding"  # both typed: compare them, and resolve what differs


class CheckState:
    AWAITING_SECOND = "menunggu"
    MISMATCH = "berbeda"
    VERIFIED = "terverifikasi"

    LABELS = {
        AWAITING_SECOND: _("Menunggu entri kedua"),
        MISMATCH: _("Berbeda"),
        VERIFIED: _("Terverifikasi"),
    }


VERIFIED = "terverifikasi"
CELL_LABELS = {
    SheetStatus.NOT_STARTED: _("Belum"),
    SheetStatus.PARTIAL: _("Sebagian"),
    SheetStatus.COMPLETE: _("Lengkap"),
    VERIFIED: _("Terverifikasi"),
}
CELL_BADGES = {
    SheetStatus.NOT_STARTED: "text-bg-light border",
    SheetStatus.PARTIAL: "text-bg-warning",
    SheetStatus.COMPLETE: "text-bg-success",
    VERIFIED: "text-bg-primary",
}


def allowed_range(criterion):
    """What a paper sheet says may be written for `criterion`: "1–4, boleh desimal dengan
    koma" (scores keep up to two decimals)."""
    return _("%(low)s–%(high)s, boleh desimal dengan koma") % {
        "low": format_number(criterion.min_score),
        "high": format_number(criterion.max_score),
    }


def typed_values(cleaned):
    """{criterion id as text: value as text} of a cleaned sheet ({id: (Decimal or None,
    note)}), blanks left out: what a `SheetEntry` stores."""
    return {str(pk): str(value) for pk, (value, _note) in cleaned.items() if value is not None}


def typed_notes(cleaned):
    return {str(pk): note for pk, (_value, note) in cleaned.items() if note}


def _number(text):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def mismatches(first, second):
    """Criterion ids (as int, sorted) whose values differ between two typings; a value in
    one and a blank in the other differ, 3.5 and 3.50 do not."""
    keys = set(first) | set(second)
    return sorted(int(key) for key in keys if _number(first.get(key)) != _number(second.get(key)))


@dataclass
class EntryCheck:
    """How far the double entry of one sheet is: its state and the criteria that differ."""

    state: str | None  # None: not typed by staff yet
    differing: list = field(default_factory=list)

    @property
    def is_verified(self):
        return self.state == CheckState.VERIFIED

    @property
    def label(self):
        return CheckState.LABELS.get(self.state, "")


def entry_check(first, second, resolved):
    """The `EntryCheck` of a sheet from its typings' values (dicts, or None when not
    typed): verified once the second typing agrees with the first, or once a staff
    member resolved the differences from the paper."""
    if first is None:
        return EntryCheck(state=None)
    if second is None:
        return EntryCheck(state=CheckState.AWAITING_SECOND)
    differing = mismatches(first, second)
    if not differing or resolved is not None:
        return EntryCheck(state=CheckState.VERIFIED, differing=differing)
    return EntryCheck(state=CheckState.MISMATCH, differing=differing)


def entry_round(*, double_entry, first_by, second_exists, user_id):
    """Which `EntryRound` the entry screen offers `user_id` on a sheet: without double
    entry, always the first (typing updates the official scores); with it, the first
    typist keeps the first typing, anyone else types the second, blind, and once both
    exist everyone compares."""
    if not double_entry or first_by is None:
        return EntryRound.FIRST
    if second_exists:
        return EntryRound.COMPARE
    return EntryRound.FIRST if first_by == user_id else EntryRound.SECOND


def cell_state(status, check):
    """What the period page shows for a judge's sheet of a unit: belum, sebagian or
    lengkap (`judging.sheet_status`), or terverifikasi once double entry agrees."""
    if check is not None and check.is_verified:
        return VERIFIED
    return status


def sheets_in_paper_order(judge_ids, unit_ids, excluded):
    """[(judge id, unit id)] of the sheets to print and type, in the printed order: each
    judge's stack, units in the order given. A judge excluded from a unit (a declared
    conflict, or kader of it) gets no sheet for it."""
    return [
        (judge_id, unit_id)
        for judge_id in judge_ids
        for unit_id in unit_ids
        if (judge_id, unit_id) not in excluded
    ]


def next_unit(judge_id, unit_id, unit_ids, excluded):
    """The unit after `unit_id` in the judge's stack of sheets, or None at its end."""
    stack = [pk for _judge, pk in sheets_in_paper_order([judge_id], unit_ids, excluded)]
    if unit_id not in stack:
        later = unit_ids[unit_ids.index(unit_id) + 1 :] if unit_id in unit_ids else []
        return next((pk for pk in later if pk in stack), None)
    position = stack.index(unit_id)
    return stack[position + 1] if position + 1 < len(stack) else None
