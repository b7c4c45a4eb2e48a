"""Competition entries on pages other apps own: the unit page, the home page, the
workspace dashboard and the unit hub. Each tag runs a fixed number of queries."""

import datetime

from django import template
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from competitions.models import Entry, EntryStage, is_running_condition
from competitions.permissions import VIEW_ENTRY_READINESS
from competitions.selectors import readiness_for
from evaluations.models import Period
from evaluations.permissions import MANAGE_PERIOD

register = template.Library()

UPCOMING_DAYS = 60
RECENT_RESULTS = 3


@register.filter(needs_autoescape=True)
def source_links(text, autoescape=True):
    """Sources as text with their URLs linked, opened without handing over the portal."""
    html = urlize(text or "", trim_url_limit=40, nofollow=True, autoescape=autoescape)
    html = html.replace('rel="nofollow"', 'rel="nofollow noopener"')
    return mark_safe(html.replace("\n", "<br>"))


def _with_progress(entries, today):
    return [
        {"entry": entry, "reached": entry.stage_reached(), "next": entry.next_dated_stage(today)}
        for entry in entries
    ]


@register.inclusion_tag("competitions/tags/unit_achievements.html")
def unit_achievements(unit):
    """The unit page's list of selections entered and their results. Two queries."""
    entries = unit.competition_entries.prefetch_related("stages").newest_first()
    return {"unit": unit, "rows": _with_progress(entries, timezone.localdate())}


@register.inclusion_tag("competitions/tags/running_selection.html")
def running_selection():
    """The home page: where the newest year's entries stand at each level, selections
    under way (stage reached, next date), latest results.

    Two queries: the entries of all three parts in one read (`home_entries`), their stages.
    """
    today = timezone.localdate()
    entries = home_entries()
    current = [entry for entry in entries if entry.is_current]
    # The city's own evaluation is its selection: without a kota entry, that year's
    # published results say where the units stand at kota level.
    city_results = current and current[0].city_results_published
    return {
        "rows": _with_progress([entry for entry in entries if entry.is_running], today),
        "results": [entry for entry in entries if entry.is_recent_result],
        "current_year": current[0].year if current else None,
        "current_levels": [
            {
                "level": label,
                "rows": _with_progress([e for e in current if e.level == level], today),
                "results_url": (
                    reverse("evaluations:results", args=[current[0].year])
                    if level == Entry.Level.CITY and city_results
                    else ""
                ),
            }
            for level, label in Entry.Level.choices
        ]
        if current
        else [],
    }


def home_entries():
    """The public entries the home page shows, newest first, each marked with the parts it
    belongs to: ``is_running`` (a provincial or national selection under way),
    ``is_current`` (of the newest year with an entry) and ``is_recent_result`` (one of
    the three newest provincial or national results), and whether the city's evaluation of
    its year is published (``city_results_published``). Two queries."""
    public = Entry.objects.public()
    newest_year = public.exclude(year=None).order_by("-year").values("year")[:1]
    recent_results = (
        public.beyond_city().exclude(result="").newest_first().values("pk")[:RECENT_RESULTS]
    )
    flag = {"output_field": BooleanField()}
    return list(
        public.annotate(
            is_running=ExpressionWrapper(is_running_condition(), **flag),
            is_current=ExpressionWrapper(Q(year=Subquery(newest_year)), **flag),
            is_recent_result=ExpressionWrapper(Q(pk__in=Subquery(recent_results)), **flag),
            city_results_published=Exists(
                Period.objects.published().filter(year=OuterRef("year"))
            ),
        )
        .filter(Q(is_running=True) | Q(is_current=True) | Q(is_recent_result=True))
        .with_unit_region()
        .prefetch_related("stages")
        .newest_first()
    )


@register.inclusion_tag("competitions/tags/staff_panel.html", takes_context=True)
def staff_competition_panel(context):
    """The staff dashboard: stage dates in the next 60 days and the open entries with
    their readiness. Nothing for other users; seven queries for staff."""
    user = context.get("user")
    if user is None or not user.has_perm(MANAGE_PERIOD):
        return {"show": False}
    today = timezone.localdate()
    upcoming = (
        EntryStage.objects.filter(
            outcome=EntryStage.Outcome.SCHEDULED,
            date__gte=today,
            date__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
        )
        .select_related("entry__unit__kelurahan")
        .order_by("date", "position")
    )
    open_entries = list(
        Entry.objects.running().with_unit_region().prefetch_related("stages").newest_first()
    )
    readiness = readiness_for(open_entries, today)
    rows = _with_progress(open_entries, today)
    for row in rows:
        row["readiness"] = readiness[row["entry"].pk]
    return {"show": True, "upcoming": upcoming, "rows": rows, "days": UPCOMING_DAYS}


@register.inclusion_tag("competitions/tags/readiness_card.html", takes_context=True)
def unit_readiness_card(context, unit):
    """The unit hub's card: for each open entry, how many checklist items are green."""
    user = context.get("user")
    entries = [
        entry
        for entry in Entry.objects.running()
        .filter(unit=unit)
        .select_related("unit__kelurahan__kecamatan__city__province")
        .newest_first()
        if user is not None and user.has_perm(VIEW_ENTRY_READINESS, entry)
    ]
    readiness = readiness_for(entries)
    return {"unit": unit, "rows": [(entry, readiness[entry.pk]) for entry in entries]}
