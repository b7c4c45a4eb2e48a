"""The calibration page of a period, as rows to show: `calibration.calibrate` over the
scores that count, beside the official ranking of `results.results_table` (read from the
same rows, so the two cannot disagree about which scores count)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import selectors
from .calibration import agreement_label, calibrate
from .results import EMPTY, format_score, judge_name, results_table


def shown(value, places=2, signed=False):
    """A statistic for people: `places` decimals, rounded half up, in the active language
    (2,50 in Indonesian, 2.50 in English); with `signed`, "+" before a positive value."""
    if value is None:
        return EMPTY
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    rounded = rounded or abs(rounded)  # never "-0,00"
    text = number_format(rounded, decimal_pos=places, use_l10n=True)
    return f"+{text}" if signed and rounded > 0 else text


@dataclass
class CalibrationPage:
    report: object  # calibration.Calibration
    w: str  # Kendall's W written for people, "–" when undefined
    agreement_label: object
    judges: list  # dicts: name and the judge's figures, written for people
    units: list
    flagged: list
    ranking: list  # the official ranking's rows, each with its normalized rank
    unranked_count: int  # units outside the official ranking (incomplete)
    chart: dict
    threshold: str


def calibration_page(period, threshold):
    """The `CalibrationPage` of `period` in eight queries, whatever the number of units,
    judges or scores: the results input (six), the kecamatan names and the judges."""
    data = selectors.results_input(period)
    table = results_table(period, data)
    report = calibrate(
        list(data.units),
        data.criterion_refs(),
        data.judge_ids,
        data.counted_scores,
        data.excluded,
        threshold=threshold,
    )
    users = get_user_model().objects.in_bulk(data.judge_ids)
    names = {pk: judge_name(user) for pk, user in users.items()}
    criteria = {criterion.pk: criterion for criterion in data.criteria}
    judges = [
        {
            "name": names[row.judge_id],
            "units": row.units,
            "mean": shown(row.mean),
            "spread": shown(row.spread),
            "others_mean": shown(row.others_mean),
            "others_spread": shown(row.others_spread),
            "difference": shown(row.difference, signed=True),
            "row": row,
        }
        for row in report.judges
    ]
    units = [
        {
            "unit": data.units[row.unit_id],
            "judges": row.judges,
            "mean": shown(row.mean),
            "spread": shown(row.spread),
            "lowest": format_score(row.lowest),
            "highest": format_score(row.highest),
            "range": format_score(row.range),
        }
        for row in report.units
    ]
    flagged = [
        {
            "judge": names[row.judge_id],
            "unit": data.units[row.unit_id],
            "criterion": criteria[row.criterion_id],
            "value": shown(row.value),
            "others_mean": shown(row.others_mean),
            "difference": shown(row.difference, signed=True),
        }
        for row in report.flagged
    ]
    normalized = {row.unit_id: row for row in report.normalized}
    ranking = [
        {
            "rank": row.rank,
            "unit": row.unit,
            "final_score": format_score(row.final_score),
            "mean_z": shown(normalized[row.unit.pk].mean_z, signed=True),
            "z_rank": normalized[row.unit.pk].rank,
        }
        for row in table.ranked_rows
    ]
    return CalibrationPage(
        report=report,
        w=shown(report.agreement.w),
        agreement_label=agreement_label(report.agreement.w),
        judges=judges,
        units=units,
        flagged=flagged,
        ranking=ranking,
        unranked_count=len(table.incomplete_rows),
        chart=judge_chart(judges),
        threshold=shown(report.threshold, places=1),
    )


def judge_chart(judges):
    """Chart.js data for each judge with a complete sheet: the band mean ± spread of
    their unit scores, their mean and the others' mean, with the labels the tooltips
    show written by the server in the page's language."""
    rows = [row for row in judges if row["row"].mean is not None]
    return {
        "labels": [row["name"] for row in rows],
        "bands": [
            [row["row"].mean - row["row"].spread, row["row"].mean + row["row"].spread]
            for row in rows
        ],
        "means": [row["row"].mean for row in rows],
        "others": [row["row"].others_mean for row in rows],
        "band_labels": [f"{row['mean']} ± {row['spread']}" for row in rows],
        "mean_labels": [row["mean"] for row in rows],
        "others_labels": [row["others_mean"] for row in rows],
        "legend": {
            "band": _("Rata-rata ± simpangan baku"),
            "mean": _("Rata-rata juri"),
            "others": _("Rata-rata juri lain"),
        },
    }
