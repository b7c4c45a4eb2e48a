"""Judges' pages: the units to score, the score sheet, conflicts of interest, and the
staff upload of score files filled in during field visits."""

import io
from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.spreadsheets import safe_csv_writer
from villages.models import KampungKB, Kecamatan
from villages.views.access import loaded_once, permission_required, unit_in_url

from .. import services
from ..forms_judging import ConflictForm, ScoreFileForm, ScoreSheetForm
from ..models import Conflict, Criterion, Period, Score, UnitReview
from ..permissions import (
    DECLARE_CONFLICT,
    JUDGE_PERIOD,
    MANAGE_PERIOD,
    VIEW_ALL_SCORES,
    VIEW_COACHING,
    VIEW_UNIT_SCORES,
    ScoringTarget,
    assigned_period_ids,
    forget_cached_rules,
    reads_coaching_as_judge,
    scoring_refusal_for,
)
from ..score_import import SCORE_COLUMNS, TableImportError, import_scores, read_table
from ..selectors import (
    UnitStatus,
    earlier_coaching_notes,
    judge_sheets,
    own_sheet,
    unit_score_table,
    units_in_kelurahan_order,
)

# The name of the sheet's "Simpan dan lanjut" button: save, then go to the next unit.
SAVE_AND_NEXT = "lanjut"


def _period(request, year, **_kwargs):
    """The period at `year` (404 if none), read once per request: by the gate, then the view."""
    return loaded_once(request, "period", lambda: get_object_or_404(Period, year=year))


def _target(request, year, slug):
    return ScoringTarget(_period(request, year), unit_in_url(request, slug))


def _refused(request, period, unit, refusal, *, status=403):
    return render(
        request,
        "evaluations/manage/judge_refused.html",
        {"period": period, "unit": unit, "refusal": refusal},
        status=status,
    )


@permission_required(JUDGE_PERIOD, fn=_period)
def judge_home(request, year):
    period = _period(request, year)
    is_judge = period.pk in assigned_period_ids(request.user)
    units = list(KampungKB.objects.with_region().order_by("kelurahan__name"))
    if is_judge:
        sheets = judge_sheets([period], request.user, units)[period.pk]
        rows, progress = sheets.rows, sheets.progress
    else:
        rows = [UnitStatus(unit=unit, status=None, scored=0) for unit in units]
        progress = None
    kecamatan_list = list(Kecamatan.objects.order_by("name"))
    chosen = request.GET.get("kecamatan", "")
    if chosen:
        rows = [row for row in rows if row.unit.kelurahan.kecamatan.slug == chosen]
    return render(
        request,
        "evaluations/manage/judge_home.html",
        {
            "period": period,
            "is_judge": is_judge,
            "rows": rows,
            "progress": progress,
            "kecamatan_list": kecamatan_list,
            "chosen_kecamatan": chosen,
        },
    )


def _saved_scores(period, judge, unit):
    return {
        score.criterion_id: score
        for score in Score.objects.filter(period=period, judge=judge, unit=unit)
    }


@permission_required(JUDGE_PERIOD, fn=_period)
def score_sheet(request, year, slug):
    target = _target(request, year, slug)
    period, unit = target
    user = request.user
    refusal = scoring_refusal_for(user, target)
    sees_all = user.has_perm(VIEW_ALL_SCORES)
    if refusal and (request.method == "POST" or not (refusal.viewable or sees_all)):
        return _refused(request, period, unit, refusal)

    criteria = list(Criterion.objects.filter(period=period).in_rubric_order())
    is_judge = refusal is None or refusal.kind != "not_assigned"
    review = scores = None
    if is_judge:
        review = UnitReview.objects.filter(period=period, judge=user, unit=unit).first()
        scores = _saved_scores(period, user, unit)
    form = ScoreSheetForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        scores=scores,
        review=review,
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_unit_scores(
                period,
                user,
                unit,
                form.sheet_values(),
                form.cleaned_data["recommendation"],
                form.cleaned_data["version"] or None,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except services.StaleScores as error:
            stale = error
            # What the judge typed stays; the new version lets a deliberate resubmit win.
            data = request.POST.copy()
            data["version"] = error.review.version
            current = _saved_scores(period, user, unit)
            review = error.review
            form = ScoreSheetForm(data, criteria=criteria, scores=current, review=review)
        except services.ScoringRefused as error:
            forget_cached_rules(user)
            fresh = scoring_refusal_for(user, target)
            return _refused(request, period, unit, fresh or error)
        else:
            if saved is None:
                messages.info(request, _("Lembar masih kosong: tidak ada yang disimpan."))
            else:
                messages.success(
                    request,
                    _("Nilai untuk %(unit)s disimpan.") % {"unit": unit.display_name},
                )
            if request.POST.get(SAVE_AND_NEXT):
                return _next_sheet(request, period, unit)
            return redirect("evaluations-manage:score-sheet", period.year, unit.slug)

    shows_table = user.has_perm(VIEW_UNIT_SCORES, target)
    coaching_notes = None
    if user.has_perm(VIEW_COACHING, unit):
        coaching_notes = earlier_coaching_notes(
            unit, period, published_only=reads_coaching_as_judge(user, unit)
        )
    return render(
        request,
        "evaluations/manage/score_sheet.html",
        {
            "period": period,
            "unit": unit,
            "form": form,
            "read_only": refusal is not None,
            "refusal": refusal,
            "is_judge": is_judge,
            "review": review,
            "stale": stale,
            "own": own_sheet(criteria, form.saved, user, unit) if is_judge else None,
            "table": unit_score_table(period, unit, criteria) if shows_table else None,
            "coaching_notes": coaching_notes,
            "save_and_next": SAVE_AND_NEXT,
        },
    )


def _next_sheet(request, period, unit):
    """After "Simpan dan lanjut": the judge's next unit still to complete, in the order
    of their list, or back to the list when none is left."""
    sheets = judge_sheets([period], request.user, units_in_kelurahan_order())[period.pk]
    row = sheets.next_row_after(unit)
    if row is None:
        messages.info(
            request,
            _("Tidak ada lagi Kampung KB yang perlu Anda nilai di periode %(year)s.")
            % {"year": period.year},
        )
        return redirect("evaluations-manage:judge-home", period.year)
    return redirect("evaluations-manage:score-sheet", period.year, row.unit.slug)


@permission_required(DECLARE_CONFLICT, fn=_target)
def conflict_declare(request, year, slug):
    period, unit = _target(request, year, slug)
    conflict = (
        Conflict.objects.active().filter(period=period, judge=request.user, unit=unit).first()
    )
    form = ConflictForm(
        request.POST or None,
        initial={"reason": conflict.reason if conflict else ""},
        declared=conflict is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(period, request.user, unit, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason"))
        except services.ScoringRefused as error:
            return _refused(request, period, unit, error)
        else:
            if conflict is not None:
                done = _("Alasan konflik kepentingan dengan %(unit)s diubah.")
            else:
                done = _(
                    "Konflik kepentingan dengan %(unit)s dicatat. Nilai Anda untuk Kampung KB "
                    "ini tidak dihitung."
                )
            messages.success(request, done % {"unit": unit.display_name})
            return redirect("evaluations-manage:judge-home", period.year)
    return render(
        request,
        "evaluations/manage/conflict_form.html",
        {"period": period, "unit": unit, "form": form, "conflict": conflict},
    )


@permission_required(DECLARE_CONFLICT, fn=_target)
@require_POST
def conflict_withdraw(request, year, slug):
    period, unit = _target(request, year, slug)
    try:
        services.withdraw_conflict(period, request.user, unit)
    except services.ScoringRefused as error:
        return _refused(request, period, unit, error)
    messages.success(
        request,
        _("Pernyataan konflik kepentingan dengan %(unit)s ditarik.") % {"unit": unit.display_name},
    )
    return redirect("evaluations-manage:judge-home", period.year)


def _judges_in(upload):
    """How many rows each judge has in an imported table, for the success message."""
    counts = Counter(row["juri"] for _number, row in read_table(upload).rows)
    return ", ".join(f"{name} ({count})" for name, count in sorted(counts.items()))


@permission_required(MANAGE_PERIOD, fn=_period)
def score_import(request, year):
    period = _period(request, year)
    form = ScoreFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = import_scores(period, upload, by=request.user)
        except TableImportError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("Impor selesai: %(summary)s Juri (jumlah baris): %(judges)s.")
                % {"summary": summary, "judges": _judges_in(upload)},
            )
            return redirect("evaluations-manage:score-import", period.year)
    return render(
        request,
        "evaluations/manage/score_import.html",
        {"period": period, "form": form, "errors": errors, "columns": SCORE_COLUMNS},
    )


@permission_required(MANAGE_PERIOD, fn=_period)
def score_template(request, year):
    """A CSV with the header and one example row per criterion of the period."""
    period = _period(request, year)
    judge = period.judges.order_by("username").first()
    unit = KampungKB.objects.select_related("kelurahan").order_by("kelurahan__name").first()
    out = io.StringIO()
    writer = safe_csv_writer(out)
    writer.writerow(SCORE_COLUMNS)
    for criterion in Criterion.objects.filter(period=period).in_rubric_order():
        writer.writerow(
            [
                judge.username if judge else "nama_pengguna_juri",
                unit.kelurahan.code if unit else "",
                criterion.code,
                "",
                "",
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="templat-nilai-{period.year}.csv"'
    return response
