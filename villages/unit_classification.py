"""A Kampung KB's classification level, gathered from its profile, data and activities.

The rule itself is the pure `villages.classification.classify`; this module only reads
what it needs from the database, in a fixed number of queries.
"""

from datetime import timedelta

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from . import figures
from .classification import ClassificationInput, classify
from .models import Activity, UnitData

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
    """The rule's input from a unit's profile, its latest UnitData (or None) and agencies."""
    rates = figures.derived_rates(latest_data)
    return ClassificationInput(
        pokja_exists=bool(unit.pokja_exists),
        pokja_has_members=bool(unit.pokja_exists and unit.pokja_member_count),
        pokja_trained=bool(unit.pokja_exists and unit.pokja_trained),
        funding_source_count=len(set(unit.funding_sources or [])),
        activity_groups_present=unit.activity_groups_present(),
        facilities_present=unit.facilities_present(),
        has_field_officer=bool(unit.field_officer_name.strip()),
        has_regulation=unit.has_regulation,
        planning_data_source_count=len(set(unit.planning_data_sources or [])),
        routine_count=unit.routines_carried_out(),
        agency_count=agency_count,
        participation_pct=rates.participation,
        cpr_pct=rates.cpr,
        mkjp_pct=rates.mkjp,
        unmet_need_pct=rates.unmet_need,
    )


def agency_count_for(unit, today=None):
    """Distinct agencies over the unit's activities of the last 12 months: one query."""
    return _agency_counts([unit.pk], today).get(unit.pk, 0)


def unit_classification(unit, today=None):
    """The unit's classification: two queries (latest data, agency count)."""
    latest = unit.data.newest_first().first()
    return classify(classification_input_for(unit, latest, agency_count_for(unit, today)))


def classifications_for(units, today=None):
    """{unit id: Classification} for any number of units in two queries.

    A third query reads ``units`` when it is an unevaluated queryset.
    """
    units = list(units)
    ids = [unit.pk for unit in units]
    latest = latest_data_by_unit(ids)
    agency_counts = _agency_counts(ids, today)
    return {
        unit.pk: classify(
            classification_input_for(unit, latest.get(unit.pk), agency_counts.get(unit.pk, 0))
        )
        for unit in units
    }


def latest_data_by_unit(unit_ids):
    """{unit id: newest UnitData} in one query (a window function ranks each unit's rows)."""
    newest = UnitData.objects.filter(unit_id__in=unit_ids).annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("unit_id"),
            order_by=[F("year").desc(), F("month").desc(nulls_first=True), F("id").desc()],
        )
    )
    return {record.unit_id: record for record in newest.filter(rank=1)}


def _agency_counts(unit_ids, today):
    rows = (
        Activity.agencies.through.objects.filter(
            activity__unit_id__in=unit_ids, activity__date__range=agency_window(today)
        )
        .values("activity__unit_id")
        .annotate(agencies=Count("agency_id", distinct=True))
    )
    return {row["activity__unit_id"]: row["agencies"] for row in rows}
