"""A period's history: who changed what in it, when, and why where a reason was asked.

One newest-first timeline merged from the history tables of the period itself (its
stages, with the reason of reopening, finalizing and publishing), its rubric (aspects and
criteria, created, edited or deleted), its judges (assigned and removed), their
conflicts of interest (declared, withdrawn, declared again) and the recommendations of
their sheets. The mechanism is `villages.history.Timeline`; this module says which
tables belong to a period and how their entries read.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from villages.history import Source, Timeline, history_entry
from villages.models import KampungKB

from .models import Aspect, Conflict, Criterion, JudgeAssignment, Period, UnitReview

PERIOD, ASPECT, CRITERION, ASSIGNMENT, CONFLICT, REVIEW = range(6)
PERIOD_SOURCES = (
    Source(Period, "id"),
    Source(Aspect, "period_id"),
    Source(Criterion, "period_id"),
    Source(JudgeAssignment, "period_id"),
    Source(Conflict, "period_id"),
    Source(UnitReview, "period_id"),
)

ASSIGNMENT_ACTIONS = {"+": _("ditugaskan"), "-": _("dilepas")}
CONFLICT_DECLARED = _("dinyatakan")
CONFLICT_WITHDRAWN = _("ditarik")
CONFLICT_DECLARED_AGAIN = _("dinyatakan lagi")
CONFLICT_REASON_CHANGED = _("alasan diubah")
RECOMMENDATION_WRITTEN = _("ditulis")
RECOMMENDATION_CHANGED = _("diubah")


class PeriodTimeline(Timeline):
    """The history entries of one period, newest first; page it with a `Paginator`.

    A page costs a fixed number of queries: its records, one query per table they come
    from, and one each for the judges and the units they name.
    """

    sources = PERIOD_SOURCES

    def entries(self, records):
        people, units = _names(records)
        return {
            index: [(record, _entry(index, record, people, units)) for record in rows]
            for index, rows in records.items()
        }


def period_history(period, limit=20):
    """The period's newest `limit` history entries."""
    return PeriodTimeline(period)[:limit]


def _names(records):
    """({user id: user}, {unit id: unit}) for the judges and units the records name."""
    user_ids, unit_ids = set(), set()
    for index in (ASSIGNMENT, CONFLICT, REVIEW):
        for record in records.get(index, ()):
            user_ids.add(record.user_id if index == ASSIGNMENT else record.judge_id)
            if index != ASSIGNMENT:
                unit_ids.add(record.unit_id)
    people = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    units = KampungKB.objects.select_related("kelurahan").in_bulk(unit_ids) if unit_ids else {}
    return people, units


def _person(people, user_id):
    user = people.get(user_id)
    if user is None:
        return str(_("(akun sudah dihapus)"))
    return user.get_full_name() or user.get_username()


def _unit(units, unit_id):
    unit = units.get(unit_id)
    return str(unit.display_name) if unit else str(_("(sudah dihapus)"))


def _entry(index, record, people, units):
    source = PERIOD_SOURCES[index]
    if index == PERIOD:
        return history_entry(source, record, str(record.name))
    if index in (ASPECT, CRITERION):
        label = record.name if index == ASPECT else f"{record.code} {record.name}"
        return history_entry(source, record, label)
    if index == ASSIGNMENT:
        entry = history_entry(source, record, _person(people, record.user_id))
        entry.action = ASSIGNMENT_ACTIONS.get(record.history_type, "")
        return entry
    label = f"{_person(people, record.judge_id)} – {_unit(units, record.unit_id)}"
    if index == CONFLICT:
        return _conflict_entry(history_entry(source, record, label), record)
    if record.history_type == "~" and record.previous is None:
        # The first recommendation of a sheet saved before without one: written, not
        # changed (saves that leave the recommendation as it was are not recorded).
        record.history_type = "+"
    entry = history_entry(source, record, label)
    entry.object_type = str(_("Rekomendasi pembinaan"))
    if record.history_type == "+":
        entry.action = RECOMMENDATION_WRITTEN
    elif record.history_type == "~":
        entry.action = RECOMMENDATION_CHANGED
    return entry


def _conflict_entry(entry, record):
    """Declared (with its reason as the why), withdrawn, or declared again."""
    previous = record.previous
    withdrawn = record.withdrawn_at is not None
    if record.history_type == "+":
        entry.action = CONFLICT_DECLARED
    elif withdrawn and (previous is None or previous.withdrawn_at is None):
        entry.action = CONFLICT_WITHDRAWN
    elif not withdrawn and previous is not None and previous.withdrawn_at is not None:
        entry.action = CONFLICT_DECLARED_AGAIN
    elif not withdrawn and previous is not None and previous.reason != record.reason:
        # Only the reason changed: shown as old → new, not as the why of the entry.
        entry.action = CONFLICT_REASON_CHANGED
        entry.changes = [change for change in entry.changes if change.name != "withdrawn_at"]
        return entry
    if record.history_type != "-" and not withdrawn:
        entry.reason = record.reason
    # The reason is the why, and the withdrawal's time the entry's own.
    entry.changes = [
        change for change in entry.changes if change.name not in ("reason", "withdrawn_at")
    ]
    return entry
