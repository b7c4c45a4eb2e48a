"""The figures section of the public unit page: classification badge, tables and the
Chart.js configurations. The rules and numbers it shows come from `villages.figures`
and `villages.unit_classification`; nothing here decides anything."""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .classification import Dimension, Level, classify, public_level
from .figures import complete_records, cpr_series, derived_rates, figure_rows
from .unit_classification import agency_count_for, classification_input_for

TREND_LENGTH = 12

LEVEL_BADGE_CLASSES = {
    Level.DASAR: "text-bg-secondary",
    Level.BERKEMBANG: "text-bg-info",
    Level.MANDIRI: "text-bg-primary",
    Level.BERKELANJUTAN: "text-bg-success",
}
PERCENT_INDICATORS = {"participation", "cpr", "mkjp", "unmet_need"}

# Where the unit's kader and staff fill in each indicator: (URL name, link text) pairs.
PROFILE = "manage:profile-section"
FILL_IN_PLACES = {
    "pokja": ((PROFILE, "pokja", gettext_lazy("Pokja")),),
    "funding_sources": ((PROFILE, "pendanaan", gettext_lazy("Pendanaan")),),
    "activity_groups": ((PROFILE, "poktan", gettext_lazy("Poktan dan sarana")),),
    "facilities": ((PROFILE, "poktan", gettext_lazy("Poktan dan sarana")),),
    "officer_regulation": (
        (PROFILE, "plkb", gettext_lazy("PLKB/PKB")),
        (PROFILE, "regulasi", gettext_lazy("Regulasi")),
    ),
    "planning_data_sources": (
        (PROFILE, "data-perencanaan", gettext_lazy("Data untuk perencanaan")),
    ),
    "routines": ((PROFILE, "mekanisme", gettext_lazy("Mekanisme operasional")),),
    "agencies": (
        ("manage:activity-create", None, gettext_lazy("Catat kegiatan dan instansinya")),
    ),
    **{
        code: (("manage:data-list", None, gettext_lazy("Data bulanan yang lengkap")),)
        for code in PERCENT_INDICATORS
    },
}


def figures_context(unit, today=None, may_manage=False):
    """Template context for the public unit page: two queries, however much data exists.

    Figures, charts and the level come from complete reports only. ``may_manage`` adds
    what the unit's own kader and staff see: the missing indicators, where to fill each,
    and the provisional level.
    """
    records = list(complete_records(unit.data.all()).newest_first()[:TREND_LENGTH])
    latest = records[0] if records else None
    classification = classify(
        classification_input_for(unit, latest, agency_count_for(unit, today))
    )
    level = public_level(classification)
    context = {
        "classification": classification,
        "classification_rows": classification_rows(classification),
        "level": level,
        "level_css": LEVEL_BADGE_CLASSES[level.level] if level.level else "",
        "provisional_css": LEVEL_BADGE_CLASSES[level.provisional],
        "latest_data": latest,
        "may_manage": may_manage,
    }
    if may_manage:
        context["missing_rows"] = missing_rows(unit, level.missing)
    if latest is not None:
        context.update(latest_figures(latest))
        context["cpr_trend"] = cpr_trend(records)
        context["has_charts"] = bool(context["cpr_trend"]) or any(context[name] for name in CHARTS)
    return {"figures": context}


def missing_rows(unit, missing):
    """Each missing indicator with the workspace links where it is filled in."""
    return [
        {
            "indicator": indicator,
            "links": [
                {
                    "url": reverse(name, args=[unit.slug, section] if section else [unit.slug]),
                    "label": label,
                }
                for name, section, label in FILL_IN_PLACES[indicator.code]
            ],
        }
        for indicator in missing
    ]


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
            # An index over a missing indicator is not published as a figure.
            "known": not any(
                indicator.missing
                for indicator in classification.indicators
                if indicator.dimension == dimension
            ),
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


def bar_chart(labels, datasets):
    """A Chart.js bar chart: `datasets` is a sequence of (label, values); None when no value
    is above zero, since such a chart would only draw an empty axis."""
    if not any(value for _label, values in datasets for value in values):
        return None
    return _chart("bar", labels, datasets)


def _chart(kind, labels, datasets):
    return {
        "type": kind,
        "labels": [str(label) for label in labels],
        "datasets": [{"label": str(label), "data": list(data)} for label, data in datasets],
    }


CHARTS = ("population_chart", "method_chart", "poktan_chart", "stunting_chart")


def latest_figures(data):
    """Rates, table rows and chart data for one record."""
    rows = figure_rows(data)
    population, methods, poktan = (
        rows["population_rows"],
        rows["method_rows"],
        rows["poktan_rows"],
    )
    return {
        "rates": derived_rates(data),
        **rows,
        "population_chart": bar_chart(
            [row["label"] for row in population],
            [
                (_("Laki-laki"), [row["male"] for row in population]),
                (_("Perempuan"), [row["female"] for row in population]),
            ],
        ),
        "method_chart": bar_chart(
            [row["label"] for row in methods],
            [(_("Peserta KB"), [row["users"] for row in methods])],
        ),
        "poktan_chart": bar_chart(
            [row["label"] for row in poktan],
            [
                (_("Sasaran"), [row["target"] for row in poktan]),
                (_("Anggota"), [row["members"] for row in poktan]),
            ],
        ),
        "stunting_chart": bar_chart(
            [_("Balita"), _("Balita stunting")],
            [(_("Jumlah"), [data.under_fives, data.stunting_cases])],
        ),
    }


def cpr_trend(records):
    """CPR of the given records, oldest first, with its line chart; None when fewer than
    two have a CPR."""
    rows = cpr_series(records)
    if len(rows) < 2:
        return None
    return {
        "rows": rows,
        "chart": _chart(
            "line",
            [row["period"] for row in rows],
            [(_("CPR (%)"), [float(row["cpr"]) for row in rows])],
        ),
    }
