"""City-level figures for the home page: each value with its source, never merged.

Sources disagree (stunting prevalence 2024: 17,86%, 17,68% and 17,8%). The home page
lists every value of an indicator and year side by side with its source, so a reader
sees the disagreement instead of a figure nobody published.
"""

from dataclasses import dataclass, field

from django.utils.translation import npgettext

from .models import CityFigure
from .numbers import format_number

# Units of measure as the reference data writes them, in the active language.
UNIT_LABELS = {"unit": lambda count: npgettext("city figure unit", "unit", "unit", count)}

HOME_FIGURE_LIMIT = 60


@dataclass
class FigureGroup:
    """One indicator's values, newest year first."""

    label: str
    figures: list = field(default_factory=list)


def figure_value(figure):
    """The value as people read it: "17,86 %", "6-7 unit" (a range the source gives)."""
    text = format_number(figure.value)
    if figure.value_max is not None:
        text = f"{text}–{format_number(figure.value_max)}"
    label = UNIT_LABELS.get(figure.unit)
    count = figure.value_max if figure.value_max is not None else figure.value
    unit = label(int(count)) if label else figure.unit
    return f"{text} {unit}".strip()


def all_city_figures():
    """Every recorded city figure, in the order the home page groups them. One query."""
    return list(CityFigure.objects.order_by("indicator", "label", "-year", "-month", "id"))


def home_city_figures(figures=None, limit=HOME_FIGURE_LIMIT):
    """The recorded city figures (`all_city_figures` when not given) grouped by
    indicator: one query, or none when given."""
    figures = all_city_figures() if figures is None else figures
    groups = {}
    for figure in figures[:limit]:
        key = (figure.indicator, figure.label)
        group = groups.setdefault(key, FigureGroup(str(figure.indicator_label)))
        figure.display_value = figure_value(figure)
        group.figures.append(figure)
    return list(groups.values())
