"""Template helpers for evaluation results: localized score formatting and a unit's
results by year for its public page (``{% load evaluation_tags %}{% unit_results unit %}``).
"""

from django import template
from django.contrib.auth import get_user_model

from ..judging import judge_progress
from ..models import Period, format_number
from ..permissions import MANAGE_PERIOD
from ..results import format_score, published_results_for_unit
from ..selectors import progress_input

register = template.Library()


@register.filter
def score(value):
    """Two decimals in the active language (84,13; 84.13 in English); a dash when none."""
    return format_score(value)


@register.inclusion_tag("evaluations/includes/unit_results.html")
def unit_results(unit):
    """The unit's rank, final score, completeness and eligibility in each published
    period, newest first; renders nothing when no period is published."""
    return {"unit": unit, "years": published_results_for_unit(unit)}


@register.filter
def number(value):
    """A weight or maximum as written in the rubric: 2,5 and 100, not 2.50 (2.5 in English)."""
    return format_number(value)


@register.filter
def aspect_lines(block, rows):
    """(row, [(criterion, mean), ...], subtotal) of each row for one aspect's breakdown
    table: each mean with its criterion, whose code labels the cell on a phone."""
    return [
        (row, list(zip(block.criteria, means, strict=True)), subtotal)
        for row, means, subtotal in block.lines(rows)
    ]


@register.filter
def aspect_subtotals(row, aspects):
    """(aspect, subtotal) of one ranking row, in rubric order, for its folded breakdown."""
    return [
        (block.aspect, subtotal)
        for block, subtotal in zip(aspects, row.aspect_scores, strict=True)
    ]


@register.inclusion_tag("evaluations/manage/includes/staff_evaluation_panel.html")
def staff_evaluation_panel(user):
    """For staff on /kelola/: the newest period, its stage and each judge's progress."""
    if not user.has_perm(MANAGE_PERIOD):
        return {"period": None}
    period = Period.objects.order_by("-year").first()
    if period is None:
        return {"period": None, "can_create": True}
    data = progress_input(period)
    users = {judge.pk: judge for judge in get_user_model().objects.filter(pk__in=data.judge_ids)}
    judges = [
        {"judge": users[progress.judge_id], "progress": progress}
        for progress in judge_progress(data)
    ]
    return {"period": period, "judges": judges}
