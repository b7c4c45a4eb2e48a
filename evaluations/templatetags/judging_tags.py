"""The judge's card on the workspace dashboard:
``{% load judging_tags %}{% judge_dashboard_card user %}``.

It lists the periods open for scoring that the user judges, with their progress and a
link to the units to score, and renders nothing for anyone else.
"""

from django import template

from villages.models import KampungKB

from ..models import Period, format_number
from ..permissions import assigned_period_ids
from ..selectors import judge_sheets

register = template.Library()


@register.inclusion_tag("evaluations/manage/judge_dashboard_card.html")
def judge_dashboard_card(user):
    period_ids = assigned_period_ids(user)
    periods = []
    if period_ids:
        periods = list(
            Period.objects.filter(pk__in=period_ids, status=Period.Status.SCORING).order_by(
                "-year"
            )
        )
    if not periods:
        return {"periods": []}
    units = KampungKB.objects.only("pk")
    sheets = judge_sheets(periods, user, units)
    return {"periods": [(period, sheets[period.pk].progress) for period in periods]}


@register.filter
def decimal_comma(value):
    """A saved score as people write it in the active language: 2,5 and 4, not 2.50."""
    return "" if value is None or value == "" else format_number(value)
