"""Staff screens of an evaluation period (/kelola/evaluasi/...): the period and its status,
the rubric, the judges, and the grid of scores.

Every view asks the permission first, then the method: an outsider gets 403 whatever
they send. Rules live in `services` and `rubric`; these views gather input and render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from villages.models import KampungKB
from villages.views.access import permission_required

from .. import rubric, services
from ..forms_periods import (
    AspectForm,
    CriterionForm,
    JudgeAddForm,
    JudgeRemoveForm,
    PeriodForm,
    ReopenForm,
    RubricCopyForm,
    RubricImportForm,
)
from ..history import PeriodTimeline
from ..models import (
    TWO_PLACES,
    Aspect,
    Conflict,
    Criterion,
    Period,
    format_number,
)
from ..permissions import ACTION_PERMISSIONS, MANAGE_PERIOD
from ..score_import import TableImportError
from ..selectors import (
    counted_score_counts,
    entry_grid,
    finalize_preview,
    judge_rows,
    kader_units_of,
    period_results,
    periods_with_progress,
    progress_input,
    progress_summary,
    publication_preview,
    scores_given_by,
)

START, FINALIZE, REOPEN, PUBLISH = (
    Period.Action.START,
    Period.Action.FINALIZE,
    Period.Action.REOPEN,
    Period.Action.PUBLISH,
)


def _period(year):
    return get_object_or_404(Period.objects.select_related("finalized_by"), year=year)


def _redirect_with_error(request, message, to, **kwargs):
    messages.error(request, message)
    return redirect(f"evaluations-manage:{to}", **kwargs)


# Periods


@permission_required(MANAGE_PERIOD)
@require_GET
def period_list(request):
    unit_count = KampungKB.objects.count()
    rows = []
    for period in periods_with_progress():
        given, expected = progress_summary(period, unit_count)
        rows.append({"period": period, "given": given, "expected": expected})
    return render(request, "evaluations/manage/period_list.html", {"rows": rows})


@permission_required(MANAGE_PERIOD)
def period_create(request):
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = services.create_period(
            data["year"],
            data["name"],
            held_on=data["held_on"],
            place=data["place"],
            min_unit_age_years=data["min_unit_age_years"],
            example_rubric=data["example_rubric"],
            double_entry=data["double_entry"],
            by=request.user,
        )
        messages.success(request, _("Periode %(year)s dibuat.") % {"year": period.year})
        return redirect("evaluations-manage:period-detail", year=period.year)
    return render(request, "evaluations/manage/period_form.html", {"form": form, "period": None})


@permission_required(MANAGE_PERIOD)
def period_update(request, year):
    period = _period(year)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        period = form.save(commit=False)
        period._history_user = request.user
        period.save()
        messages.success(request, _("Periode %(year)s disimpan.") % {"year": period.year})
        return redirect("evaluations-manage:period-detail", year=period.year)
    return render(
        request,
        "evaluations/manage/period_form.html",
        {"form": form, "period": Period.objects.get(pk=period.pk)},
    )


def available_actions(period, user):
    """The status steps `user` may take from here, in the order the buttons show them."""
    return [
        action
        for action in period.available_actions()
        if user.has_perm(ACTION_PERMISSIONS[action], period)
    ]


@permission_required(MANAGE_PERIOD)
@require_GET
def period_detail(request, year):
    period = _period(year)
    progress = progress_input(period)
    judges = judge_rows(progress)
    history = (
        Period.history.filter(id=period.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:20]
    )
    context = {
        "period": period,
        "actions": available_actions(period, request.user),
        "reopen_form": ReopenForm(),
        "judges": judges,
        "unit_count": len(progress.unit_ids),
        "criterion_count": progress.criterion_count,
        "history": history,
        "entry_grid": entry_grid(period, progress, [row["judge"] for row in judges]),
    }
    return render(request, "evaluations/manage/period_detail.html", context)


HISTORY_PER_PAGE = 50


@permission_required(MANAGE_PERIOD)
@require_GET
def period_history(request, year):
    """Everything that changed in the period, newest first: its stages, rubric, judges,
    conflicts of interest and recommendations (`history.PeriodTimeline`)."""
    period = _period(year)
    page = Paginator(PeriodTimeline(period), HISTORY_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(
        request, "evaluations/manage/period_history.html", {"period": period, "page": page}
    )


def _confirm_finalize(request, period, error=None):
    context = {"period": period, "preview": finalize_preview(period), "error": error}
    return render(request, "evaluations/manage/period_confirm_finalize.html", context)


def _confirm_publish(request, period):
    context = {"period": period, "preview": publication_preview(period)}
    return render(request, "evaluations/manage/period_confirm_publish.html", context)


def _confirmed_count(value):
    """The number of incomplete sheets the user confirmed; 0 without a confirmation."""
    return int(value) if value and value.isdigit() else 0


@permission_required(MANAGE_PERIOD)
def period_transition(request, year):
    """Take a status step. Finalizing and publishing first show what they will do
    (without `confirm`) and take the step only once confirmed. A plain visit (a reload
    of the confirmation, a bookmark) goes back to the period page."""
    if request.method != "POST":
        return redirect("evaluations-manage:period-detail", year=year)
    period = _period(year)
    action = request.POST.get("action")
    confirmed = bool(request.POST.get("confirm"))
    try:
        if action == START:
            services.start_scoring(period, request.user)
            messages.success(request, _("Tahap penilaian dimulai: juri dapat mengisi nilai."))
        elif action == FINALIZE:
            if not confirmed and period.can(FINALIZE):
                return _confirm_finalize(request, period)
            try:
                services.finalize_period(
                    period,
                    request.user,
                    incomplete_confirmed=_confirmed_count(request.POST.get("belum_lengkap")),
                )
            except services.IncompleteNotConfirmed as refusal:
                return _confirm_finalize(request, period, error=refusal.message)
            messages.success(
                request,
                _("Periode %(year)s difinalkan: semua nilai terkunci.") % {"year": period.year},
            )
        elif action == REOPEN:
            # Through the form, which drops pasted control characters; an empty or refused
            # reason is the service's to report.
            form = ReopenForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.reopen_period(period, request.user, reason)
            messages.success(
                request,
                _("Periode %(year)s dibuka kembali; alasannya dicatat di riwayat.")
                % {"year": period.year},
            )
        elif action == PUBLISH:
            if not confirmed and period.can(PUBLISH):
                return _confirm_publish(request, period)
            services.publish_period(period, request.user)
            messages.success(
                request,
                _("Hasil evaluasi %(year)s kini dapat dilihat publik.") % {"year": period.year},
            )
        else:
            messages.error(request, _("Langkah yang diminta tidak dikenal."))
    except services.EvaluationError as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluations-manage:period-detail", year=period.year)


# Rubric


def _rubric_editable_or_refuse(request, period):
    """None while the rubric may be edited by hand; otherwise a redirect with the reason."""
    refusal = period.rubric_refusal()
    if refusal is None:
        return None
    return _redirect_with_error(request, refusal, "rubric", year=period.year)


@transaction.atomic
def _save_while_editable(period, form):
    """Save the form only if the rubric may still change once the period's row is locked."""
    if not Period.objects.select_for_update().get(pk=period.pk).rubric_is_editable:
        return False
    form.save()
    return True


@permission_required(MANAGE_PERIOD)
@require_GET
def rubric_page(request, year):
    period = _period(year)
    aspects = period.aspects.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
    )
    context = {
        "period": period,
        "aspects": aspects,
        "refusal": period.rubric_refusal(),
        "copy_form": RubricCopyForm(period=period),
    }
    return render(request, "evaluations/manage/rubric.html", context)


@permission_required(MANAGE_PERIOD)
def rubric_import(request, year):
    period = _period(year)
    form = RubricImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = rubric.import_rubric(period, form.cleaned_data["file"], by=request.user)
        except TableImportError as refused:
            errors = refused.errors
        else:
            messages.success(request, _("Rubrik diimpor: %(count)s kriteria.") % {"count": count})
            return redirect("evaluations-manage:rubric", year=period.year)
    context = {
        "period": period,
        "form": form,
        "errors": errors,
        "refusal": period.rubric_refusal(),
        "columns": rubric.RUBRIC_COLUMNS + rubric.OPTIONAL_RUBRIC_COLUMNS,
    }
    return render(request, "evaluations/manage/rubric_import.html", context)


@permission_required(MANAGE_PERIOD)
@require_GET
def rubric_export(request, year):
    period = _period(year)
    # A BOM so that spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + rubric.export_rubric(period), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="rubrik-{period.year}.csv"'
    return response


@permission_required(MANAGE_PERIOD)
def rubric_copy(request, year):
    period = _period(year)
    form = RubricCopyForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        try:
            count = rubric.copy_rubric(source, period, by=request.user)
        except TableImportError as refused:
            for error in refused.errors:
                messages.error(request, error)
        else:
            messages.success(
                request,
                _("Rubrik %(source)s disalin: %(count)s kriteria.")
                % {"source": source.year, "count": count},
            )
            return redirect("evaluations-manage:rubric", year=period.year)
    context = {"period": period, "form": form, "refusal": period.rubric_refusal()}
    return render(request, "evaluations/manage/rubric_copy.html", context)


@permission_required(MANAGE_PERIOD)
@require_POST
def rubric_adapted(request, year):
    period = _period(year)
    rubric.mark_rubric_adapted(period, by=request.user)
    messages.success(request, _("Rubrik ditandai sudah disesuaikan dengan pedoman resmi."))
    return redirect("evaluations-manage:rubric", year=period.year)


def _edit_rubric_item(request, period, form, template, context):
    refused = _rubric_editable_or_refuse(request, period)
    if refused:
        return refused
    if request.method == "POST" and form.is_valid():
        if not _save_while_editable(period, form):
            return _rubric_editable_or_refuse(request, Period.objects.get(pk=period.pk))
        messages.success(request, _("Rubrik disimpan."))
        return redirect("evaluations-manage:rubric", year=period.year)
    return render(request, template, {"period": period, "form": form, **context})


@permission_required(MANAGE_PERIOD)
def aspect_create(request, year):
    period = _period(year)
    form = AspectForm(
        request.POST or None,
        period=period,
        initial={"position": period.aspects.count()},
    )
    return _edit_rubric_item(
        request, period, form, "evaluations/manage/rubric_aspect_form.html", {"aspect": None}
    )


@permission_required(MANAGE_PERIOD)
def aspect_update(request, year, pk):
    period = _period(year)
    aspect = get_object_or_404(Aspect, period=period, pk=pk)
    form = AspectForm(request.POST or None, instance=aspect, period=period)
    return _edit_rubric_item(
        request, period, form, "evaluations/manage/rubric_aspect_form.html", {"aspect": aspect}
    )


@permission_required(MANAGE_PERIOD)
def criterion_create(request, year):
    period = _period(year)
    aspect = period.aspects.filter(pk=request.GET.get("aspek") or None).first()
    form = CriterionForm(
        request.POST or None, period=period, initial={"aspect": aspect, "min_score": 0}
    )
    return _edit_rubric_item(
        request,
        period,
        form,
        "evaluations/manage/rubric_criterion_form.html",
        {"criterion": None},
    )


@permission_required(MANAGE_PERIOD)
def criterion_update(request, year, pk):
    period = _period(year)
    criterion = get_object_or_404(Criterion, period=period, pk=pk)
    form = CriterionForm(request.POST or None, instance=criterion, period=period)
    return _edit_rubric_item(
        request,
        period,
        form,
        "evaluations/manage/rubric_criterion_form.html",
        {"criterion": criterion},
    )


def _delete_rubric_item(request, period, item, context):
    refused = _rubric_editable_or_refuse(request, period)
    if refused:
        return refused
    if request.method == "POST":
        with transaction.atomic():
            if not Period.objects.select_for_update().get(pk=period.pk).rubric_is_editable:
                return _rubric_editable_or_refuse(request, Period.objects.get(pk=period.pk))
            item.delete()
        messages.success(request, _("“%(item)s” dihapus.") % {"item": item})
        return redirect("evaluations-manage:rubric", year=period.year)
    return render(
        request,
        "evaluations/manage/rubric_confirm_delete.html",
        {"period": period, "item": item, **context},
    )


@permission_required(MANAGE_PERIOD)
def aspect_delete(request, year, pk):
    period = _period(year)
    aspects = Aspect.objects.filter(period=period).annotate(criterion_count=Count("criteria"))
    aspect = get_object_or_404(aspects, pk=pk)
    return _delete_rubric_item(
        request, period, aspect, {"criterion_count": aspect.criterion_count}
    )


@permission_required(MANAGE_PERIOD)
def criterion_delete(request, year, pk):
    period = _period(year)
    criterion = get_object_or_404(Criterion, period=period, pk=pk)
    return _delete_rubric_item(request, period, criterion, {"criterion_count": None})


# Judges


@permission_required(MANAGE_PERIOD)
def judges(request, year):
    period = _period(year)
    form = JudgeAddForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        users = form.cleaned_data["users"]
        try:
            services.assign_judges(period, users, by=request.user)
        except services.EvaluationError as refusal:
            messages.error(request, refusal.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Ditugaskan: %(names)s.") % {"names": ", ".join(u.username for u in users)},
            )
        return redirect("evaluations-manage:judges", year=period.year)
    progress = progress_input(period)
    rows = judge_rows(progress)
    kader_units = kader_units_of([row["judge"].pk for row in rows])
    for row in rows:
        row["kader_units"] = kader_units.get(row["judge"].pk, [])
    conflicts = (
        Conflict.objects.active()
        .filter(period=period)
        .select_related("judge", "unit__kelurahan")
        .order_by("judge__username", "unit__kelurahan__name")
    )
    context = {
        "period": period,
        "rows": rows,
        "form": form,
        "conflicts": conflicts,
        "unit_count": len(progress.unit_ids),
    }
    return render(request, "evaluations/manage/judges.html", context)


@permission_required(MANAGE_PERIOD)
@require_POST
def judge_remove(request, year):
    """Take a judge off the period, after a confirmation that says how many of their
    scores stop counting and, when there are any, asks why (kept in the history)."""
    period = _period(year)
    form = JudgeRemoveForm(request.POST, period=period)
    if not form.is_valid() and "user" in form.errors:
        return _redirect_with_error(
            request, _("Juri itu tidak ditugaskan di periode ini."), "judges", year=period.year
        )
    user = form.cleaned_data["user"]
    reason = form.cleaned_data.get("reason", "")
    scored = scores_given_by(period, user)
    # A refused reason (too long, a NUL) is shown on the confirmation, under its field.
    confirmed = request.POST.get("confirm") and not form.errors
    if not confirmed or (scored and not reason):
        if confirmed:
            form.add_error("reason", _("Tuliskan alasan melepas juri yang sudah memberi nilai."))
        return render(
            request,
            "evaluations/manage/judge_remove_confirm.html",
            {"period": period, "judge": user, "scored": scored, "form": form},
        )
    try:
        services.remove_judge(period, user, by=request.user, reason=reason)
    except services.EvaluationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s tidak lagi menjadi juri periode %(year)s; nilainya tidak dihitung.")
            % {"name": user.username, "year": period.year},
        )
    return redirect("evaluations-manage:judges", year=period.year)


# Grid


def aspect_groups(criteria):
    """[(aspect, [criteria])] for the grid header, keeping the rubric order."""
    groups = []
    for criterion in criteria:
        if groups and groups[-1][0].pk == criterion.aspect_id:
            groups[-1][1].append(criterion)
        else:
            groups.append((criterion.aspect, [criterion]))
    return groups


def grid_rows(results, data):
    """One row per unit in name order: each criterion's mean over the judges who count,
    written the Indonesian way, and how many of those judges have not scored it yet."""
    by_unit = {result.unit_id: result for result in results}
    counts = counted_score_counts(data)
    rows = []
    for unit_id, unit in data.units.items():
        result = by_unit[unit_id]
        cells = []
        for criterion in data.criteria:
            mean = result.criterion_means.get(criterion.pk)
            cells.append(
                {
                    "mean": None if mean is None else format_number(mean.quantize(TWO_PLACES)),
                    "missing": max(result.judge_count - counts[unit_id, criterion.pk], 0),
                }
            )
        final = result.final_score
        rows.append(
            {
                "unit": unit,
                "cells": cells,
                "result": result,
                "final_score": None if final is None else format_number(final),
            }
        )
    return rows


@permission_required(MANAGE_PERIOD)
@require_GET
def grid(request, year):
    period = _period(year)
    results, data = period_results(period)
    context = {
        "period": period,
        "judges": judge_rows(data.progress_input()),
        "groups": aspect_groups(data.criteria),
        "criteria": data.criteria,
        "rows": grid_rows(results, data),
        "unit_count": len(data.units),
    }
    return render(request, "evaluations/manage/grid.html", context)
