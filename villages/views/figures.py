"""Workspace views for a unit's figures: list, add, edit, CSV import and its template."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..figure_forms import DataImportForm, UnitDataForm, column_descriptions, template_csv
from ..figures import derived_rates, field_label, missing_report_fields
from ..permissions import MANAGE_UNIT
from ..unit_classification import level_change_message, unit_classification
from .access import permission_required, unit_in_url


def report_status(record):
    """A record's missing report fields, as labels for the kader."""
    return [field_label(field) for field in missing_report_fields(record)]


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_list(request, slug):
    unit = unit_in_url(request, slug)
    records = [
        {"record": record, "rates": derived_rates(record), "missing": report_status(record)}
        for record in unit.data.newest_first().select_related("created_by")
    ]
    public = next((row["record"] for row in records if not row["missing"]), None)
    return render(
        request,
        "manage/data_list.html",
        {"unit": unit, "records": records, "public_record": public},
    )


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_create(request, slug):
    unit = unit_in_url(request, slug)
    form = UnitDataForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        before = unit_classification(unit).public_level
        form.instance.created_by = request.user
        record = form.save()
        messages.success(request, _("Data %(period)s disimpan.") % {"period": record.period_label})
        _tell_what_the_public_sees(request, unit, before, [record])
        return redirect("manage:data-list", unit.slug)
    return render(request, "manage/data_form.html", {"unit": unit, "form": form})


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_update(request, slug, pk):
    unit = unit_in_url(request, slug)
    record = get_object_or_404(unit.data.all(), pk=pk)
    missing = report_status(record)
    form = UnitDataForm(request.POST or None, instance=record, unit=unit)
    if request.method == "POST" and form.is_valid():
        before = unit_classification(unit).public_level
        record = form.save()
        messages.success(
            request, _("Data %(period)s diperbarui.") % {"period": record.period_label}
        )
        _tell_what_the_public_sees(request, unit, before, [record])
        return redirect("manage:data-list", unit.slug)
    return render(
        request,
        "manage/data_form.html",
        {"unit": unit, "form": form, "record": record, "missing": missing},
    )


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_import(request, slug):
    unit = unit_in_url(request, slug)
    form = DataImportForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        before = unit_classification(unit).public_level
        saved = form.save(request.user)
        messages.success(
            request, _("%(count)s baris data berhasil diimpor.") % {"count": len(saved)}
        )
        _tell_what_the_public_sees(request, unit, before, saved)
        return redirect("manage:data-list", unit.slug)
    return render(
        request,
        "manage/data_import.html",
        {"unit": unit, "form": form, "columns": column_descriptions()},
    )


def _tell_what_the_public_sees(request, unit, level_before, saved):
    """After a save: which saved reports are incomplete (kept, not published), and how
    the public level changed."""
    incomplete = [
        ngettext(
            "%(period)s (%(count)s isian kosong)",
            "%(period)s (%(count)s isian kosong)",
            len(missing),
        )
        % {"period": record.period_label, "count": len(missing)}
        for record in saved
        if (missing := missing_report_fields(record))
    ]
    if incomplete:
        messages.warning(
            request,
            _(
                "Laporan belum lengkap: %(reports)s. Laporan ini disimpan, tetapi halaman "
                "publik tetap memakai laporan lengkap terakhir."
            )
            % {"reports": ", ".join(incomplete)},
        )
    change = level_change_message(level_before, unit_classification(unit).public_level)
    if change:
        messages.info(request, change)


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def data_template(request, slug):
    unit = unit_in_url(request, slug)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="templat-data-{unit.slug}.csv"'
    return response
