"""A unit's figures (monthly/yearly data): plausibility rules, derived rates, table rows.

`data_problems` is the one list of plausibility rules; the data form and the CSV import
both ask it, so a number refused in one is refused in the other. How the public page
shows the figures (badges, charts) is `villages.figures_page`.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .classification import TWO_PLACES, percent
from .models import MONTH_NAMES, UnitData

FIRST_YEAR = 2015
# No count of one kampung comes near this: a larger number is a typing error (and would
# not fit the database's integer column).
MAX_COUNT = 10_000_000

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
# A report is complete when every figure the public page shows or the classification reads
# is filled in: population, PUS, users per method, unmet need, poktan and stunting.
# Families and non-users are kept but shown nowhere, so a report is complete without them.
REPORT_FIELDS = (
    *POPULATION_FIELDS,
    "couples",
    "active_users",
    *METHOD_FIELDS,
    "unmet_need",
    *POKTAN_FIELDS,
    "under_fives",
    "stunting_cases",
)


def missing_report_fields(record):
    """The fields of REPORT_FIELDS a UnitData record (or a dict of values) leaves empty."""
    if isinstance(record, dict):
        return [field for field in REPORT_FIELDS if record.get(field) is None]
    return [field for field in REPORT_FIELDS if getattr(record, field) is None]


def is_complete(record):
    return not missing_report_fields(record)


def complete_records(records):
    """The complete records of a UnitData queryset: the same rule as `is_complete`, in SQL."""
    return records.filter(**{f"{field}__isnull": False for field in REPORT_FIELDS})


def field_label(field):
    return capfirst(UnitData._meta.get_field(field).verbose_name)


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
        elif value is not None and value > MAX_COUNT:
            add(
                field,
                _("Jumlah lebih dari %(max)s tidak masuk akal.") % {"max": _number(MAX_COUNT)},
            )
    counts = {
        field: values[field]
        for field in COUNT_FIELDS
        if values.get(field) is not None and 0 <= values[field] <= MAX_COUNT
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


def figure_rows(data):
    """One record's figures as table rows: population by age band, users by method and
    poktan members against their target."""
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
    return {
        "population_rows": population_rows,
        "method_rows": method_rows,
        "poktan_rows": poktan_rows,
    }


def cpr_series(records):
    """CPR of the given records (newest first), oldest first, leaving out those without."""
    rows = [
        {"period": record.period_label, "cpr": derived_rates(record).cpr}
        for record in reversed(records)
    ]
    return [row for row in rows if row["cpr"] is not None]
