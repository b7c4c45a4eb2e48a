"""A unit's change history: who changed what and when, across every tracked model.

django-simple-history keeps one history table per model. ``UnitTimeline`` merges the
tables that belong to a unit (its profile, board, activities and figures) into one
newest-first sequence that a ``Paginator`` can page through with a fixed number of
queries: one to count, one to pick the page's records, and one per table to load those
records together with the record each one replaced (``prev_record`` would cost a query
per row).
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from .models import Activity, BoardMember, FundingSource, KampungKB, PlanningDataSource, UnitData

KINDS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}
SYSTEM = _("sistem")
EMPTY = _("kosong")
TEXT_LIMIT = 120

# JSON list fields whose items are choice values, shown by their labels.
LIST_CHOICES = {
    "funding_sources": dict(FundingSource.choices),
    "planning_data_sources": dict(PlanningDataSource.choices),
}


@dataclass(frozen=True)
class Source:
    """One tracked model and how to find its records that belong to a unit."""

    model: type[models.Model]
    unit_field: str

    @property
    def history_model(self):
        return self.model.history.model

    def records_of(self, unit):
        return self.history_model.objects.filter(**{self.unit_field: unit.pk})


SOURCES = (
    Source(KampungKB, "id"),
    Source(BoardMember, "unit_id"),
    Source(Activity, "unit_id"),
    Source(UnitData, "unit_id"),
)


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    name: str = ""  # the model field's name


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str
    object_type: str
    object_label: str
    changes: list = field(default_factory=list)
    # False when a change has no earlier record to compare with (history began later).
    has_details: bool = True
    # Why, where the change asked for a reason (reopening a period, a conflict).
    reason: str = ""
    # What happened, when "dibuat / diubah / dihapus" says it less well ("ditarik").
    action: str = ""

    @property
    def who(self):
        return self.user.get_username() if self.user else SYSTEM

    @property
    def kind_label(self):
        return self.action or KINDS[self.kind]


def unit_history(unit, limit=50):
    """The unit's newest ``limit`` history entries, newest first."""
    return UnitTimeline(unit)[:limit]


class Timeline:
    """A lazy, sliceable, countable newest-first timeline of the history entries that
    belong to `owner`, merged from the history tables of `sources`.

    A page costs one query to pick its records and one per source to load them; then
    `entries` turns one source's records into `HistoryEntry`s (a subclass may read what
    their labels need there, once per page).
    """

    sources = ()

    def __init__(self, owner):
        self.owner = owner

    def _keys(self):
        parts = [
            source.records_of(self.owner)
            .order_by()
            .annotate(source=Value(index))
            .values_list("history_date", "history_id", "source")
            for index, source in enumerate(self.sources)
        ]
        return parts[0].union(*parts[1:], all=True)

    def count(self):
        return self._keys().count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        keys = list(self._keys().order_by("-history_date", "-history_id", "source")[index])
        records = {}
        by_source = sorted(keys, key=lambda key: key[2])
        for source_index, group in groupby(by_source, key=lambda key: key[2]):
            ids = [history_id for _date, history_id, _source in group]
            records[source_index] = _records_with_previous(self.sources[source_index], ids)
        entries = {}
        for source_index, page_records in self.entries(records).items():
            for record, entry in page_records:
                entries[source_index, record.history_id] = entry
        return [entries[source, history_id] for _date, history_id, source in keys]

    def entries(self, records):
        """{source index: [(record, HistoryEntry)]} from {source index: [records]}."""
        return {
            index: [(record, history_entry(self.sources[index], record)) for record in rows]
            for index, rows in records.items()
        }


class UnitTimeline(Timeline):
    """A unit's timeline: its profile, board, activities and figures."""

    sources = SOURCES

    @property
    def unit(self):
        return self.owner

    def entries(self, records):
        return {
            index: [(record, _entry(self.sources[index], record, self.unit)) for record in rows]
            for index, rows in records.items()
        }


def _records_with_previous(source, ids):
    """The records ``ids`` of ``source``, each with ``previous`` set, in one query."""
    history = source.history_model
    ids = set(ids)
    previous_ids = (
        history.objects.filter(history_id__in=ids)
        .annotate(previous_id=_previous_id(history))
        .values("previous_id")
    )
    rows = list(
        history.objects.filter(Q(history_id__in=ids) | Q(history_id__in=previous_ids))
        .annotate(previous_id=_previous_id(history))
        .select_related("history_user")
    )
    m2m_values = _m2m_values(source, rows)
    by_id = {row.history_id: row for row in rows}
    records = []
    for row in rows:
        row.m2m_values = m2m_values.get(row.history_id, {})
        if row.history_id in ids:
            row.previous = by_id.get(row.previous_id)
            records.append(row)
    return records


def _previous_id(history):
    """The history_id of the record that the outer record replaced, if any."""
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    return Subquery(
        history.objects.filter(earlier, id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )


def _m2m_values(source, rows):
    """{history_id: {field name: sorted labels}} for the many-to-many fields tracked."""
    values = {}
    for m2m_field in source.history_model._history_m2m_fields:
        through_history = getattr(source.history_model, m2m_field.name).model
        target = m2m_field.related_model._meta.model_name
        links = through_history.objects.filter(
            history_id__in=[row.history_id for row in rows]
        ).select_related(target)
        for row in rows:
            values.setdefault(row.history_id, {})[m2m_field.name] = []
        for link in links:
            linked = getattr(link, target)
            label = str(linked) if linked else str(_("(sudah dihapus)"))
            values[link.history_id][m2m_field.name].append(label)
        for by_field in values.values():
            by_field[m2m_field.name].sort()
    return values


def _entry(source, record, unit):
    return history_entry(source, record, str(_instance(record, unit)))


def history_entry(source, record, label=None):
    """The `HistoryEntry` of one history `record` (with `previous` set) of `source`:
    the fields a creation set, or the fields a change changed, old and new."""
    previous = record.previous
    entry = HistoryEntry(
        when=record.history_date,
        user=record.history_user,
        kind=record.history_type,
        object_type=capfirst(source.model._meta.verbose_name),
        object_label=str(record.instance) if label is None else label,
        reason=record.history_change_reason or "",
    )
    if record.history_type == "+":
        entry.changes = _initial_values(source, record)
    elif record.history_type == "~" and previous is None:
        entry.has_details = False
    elif record.history_type == "~":
        entry.changes = _changes(source, previous, record)
    return entry


def _instance(record, unit):
    """The object as it was, with its unit attached so that ``str()`` needs no query."""
    instance = record.instance
    if isinstance(instance, KampungKB):
        instance.kelurahan = unit.kelurahan
    else:
        instance.unit = unit
    return instance


def _content_fields(source):
    """Editable fields, in form order. Foreign keys (the unit, the author) are context."""
    return [
        model_field
        for model_field in source.model._meta.get_fields()
        if getattr(model_field, "editable", False)
        and not model_field.auto_created
        and not isinstance(model_field, models.ForeignKey | models.OneToOneField)
        and (not model_field.many_to_many or model_field in _m2m_fields(source))
    ]


def _m2m_fields(source):
    return source.history_model._history_m2m_fields


def _changes(source, previous, record):
    m2m_names = [m2m_field.name for m2m_field in _m2m_fields(source)]
    delta = record.diff_against(previous, excluded_fields=m2m_names)
    changed = {change.field: (change.old, change.new) for change in delta.changes}
    for name in m2m_names:
        old, new = previous.m2m_values[name], record.m2m_values[name]
        if old != new:
            changed[name] = (old, new)
    return [
        _field_change(model_field, *changed[model_field.name])
        for model_field in _content_fields(source)
        if model_field.name in changed
    ]


def _initial_values(source, record):
    changes = []
    for model_field in _content_fields(source):
        if model_field.many_to_many:
            value = record.m2m_values[model_field.name]
        else:
            value = getattr(record, model_field.attname)
        if not _is_empty(value) and value != model_field.get_default():
            changes.append(_field_change(model_field, None, value))
    return changes


def _field_change(model_field, old, new):
    return FieldChange(
        label=capfirst(model_field.verbose_name),
        old=display_value(model_field, old),
        new=display_value(model_field, new),
        name=model_field.name,
    )


def _is_empty(value):
    if isinstance(value, FieldFile):
        return not value.name
    return value is None or value == "" or value == [] or value == {}


def display_value(model_field, value):
    """``value`` of ``model_field`` as a person reads it: labels, Ya/Tidak, short text."""
    if _is_empty(value):
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, list | tuple):
        labels = LIST_CHOICES.get(model_field.name, {})
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(value, FieldFile):
        return value.name.rsplit("/", 1)[-1]
    if isinstance(value, str):
        return Truncator(value).chars(TEXT_LIMIT)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y H.i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(formats.localize(value))
