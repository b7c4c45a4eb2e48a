"""Competition entries: staff pages under /kelola/evaluasi/lomba/, public /prestasi/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

import pagecache
from evaluations.permissions import MANAGE_PERIOD
from villages.cache_tags import REGIONS, UNITS
from villages.views.access import loaded_once, permission_required

from .cache_tags import COMPETITIONS
from .forms import (
    DocumentForm,
    EntryFilterForm,
    EntryForm,
    NominationForm,
    StageForm,
)
from .models import Entry, EntryDocument, EntryStage
from .permissions import VIEW_ENTRY_READINESS
from .selectors import entries_for_staff, locked_periods, nomination_candidates, readiness_for
from .services import (
    add_stage,
    create_entry,
    create_national_entry,
    delete_stage,
    fill_derived_fields,
    move_stage,
    nominate,
)

TEMPLATES = "competitions/"


def _post_only(request):
    # Called after the permission gate, so an outsider gets 403 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _entry(pk):
    return get_object_or_404(Entry.objects.with_unit_region(), pk=pk)


def _stage(entry, stage_pk):
    return get_object_or_404(EntryStage, entry=entry, pk=stage_pk)


@permission_required(MANAGE_PERIOD)
def entry_list(request):
    today = timezone.localdate()
    entries = list(entries_for_staff())
    readiness = readiness_for([entry for entry in entries if entry.is_beyond_city], today)
    rows = [
        {
            "entry": entry,
            "reached": entry.stage_reached(),
            "next": entry.next_dated_stage(today),
            "readiness": readiness.get(entry.pk),
        }
        for entry in entries
    ]
    return render(
        request, TEMPLATES + "entry_list.html", {"rows": rows, "periods": locked_periods()}
    )


@permission_required(MANAGE_PERIOD)
def entry_create(request):
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = create_entry(form.save(commit=False), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entri lomba disimpan."))
            return redirect("competitions-manage:entry-detail", pk=entry.pk)
    return render(request, TEMPLATES + "entry_form.html", {"form": form, "entry": None})


@permission_required(MANAGE_PERIOD)
def entry_update(request, pk):
    entry = _entry(pk)
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        fill_derived_fields(form.instance).save()
        messages.success(request, _("Entri lomba disimpan."))
        return redirect("competitions-manage:entry-detail", pk=entry.pk)
    return render(request, TEMPLATES + "entry_form.html", {"form": form, "entry": entry})


@permission_required(MANAGE_PERIOD)
def entry_detail(request, pk):
    entry = _entry(pk)
    stages = list(entry.stages.all())
    national = None
    if entry.may_go_national:
        national = Entry.objects.filter(
            unit=entry.unit, year=entry.year, level=Entry.Level.NATIONAL
        ).first()
    return render(
        request,
        TEMPLATES + "entry_detail.html",
        {
            "entry": entry,
            "stages": stages,
            "reached": entry.stage_reached(),
            "documents": entry.documents.all(),
            "readiness": readiness_for([entry]).get(entry.pk) if entry.is_beyond_city else None,
            "national": national,
        },
    )


@permission_required(MANAGE_PERIOD)
def entry_nominate(request, year):
    period = get_object_or_404(locked_periods(), year=year)
    candidates, suggested_id = nomination_candidates(period)
    form = NominationForm(
        request.POST or None, candidates=candidates, initial={"unit": suggested_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = nominate(
                period,
                form.cleaned_data["unit"],
                by=request.user,
                override_reason=form.cleaned_data["override_reason"],
                organiser=form.cleaned_data["organiser"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(unit)s diusulkan ke seleksi tingkat provinsi %(year)s.")
                % {"unit": entry.unit, "year": entry.year},
            )
            return redirect("competitions-manage:entry-detail", pk=entry.pk)
    chosen = str(form["unit"].value() or "")
    return render(
        request,
        TEMPLATES + "nominate.html",
        {
            "period": period,
            "candidates": candidates,
            "suggested_id": suggested_id,
            "chosen": chosen,
            "form": form,
            "existing": Entry.objects.filter(
                year=period.year, level=Entry.Level.PROVINCIAL
            ).select_related("unit__kelurahan"),
        },
    )


@permission_required(MANAGE_PERIOD)
def entry_national(request, pk):
    entry = _entry(pk)
    if refused := _post_only(request):
        return refused
    try:
        national = create_national_entry(entry, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("competitions-manage:entry-detail", pk=entry.pk)
    messages.success(request, _("Entri seleksi nasional dibuat."))
    return redirect("competitions-manage:entry-detail", pk=national.pk)


@permission_required(MANAGE_PERIOD)
def entry_stage_create(request, pk):
    entry = _entry(pk)
    form = StageForm(request.POST or None, instance=EntryStage(entry=entry))
    if request.method == "POST" and form.is_valid():
        add_stage(form.save(commit=False), by=request.user)
        messages.success(request, _("Tahap ditambahkan."))
        return redirect("competitions-manage:entry-detail", pk=entry.pk)
    return render(
        request, TEMPLATES + "stage_form.html", {"entry": entry, "form": form, "stage": None}
    )


@permission_required(MANAGE_PERIOD)
def entry_stage_update(request, pk, stage_pk):
    entry = _entry(pk)
    stage = _stage(entry, stage_pk)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Tahap “%(name)s” disimpan.") % {"name": stage.name})
        return redirect("competitions-manage:entry-detail", pk=entry.pk)
    return render(
        request, TEMPLATES + "stage_form.html", {"entry": entry, "form": form, "stage": stage}
    )


@permission_required(MANAGE_PERIOD)
def entry_stage_move(request, pk, stage_pk):
    entry = _entry(pk)
    stage = _stage(entry, stage_pk)
    if refused := _post_only(request):
        return refused
    move_stage(stage, -1 if request.POST.get("arah") == "naik" else 1, by=request.user)
    return redirect("competitions-manage:entry-detail", pk=entry.pk)


@permission_required(MANAGE_PERIOD)
def entry_stage_delete(request, pk, stage_pk):
    entry = _entry(pk)
    stage = _stage(entry, stage_pk)
    if refused := _post_only(request):
        return refused
    delete_stage(stage, by=request.user)
    messages.success(request, _("Tahap “%(name)s” dihapus.") % {"name": stage.name})
    return redirect("competitions-manage:entry-detail", pk=entry.pk)


@permission_required(MANAGE_PERIOD)
def entry_document_create(request, pk):
    entry = _entry(pk)
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=EntryDocument(entry=entry)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Dokumen diunggah."))
        return redirect("competitions-manage:entry-detail", pk=entry.pk)
    return render(request, TEMPLATES + "document_form.html", {"entry": entry, "form": form})


@permission_required(MANAGE_PERIOD)
def entry_document_delete(request, pk, document_pk):
    entry = _entry(pk)
    document = get_object_or_404(EntryDocument, entry=entry, pk=document_pk)
    if refused := _post_only(request):
        return refused
    document.file.delete(save=False)
    document.delete()
    messages.success(request, _("Dokumen dihapus."))
    return redirect("competitions-manage:entry-detail", pk=entry.pk)


def _readiness_entry(request, pk):
    return loaded_once(request, "entry", lambda: _entry(pk))


@permission_required(VIEW_ENTRY_READINESS, fn=_readiness_entry)
def entry_readiness(request, pk):
    """What the judges will look at, for the unit's kader (and staff): what to fix."""
    entry = _readiness_entry(request, pk)
    return render(
        request,
        TEMPLATES + "readiness.html",
        {"entry": entry, "readiness": readiness_for([entry])[entry.pk]},
    )


@require_safe
@pagecache.cache_page(COMPETITIONS, UNITS, REGIONS)
def public_list(request):
    entries = Entry.objects.public()
    years = (
        entries.filter(year__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    filter_form = EntryFilterForm(request.GET, years=list(years))
    entries = filter_form.filter(
        entries.with_unit_region().prefetch_related("stages").newest_first()
    )
    return render(
        request,
        TEMPLATES + "public_list.html",
        {"entries": entries, "filter_form": filter_form},
    )


@require_safe
@pagecache.cache_page(COMPETITIONS, UNITS, REGIONS)
def public_detail(request, pk):
    entry = get_object_or_404(
        Entry.objects.public().with_unit_region().prefetch_related("stages"), pk=pk
    )
    return render(
        request,
        TEMPLATES + "public_detail.html",
        {"entry": entry, "stages": entry.stages.all(), "reached": entry.stage_reached()},
    )
