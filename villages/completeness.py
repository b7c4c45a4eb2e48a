"""How complete a Kampung KB's profile is, and what is still missing ("kelengkapan profil")."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import (
    ACTIVITY_GROUP_FIELDS,
    FACILITY_FIELDS,
    ROUTINE_FIELDS,
    Activity,
    BoardMember,
    KampungKB,
    UnitData,
)

# Items that are not a profile section link to these workspace areas instead.
BOARD = "pengurus"
ACTIVITIES = "kegiatan"
DATA = "data"

POKTAN_FIELDS = ACTIVITY_GROUP_FIELDS + FACILITY_FIELDS


@dataclass(frozen=True)
class CompletenessItem:
    label: str
    done: bool
    section: str


@dataclass(frozen=True)
class Completeness:
    items: tuple[CompletenessItem, ...]

    @property
    def done_count(self):
        return sum(item.done for item in self.items)

    @property
    def percent(self):
        # Rounded down, so 100 means truly complete.
        return self.done_count * 100 // len(self.items)

    @property
    def missing(self):
        return [item for item in self.items if not item.done]

    def section_done(self, section):
        """True when every item belonging to ``section`` is done."""
        return all(item.done for item in self.items if item.section == section)


def profile_completeness(unit, *, board_roles, activity_count, data_count):
    """The completeness of ``unit``'s profile, given facts kept outside the unit row."""
    checks = (
        (_("Nama resmi Kampung KB"), "identitas", bool(unit.name)),
        (_("Tanggal pencanangan"), "identitas", unit.formation is not None),
        (_("Nomor SK pembentukan"), "identitas", bool(unit.decree_number)),
        (_("Cakupan wilayah"), "identitas", bool(unit.coverage)),
        (_("Alamat sekretariat"), "sekretariat", bool(unit.secretariat_address)),
        (_("Titik lokasi (lintang dan bujur)"), "sekretariat", unit.has_coordinates),
        (_("Gambaran umum"), "gambaran", bool(unit.description)),
        (_("Keterkaitan dengan KRPPA"), "gambaran", bool(unit.krppa_linkage)),
        (
            _("Keberadaan semua poktan dan sarana"),
            "poktan",
            all(getattr(unit, field) is not None for field in POKTAN_FIELDS),
        ),
        (_("Sumber dana"), "pendanaan", bool(unit.funding_sources)),
        (_("Keberadaan Pokja"), "pokja", unit.pokja_exists is not None),
        # Answered "no PLKB/PKB" leaves no name to fill in.
        (
            _("Nama PLKB/PKB"),
            "plkb",
            bool(unit.field_officer_name) or unit.field_officer_answer is False,
        ),
        (_("Regulasi (SK/peraturan)"), "regulasi", unit.regulation_answer is not None),
        (_("Data untuk perencanaan"), "data-perencanaan", bool(unit.planning_data_sources)),
        (
            _("Semua mekanisme operasional"),
            "mekanisme",
            all(getattr(unit, field) for field in ROUTINE_FIELDS),
        ),
        (_("Ketua pengurus"), BOARD, BoardMember.Role.CHAIR in board_roles),
        (_("Dokumen Rencana Kegiatan Masyarakat (RKM)"), "rkm", bool(unit.rkm_document)),
        (_("Video profil"), "media", bool(unit.video_url)),
        (_("Foto sampul"), "media", bool(unit.cover_photo)),
        (_("Minimal satu kegiatan"), ACTIVITIES, activity_count > 0),
        (_("Minimal satu data Kampung KB"), DATA, data_count > 0),
    )
    return Completeness(
        tuple(
            CompletenessItem(label=label, done=done, section=section)
            for label, section, done in checks
        )
    )


def with_completeness_counts(units):
    """Annotate a KampungKB queryset with ``activity_total`` and ``data_total``."""
    return units.annotate(activity_total=_count_of(Activity), data_total=_count_of(UnitData))


def completeness_for(units):
    """Completeness of each unit, keyed by id, in two queries however many units there are.

    ``units`` is a KampungKB queryset (annotated in its own query) or already loaded units;
    loaded units that carry `with_completeness_counts` need one query only.
    """
    units = list(with_completeness_counts(units)) if isinstance(units, QuerySet) else list(units)
    counts = loaded_activity_and_data_counts(units)
    roles = board_roles_by_unit([unit.pk for unit in units])
    return {
        unit.pk: profile_completeness(
            unit,
            board_roles=roles.get(unit.pk, set()),
            activity_count=counts[unit.pk][0],
            data_count=counts[unit.pk][1],
        )
        for unit in units
    }


def loaded_activity_and_data_counts(units):
    """`activity_and_data_counts` for loaded units: read from their
    `with_completeness_counts` annotations when every one carries them (no query), else
    one query."""
    if all(hasattr(unit, "activity_total") for unit in units):
        return {unit.pk: (unit.activity_total, unit.data_total) for unit in units}
    return activity_and_data_counts([unit.pk for unit in units])


def activity_and_data_counts(unit_ids):
    """``{unit id: (activity count, data record count)}`` in one query."""
    rows = with_completeness_counts(KampungKB.objects.filter(pk__in=unit_ids)).values_list(
        "pk", "activity_total", "data_total"
    )
    return {pk: (activities, data) for pk, activities, data in rows.order_by()}


def board_roles_by_unit(unit_ids):
    """The set of board roles filled in each unit, in one query."""
    roles = {}
    rows = (
        BoardMember.objects.filter(unit_id__in=unit_ids)
        .order_by()
        .values_list("unit_id", "role")
        .distinct()
    )
    for unit_id, role in rows:
        roles.setdefault(unit_id, set()).add(role)
    return roles


def _count_of(model):
    # A correlated subquery per table: joining both would multiply their rows.
    counted = (
        model.objects.filter(unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
