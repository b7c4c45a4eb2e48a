from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..history import UnitTimeline
from ..permissions import VIEW_HISTORY
from .access import get_unit_for_manager, require_perm

ENTRIES_PER_PAGE = 50


@login_required
def unit_history(request, slug):
    unit = get_unit_for_manager(request, slug)
    require_perm(request, VIEW_HISTORY, unit)
    page = Paginator(UnitTimeline(unit), ENTRIES_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "manage/history.html", {"unit": unit, "page": page})
