"""A unit's figures (monthly/yearly data): plausibility rules, derived rates, public page.

`data_problems` is the one list of plausibility rules; the data form and the CSV import
both ask it, so a number refused in one is refused in the other.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from . import unit_classification
from .classification import TWO_PLACES, Dimension, Level, classify, percent
from .models import MONTH_NAMES

FIRST_YEAR = 2015
TREND_LENGTH = 12

AGE_BANDS = (
    ("0_4", _("0-4 tahun")),
    ("5_14", _("5-14 tahun")),
    ("15_24", _("15-24 tahun")),
    ("25_59", _("25-59 tahun")),
    ("60_plus", _("60 tahun ke atas")),
)
POPULATION_FIELDS = tuple(
    f"population_{sex}_{band}" for band, _label in AGE_BANDS for sex in ("male", "female")
)
METHODS = (
    ("users_iud", _("IUD")),
    ("users_mow", _("MOW")),
    ("users_mop", _("MOP")),
    ("users_implant", _("Implan")),
    ("users_injection", _("Suntik")),
    ("users_pill", _("Pil")),
    ("users_condom", _("Kondom")),
)
METHOD_FIELDS = tuple(field for field, _label in METHODS)
# Metode Kontrasepsi Jangka Panjang: IUD, MOW, MOP and implant.
LONG_ACTING_FIELDS = ("users_iud", "users_mow", "users_mop", "users_implant")
NON_USER_FIELDS = (
    "non_users_pregnant",
    "non_users_want_child_soon",
    "non_users_want_child_later",
    "non_users_no_more_children",
)


@dataclass(frozen=True)
class Poktan:
    code: str
    label: str

    @property
    def target_field(self):
        return f"{self.code}_target"

    @property
    def members_field(self):
        return f"{self.code}_members"


POKTAN = (
    Poktan("bkb", _("BKB")),
    Poktan("bkr", _("BKR")),
    Poktan("bkl", _("BKL")),
    Poktan("uppka", _("UPPKA")),
    Poktan("pikr", _("PIK-R")),
)
POKTAN_FIELDS = tuple(
    field for poktan in POKTAN for field in (poktan.target_field, poktan.members_field)
)

# Every count of a UnitData record, in the order the form and the CSV template show them.
COUNT_FIELDS = (
    *POPULATION_FIELDS,
    "families",
    "couples",
    "active_users",
    *METHOD_FIELDS,
    *NON_USER_FIELDS,
    "unmet_need",
    *POKTAN_FIELDS,
    "under_fives",
    "stunting_cases",
)
PERIOD_FIELDS = ("year", "month")


def period_label(year, month):
    if month is None:
        return _("Tahun %(year)s") % {"year": year}
    return f"{MONTH_NAMES[month - 1]} {year}"


def data_problems(values, today=None):
    """What is impossible in one record's figures: {field name: Indonesian message}.

    ``values`` maps field names to ints, or None when not reported; a rule comparing
    figures is checked only when they are all reported.
    """
    today = today or timezone.localdate()
    problems = {}

    def add(field, message):
        problems[field] = f"{problems[field]} {message}" if field in problems else str(message)

    for field in COUNT_FIELDS:
        value = values.get(field)
        if value is not None and value < 0:
            add(field, _("Jumlah tidak boleh negatif."))
    counts = {
        field: values[field]
        for field in COUNT_FIELDS
        if values.get(field) is not None and values[field] >= 0
    }
    couples = counts.get("couples")
    active = counts.get("active_users")

    methods = [counts[field] for field in METHOD_FIELDS if field in counts]
    if methods and active is not None and sum(methods) > active:
        add(
            "active_users",
            _("Jumlah peserta per metode (%(methods)s) melebihi peserta KB aktif (%(active)s).")
            % {"methods": _number(sum(methods)), "active": _number(active)},
        )
    if active is not None and couples is not None and active > couples:
        add(
            "active_users",
            _("Peserta KB aktif (%(active)s) melebihi jumlah PUS (%(couples)s).")
            % {"active": _number(active), "couples": _number(couples)},
        )
    non_users = [field for field in NON_USER_FIELDS if field in counts]
    if non_users and couples is not None:
        total = (active or 0) + sum(counts[field] for field in non_users)
        if total > couples:
            add(
                non_users[0],
                _(
                    "Peserta KB aktif ditambah bukan peserta KB (%(total)s) "
                    "melebihi jumlah PUS (%(couples)s)."
                )
                % {"total": _number(total), "couples": _number(couples)},
            )
    unmet_need = counts.get("unmet_need")
    # Skipped when active users already exceed couples: that problem is told above.
    if None not in (unmet_need, couples, active) and unmet_need > couples - active >= 0:
        add(
            "unmet_need",
            _("Unmet need (%(unmet_need)s) melebihi PUS dikurangi peserta KB aktif (%(rest)s).")
            % {"unmet_need": _number(unmet_need), "rest": _number(couples - active)},
        )
    for poktan in POKTAN:
        target = counts.get(poktan.target_field)
        members = counts.get(poktan.members_field)
        if None not in (target, members) and members > target:
            add(
                poktan.members_field,
                _("Anggota %(poktan)s (%(members)s) melebihi sasaran %(poktan)s (%(target)s).")
                % {
                    "poktan": poktan.label,
                    "members": _number(members),
                    "target": _number(target),
                },
            )
    under_fives = counts.get("under_fives")
    stunting = counts.get("stunting_cases")
    if None not in (under_fives, stunting) and stunting > under_fives:
        add(
            "stunting_cases",
            _("Balita stunting (%(stunting)s) melebihi jumlah balita (%(under_fives)s).")
            % {"stunting": _number(stunting), "under_fives": _number(under_fives)},
        )

    year, month = values.get("year"), values.get("month")
    last_year = today.year + 1
    year_valid = year is not None and FIRST_YEAR <= year <= last_year
    if year is None:
        add("year", _("Tahun wajib diisi."))
    elif not year_valid:
        add(
            "year",
            _("Tahun harus antara %(first)s dan %(last)s.")
            % {"first": FIRST_YEAR, "last": last_year},
        )
    if month is not None and not 1 <= month <= 12:
        add("month", _("Bulan harus 1 sampai 12, atau kosong untuk data tahunan."))
    elif month is not None and year_valid and (year, month) > (today.year, today.month):
        add(
            "month",
            _("%(period)s belum berjalan; data hanya dapat diisi untuk bulan yang sudah lewat.")
            % {"period": period_label(year, month)},
        )
    return problems


def _number(value):
    return number_format(value, force_grouping=True)


@dataclass(frozen=True)
class DerivedRates:
    """Percentages shown on the public page and fed into the classification."""

    cpr: Decimal | None
    mkjp: Decimal | None
    unmet_need: Decimal | None
    participation: Decimal | None
    stunting: Decimal | None


NO_RATES = DerivedRates(None, None, None, None, None)


def derived_rates(data):
    """Rates of one UnitData record (or None); a rate missing a figure is None."""
    if data is None:
        return NO_RATES
    long_acting = _sum_reported(getattr(data, field) for field in LONG_ACTING_FIELDS)
    return DerivedRates(
        cpr=percent(data.active_users, data.couples),
        mkjp=percent(long_acting, data.active_users),
        unmet_need=percent(data.unmet_need, data.couples),
        participation=participation(data),
        stunting=percent(data.stunting_cases, data.under_fives),
    )


def participation(data):
    """Mean share of target families taking part, over the poktan that have a target."""
    shares = [
        percent(getattr(data, poktan.members_field), getattr(data, poktan.target_field))
        for poktan in POKTAN
        if getattr(data, poktan.members_field) is not None
    ]
    shares = [share for share in shares if share is not None]
    if not shares:
        return None
    return (sum(shares) / len(shares)).quantize(TWO_PLACES, ROUND_HALF_UP)


def _sum_reported(values):
    reported = [value for value in values if value is not None]
    return sum(reported) if reported else None


def figures_context(unit, today=None):
    """Template context for the public unit page: two queries, however much data exists."""
    records = list(unit.data.newest_first()[:TREND_LENGTH])
    latest = records[0] if records else None
    agency_count = unit_classification.agency_count_for(unit, today)
    classification = classify(
        unit_classification.classification_input_for(unit, latest, agency_count)
    )
    context = {
        "classification": classification,
        "classification_rows": classification_rows(classification),
        "level_css": LEVEL_BADGE_CLASSES[classification.level],
        "latest_data": latest,
    }
    if latest is not None:
        context.update(latest_figures(latest))
        context["cpr_trend"] = cpr_trend(records)
    return {"figures": context}


LEVEL_BADGE_CLASSES = {
    Level.DASAR: "text-bg-secondary",
    Level.BERKEMBANG: "text-bg-info",
    Level.MANDIRI: "text-bg-primary",
    Level.BERKELANJUTAN: "text-bg-success",
}
PERCENT_INDICATORS = {"participation", "cpr", "mkjp", "unmet_need"}


def classification_rows(classification):
    """The classification's indicators grouped by dimension, ready for a table."""
    indices = {
        Dimension.INPUT: (classification.input_index, classification.input_strong),
        Dimension.PROCESS: (classification.process_index, classification.process_strong),
        Dimension.OUTPUT: (classification.output_index, classification.output_strong),
    }
    return [
        {
            "dimension": dimension,
            "index": index,
            "strong": strong,
            "indicators": [
                {"indicator": indicator, "value": _indicator_value(indicator)}
                for indicator in classification.indicators
                if indicator.dimension == dimension
            ],
        }
        for dimension, (index, strong) in indices.items()
    ]


def _indicator_value(indicator):
    if indicator.value is None:
        return None
    if indicator.code in PERCENT_INDICATORS:
        return f"{number_format(indicator.value, 2)}%"
    return indicator.value


def latest_figures(data):
    """Chart data and table rows for one record."""
    population_rows = []
    for band, label in AGE_BANDS:
        male = getattr(data, f"population_male_{band}")
        female = getattr(data, f"population_female_{band}")
        population_rows.append(
            {
                "label": label,
                "male": male,
                "female": female,
                "total": _sum_reported([male, female]),
            }
        )
    method_rows = [
        {
            "label": label,
            "users": getattr(data, field),
            "share": percent(getattr(data, field), data.active_users),
        }
        for field, label in METHODS
    ]
    poktan_rows = [
        {
            "label": poktan.label,
            "target": getattr(data, poktan.target_field),
            "members": getattr(data, poktan.members_field),
            "share": percent(
                getattr(data, poktan.members_field), getattr(data, poktan.target_field)
            ),
        }
        for poktan in POKTAN
    ]
    rates = derived_rates(data)
    return {
        "rates": rates,
        "population_rows": population_rows,
        "method_rows": method_rows,
        "poktan_rows": poktan_rows,
        "population_chart": {
            "type": "bar",
            "labels": [str(row["label"]) for row in population_rows],
            "datasets": [
                {"label": str(_("Laki-laki")), "data": [row["male"] for row in population_rows]},
                {
                    "label": str(_("Perempuan")),
                    "data": [row["female"] for row in population_rows],
                },
            ],
        },
        "method_chart": {
            "type": "bar",
            "labels": [str(row["label"]) for row in method_rows],
            "datasets": [
                {
                    "label": str(_("Peserta KB")),
                    "data": [row["users"] for row in method_rows],
                }
            ],
        },
        "poktan_chart": {
            "type": "bar",
            "labels": [str(row["label"]) for row in poktan_rows],
            "datasets": [
                {"label": str(_("Sasaran")), "data": [row["target"] for row in poktan_rows]},
                {"label": str(_("Anggota")), "data": [row["members"] for row in poktan_rows]},
            ],
        },
        "stunting_chart": {
            "type": "bar",
            "labels": [str(_("Balita")), str(_("Balita stunting"))],
            "datasets": [
                {
                    "label": str(_("Jumlah")),
                    "data": [data.under_fives, data.stunting_cases],
                }
            ],
        },
    }


def cpr_trend(records):
    """CPR of the given records, oldest first; None when fewer than two have a CPR."""
    rows = [
        {"period": record.period_label, "cpr": derived_rates(record).cpr}
        for record in reversed(records)
    ]
    rows = [row for row in rows if row["cpr"] is not None]
    if len(rows) < 2:
        return None
    return {
        "rows": rows,
        "chart": {
            "type": "line",
            "labels": [str(row["period"]) for row in rows],
            "datasets": [
                {"label": str(_("CPR (%)")), "data": [float(row["cpr"]) for row in rows]}
            ],
        },
    }
