"""Comparing the published units on the figures the programme cares about, each from the
unit's latest complete report (`figures.complete_records`): a newer partial month never
replaces it, and a unit without a complete report is listed apart, never drawn as zero.

Two queries for all units: the units, and their latest complete reports
(`unit_classification.latest_complete_data_by_unit`). More than `MAX_COMPARED` units are
not drawn at once (25,000 bars help nobody): the visitor narrows the region first.
"""

from dataclasses import dataclass, field, replace

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .figures import derived_rates
from .unit_classification import latest_complete_data_by_unit

MAX_COMPARED = 200


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    description: str
    is_percent: bool

    def value(self, data, rates):
        return getattr(rates, self.code) if self.is_percent else getattr(data, self.code)

    def value_label(self, value):
        """As the unit page shows it: a percentage with two decimals (66,60%), a count
        grouped (1.250), in the active language."""
        if self.is_percent:
            return f"{number_format(value, decimal_pos=2, use_l10n=True)}%"
        return number_format(value, use_l10n=True, force_grouping=True)


MEASURES = (
    Measure("cpr", _("CPR"), _("Peserta KB aktif dibagi pasangan usia subur (PUS)."), True),
    Measure(
        "mkjp",
        _("MKJP"),
        _(
            "Peserta metode kontrasepsi jangka panjang (IUD, MOW, MOP, implan) dibagi "
            "peserta KB aktif."
        ),
        True,
    ),
    Measure(
        "unmet_need",
        _("Unmet need"),
        _("PUS yang ingin ber-KB tetapi tidak ber-KB, dibagi PUS."),
        True,
    ),
    Measure(
        "participation",
        _("Partisipasi poktan"),
        _("Rata-rata bagian keluarga sasaran yang ikut BKB, BKR, BKL, UPPKA dan PIK-R."),
        True,
    ),
    Measure("stunting_cases", _("Balita stunting"), _("Jumlah balita stunting."), False),
)


@dataclass(frozen=True)
class Row:
    unit: object
    value: object
    value_label: str
    period: str
    # Standard competition ranking: equal values share a rank (1, 1, 3).
    rank: int = 0


def competition_ranks(values):
    """The rank of each value in a list sorted best first: equal values share the rank
    of the first of them, and the next value skips as many places (1, 1, 3)."""
    ranks = []
    for index, value in enumerate(values):
        if index and value == values[index - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(index + 1)
    return ranks


@dataclass
class MeasureComparison:
    measure: Measure
    rows: list = field(default_factory=list)
    # Units with a complete report in which this figure cannot be computed (a PUS of 0).
    not_computable: list = field(default_factory=list)

    @property
    def chart_id(self):
        return f"data-perbandingan-{self.measure.code}"

    @property
    def chart(self):
        """What the chart draws: labels and values as the server formats them."""
        return {
            "labels": [row.unit.kelurahan.name for row in self.rows],
            "values": [float(row.value) for row in self.rows],
            "value_labels": [f"{row.value_label} ({row.period})" for row in self.rows],
            "percent": self.measure.is_percent,
        }


@dataclass(frozen=True)
class Comparison:
    measures: list
    without_data: list
    too_many: bool = False

    @property
    def has_chart(self):
        return any(comparison.rows for comparison in self.measures)


def compare(units, latest_by_unit):
    """Each measure's rows, largest first (ties by kelurahan), and the units without a
    complete report. ``latest_by_unit`` maps unit ids to their latest complete UnitData."""
    units = sorted(units, key=lambda unit: unit.kelurahan.name)
    comparisons = [MeasureComparison(measure) for measure in MEASURES]
    without_data = []
    for unit in units:
        data = latest_by_unit.get(unit.pk)
        if data is None:
            without_data.append(unit)
            continue
        rates = derived_rates(data)
        for comparison in comparisons:
            value = comparison.measure.value(data, rates)
            if value is None:
                comparison.not_computable.append(unit)
            else:
                comparison.rows.append(
                    Row(unit, value, comparison.measure.value_label(value), data.period_label)
                )
    for comparison in comparisons:
        # Stable sort: equal values stay in kelurahan order.
        comparison.rows.sort(key=lambda row: row.value, reverse=True)
        ranks = competition_ranks([row.value for row in comparison.rows])
        comparison.rows = [
            replace(row, rank=rank) for row, rank in zip(comparison.rows, ranks, strict=True)
        ]
    return Comparison(comparisons, without_data)


def unit_comparison(units, at_most=MAX_COMPARED):
    """`compare` for a queryset of units (with their region loaded): two queries; one
    when there are more than ``at_most``, which are not compared."""
    units = list(units.order_by("kelurahan__name", "pk")[: at_most + 1])
    if len(units) > at_most:
        return Comparison([], [], too_many=True)
    return compare(units, latest_complete_data_by_unit([unit.pk for unit in units]))
