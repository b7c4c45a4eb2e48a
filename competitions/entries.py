"""What staff do with competition entries, and the readiness facts judges will look at.

Views and the known-results loader call these. The rules themselves (regions,
nomination, the checklist) are the pure functions of `competition`; this module reads
the database for them and writes entries and stages in one transaction each.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Period
from evaluations.permissions import MANAGE_PERIOD
from evaluations.scoring import eligibility, suggested_nominee
from evaluations.selectors import period_results
from villages.completeness import ACTIVITIES, BOARD, DATA, completeness_for
from villages.models import Activity, ActivityCategory, UnitData

from .competition import ReadinessFacts, national_region, nomination_problem, readiness_checklist
from .models import Entry, EntryStage

NATIONAL_ORGANISER = "Kemendukbangga/BKKBN"

# Each level's usual stages, created with the entry; staff edit them afterwards. The
# codes let the known-results file name the stage an entry reached.
STAGE_TEMPLATES = {
    Entry.Level.CITY: (),
    Entry.Level.PROVINCIAL: (
        ("administrasi", gettext_lazy("Administrasi")),
        ("penilaian_dokumen", gettext_lazy("Penilaian dokumen dan website")),
        ("enam_besar", gettext_lazy("Enam besar")),
        ("verifikasi_lapangan", gettext_lazy("Verifikasi lapangan")),
        ("pengumuman", gettext_lazy("Pengumuman")),
    ),
    Entry.Level.NATIONAL: (
        ("administrasi", gettext_lazy("Administrasi")),
        ("video_profil", gettext_lazy("Video profil")),
        ("penilaian_website", gettext_lazy("Penilaian website")),
        ("enam_besar", gettext_lazy("Enam besar")),
        ("wawancara", gettext_lazy("Wawancara")),
        ("verifikasi_lapangan", gettext_lazy("Verifikasi lapangan")),
        ("pengumuman", gettext_lazy("Pengumuman")),
    ),
}

EMPOWERMENT_CATEGORIES = (ActivityCategory.UPPKA, ActivityCategory.ECONOMY)


def _require_staff(user):
    if user is None or not user.has_perm(MANAGE_PERIOD):
        raise PermissionDenied(_("Anda tidak berwenang melakukan ini."))


# Creating entries


def default_category(unit):
    """The competition category follows the kind of the unit's city: kota or kabupaten."""
    return unit.kelurahan.kecamatan.city.kind


def derived_region(unit):
    """The national region of the unit's province, or "" when the code is unknown."""
    return national_region(unit.kelurahan.kecamatan.city.province.code) or ""


def fill_derived_fields(entry):
    """Fill the category and (for a national entry) the region when staff left them empty."""
    if not entry.category:
        entry.category = default_category(entry.unit)
    if entry.level == Entry.Level.NATIONAL and not entry.region:
        entry.region = derived_region(entry.unit)
    return entry


@transaction.atomic
def create_entry(entry, by, *, reason=None):
    """Save a new entry with its level's default stages."""
    _require_staff(by)
    fill_derived_fields(entry)
    entry.created_by = by
    entry.full_clean()
    entry._history_user = by
    entry._change_reason = reason
    entry.save()
    add_default_stages(entry)
    return entry


def add_default_stages(entry, codes=None):
    """Create the level's template stages (only those in `codes`, if given)."""
    stages = [
        EntryStage(entry=entry, position=position, name=str(name))
        for position, (_code, name) in enumerate(
            (pair for pair in STAGE_TEMPLATES[entry.level] if codes is None or pair[0] in codes),
            start=1,
        )
    ]
    for stage in stages:
        stage.save()
    return stages


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
                eligibility=eligibility(unit.formed_on, period.year, period.min_unit_age_years),
            )
        )
    eligible_ids = [c.unit.pk for c in candidates if c.eligibility.eligible]
    suggested = suggested_nominee(results, eligible_ids)
    return candidates, (suggested.unit_id if suggested else None)


def nominate(period, unit, *, by, override_reason="", organiser=""):
    """Send `unit` from a final or published period to the provincial selection.

    An ineligible unit goes only with a reason, kept on the entry and in its history.
    Raises ValidationError keyed by field (`override_reason`, `unit`) or without a key.
    """
    _require_staff(by)
    if not period.is_locked:
        raise ValidationError(
            _("Hanya hasil evaluasi yang sudah final atau dipublikasikan yang bisa diusulkan.")
        )
    unit_eligibility = eligibility(unit.formed_on, period.year, period.min_unit_age_years)
    problem = nomination_problem(unit_eligibility, override_reason)
    if problem:
        raise ValidationError({"override_reason": str(problem)})
    if Entry.objects.filter(unit=unit, year=period.year, level=Entry.Level.PROVINCIAL).exists():
        message = _("Kampung KB ini sudah diusulkan ke seleksi provinsi %(year)s.")
        raise ValidationError({"unit": message % {"year": period.year}})
    reason_text = "" if unit_eligibility.eligible else override_reason.strip()
    entry = Entry(
        unit=unit,
        year=period.year,
        level=Entry.Level.PROVINCIAL,
        organiser=organiser.strip(),
        period=period,
        override_reason=reason_text,
    )
    history_reason = _("Diusulkan dari %(period)s.") % {"period": period}
    if reason_text:
        history_reason += " " + _("Tetap diusulkan: %(reason)s") % {"reason": reason_text}
    return create_entry(entry, by, reason=history_reason)


def create_national_entry(provincial, by):
    """The national entry of a provincial winner: category copied, region derived."""
    _require_staff(by)
    if not provincial.may_go_national:
        raise ValidationError(
            _("Entri nasional hanya dibuat dari Juara 1 seleksi tingkat provinsi.")
        )
    if Entry.objects.filter(
        unit=provincial.unit, year=provincial.year, level=Entry.Level.NATIONAL
    ).exists():
        raise ValidationError(_("Entri nasional untuk Kampung KB ini sudah ada."))
    entry = Entry(
        unit=provincial.unit,
        year=provincial.year,
        level=Entry.Level.NATIONAL,
        organiser=NATIONAL_ORGANISER,
        category=provincial.category,
        period=provincial.period,
        video_url=provincial.video_url,
        video_seconds=provincial.video_seconds,
    )
    reason = _("Dibuat dari kemenangan tingkat provinsi %(year)s.") % {"year": provincial.year}
    return create_entry(entry, by, reason=reason)


# Stages


def renumber_stages(entry):
    """Positions 1, 2, 3... in the current order, so moving stays a simple swap."""
    for position, stage in enumerate(entry.stages.order_by("position", "id"), start=1):
        if stage.position != position:
            stage.position = position
            stage.save(update_fields=["position"])


@transaction.atomic
def add_stage(stage):
    """Save a new stage at the end of its entry's list."""
    last = stage.entry.stages.aggregate(last=Max("position"))["last"] or 0
    stage.position = last + 1
    stage.save()
    return stage


@transaction.atomic
def move_stage(stage, offset):
    """Swap the stage with its neighbour above (offset -1) or below (+1); no-op at an end."""
    renumber_stages(stage.entry)
    stages = list(stage.entry.stages.order_by("position", "id"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other = index + offset
    if not 0 <= other < len(stages):
        return stages[index]
    first, second = stages[index], stages[other]
    first.position, second.position = second.position, first.position
    first.save(update_fields=["position"])
    second.save(update_fields=["position"])
    return first


@transaction.atomic
def delete_stage(stage):
    entry = stage.entry
    stage.delete()
    renumber_stages(entry)


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

    Four queries however many entries: profile counts, board roles, activity dates and
    data periods.
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
        )
        fix_sections = {
            "profil": unit_completeness.missing[0].section if unit_completeness.missing else None,
            "video": "media",
            "dashat": ACTIVITIES,
            "pemberdayaan": ACTIVITIES,
            "data": DATA,
            "krppa": "gambaran",
            "organisasi": gaps[0][1] if gaps else None,
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
    return reverse("manage:profile-section", args=[unit.slug, section])


def entries_for_staff():
    return Entry.objects.with_unit_region().prefetch_related("stages").newest_first()


def locked_periods():
    """Periods whose results may be nominated from, newest first."""
    return Period.objects.filter(status__in=[Period.Status.FINAL, Period.Status.PUBLISHED])
