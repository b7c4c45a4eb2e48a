"""The national Kampung KB classification: Dasar, Berkembang, Mandiri, Berkelanjutan.

Pure rules, free of HTTP and the database: callers gather a unit's profile and monthly
figures into a `ClassificationInput` and call `classify()`. The rule itself is described
in klasifikasi.md, shared with the team.

An input of None means nobody has said yet. The national rule scores it 1, which gives
`Classification.level`; the portal publishes a level only when no indicator is missing
(`public_level`), as the last section of klasifikasi.md says.
"""

import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

AT_LEAST = ">="
ABOVE = ">"
AT_MOST = "<="


@dataclass(frozen=True)
class Band:
    """`score` is earned once a value compares to `threshold` as `comparison` says."""

    score: int
    comparison: str
    threshold: int | Decimal

    def is_reached_by(self, value):
        return COMPARISONS[self.comparison](value, self.threshold)


# Every threshold of the rule lives here, so a change in Peraturan BKKBN 20/2023 is an
# edit to these tables only. A value earns the highest score among the bands it reaches,
# and BASE_SCORE when it reaches none. Percent bands close the national system's gaps
# between integer bands with ">" (a CPR of 40.5% scores 3).
BASE_SCORE = 1
MISSING_DATA_SCORE = 1
STRONG_INDEX = Decimal(3)

# Pokja steps: 0 without a pokja, otherwise 1, plus 1 for members and 1 for training.
POKJA_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 2), Band(4, AT_LEAST, 3))
FUNDING_SOURCE_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 2), Band(4, AT_LEAST, 5))
ACTIVITY_GROUP_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 3), Band(4, AT_LEAST, 5))
FACILITY_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 2))
# Counts how many of the two are in place: a PLKB/PKB and a local regulation.
OFFICER_REGULATION_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 2))

PLANNING_DATA_SOURCE_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 2), Band(4, AT_LEAST, 4))
ROUTINE_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 3), Band(4, AT_LEAST, 5))
AGENCY_BANDS = (Band(2, AT_LEAST, 1), Band(3, AT_LEAST, 4), Band(4, AT_LEAST, 7))

PARTICIPATION_BANDS = (
    Band(2, AT_LEAST, Decimal(10)),
    Band(3, ABOVE, Decimal(20)),
    Band(4, ABOVE, Decimal(30)),
)
CPR_BANDS = (
    Band(2, AT_LEAST, Decimal(30)),
    Band(3, ABOVE, Decimal(40)),
    Band(4, ABOVE, Decimal(50)),
)
MKJP_BANDS = (
    Band(2, AT_LEAST, Decimal(20)),
    Band(3, ABOVE, Decimal(22)),
    Band(4, ABOVE, Decimal(24)),
)
# Lower is better for unmet need.
UNMET_NEED_BANDS = (
    Band(2, AT_MOST, Decimal(12)),
    Band(3, AT_MOST, Decimal(9)),
    Band(4, AT_MOST, Decimal(6)),
)

COMPARISONS = {AT_LEAST: operator.ge, ABOVE: operator.gt, AT_MOST: operator.le}
BOUND_PHRASES = {
    AT_LEAST: _("minimal {}"),
    ABOVE: _("lebih dari {}"),
    AT_MOST: _("paling tinggi {}"),
}

TWO_PLACES = Decimal("0.01")


class Dimension(models.TextChoices):
    INPUT = "input", _("Input")
    PROCESS = "proses", _("Proses")
    OUTPUT = "output", _("Output")


class Level(models.TextChoices):
    DASAR = "dasar", _("Dasar")
    BERKEMBANG = "berkembang", _("Berkembang")
    MANDIRI = "mandiri", _("Mandiri")
    BERKELANJUTAN = "berkelanjutan", _("Berkelanjutan")


@dataclass(frozen=True)
class ClassificationInput:
    """A unit's indicators; None wherever the value is not known."""

    pokja_exists: bool | None
    pokja_has_members: bool | None
    pokja_trained: bool | None
    funding_source_count: int | None
    activity_groups_present: int | None
    facilities_present: int | None
    has_field_officer: bool | None
    has_regulation: bool | None
    planning_data_source_count: int | None
    routine_count: int | None
    agency_count: int | None
    participation_pct: Decimal | None
    cpr_pct: Decimal | None
    mkjp_pct: Decimal | None
    unmet_need_pct: Decimal | None


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    dimension: Dimension
    label: str
    value: object
    score: int
    max_score: int
    next_target: str | None
    # True when the value is not known: the national rule then scores it 1.
    missing: bool = False


@dataclass(frozen=True)
class Classification:
    indicators: list[IndicatorScore]
    input_index: Decimal
    process_index: Decimal
    output_index: Decimal
    input_strong: bool
    process_strong: bool
    output_strong: bool
    # The level the national rule gives, with every missing indicator scored 1.
    level: Level

    @property
    def missing(self):
        """The indicators whose value is not known, in the rule's order."""
        return [indicator for indicator in self.indicators if indicator.missing]

    @property
    def public_level(self):
        """The level the portal publishes: `level` when no indicator is missing, else None."""
        return public_level(self).level


@dataclass(frozen=True)
class PublicLevel:
    """What the portal may say about a unit's level.

    ``level`` is None when an indicator is missing ("Belum dapat diklasifikasi");
    ``provisional`` is what the national rule gives today, shown to the unit's own kader
    and staff only, marked as provisional.
    """

    level: Level | None
    provisional: Level
    missing: tuple[IndicatorScore, ...]


def public_level(classification: Classification) -> PublicLevel:
    missing = tuple(classification.missing)
    return PublicLevel(
        level=None if missing else classification.level,
        provisional=classification.level,
        missing=missing,
    )


def percent(part, whole) -> Decimal | None:
    """`part` as a percentage of `whole`, or None when it cannot be computed.

    Rounded to 2 decimals so the score is decided on the same figure the user sees.
    """
    if part is None or whole is None or whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO_PLACES, ROUND_HALF_UP)


def band_score(value, bands) -> int:
    if value is None:
        return MISSING_DATA_SCORE
    return max((band.score for band in bands if band.is_reached_by(value)), default=BASE_SCORE)


def dimension_index(scores) -> Decimal:
    """The plain mean of a dimension's indicator scores, rounded half up to 2 decimals."""
    scores = list(scores)
    return (Decimal(sum(scores)) / len(scores)).quantize(TWO_PLACES, ROUND_HALF_UP)


def level_for(input_strong: bool, process_strong: bool, output_strong: bool) -> Level:
    if input_strong and process_strong and output_strong:
        return Level.BERKELANJUTAN
    if output_strong and (input_strong != process_strong):
        return Level.MANDIRI
    if input_strong and process_strong:
        return Level.BERKEMBANG
    return Level.DASAR


def classify(data: ClassificationInput) -> Classification:
    indicators = [
        _pokja(data),
        _banded(
            "funding_sources",
            Dimension.INPUT,
            _("Sumber dana"),
            data.funding_source_count,
            FUNDING_SOURCE_BANDS,
            _("Gunakan {} sumber dana"),
        ),
        _banded(
            "activity_groups",
            Dimension.INPUT,
            _("Kelompok kegiatan (poktan)"),
            data.activity_groups_present,
            ACTIVITY_GROUP_BANDS,
            _("Bentuk {} kelompok kegiatan (BKB, BKR, BKL, UPPKA, PIK-R)"),
        ),
        _banded(
            "facilities",
            Dimension.INPUT,
            _("Sarana (Sekretariat, Rumah DataKu)"),
            data.facilities_present,
            FACILITY_BANDS,
            _("Sediakan {} sarana (Sekretariat, Rumah DataKu)"),
        ),
        _officer_and_regulation(data),
        _banded(
            "planning_data_sources",
            Dimension.PROCESS,
            _("Sumber data untuk perencanaan"),
            data.planning_data_source_count,
            PLANNING_DATA_SOURCE_BANDS,
            _("Gunakan {} sumber data untuk perencanaan"),
        ),
        _banded(
            "routines",
            Dimension.PROCESS,
            _("Mekanisme operasional"),
            data.routine_count,
            ROUTINE_BANDS,
            _("Jalankan {} mekanisme operasional"),
        ),
        _banded(
            "agencies",
            Dimension.PROCESS,
            _("Lintas sektor yang terlibat"),
            data.agency_count,
            AGENCY_BANDS,
            _("Libatkan {} sektor"),
        ),
        _banded(
            "participation",
            Dimension.OUTPUT,
            _("Partisipasi poktan"),
            data.participation_pct,
            PARTICIPATION_BANDS,
            _("Naikkan partisipasi poktan menjadi {}%"),
        ),
        _banded(
            "cpr",
            Dimension.OUTPUT,
            _("CPR (kesertaan ber-KB)"),
            data.cpr_pct,
            CPR_BANDS,
            _("Naikkan CPR menjadi {}%"),
        ),
        _banded(
            "mkjp",
            Dimension.OUTPUT,
            _("MKJP"),
            data.mkjp_pct,
            MKJP_BANDS,
            _("Naikkan MKJP menjadi {}%"),
        ),
        _banded(
            "unmet_need",
            Dimension.OUTPUT,
            _("Unmet need"),
            data.unmet_need_pct,
            UNMET_NEED_BANDS,
            _("Turunkan unmet need menjadi {}%"),
        ),
    ]

    def index_of(dimension):
        return dimension_index(i.score for i in indicators if i.dimension == dimension)

    input_index = index_of(Dimension.INPUT)
    process_index = index_of(Dimension.PROCESS)
    output_index = index_of(Dimension.OUTPUT)
    input_strong = input_index >= STRONG_INDEX
    process_strong = process_index >= STRONG_INDEX
    output_strong = output_index >= STRONG_INDEX
    return Classification(
        indicators=indicators,
        input_index=input_index,
        process_index=process_index,
        output_index=output_index,
        input_strong=input_strong,
        process_strong=process_strong,
        output_strong=output_strong,
        level=level_for(input_strong, process_strong, output_strong),
    )


def _banded(code, dimension, label, value, bands, target_template):
    score = band_score(value, bands)
    next_band = next((band for band in bands if band.score == score + 1), None)
    next_target = None
    if next_band is not None:
        bound = format_lazy(BOUND_PHRASES[next_band.comparison], next_band.threshold)
        next_target = format_lazy(target_template, bound)
        if value is None:
            next_target = format_lazy(_("Lengkapi data. {}"), next_target)
    return IndicatorScore(
        code, dimension, label, value, score, _max_score(bands), next_target, value is None
    )


def _pokja(data):
    steps = 0
    if data.pokja_exists:
        steps = 1 + bool(data.pokja_has_members) + bool(data.pokja_trained)
    score = band_score(steps, POKJA_BANDS)
    missing = data.pokja_exists is None or (
        data.pokja_exists and None in (data.pokja_has_members, data.pokja_trained)
    )

    if data.pokja_exists is None:
        value = None
        next_target = _("Isi apakah Pokja sudah dibentuk")
    elif not data.pokja_exists:
        value = _("belum ada")
        next_target = _("Bentuk pokja Kampung KB")
    else:
        value = format_lazy(
            _("ada; beranggota: {}; terlatih: {}"),
            _yes_no(data.pokja_has_members),
            _yes_no(data.pokja_trained),
        )
        if data.pokja_has_members and data.pokja_trained:
            next_target = None
        elif data.pokja_has_members:
            next_target = _("Ikutkan pokja dalam pelatihan")
        elif data.pokja_trained:
            next_target = _("Lengkapi keanggotaan pokja")
        else:
            next_target = _("Lengkapi keanggotaan pokja atau ikutkan pokja dalam pelatihan")
    return IndicatorScore(
        "pokja",
        Dimension.INPUT,
        _("Pokja"),
        value,
        score,
        _max_score(POKJA_BANDS),
        next_target,
        missing,
    )


def _officer_and_regulation(data):
    in_place = bool(data.has_field_officer) + bool(data.has_regulation)
    score = band_score(in_place, OFFICER_REGULATION_BANDS)
    value = format_lazy(
        _("PLKB/PKB: {}; regulasi: {}"),
        _yes_no(data.has_field_officer),
        _yes_no(data.has_regulation),
    )
    if data.has_field_officer and data.has_regulation:
        next_target = None
    elif data.has_field_officer:
        next_target = _("Terbitkan regulasi (peraturan atau SK) tentang Kampung KB")
    elif data.has_regulation:
        next_target = _("Minta penugasan PLKB/PKB pendamping")
    else:
        next_target = _(
            "Minta penugasan PLKB/PKB pendamping atau terbitkan regulasi (peraturan atau SK)"
        )
    return IndicatorScore(
        "officer_regulation",
        Dimension.INPUT,
        _("PLKB/PKB dan regulasi"),
        value,
        score,
        _max_score(OFFICER_REGULATION_BANDS),
        next_target,
        None in (data.has_field_officer, data.has_regulation),
    )


def _max_score(bands):
    return max(band.score for band in bands)


def _yes_no(flag):
    if flag is None:
        return _("belum diisi")
    return _("ya") if flag else _("tidak")
