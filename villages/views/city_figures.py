"""City-level figures (angka kota) in the /kelola/ workspace, for staff."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..city_figure_forms import CityFigureForm
from ..city_figures import figure_value
from ..models import CityFigure
from ..permissions import MANAGE_CITY_FIGURES
from .access import permission_required


@permission_required(MANAGE_CITY_FIGURES)
def figure_list(request):
    figures = list(CityFigure.objects.for_display())
    for figure in figures:
        figure.display_value = figure_value(figure)
    return render(request, "manage/city_figure_list.html", {"figures": figures})


@permission_required(MANAGE_CITY_FIGURES)
def figure_create(request):
    return _edit(request, CityFigure())


@permission_required(MANAGE_CITY_FIGURES)
def figure_update(request, pk):
    return _edit(request, get_object_or_404(CityFigure, pk=pk))


def _edit(request, figure):
    is_new = figure.pk is None
    form = CityFigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(
            request,
            _("Angka “%(name)s %(year)s” disimpan.")
            % {"name": saved.indicator_label, "year": saved.year},
        )
        return redirect("manage:city-figure-list")
    return render(
        request,
        "manage/city_figure_form.html",
        {"figure": figure, "form": form, "is_new": is_new},
    )
