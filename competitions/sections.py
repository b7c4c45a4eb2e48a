"""What competitions add to villages' pages: achievements, the running selection,
the staff panel and the readiness card."""

from villages import sections

from .cache_tags import COMPETITIONS


def register_sections():
    from .templatetags import competition_tags

    sections.register(
        sections.UNIT_PAGE,
        "competition-achievements",
        "competitions/tags/unit_achievements.html",
        # The unit's entries and stages bump the unit's own tag, which the page reads.
        lambda request, unit: competition_tags.unit_achievements(unit),
        order=20,
    )
    sections.register(
        sections.HOME,
        "running-selection",
        "competitions/tags/running_selection.html",
        lambda request: competition_tags.running_selection(),
        order=10,
        page_cache_tags=(COMPETITIONS,),
    )
    sections.register(
        sections.DASHBOARD_LINKS,
        "competition-entries",
        "competitions/tags/dashboard_entry_link.html",
        lambda request: {},
        order=20,
    )
    sections.register(
        sections.DASHBOARD,
        "staff-competition-panel",
        "competitions/tags/staff_panel.html",
        lambda request: competition_tags.staff_competition_panel({"user": request.user}),
        order=30,
    )
    sections.register(
        sections.UNIT_HOME,
        "readiness-card",
        "competitions/tags/readiness_card.html",
        lambda request, unit: competition_tags.unit_readiness_card({"user": request.user}, unit),
        order=20,
    )
