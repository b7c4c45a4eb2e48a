from django.shortcuts import render

from .. import sections
from ..classification import public_level
from ..completeness import completeness_for
from ..figures_page import missing_rows
from ..models import KampungKB
from ..permissions import (
    MANAGE_UNIT,
    USE_WORKSPACE,
    VIEW_ALL_UNITS,
    is_kader,
    is_staf,
    kader_unit_ids,
)
from ..unit_classification import classifications_for, unit_classification
from .access import permission_required, unit_in_url


@permission_required(USE_WORKSPACE)
def dashboard(request):
    units = KampungKB.objects.with_region().order_by("kelurahan__name")
    if not request.user.has_perm(VIEW_ALL_UNITS):
        units = units.filter(pk__in=kader_unit_ids(request.user))
    context = {
        "units": units,
        # Staff and kader manage units; a judge who is neither is not told to ask for one.
        "manages_units": is_staf(request.user) or is_kader(request.user),
        "dashboard_links": sections.sections_for(sections.DASHBOARD_LINKS, request),
        "dashboard_sections": sections.sections_for(sections.DASHBOARD, request),
    }
    return render(request, "manage/dashboard.html", context)


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def unit_home(request, slug):
    unit = unit_in_url(request, slug)
    unit_sections = sections.sections_for(sections.UNIT_HOME, request, unit=unit)
    level = public_level(unit_classification(unit))
    return render(
        request,
        "manage/unit_home.html",
        {
            "unit": unit,
            "unit_sections": unit_sections,
            "level": level,
            "missing_rows": missing_rows(unit, level.missing),
        },
    )


@permission_required(VIEW_ALL_UNITS)
def overview(request):
    """Staff overview of every unit: completeness, computed level, last update."""
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
