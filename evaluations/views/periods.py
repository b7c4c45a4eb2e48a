"""Staff screens of an evaluation period (/kelola/evaluasi/...): the period and its status,
the rubric, the judges, and the grid of scores.

Every view asks the permission first, then the method: an outsider gets 403 whatever
they send. Rules live in `services` and `rubric`; these views gather input and render.
"""

from collections import Counter
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from villages.models import KampungKB
from villages.views.access import require_perm

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
from ..judging import period_progress
from ..models import (
    TWO_PLACES,
    Aspect,
    Conflict,
    Criterion,
    JudgeAssignment,
    Period,
    Score,
    format_number,
)
from ..permissions import ACTION_PERMISSIONS, MANAGE_PERIOD
from ..score_import import TableImportError
from .coaching import urlpatterns as coaching_urls

START, FINALIZE, REOPEN, PUBLISH = (
    Period.Action.START,
    Period.Action.FINALIZE,
    Period.Action.REOPEN,
    Period.Action.PUBLISH,
)


def staff_only(view):
    """Login, then `evaluations.manage_period`, before anything else the view does."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        require_perm(request, MANAGE_PERIOD)
        return view(request, *args, **kwargs)

    return checked


def _period(year):
    return get_object_or_404(Period.objects.select_related("finalized_by"), year=year)


def _redirect_with_error(request, message, to, **kwargs):
    messages.error(request, message)
    return redirect(f"evaluations-manage:{to}", **kwargs)


# Periods


def _count_of(rows):
    """A subquery counting `rows` (filtered on OuterRef) for each period, 0 when none."""
    # COUNT as a plain function, so the subquery has no GROUP BY and returns one row.
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0)


def periods_with_progress():
    """Every period, newest first, with its judge, criterion, exclusion and score counts."""
    this_period = OuterRef("pk")
    kader_links = KampungKB.kader.through.objects.filter(
        user__judge_assignments__period=this_period
    )
    is_kader = KampungKB.kader.through.objects.filter(
        user_id=OuterRef("judge_id"), kampungkb_id=OuterRef("unit_id")
    )
    return Period.objects.order_by("-year").annotate(
        judge_count=_count_of(JudgeAssignment.objects.filter(period=this_period)),
        criterion_count=_count_of(Criterion.objects.filter(period=this_period)),
        # The pairs of `excluded_pairs`, each once: kader links, then other conflicts.
        excluded_count=_count_of(kader_links)
        + _count_of(
            Conflict.objects.filter(
                period=this_period, judge__judge_assignments__period=this_period
            ).exclude(Exists(is_kader))
        ),
        score_count=_count_of(Score.objects.filter(period=this_period).counted()),
    )


def progress_summary(period, unit_count):
    """(scores in, scores expected) of every judge together, for the list page."""
    return period_progress(
        judge_count=period.judge_count,
        unit_count=unit_count,
        excluded_count=period.excluded_count,
        criterion_count=period.criterion_count,
        scored=period.score_count,
    )


@staff_only
@require_GET
def period_list(request):
    unit_count = KampungKB.objects.count()
    rows = []
    for period in periods_with_progress():
        given, expected = progress_summary(period, unit_count)
        rows.append({"period": period, "given": given, "expected": expected})
    return render(request, "evaluations/manage/period_list.html", {"rows": rows})


@staff_only
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
            by=request.user,
        )
        messages.success(request, _("Periode %(year)s dibuat.") % {"year": period.year})
        return redirect("evaluations-manage:period-detail", year=period.year)
    return render(request, "evaluations/manage/period_form.html", {"form": form, "period": None})


@staff_only
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


def judge_rows(progress_input):
    """Each assigned judge (a user) with their `services.JudgeProgress`, in one query."""
    progress = services.judge_progress(progress_input)
    users = get_user_model().objects.in_bulk([row.judge_id for row in progress])
    return [{"judge": users[row.judge_id], "progress": row} for row in progress]


@staff_only
@require_GET
def period_detail(request, year):
    period = _period(year)
    progress = services.progress_input(period)
    history = (
        Period.history.filter(id=period.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:20]
    )
    context = {
        "period": period,
        "actions": available_actions(period, request.user),
        "reopen_form": ReopenForm(),
        "judges": judge_rows(progress),
        "unit_count": len(progress.unit_ids),
        "criterion_count": progress.criterion_count,
        "history": history,
    }
    return render(request, "evaluations/manage/period_detail.html", context)


@staff_only
@require_POST
def period_transition(request, year):
    period = _period(year)
    action = request.POST.get("action")
    try:
        if action == START:
            services.start_scoring(period, request.user)
            messages.success(request, _("Tahap penilaian dimulai: juri dapat mengisi nilai."))
        elif action == FINALIZE:
            if not request.POST.get("confirm"):
                return render(
                    request, "evaluations/manage/period_confirm_finalize.html", {"period": period}
                )
            services.finalize_period(period, request.user)
            messages.success(
                request,
                _("Periode %(year)s difinalkan: semua nilai terkunci.") % {"year": period.year},
            )
        elif action == REOPEN:
            services.reopen_period(period, request.user, request.POST.get("reason"))
            messages.success(
                request,
                _("Periode %(year)s dibuka kembali; alasannya dicatat di riwayat.")
                % {"year": period.year},
            )
        elif action == PUBLISH:
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


@staff_only
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


@staff_only
def rubric_import(request, year):
    period = _period(year)
    form = RubricImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = rubric.import_rubric(period, form.cleaned_data["file"])
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


@staff_only
@require_GET
def rubric_export(request, year):
    period = _period(year)
    # A BOM so that spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + rubric.export_rubric(period), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="rubrik-{period.year}.csv"'
    return response


@staff_only
def rubric_copy(request, year):
    period = _period(year)
    form = RubricCopyForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        try:
            count = rubric.copy_rubric(source, period)
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


@staff_only
@require_POST
def rubric_adapted(request, year):
    period = _period(year)
    rubric.mark_rubric_adapted(period)
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


@staff_only
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


@staff_only
def aspect_update(request, year, pk):
    period = _period(year)
    aspect = get_object_or_404(Aspect, period=period, pk=pk)
    form = AspectForm(request.POST or None, instance=aspect, period=period)
    return _edit_rubric_item(
        request, period, form, "evaluations/manage/rubric_aspect_form.html", {"aspect": aspect}
    )


@staff_only
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


@staff_only
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


@staff_only
def aspect_delete(request, year, pk):
    period = _period(year)
    aspects = Aspect.objects.filter(period=period).annotate(criterion_count=Count("criteria"))
    aspect = get_object_or_404(aspects, pk=pk)
    return _delete_rubric_item(
        request, period, aspect, {"criterion_count": aspect.criterion_count}
    )


@staff_only
def criterion_delete(request, year, pk):
    period = _period(year)
    criterion = get_object_or_404(Criterion, period=period, pk=pk)
    return _delete_rubric_item(request, period, criterion, {"criterion_count": None})


# Judges


def kader_units_of(user_ids):
    """{user id: [units]} for the users who are kader of some unit: they do not judge those."""
    links = KampungKB.kader.through.objects.filter(user_id__in=user_ids).select_related(
        "kampungkb__kelurahan"
    )
    units = {}
    for link in links.order_by("kampungkb__kelurahan__name"):
        units.setdefault(link.user_id, []).append(link.kampungkb)
    return units


@staff_only
def judges(request, year):
    period = _period(year)
    form = JudgeAddForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        users = form.cleaned_data["users"]
        try:
            services.assign_judges(period, users)
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
    progress = services.progress_input(period)
    rows = judge_rows(progress)
    kader_units = kader_units_of([row["judge"].pk for row in rows])
    for row in rows:
        row["kader_units"] = kader_units.get(row["judge"].pk, [])
    conflicts = (
        Conflict.objects.filter(period=period)
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


@staff_only
@require_POST
def judge_remove(request, year):
    period = _period(year)
    form = JudgeRemoveForm(request.POST, period=period)
    if not form.is_valid():
        return _redirect_with_error(
            request, _("Juri itu tidak ditugaskan di periode ini."), "judges", year=period.year
        )
    user = form.cleaned_data["user"]
    try:
        services.remove_judge(period, user)
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


def counted_score_counts(data):
    """{(unit id, criterion id): number of scores that count}, in one pass over the rows
    (`results_input` reads only the scores that count)."""
    return Counter((row.unit_id, row.criterion_id) for row in data.scores)


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


@staff_only
@require_GET
def grid(request, year):
    period = _period(year)
    results, data = services.period_results(period)
    context = {
        "period": period,
        "judges": judge_rows(data.progress_input()),
        "groups": aspect_groups(data.criteria),
        "criteria": data.criteria,
        "rows": grid_rows(results, data),
        "unit_count": len(data.units),
    }
    return render(request, "evaluations/manage/grid.html", context)


urlpatterns = [
    path("", period_list, name="period-list"),
    path("tambah/", period_create, name="period-create"),
    path("<int:year>/", period_detail, name="period-detail"),
    path("<int:year>/ubah/", period_update, name="period-update"),
    path("<int:year>/tahap/", period_transition, name="period-transition"),
    path("<int:year>/rubrik/", rubric_page, name="rubric"),
    path("<int:year>/rubrik/impor/", rubric_import, name="rubric-import"),
    path("<int:year>/rubrik/ekspor/", rubric_export, name="rubric-export"),
    path("<int:year>/rubrik/salin/", rubric_copy, name="rubric-copy"),
    path("<int:year>/rubrik/disesuaikan/", rubric_adapted, name="rubric-adapted"),
    path("<int:year>/rubrik/aspek/tambah/", aspect_create, name="aspect-create"),
    path("<int:year>/rubrik/aspek/<int:pk>/ubah/", aspect_update, name="aspect-update"),
    path("<int:year>/rubrik/aspek/<int:pk>/hapus/", aspect_delete, name="aspect-delete"),
    path("<int:year>/rubrik/kriteria/tambah/", criterion_create, name="criterion-create"),
    path("<int:year>/rubrik/kriteria/<int:pk>/ubah/", criterion_update, name="criterion-update"),
    path("<int:year>/rubrik/kriteria/<int:pk>/hapus/", criterion_delete, name="criterion-delete"),
    path("<int:year>/juri/", judges, name="judges"),
    path("<int:year>/juri/hapus/", judge_remove, name="judge-remove"),
    path("<int:year>/grid/", grid, name="grid"),
    *coaching_urls,
]
