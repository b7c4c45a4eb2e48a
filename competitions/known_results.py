"""The known provincial and national results of Kota Pekalongan's Kampung KB.

Loaded from `data/prestasi_pekalongan.csv` when `load_pekalongan` has put the units in
place (the `reference_data_loaded` signal). Each row keeps its sources and notes; the
stages are the level's usual ones up to the stage the row says was reached, and nothing
else is made up: a result the file leaves empty stays empty. Safe to run again: an
entry that exists is left as staff have edited it, apart from adding a missing source.
"""

import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from villages.models import KampungKB

from .models import Entry, EntryStage
from .services import NATIONAL_ORGANISER, STAGE_TEMPLATES, fill_derived_fields

KNOWN_RESULTS_CSV = Path(__file__).resolve().parent / "data" / "prestasi_pekalongan.csv"

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
    "": "",
}

# The file's names for a stage reached, where they differ from the template codes.
STAGE_ALIASES = {"pengiriman_video": "video_profil"}
FIELD_VISIT = "verifikasi_lapangan"

LOAD_REASON = "Dimuat dari data prestasi yang diketahui (prestasi_pekalongan.csv)."


class KnownResultsError(ValueError):
    pass


def read_rows(path=KNOWN_RESULTS_CSV):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_known_results(sender=None, path=KNOWN_RESULTS_CSV, **kwargs):
    """Receiver of `reference_data_loaded`; returns the line `load_pekalongan` prints."""
    rows = read_rows(path)
    created = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            created += _load_row(number, row)
    return _("Prestasi yang diketahui: %(total)s entri (%(created)s baru).") % {
        "total": len(rows),
        "created": created,
    }


def _load_row(number, row):
    unit = _unit(number, row["kelurahan"])
    level = row["tingkat"].strip()
    if level not in Entry.Level.values:
        raise KnownResultsError(f"Baris {number}: tingkat {level!r} tidak dikenal.")
    result_text = row["hasil"].strip().lower()
    if result_text not in RESULTS:
        raise KnownResultsError(f"Baris {number}: hasil {row['hasil']!r} tidak dikenal.")
    source = row["sumber"].strip()
    entry = Entry.objects.filter(unit=unit, year=int(row["tahun"]), level=level).first()
    if entry is not None:
        if source and source not in entry.source:
            entry.source = "\n".join(filter(None, [entry.source, source]))
            entry._change_reason = LOAD_REASON
            entry.save()
        return 0
    entry = Entry(
        unit=unit,
        year=int(row["tahun"]),
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
    _add_known_stages(number, entry, row)
    return 1


def _unit(number, kelurahan):
    units = list(KampungKB.objects.filter(kelurahan__name__iexact=kelurahan.strip()))
    if len(units) != 1:
        raise KnownResultsError(f"Baris {number}: kelurahan {kelurahan!r} tidak ditemukan.")
    return units[0]


def _add_known_stages(number, entry, row):
    """The template's stages up to the one reached: those before it passed.

    A finished entry (with a result) ends at the stage reached, which it passed; a
    running one keeps the later stages, still scheduled, for staff to move through.
    """
    template = STAGE_TEMPLATES[entry.level]
    codes = [code for code, _name in template]
    reached = STAGE_ALIASES.get(row["tahap_tercapai"].strip(), row["tahap_tercapai"].strip())
    if reached not in codes:
        raise KnownResultsError(f"Baris {number}: tahap {reached!r} tidak dikenal.")
    reached_at = codes.index(reached)
    finished = bool(entry.result)
    field_visit_on = row["tanggal_verifikasi_lapangan"].strip()
    for index, (code, name) in enumerate(template):
        if finished and index > reached_at:
            break
        passed = index < reached_at or (finished and index == reached_at)
        EntryStage.objects.create(
            entry=entry,
            position=index + 1,
            name=str(name),
            outcome=EntryStage.Outcome.PASSED if passed else EntryStage.Outcome.SCHEDULED,
            date=(
                datetime.date.fromisoformat(field_visit_on)
                if code == FIELD_VISIT and field_visit_on
                else None
            ),
        )
