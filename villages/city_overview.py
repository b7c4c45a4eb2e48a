"""The home page's picture of the whole city: units by public level and how the number
of Kampung KB grew, read from the recorded facts only."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .catalogue import UNCLASSIFIED
from .city_figures import figure_value
from .classification import Level
from .figures_page import bar_chart
from .models import CityFigure, KampungKB
from .unit_classification import level_name, public_levels


@dataclass(frozen=True)
class LevelCount:
    code: str
    label: str
    count: int

    @property
    def parameter(self):
        """The ``tingkat`` value that lists this row's units on /kampung/."""
        return self.code or UNCLASSIFIED


def level_counts(levels):
    """One row per level, in the rule's order, then the units that cannot be classified
    yet. ``levels`` holds each unit's public level (None when an indicator is missing)."""
    levels = list(levels)
    return [
        LevelCount(
            level.value if level is not None else "", str(level_name(level)), levels.count(level)
        )
        for level in [*Level, None]
    ]


def units_by_level(total=None, today=None):
    """The published units counted by public level: three queries however many units,
    and one more to count them unless ``total`` (the number of published units) is given."""
    units = KampungKB.objects.published()
    levels = list(public_levels(units, today).values())
    unclassified = (units.count() if total is None else total) - len(levels)
    return level_counts([*levels, *[None] * unclassified])


def level_chart(rows):
    """The bar chart of the classified levels, or None while no unit has a level
    (`bar_chart` draws nothing without a value above zero)."""
    classified = [row for row in rows if row.code]
    return bar_chart(
        [row.label for row in classified],
        [(_("Kampung KB"), [row.count for row in classified])],
    )


@dataclass
class GrowthYear:
    """One year of the programme's growth: the recorded counts, none when unknown."""

    year: int
    figures: list = field(default_factory=list)


def kampung_kb_growth(figures=None):
    """Every year from the first recorded count of Kampung KB to the last, each with
    the counts sources give for it (a range stays a range); a year nobody recorded has
    none. One query, or none when the city's `figures` are given (others are skipped)."""
    if figures is None:
        figures = CityFigure.objects.filter(indicator=CityFigure.Indicator.KAMPUNG_KB_COUNT)
    counts = sorted(
        (f for f in figures if f.indicator == CityFigure.Indicator.KAMPUNG_KB_COUNT),
        key=lambda f: (f.year, f.month or 0, f.pk),
    )
    years = {}
    for figure in counts:
        figure.display_value = figure_value(figure)
        years.setdefault(figure.year, []).append(figure)
    if not years:
        return []
    return [GrowthYear(year, years.get(year, [])) for year in range(min(years), max(years) + 1)]
