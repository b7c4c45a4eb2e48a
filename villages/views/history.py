from django.core.paginator import Paginator
from django.shortcuts import render

from ..history import UnitTimeline
from ..permissions import VIEW_HISTORY
from .access import permission_required, unit_in_url

ENTRIES_PER_PAGE = 50


# Staff only; a staff member may manage every unit, so MANAGE_UNIT needs no second check.
@permission_required(VIEW_HISTORY, fn=unit_in_url)
def unit_history(request, slug):
    unit = unit_in_url(request, slug)
    page = Paginator(UnitTimeline(unit), ENTRIES_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "manage/history.html", {"unit": unit, "page": page})
