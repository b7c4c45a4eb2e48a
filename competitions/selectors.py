"""What pages read about competition entries: nomination candidates, readiness, lists.

The readiness checklist itself is the pure `competition.readiness_checklist`; this
module gathers its facts from the database in a fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from evaluations.models import Period
from evaluations.scoring import eligibility, suggested_nominee
from evaluations.selectors import period_results
from villages.completeness import ACTIVITIES, BOARD, DATA, completeness_for
from villages.models import Activity, ActivityCategory, Innovation, UnitData

from .competition import ReadinessFacts, readiness_checklist
from .models import Entry

# The workspace page where kader record an innovation (not a profile section).
INNOVATIONS = "inovasi"
EMPOWERMENT_CATEGORIES = (ActivityCategory.UPPKA, ActivityCategory.ECONOMY)


# Nomination


@dataclass(frozen=True)
class Candidate:
    """A unit of a finalized period, as staff see it when nominating."""

    unit: object
    result: object  # scoring.UnitResult
    eligibility: object  # scoring.Eligibility


def nomination_candidates(period):
    """Every unit of the period in result order, with eligibility, and the suggested one.

    Six queries (those of `results_input`), whatever the number of units or scores.
    """
    results, data = period_results(period)
    candidates = []
    for result in results:
        unit = data.units[result.unit_id]
        candidates.append(
            Candidate(
                unit=unit,
                result=result,
                eligibility=eligibility(unit.formation, period.year, period.min_unit_age_years),
            )
        )
    eligible_ids = [c.unit.pk for c in candidates if c.eligibility.eligible]
    suggested = suggested_nominee(results, eligible_ids)
    return candidates, (suggested.unit_id if suggested else None)


# Readiness


@dataclass(frozen=True)
class ReadinessRow:
    item: object  # competition.CheckItem
    fix_url: str | None


@dataclass(frozen=True)
class Readiness:
    rows: tuple

    @property
    def ok_count(self):
        return sum(row.item.ok for row in self.rows)

    @property
    def total(self):
        return len(self.rows)

    @property
    def all_ok(self):
        return self.ok_count == self.total


def organisation_gaps(unit, has_chair):
    """(label, workspace section) of each decree and organisation item not filled in."""
    gaps = []
    if not unit.decree_number:
        gaps.append((gettext_lazy("SK pembentukan"), "identitas"))
    if unit.pokja_exists is not True:
        gaps.append((gettext_lazy("Pokja dan SK Pokja"), "pokja"))
    elif not unit.pokja_decree_number:
        gaps.append((gettext_lazy("SK Pokja"), "pokja"))
    if not has_chair:
        gaps.append((gettext_lazy("Ketua pengurus"), BOARD))
    if not unit.has_regulation:
        gaps.append((gettext_lazy("Regulasi (SK/peraturan)"), "regulasi"))
    return gaps


def readiness_for(entries, today=None):
    """`{entry id: Readiness}` for entries whose unit (with its region) is loaded.

    Five queries however many entries: profile counts, board roles, activity dates, data
    periods and innovation names.
    """
    today = today or timezone.localdate()
    entries = list(entries)
    units = {entry.unit_id: entry.unit for entry in entries}
    if not units:
        return {}
    completeness = completeness_for(units.values())
    activity_dates = {
        row["unit_id"]: row
        for row in Activity.objects.filter(unit_id__in=units)
        .order_by()
        .values("unit_id")
        .annotate(
            last_dashat=Max("date", filter=Q(category=ActivityCategory.DASHAT)),
            last_empowerment=Max("date", filter=Q(category__in=EMPOWERMENT_CATEGORIES)),
        )
    }
    latest_data = {}
    rows = (
        UnitData.objects.filter(unit_id__in=units)
        .newest_first()
        .values_list("unit_id", "year", "month")
    )
    for unit_id, year, month in rows:
        latest_data.setdefault(unit_id, (year, month))
    innovations = {}
    for unit_id, name in Innovation.objects.filter(unit_id__in=units).values_list(
        "unit_id", "name"
    ):
        innovations.setdefault(unit_id, []).append(name)

    readiness = {}
    for entry in entries:
        unit = units[entry.unit_id]
        unit_completeness = completeness[unit.pk]
        gaps = organisation_gaps(unit, unit_completeness.section_done(BOARD))
        dates = activity_dates.get(unit.pk, {})
        facts = ReadinessFacts(
            completeness_percent=unit_completeness.percent,
            missing_items=tuple(item.label for item in unit_completeness.missing),
            video_url=entry.video_url or unit.video_url,
            video_seconds=entry.video_seconds,
            last_dashat_on=dates.get("last_dashat"),
            last_empowerment_on=dates.get("last_empowerment"),
            latest_data_period=latest_data.get(unit.pk),
            krppa_linkage=unit.krppa_linkage,
            organisation_gaps=tuple(label for label, _section in gaps),
            innovation_names=tuple(innovations.get(unit.pk, ())),
        )
        fix_sections = {
            "profil": unit_completeness.missing[0].section if unit_completeness.missing else None,
            "video": "media",
            "dashat": ACTIVITIES,
            "pemberdayaan": ACTIVITIES,
            "data": DATA,
            "krppa": "gambaran",
            "organisasi": gaps[0][1] if gaps else None,
            "inovasi": INNOVATIONS,
        }
        readiness[entry.pk] = Readiness(
            tuple(
                ReadinessRow(item, None if item.ok else _fix_url(unit, fix_sections[item.code]))
                for item in readiness_checklist(facts, today)
            )
        )
    return readiness


def _fix_url(unit, section):
    """The workspace page where the unit's kader fix a red item."""
    if section is None:
        return None
    if section == BOARD:
        return reverse("manage:board", args=[unit.slug])
    if section == ACTIVITIES:
        return reverse("manage:activity-create", args=[unit.slug])
    if section == DATA:
        return reverse("manage:data-create", args=[unit.slug])
    if section == INNOVATIONS:
        return reverse("manage:innovation-create", args=[unit.slug])
    return reverse("manage:profile-section", args=[unit.slug, section])


def entries_for_staff():
    return Entry.objects.with_unit_region().prefetch_related("stages").newest_first()


def locked_periods():
    """Periods whose results may be nominated from, newest first."""
    return Period.objects.filter(status__in=[Period.Status.FINAL, Period.Status.PUBLISHED])
