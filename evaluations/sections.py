"""What evaluations and competitions add to the pages villages owns (`villages.sections`).

Registered from `EvaluationsConfig.ready()`. The competition sections are registered
apart, in `register_competition_sections`, so they can move with the competition code.
The context functions are the template tags' own, so each section runs the queries its
tag documents.
"""

from kampungkb import page_cache
from villages import sections


def register_evaluation_sections():
    from .templatetags import coaching_tags, evaluation_tags, judging_tags

    sections.register(
        sections.UNIT_PAGE,
        "evaluation-results",
        "evaluations/includes/unit_results.html",
        lambda request, unit: evaluation_tags.unit_results(unit),
        order=10,
        # Frozen standings change when a period is published or reopened.
        page_cache_tags=(page_cache.PUBLISHED,),
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


def register_competition_sections():
    from .templatetags import competition_tags

    sections.register(
        sections.UNIT_PAGE,
        "competition-achievements",
        "evaluations/competitions/tags/unit_achievements.html",
        # The unit's entries and stages bump the unit's own tag, which the page reads.
        lambda request, unit: competition_tags.unit_achievements(unit),
        order=20,
    )
    sections.register(
        sections.HOME,
        "running-selection",
        "evaluations/competitions/tags/running_selection.html",
        lambda request: competition_tags.running_selection(),
        order=10,
        page_cache_tags=(page_cache.COMPETITIONS,),
    )
    sections.register(
        sections.DASHBOARD_LINKS,
        "competition-entries",
        "evaluations/competitions/tags/dashboard_entry_link.html",
        lambda request: {},
        order=20,
    )
    sections.register(
        sections.DASHBOARD,
        "staff-competition-panel",
        "evaluations/competitions/tags/staff_panel.html",
        lambda request: competition_tags.staff_competition_panel({"user": request.user}),
        order=30,
    )
    sections.register(
        sections.UNIT_HOME,
        "readiness-card",
        "evaluations/competitions/tags/readiness_card.html",
        lambda request, unit: competition_tags.unit_readiness_card({"user": request.user}, unit),
        order=20,
    )
