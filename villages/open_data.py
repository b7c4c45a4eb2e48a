"""Open data: every published unit, one row each, as CSV and JSON, and what each column
holds (the /data/ page is made from `COLUMNS`, so a column cannot go undocumented).

The level and the figures follow the public unit page: the level only when every
indicator is known, the figures from the latest complete report. They are read for all
units in two queries made before the first row (`ClassificationReader`), so an export of
25,000 units streams with a fixed number of queries.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .figures import derived_rates
from .unit_classification import ClassificationReader

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"

PROFILE = _("Profil Kampung KB, diisi kader dan staf Dinsos-P2KB")
REGIONS = _("Kode dan nama wilayah Kemendagri")
REPORT = _("Laporan data lengkap terakhir, diisi kader")
PORTAL = _("Dihitung portal dengan aturan klasifikasi nasional")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    unit: str
    source: str


NO_UNIT = _("teks")
COUNT = _("jumlah (bilangan bulat)")
PERCENT = _("persen, 2 desimal, titik sebagai pemisah desimal")

BASE_COLUMNS = (
    Column("kode_kemendagri", _("Kode kelurahan"), NO_UNIT, REGIONS),
    Column("kelurahan", _("Nama kelurahan"), NO_UNIT, REGIONS),
    Column("kecamatan", _("Nama kecamatan"), NO_UNIT, REGIONS),
    Column("nama", _("Nama resmi Kampung KB; kosong bila belum diisi"), NO_UNIT, PROFILE),
    Column("slug", _("Alamat halaman unit: /kampung/<slug>/"), NO_UNIT, _("Portal")),
    Column(
        "tanggal_pencanangan",
        _("Tanggal pencanangan; kosong bila tanggalnya belum diketahui"),
        _("tanggal, TTTT-BB-HH"),
        PROFILE,
    ),
    Column(
        "tahun_pencanangan",
        _(
            "Tahun pencanangan, juga bila hanya tahunnya yang diketahui; dibaca bersama "
            "kolom berikutnya; kosong bila belum diketahui"
        ),
        _("tahun, TTTT"),
        PROFILE,
    ),
    Column(
        "ketelitian_pencanangan",
        _(
            "Yang diketahui tentang pencanangan: tanggal, tahun, atau paling_lambat (sudah "
            "ada paling lambat pada tahun itu); kosong bila belum diketahui"
        ),
        NO_UNIT,
        PROFILE,
    ),
    Column(
        "sumber_pencanangan",
        _("Sumber tanggal atau tahun pencanangan"),
        NO_UNIT,
        PROFILE,
    ),
)
YES_NO = _("ya, tidak, atau kosong bila belum diketahui (JSON: true, false, null)")
YES_NO_COLUMNS = (
    Column("bkb", _("Ada kelompok BKB (Bina Keluarga Balita)"), YES_NO, PROFILE),
    Column("bkr", _("Ada kelompok BKR (Bina Keluarga Remaja)"), YES_NO, PROFILE),
    Column("bkl", _("Ada kelompok BKL (Bina Keluarga Lansia)"), YES_NO, PROFILE),
    Column("uppka", _("Ada kelompok UPPKA"), YES_NO, PROFILE),
    Column("pikr", _("Ada PIK-R"), YES_NO, PROFILE),
    Column("sekretariat", _("Ada sekretariat"), YES_NO, PROFILE),
    Column("rumah_dataku", _("Ada Rumah DataKu"), YES_NO, PROFILE),
    Column("pokja_dibentuk", _("Pokja sudah dibentuk"), YES_NO, PROFILE),
    Column("pokja_dilatih", _("Pokja sudah dilatih"), YES_NO, PROFILE),
    Column("plkb_pkb", _("Ada PLKB/PKB yang mendampingi"), YES_NO, PROFILE),
    Column("regulasi", _("Ada regulasi (peraturan atau SK)"), YES_NO, PROFILE),
)
YES_NO_HEADER = [column.name for column in YES_NO_COLUMNS]
FIGURE_COLUMNS = (
    Column(
        "tingkat",
        _(
            "Tingkat klasifikasi: dasar, berkembang, mandiri atau berkelanjutan; kosong bila "
            "belum dapat diklasifikasi karena ada indikator yang belum diisi"
        ),
        NO_UNIT,
        PORTAL,
    ),
    Column(
        "bulan_laporan",
        _(
            "Bulan laporan lengkap terakhir, sumber angka di kolom berikutnya; TTTT untuk "
            "laporan tahunan; kosong bila belum ada laporan lengkap"
        ),
        _("bulan, TTTT-BB"),
        REPORT,
    ),
    Column("pus", _("Pasangan usia subur (PUS)"), COUNT, REPORT),
    Column("peserta_kb_aktif", _("Peserta KB aktif"), COUNT, REPORT),
    Column("cpr_persen", _("CPR: peserta KB aktif dibagi PUS"), PERCENT, REPORT),
    Column(
        "mkjp_persen",
        _("MKJP (IUD, MOW, MOP, implan) dibagi peserta KB aktif"),
        PERCENT,
        REPORT,
    ),
    Column("unmet_need_persen", _("Unmet need dibagi PUS"), PERCENT, REPORT),
    Column("balita_stunting", _("Jumlah balita stunting"), COUNT, REPORT),
)
COLUMNS = BASE_COLUMNS + YES_NO_COLUMNS + FIGURE_COLUMNS
FIGURE_HEADER = [column.name for column in FIGURE_COLUMNS]


class FigureCells:
    """The level and key figures of each unit, after two queries for all ``units``."""

    def __init__(self, units, today=None):
        self.reader = ClassificationReader(units.values("pk"), today)

    def row(self, unit):
        """Values for FIGURE_COLUMNS: None where nothing is known."""
        level = self.reader.classify(unit).public_level
        latest = self.reader.latest.get(unit.pk)
        if latest is None:
            return [level, *[None] * (len(FIGURE_COLUMNS) - 1)]
        rates = derived_rates(latest)
        month = str(latest.year) if latest.month is None else f"{latest.year}-{latest.month:02}"
        return [
            level,
            month,
            latest.couples,
            latest.active_users,
            rates.cpr,
            rates.mkjp,
            rates.unmet_need,
            latest.stunting_cases,
        ]


def csv_value(value):
    """A value as the CSV writes it: empty for unknown, ya/tidak, a level by its code."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value) if isinstance(value, str | Decimal) else value


def json_value(value):
    """A value as the JSON writes it: null for unknown, numbers as numbers."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value
