"""Results of an evaluation period: the public ranking once published, the staff view at
any stage, the CSV and XLSX exports and the printable recap (berita acara)."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

import pagecache
from villages.cache_tags import REGIONS, UNITS
from villages.views.access import permission_required

from .. import exports
from ..cache_tags import EVALUATIONS
from ..models import Period
from ..permissions import VIEW_ALL_SCORES
from ..results import published_table, results_table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@pagecache.cache_page(EVALUATIONS)
def period_list(request):
    periods = Period.objects.published().order_by("-year")
    return render(request, "evaluations/results_period_list.html", {"periods": periods})


@require_safe
@pagecache.cache_page(EVALUATIONS, UNITS, REGIONS)
def results(request, year):
    period = get_object_or_404(Period.objects.published(), year=year)
    table = published_table(period, request.GET.get("halaman"))
    return render(request, "evaluations/results.html", {"period": period, "table": table})


@require_safe
@pagecache.cache_page(EVALUATIONS, UNITS, REGIONS)
def results_csv(request, year):
    """Public once the period is published; staff may download it at any stage.

    Anonymous downloads of a published period are page-cached: at national scale the
    file takes the full computation with every aspect subtotal (seconds). Staff, signed
    in, always get a fresh one."""
    period = get_object_or_404(Period, year=year)
    if not period.is_published and not request.user.has_perm(VIEW_ALL_SCORES):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="hasil-evaluasi-{period.year}.csv"'
    exports.write_csv(results_table(period), response)
    return response


@permission_required(VIEW_ALL_SCORES)
@require_safe
def manage_results(request, year):
    period = get_object_or_404(Period, year=year)
    table = results_table(period)
    return render(request, "evaluations/results_manage.html", {"period": period, "table": table})


@permission_required(VIEW_ALL_SCORES)
@require_safe
def results_xlsx(request, year):
    period = get_object_or_404(Period, year=year)
    stream = io.BytesIO()
    exports.write_xlsx(results_table(period), stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="hasil-evaluasi-{period.year}.xlsx"'
    return response


@permission_required(VIEW_ALL_SCORES)
@require_safe
def recap(request, year):
    period = get_object_or_404(Period, year=year)
    table = results_table(period)
    return render(request, "evaluations/recap.html", {"period": period, "table": table})
