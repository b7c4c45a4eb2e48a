"""What evaluations add to the pages villages owns (`villages.sections`).

Registered from `EvaluationsConfig.ready()`. The context functions are the template tags'
own, so each section runs the queries its tag documents.
"""

from django.utils.translation import gettext_lazy as _

from villages import sections

from .cache_tags import PUBLISHED


def register_evaluation_sections():
    from . import results
    from .templatetags import coaching_tags, evaluation_tags, judging_tags

    sections.register(
        sections.HOME,
        "latest-results",
        "evaluations/includes/home_top_units.html",
        lambda request: _top_units(results.latest_top_units()),
        order=5,
        page_cache_tags=(PUBLISHED,),
    )
    sections.register_unit_sort(
        "nilai",
        _("Nilai evaluasi terakhir"),
        results.with_latest_score,
        position=30,
        page_cache_tags=(PUBLISHED,),
        value=lambda unit: results.format_score(unit.latest_score),
        value_label=_("Nilai evaluasi terakhir"),
    )
    sections.register(
        sections.UNIT_PAGE,
        "evaluation-results",
        "evaluations/includes/unit_results.html",
        lambda request, unit: evaluation_tags.unit_results(unit),
        order=10,
        # Frozen standings change when a period is published or reopened.
        page_cache_tags=(PUBLISHED,),
    )
    sections.register(
        sections.DASHBOARD_LINKS,
        "evaluation-periods",
        "evaluations/manage/includes/dashboard_period_link.html",
        lambda request: {},
        order=10,
    )
    sections.register(
        sections.DASHBOARD,
        "judge-card",
        "evaluations/manage/judge_dashboard_card.html",
        lambda request: judging_tags.judge_dashboard_card(request.user),
        order=10,
    )
    sections.register(
        sections.DASHBOARD,
        "staff-evaluation-panel",
        "evaluations/manage/includes/staff_evaluation_panel.html",
        lambda request: evaluation_tags.staff_evaluation_panel(request.user),
        order=20,
    )
    sections.register(
        sections.UNIT_HOME,
        "coaching-card",
        "evaluations/manage/includes/coaching_card.html",
        lambda request, unit: coaching_tags.unit_coaching_card(unit),
        order=10,
    )


def _top_units(rows):
    if not rows:
        return None
    return {"period": rows[0].period, "rows": rows}
