"""What staff do to competition entries: create, nominate, and edit their stages.

Creating an entry checks the staff permission; stage edits come only from views behind
the staff gate. The rules themselves (regions, nomination) are the pure functions of
`competition`; what pages read about entries is in `selectors`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.permissions import MANAGE_PERIOD
from evaluations.scoring import eligibility

from .competition import national_region, nomination_problem
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
    unit_eligibility = eligibility(unit.formation, period.year, period.min_unit_age_years)
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
def add_stage(stage, *, by):
    """Save a new stage at the end of its entry's list."""
    _require_staff(by)
    last = stage.entry.stages.aggregate(last=Max("position"))["last"] or 0
    stage.position = last + 1
    stage.save()
    return stage


@transaction.atomic
def move_stage(stage, offset, *, by):
    """Swap the stage with its neighbour above (offset -1) or below (+1); no-op at an end."""
    _require_staff(by)
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
def delete_stage(stage, *, by):
    _require_staff(by)
    entry = stage.entry
    stage.delete()
    renumber_stages(entry)
