"""Judges' paper sheets: the blank sheets to print, and the staff screen that types one
judge's filled-in sheet for one unit (with the optional double entry)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from villages.views.access import loaded_once, permission_required, unit_in_url

from .. import services
from ..forms_judging import ScoreSheetForm, value_field_name
from ..models import Criterion, Period, Score, UnitReview
from ..paper import EntryRound
from ..permissions import MANAGE_PERIOD
from ..selectors import next_paper_unit, paper_sheet, printable_sheets


def _period(request, year, **_kwargs):
    """The period at `year` (404 if none), read once per request: by the gate, then the view."""
    return loaded_once(request, "period", lambda: get_object_or_404(Period, year=year))


def _pick(rows, wanted, key):
    """The row of `rows` whose `key` is `wanted` (404 if none), or None when not asked."""
    if not wanted:
        return None
    found = next((row for row in rows if key(row) == wanted), None)
    if found is None:
        raise Http404
    return found


@permission_required(MANAGE_PERIOD, fn=_period)
@require_GET
def paper_sheets(request, year):
    """The blank sheets to print: every judge's stack, or one judge's (`?juri=`), or one
    unit's for every judge (`?kampung=`), or one sheet (both)."""
    period = _period(request, year)
    data = printable_sheets(period)
    judge = _pick(data.judges, request.GET.get("juri"), lambda user: user.get_username())
    unit = _pick(data.units, request.GET.get("kampung"), lambda row: row.slug)
    sheets = [
        (sheet_judge, sheet_unit)
        for sheet_judge, sheet_unit in data.sheets
        if (judge is None or sheet_judge == judge) and (unit is None or sheet_unit == unit)
    ]
    context = {
        "period": period,
        "sheets": sheets,
        "criteria": data.criteria,
        "judges": data.judges,
        "units": data.units,
        "chosen_judge": judge,
        "chosen_unit": unit,
    }
    return render(request, "evaluations/manage/paper_sheets.html", context)


def _saved_scores(period, judge, unit):
    return {
        score.criterion_id: score
        for score in Score.objects.filter(period=period, judge=judge, unit=unit)
    }


def _sheet_form(data, sheet, criteria, scores, review):
    """The judge's `ScoreSheetForm`, filled as this round shows it: the official values
    for the first typing, nothing for the blind second one, and for the comparison the
    official values except where the two typings differ (typed again from the paper)."""
    if sheet.round == EntryRound.SECOND:
        return ScoreSheetForm(data, criteria=criteria)
    form = ScoreSheetForm(data, criteria=criteria, scores=scores, review=review)
    if sheet.round == EntryRound.COMPARE:
        for criterion in criteria:
            if criterion.pk in sheet.check.differing:
                form.initial.pop(value_field_name(criterion), None)
    return form


def _focus_first_empty_value(form, criteria):
    """Autofocus the first value still empty, so typing starts where the paper is."""
    for criterion in criteria:
        name = value_field_name(criterion)
        if form[name].value() in (None, ""):
            form.fields[name].widget.attrs["autofocus"] = True
            return


def _comparison(sheet, criteria):
    """[(criterion, first typed, second typed, differs)] for the side-by-side view."""
    first = sheet.first.values if sheet.first else {}
    second = sheet.second.values if sheet.second else {}

    def typed(values, criterion):
        text = values.get(str(criterion.pk))
        return Decimal(text) if text else None

    return {
        criterion.pk: (
            typed(first, criterion),
            typed(second, criterion),
            criterion.pk in sheet.check.differing,
        )
        for criterion in criteria
    }


def _sections(form, sheet, criteria):
    """[(aspect, [(SheetItem, (first, second, differs) or None)])] in rubric order: the
    judge's sheet, with both typings beside each value once they are compared."""
    compared = _comparison(sheet, criteria) if sheet.round == EntryRound.COMPARE else {}
    return [
        (aspect, [(item, compared.get(item.criterion.pk)) for item in items])
        for aspect, items in form.sections()
    ]


def _entry_refused(request, period, judge, unit, refusal):
    context = {"period": period, "judge": judge, "unit": unit, "refusal": refusal}
    return render(request, "evaluations/manage/paper_entry_refused.html", context, status=403)


def _after_save(request, period, judge, unit):
    """Back to this sheet, or with "Simpan dan lanjut" on to the judge's next sheet in
    the printed order; after the last one, to the period page's grid."""
    if "lanjut" not in request.POST:
        return redirect("evaluations-manage:paper-entry", period.year, judge.username, unit.slug)
    following = next_paper_unit(period, judge, unit)
    if following is None:
        messages.info(request, _("Itu lembar terakhir juri ini."))
        grid = reverse("evaluations-manage:period-detail", args=[period.year])
        return redirect(f"{grid}#lembar")
    return redirect("evaluations-manage:paper-entry", period.year, judge.username, following.slug)


def _saved_message(saved_round, judge, unit, check):
    names = {"judge": judge.get_full_name() or judge.username, "unit": unit.display_name}
    if saved_round is None:
        return _("Lembar masih kosong: tidak ada yang disimpan.")
    if saved_round == EntryRound.SECOND:
        if check.is_verified:
            return _("Entri kedua lembar %(judge)s untuk %(unit)s cocok: terverifikasi.") % names
        return (
            _(
                "Entri kedua lembar %(judge)s untuk %(unit)s disimpan; ada nilai yang berbeda "
                "dari entri pertama."
            )
            % names
        )
    if saved_round == EntryRound.COMPARE:
        return _("Lembar %(judge)s untuk %(unit)s diselesaikan: terverifikasi.") % names
    return _("Lembar %(judge)s untuk %(unit)s disimpan.") % names


@permission_required(MANAGE_PERIOD, fn=_period)
def paper_entry(request, year, username, slug):
    period = _period(request, year)
    unit = unit_in_url(request, slug)
    judge = get_object_or_404(get_user_model(), username=username)
    refusal = services.scoring_refusal(period, judge, unit)
    if refusal:
        return _entry_refused(request, period, judge, unit, refusal)

    sheet = paper_sheet(period, judge, unit, request.user)
    criteria = list(Criterion.objects.filter(period=period).in_rubric_order())
    review = UnitReview.objects.filter(period=period, judge=judge, unit=unit).first()
    scores = _saved_scores(period, judge, unit)
    data = request.POST if request.method == "POST" else None
    form = _sheet_form(data, sheet, criteria, scores, review)
    stale = None
    if request.method == "POST" and form.is_valid():
        arguments = (
            period,
            judge,
            unit,
            form.sheet_values(),
            form.cleaned_data["recommendation"],
            form.cleaned_data["version"] or None,
        )
        try:
            if sheet.round == EntryRound.COMPARE:
                services.resolve_paper_sheet(*arguments, by=request.user)
                saved_round = EntryRound.COMPARE
            else:
                saved_round = services.enter_paper_sheet(
                    *arguments, by=request.user, expected_round=request.POST.get("putaran")
                )
        except ValidationError as error:
            form.add_service_errors(error)
        except services.StaleScores as error:
            stale = error
            # What staff typed stays; the new version lets a deliberate resubmit win.
            changed = request.POST.copy()
            changed["version"] = error.review.version
            review, scores = error.review, _saved_scores(period, judge, unit)
            form = ScoreSheetForm(changed, criteria=criteria, scores=scores, review=review)
        except services.EntryRoundChanged as error:
            messages.error(request, error.message)
            return redirect("evaluations-manage:paper-entry", period.year, username, slug)
        except services.ScoringRefused as error:
            return _entry_refused(request, period, judge, unit, error)
        else:
            check = paper_sheet(period, judge, unit, request.user).check
            messages.success(request, _saved_message(saved_round, judge, unit, check))
            return _after_save(request, period, judge, unit)

    if not form.errors and not stale:
        _focus_first_empty_value(form, criteria)
    history = (
        Score.history.filter(period_id=period.pk, judge_id=judge.pk, unit_id=unit.pk)
        .select_related("history_user", "criterion")
        .order_by("-history_date", "-history_id")[:10]
    )
    context = {
        "period": period,
        "judge": judge,
        "unit": unit,
        "form": form,
        "sheet": sheet,
        "review": review,
        "stale": stale,
        "sections": _sections(form, sheet, criteria),
        "history": history,
    }
    return render(request, "evaluations/manage/paper_entry.html", context)
