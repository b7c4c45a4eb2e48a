"""Workspace views for a unit's figures: list, add, edit, CSV import and its template."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..figure_forms import DataImportForm, UnitDataForm, column_descriptions, template_csv
from ..figures import derived_rates
from ..permissions import MANAGE_UNIT
from .access import permission_required, unit_in_url


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_list(request, slug):
    unit = unit_in_url(request, slug)
    records = [
        {"record": record, "rates": derived_rates(record)}
        for record in unit.data.newest_first().select_related("created_by")
    ]
    return render(request, "manage/data_list.html", {"unit": unit, "records": records})


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_create(request, slug):
    unit = unit_in_url(request, slug)
    form = UnitDataForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        record = form.save()
        messages.success(request, _("Data %(period)s disimpan.") % {"period": record.period_label})
        return redirect("manage:data-list", unit.slug)
    return render(request, "manage/data_form.html", {"unit": unit, "form": form})


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_update(request, slug, pk):
    unit = unit_in_url(request, slug)
    record = get_object_or_404(unit.data.all(), pk=pk)
    form = UnitDataForm(request.POST or None, instance=record, unit=unit)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        messages.success(
            request, _("Data %(period)s diperbarui.") % {"period": record.period_label}
        )
        return redirect("manage:data-list", unit.slug)
    return render(request, "manage/data_form.html", {"unit": unit, "form": form, "record": record})


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_import(request, slug):
    unit = unit_in_url(request, slug)
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


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_template(request, slug):
    unit = unit_in_url(request, slug)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="templat-data-{unit.slug}.csv"'
    return response
