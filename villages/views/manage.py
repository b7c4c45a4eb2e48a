from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import sections
from ..completeness import completeness_for
from ..models import KampungKB
from ..permissions import USE_WORKSPACE, VIEW_ALL_UNITS, kader_unit_ids
from ..unit_classification import classifications_for
from .access import get_unit_for_manager, require_perm


@login_required
def dashboard(request):
    require_perm(request, USE_WORKSPACE)
    units = KampungKB.objects.with_region().order_by("kelurahan__name")
    if not request.user.has_perm(VIEW_ALL_UNITS):
        units = units.filter(pk__in=kader_unit_ids(request.user))
    context = {
        "units": units,
        "dashboard_links": sections.sections_for(sections.DASHBOARD_LINKS, request),
        "dashboard_sections": sections.sections_for(sections.DASHBOARD, request),
    }
    return render(request, "manage/dashboard.html", context)


@login_required
def unit_home(request, slug):
    unit = get_unit_for_manager(request, slug)
    unit_sections = sections.sections_for(sections.UNIT_HOME, request, unit=unit)
    return render(request, "manage/unit_home.html", {"unit": unit, "unit_sections": unit_sections})


@login_required
def overview(request):
    """Staff overview of every unit: completeness, computed level, last update."""
    require_perm(request, VIEW_ALL_UNITS)
    units = list(KampungKB.objects.with_region().order_by("kelurahan__name"))
    completeness = completeness_for(units)
    levels = classifications_for(units)
    rows = [
        {"unit": unit, "completeness": completeness[unit.pk], "classification": levels[unit.pk]}
        for unit in units
    ]
    if request.GET.get("urut") == "kelengkapan":
        rows.sort(key=lambda row: row["completeness"].percent)
    return render(request, "manage/overview.html", {"rows": rows})
