"""The calibration page of a period (staff): how the judges' scores compare, for
discussion before finalizing. The numbers come from `calibration.calibrate`."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from villages.views.access import permission_required

from ..calibration_page import calibration_page
from ..models import Period
from ..permissions import VIEW_ALL_SCORES


@permission_required(VIEW_ALL_SCORES)
@require_safe
def calibration(request, year):
    period = get_object_or_404(Period, year=year)
    page = calibration_page(period, settings.CALIBRATION_FLAG_THRESHOLD)
    return render(request, "evaluations/manage/calibration.html", {"period": period, "page": page})
