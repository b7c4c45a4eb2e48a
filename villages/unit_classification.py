"""A Kampung KB's classification level, gathered from its profile, data and activities.

The rule itself is the pure `villages.classification.classify`; this module only reads
what it needs from the database, in a fixed number of queries. A fact nobody has given
reaches the rule as None, so the portal can tell a missing indicator from a low one.
The output indicators come from the latest complete report (`figures.complete_records`):
a partial month never replaces a complete one.
"""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from . import figures
from .classification import ClassificationInput, classify
from .models import (
    ACTIVITY_GROUP_FIELDS,
    FACILITY_FIELDS,
    ROUTINE_FIELDS,
    Activity,
    Frequency,
    UnitData,
)

# Agencies count when they took part in an activity dated within this window.
AGENCY_WINDOW_MONTHS = 12


def agency_window(today=None):
    """First and last date of the activities whose agencies count: the last 12 months."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today


def classification_input_for(unit, latest_data, agency_count) -> ClassificationInput:
    """The rule's input from a unit's profile, its latest complete UnitData (or None) and
    its agency count (None when it recorded no activity in the window).

    A count over yes/no facts is known only when every one of them is answered; a list
    (funding, planning data) left empty is not known; PLKB/PKB and regulation are known from
    a name or decree filled in, or from the explicit yes/no answer.
    """
    rates = figures.derived_rates(latest_data)
    return ClassificationInput(
        pokja_exists=unit.pokja_exists,
        pokja_has_members=_when_pokja_exists(
            unit, None if unit.pokja_member_count is None else unit.pokja_member_count > 0
        ),
        pokja_trained=_when_pokja_exists(unit, unit.pokja_trained),
        funding_source_count=len(set(unit.funding_sources)) if unit.funding_sources else None,
        activity_groups_present=_count_answered(unit, ACTIVITY_GROUP_FIELDS),
        facilities_present=_count_answered(unit, FACILITY_FIELDS),
        has_field_officer=unit.field_officer_answer,
        has_regulation=unit.regulation_answer,
        planning_data_source_count=(
            len(set(unit.planning_data_sources)) if unit.planning_data_sources else None
        ),
        routine_count=_routine_count(unit),
        agency_count=agency_count,
        participation_pct=rates.participation,
        cpr_pct=rates.cpr,
        mkjp_pct=rates.mkjp,
        unmet_need_pct=rates.unmet_need,
    )


def _when_pokja_exists(unit, answer):
    if unit.pokja_exists is None:
        return None
    return answer if unit.pokja_exists else False


def _count_answered(unit, fields):
    answers = [getattr(unit, field) for field in fields]
    if None in answers:
        return None
    return sum(answers)


def _routine_count(unit):
    answers = [getattr(unit, field) for field in ROUTINE_FIELDS]
    if "" in answers:
        return None
    return sum(answer != Frequency.NEVER for answer in answers)


def with_agency_count(units, today=None):
    """``units`` (a KampungKB queryset) annotated with ``recent_agency_count``: the
    distinct agencies over each unit's activities in the agency window, None for a unit
    without one. It is read in the units' own query, so classifying them needs one query
    fewer; `_agency_counts` gives the same numbers in a query of their own."""
    counts = (
        Activity.objects.filter(unit=OuterRef("pk"), date__range=agency_window(today))
        .order_by()
        .values("unit")
        .annotate(agencies=Count("agencies", distinct=True))
        .values("agencies")
    )
    return units.annotate(recent_agency_count=Subquery(counts))


def agency_count_for(unit, today=None):
    """Distinct agencies over the unit's activities of the last 12 months: read from
    ``recent_agency_count`` when the unit was loaded `with_agency_count` (for the same
    day), otherwise one query."""
    if hasattr(unit, "recent_agency_count"):
        return unit.recent_agency_count
    return _agency_counts([unit.pk], today).get(unit.pk)


def latest_complete_data(unit):
    """The unit's newest complete UnitData, or None: one query."""
    return figures.complete_records(unit.data.all()).newest_first().first()


def unit_classification(unit, today=None):
    """The unit's classification: two queries (latest complete data, agency count)."""
    latest = latest_complete_data(unit)
    return classify(classification_input_for(unit, latest, agency_count_for(unit, today)))


def classifications_for(units, today=None):
    """{unit id: Classification} for any number of units in two queries.

    A third query reads ``units`` when it is an unevaluated queryset.
    """
    units = list(units)
    ids = [unit.pk for unit in units]
    reader = ClassificationReader(ids, today)
    return {unit.pk: reader.classify(unit) for unit in units}


class ClassificationReader:
    """Classifies many units from two queries made up front: their latest complete data
    and their agency counts. ``unit_ids`` may be a list or a ``values("pk")`` queryset,
    so a streamed export reads its units once, row by row.

    With ``agency_counted`` the units to classify were loaded `with_agency_count` (for
    the same ``today``), and the reader makes one query: their latest complete data.
    """

    def __init__(self, unit_ids, today=None, agency_counted=False):
        self.latest = latest_complete_data_by_unit(unit_ids)
        self.agency_counts = None if agency_counted else _agency_counts(unit_ids, today)

    def agency_count(self, unit):
        if self.agency_counts is None:
            return unit.recent_agency_count
        return self.agency_counts.get(unit.pk)

    def classify(self, unit):
        return classify(
            classification_input_for(unit, self.latest.get(unit.pk), self.agency_count(unit))
        )


def may_have_public_level(units, today=None):
    """``units`` narrowed to those with a complete report and an activity in the agency
    window. Any other unit misses an output indicator or the agency count, so its public
    level is None without classifying it: at national scale most units need no rule run."""
    reports = figures.complete_records(UnitData.objects.filter(unit=OuterRef("pk")))
    activities = Activity.objects.filter(unit=OuterRef("pk"), date__range=agency_window(today))
    return units.filter(Exists(reports), Exists(activities))


def public_levels(units, today=None):
    """{unit id: public level} for the units of the KampungKB queryset ``units`` that
    have one (a unit absent cannot be classified yet). Two queries however many units:
    the candidates with their agency counts, and their latest complete data."""
    candidates = with_agency_count(may_have_public_level(units.order_by(), today), today)
    reader = ClassificationReader(candidates.values("pk"), today, agency_counted=True)
    levels = {}
    for unit in candidates.iterator(chunk_size=2000):
        level = reader.classify(unit).public_level
        if level is not None:
            levels[unit.pk] = level
    return levels


def latest_complete_data_by_unit(unit_ids):
    """{unit id: newest complete UnitData} in one query (a window function ranks each
    unit's complete records)."""
    newest = figures.complete_records(UnitData.objects.filter(unit_id__in=unit_ids)).annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("unit_id"),
            order_by=[F("year").desc(), F("month").desc(nulls_first=True), F("id").desc()],
        )
    )
    return {record.unit_id: record for record in newest.filter(rank=1)}


def _agency_counts(unit_ids, today):
    """{unit id: distinct agencies} for the units with an activity in the window; a unit
    without one is absent, its agency count unknown."""
    rows = (
        Activity.objects.filter(unit_id__in=unit_ids, date__range=agency_window(today))
        .order_by()
        .values("unit_id")
        .annotate(agencies=Count("agencies", distinct=True))
    )
    return {row["unit_id"]: row["agencies"] for row in rows}


def level_name(level):
    return level.label if level is not None else _("Belum dapat diklasifikasi")


def level_change_message(before, after):
    """What a kader is told when a save changes the public level, or None."""
    if before == after:
        return None
    return _("Tingkat publik berubah dari %(before)s menjadi %(after)s.") % {
        "before": level_name(before),
        "after": level_name(after),
    }
