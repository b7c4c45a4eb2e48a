"""The known provincial and national results of Kota Pekalongan's Kampung KB.

Loaded when `load_pekalongan` has put the units in place (the `reference_data_loaded`
signal) from three files in `data/`:

- `prestasi_pekalongan.csv`, the reference list of known results with their sources;
- `prestasi_tambahan.csv`, results the sources name without a year (Padukuhan Kraton's
  juara harapan), in the same columns with `tahun` empty;
- `tahapan_pekalongan.csv`, the stages a source names, each with its outcome and source.

Only those stages are created: a stage no source mentions is not shown as passed, nor
as scheduled without a date. A result the file leaves empty stays empty. Safe to run
again: an entry that exists is left as staff have edited it, apart from adding a missing
source.
"""

import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from villages.models import KampungKB

from .models import Entry, EntryStage
from .services import NATIONAL_ORGANISER, STAGE_TEMPLATES, fill_derived_fields

DATA_DIR = Path(__file__).resolve().parent / "data"
KNOWN_RESULTS_CSV = DATA_DIR / "prestasi_pekalongan.csv"
UNDATED_RESULTS_CSV = DATA_DIR / "prestasi_tambahan.csv"
KNOWN_STAGES_CSV = DATA_DIR / "tahapan_pekalongan.csv"

RESULTS = {
    "juara i": Entry.Result.WINNER_1,
    "juara 1": Entry.Result.WINNER_1,
    "juara ii": Entry.Result.WINNER_2,
    "juara 2": Entry.Result.WINNER_2,
    "juara iii": Entry.Result.WINNER_3,
    "juara 3": Entry.Result.WINNER_3,
    "harapan i": Entry.Result.HONOURABLE_1,
    "harapan 1": Entry.Result.HONOURABLE_1,
    "harapan ii": Entry.Result.HONOURABLE_2,
    "harapan 2": Entry.Result.HONOURABLE_2,
    "harapan iii": Entry.Result.HONOURABLE_3,
    "harapan 3": Entry.Result.HONOURABLE_3,
    "enam besar": Entry.Result.FINALIST,
    "finalis": Entry.Result.FINALIST,
    "peserta": Entry.Result.PARTICIPANT,
    "juara harapan": Entry.Result.HONOURABLE,
    "": "",
}

# The file's names for a stage reached, where they differ from the template codes.
STAGE_ALIASES = {"pengiriman_video": "video_profil"}
STAGE_OUTCOMES = {
    EntryStage.Outcome.PASSED,
    EntryStage.Outcome.NOT_PASSED,
    EntryStage.Outcome.NOT_RECORDED,
}

LOAD_REASON = "Dimuat dari data prestasi yang diketahui (prestasi_pekalongan.csv)."


class KnownResultsError(ValueError):
    pass


def read_rows(path=KNOWN_RESULTS_CSV):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_known_results(
    sender=None,
    path=KNOWN_RESULTS_CSV,
    undated_path=UNDATED_RESULTS_CSV,
    stages_path=KNOWN_STAGES_CSV,
    **kwargs,
):
    """Receiver of `reference_data_loaded`; returns the line `load_pekalongan` prints."""
    rows = read_rows(path) + (read_rows(undated_path) if undated_path else [])
    stages = _stages_by_entry(read_rows(stages_path) if stages_path else [])
    created = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            created += _load_row(number, row, stages)
    return _("Prestasi yang diketahui: %(total)s entri (%(created)s baru).") % {
        "total": len(rows),
        "created": created,
    }


def _year(value):
    value = value.strip()
    return int(value) if value else None


def _stages_by_entry(rows):
    stages = {}
    for number, row in enumerate(rows, start=2):
        key = (_year(row["tahun"]), row["kelurahan"].strip().lower(), row["tingkat"].strip())
        outcome = row["hasil_tahap"].strip()
        if outcome not in STAGE_OUTCOMES:
            raise KnownResultsError(f"Tahapan baris {number}: hasil {outcome!r} tidak dikenal.")
        if not row["sumber"].strip():
            raise KnownResultsError(f"Tahapan baris {number}: sumber wajib diisi.")
        stages.setdefault(key, []).append(row)
    return stages


def _load_row(number, row, stages):
    unit = _unit(number, row["kelurahan"])
    level = row["tingkat"].strip()
    if level not in Entry.Level.values:
        raise KnownResultsError(f"Baris {number}: tingkat {level!r} tidak dikenal.")
    result_text = row["hasil"].strip().lower()
    if result_text not in RESULTS:
        raise KnownResultsError(f"Baris {number}: hasil {row['hasil']!r} tidak dikenal.")
    _check_stage_reached(number, level, row["tahap_tercapai"].strip())
    year = _year(row["tahun"])
    source = row["sumber"].strip()
    existing = Entry.objects.filter(unit=unit, year=year, level=level)
    if year is None:
        existing = existing.filter(result=RESULTS[result_text])
    entry = existing.first()
    key = (year, unit.kelurahan.name.lower(), level)
    if entry is not None:
        if source and source not in entry.source:
            entry.source = "\n".join(filter(None, [entry.source, source]))
            entry._change_reason = LOAD_REASON
            entry.save()
        _replace_invented_stages(entry, stages.get(key, []))
        return 0
    entry = Entry(
        unit=unit,
        year=year,
        level=level,
        category=row["kategori"].strip(),
        organiser=NATIONAL_ORGANISER if level == Entry.Level.NATIONAL else "",
        result=RESULTS[result_text],
        source=source,
        notes=row["catatan"].strip(),
    )
    fill_derived_fields(entry)
    entry.full_clean()
    entry._change_reason = LOAD_REASON
    entry.save()
    for position, stage in enumerate(stages.get(key, []), start=1):
        _add_stage(entry, position, stage)
    return 1


def _replace_invented_stages(entry, sourced):
    """Replace the stages an earlier loader made up from the level's template (all of
    them "Lolos" up to the stage reached, with no source) by the sourced ones, unless a
    person has touched any of them since: then staff's stages stay as they are."""
    stages = list(entry.stages.all())
    template_names = {str(name) for _code, name in STAGE_TEMPLATES[entry.level]}
    invented = (
        stages
        and all(not s.source and not s.notes and s.name in template_names for s in stages)
        and not EntryStage.history.filter(
            id__in=[s.pk for s in stages], history_user__isnull=False
        ).exists()
    )
    if not invented:
        return
    for stage in stages:
        stage._change_reason = LOAD_REASON
        stage.delete()
    for position, row in enumerate(sourced, start=1):
        _add_stage(entry, position, row)


def _unit(number, kelurahan):
    units = list(
        KampungKB.objects.select_related("kelurahan").filter(
            kelurahan__name__iexact=kelurahan.strip()
        )
    )
    if len(units) != 1:
        raise KnownResultsError(f"Baris {number}: kelurahan {kelurahan!r} tidak ditemukan.")
    return units[0]


def _check_stage_reached(number, level, reached):
    """The reference file names the stage reached; it must be one the level has."""
    if not reached:
        return
    codes = [code for code, _name in STAGE_TEMPLATES[level]]
    if STAGE_ALIASES.get(reached, reached) not in codes:
        raise KnownResultsError(f"Baris {number}: tahap {reached!r} tidak dikenal.")


def _add_stage(entry, position, row):
    """One stage as its source states it: its outcome, its date if named, its source."""
    day = row["tanggal"].strip()
    stage = EntryStage(
        entry=entry,
        position=int(row["urutan"] or position),
        name=row["tahap"].strip(),
        outcome=row["hasil_tahap"].strip(),
        date=datetime.date.fromisoformat(day) if day else None,
        notes=row["catatan"].strip(),
        source=row["sumber"].strip(),
    )
    stage._change_reason = LOAD_REASON
    stage.save()
