"""The judge's card on the workspace dashboard:
``{% load judging_tags %}{% judge_dashboard_card user %}``.

It lists the periods open for scoring that the user judges, with their progress and a
link to the units to score, and renders nothing for anyone else.
"""

from django import template

from villages.permissions import is_juri

from ..models import Period, format_number
from ..permissions import assigned_period_ids
from ..selectors import judge_sheets, units_in_kelurahan_order

register = template.Library()


@register.inclusion_tag("evaluations/manage/judge_dashboard_card.html")
def judge_dashboard_card(user):
    """The judge's tasks, first on their dashboard: each period open for scoring that
    they judge, their progress and the next unit to score (the first in kelurahan order
    whose sheet is not complete). A judge with no such period is told so."""
    period_ids = assigned_period_ids(user)
    periods = []
    if period_ids:
        periods = list(
            Period.objects.filter(pk__in=period_ids, status=Period.Status.SCORING).order_by(
                "-year"
            )
        )
    if not periods:
        return {"periods": [], "is_judge": is_juri(user)}
    sheets = judge_sheets(periods, user, units_in_kelurahan_order())
    return {
        "periods": [
            (period, sheets[period.pk].progress, sheets[period.pk].next_row) for period in periods
        ],
        "is_judge": True,
    }


@register.filter
def typed_number(value):
    """A saved score as people write it in the active language: 2,5 and 4, not 2.50."""
    return "" if value is None or value == "" else format_number(value)
