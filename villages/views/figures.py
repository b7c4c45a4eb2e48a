"""Workspace views for a unit's figures: list, add, edit, CSV import and its template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ..figure_forms import DataImportForm, UnitDataForm, column_descriptions, template_csv
from ..figures import derived_rates
from .access import get_unit_for_manager


@login_required
def data_list(request, slug):
    unit = get_unit_for_manager(request, slug)
    records = [
        {"record": record, "rates": derived_rates(record)}
        for record in unit.data.newest_first().select_related("created_by")
    ]
    return render(request, "manage/data_list.html", {"unit": unit, "records": records})


@login_required
def data_create(request, slug):
    unit = get_unit_for_manager(request, slug)
    form = UnitDataForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        record = form.save()
        messages.success(request, _("Data %(period)s disimpan.") % {"period": record.period_label})
        return redirect("manage:data-list", unit.slug)
    return render(request, "manage/data_form.html", {"unit": unit, "form": form})


@login_required
def data_update(request, slug, pk):
    unit = get_unit_for_manager(request, slug)
    record = get_object_or_404(unit.data.all(), pk=pk)
    form = UnitDataForm(request.POST or None, instance=record, unit=unit)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        messages.success(
            request, _("Data %(period)s diperbarui.") % {"period": record.period_label}
        )
        return redirect("manage:data-list", unit.slug)
    return render(request, "manage/data_form.html", {"unit": unit, "form": form, "record": record})


@login_required
def data_import(request, slug):
    unit = get_unit_for_manager(request, slug)
    form = DataImportForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        saved = form.save(request.user)
        messages.success(
            request, _("%(count)s baris data berhasil diimpor.") % {"count": len(saved)}
        )
        return redirect("manage:data-list", unit.slug)
    return render(
        request,
        "manage/data_import.html",
        {"unit": unit, "form": form, "columns": column_descriptions()},
    )


@login_required
def data_template(request, slug):
    unit = get_unit_for_manager(request, slug)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="templat-data-{unit.slug}.csv"'
    return response


urlpatterns = [
    path("kampung/<slug:slug>/data/", data_list, name="data-list"),
    path("kampung/<slug:slug>/data/tambah/", data_create, name="data-create"),
    path("kampung/<slug:slug>/data/<int:pk>/ubah/", data_update, name="data-update"),
    path("kampung/<slug:slug>/data/impor/", data_import, name="data-import"),
    path("kampung/<slug:slug>/data/templat.csv", data_template, name="data-template"),
]
