"""Coaching (pembinaan) notes of one unit, for staff, that unit's kader and its judges.

The judges' recommendations are gathered into notes when a period is finalized; the
kader report how far they followed each one up, and the judges of the next evaluation
read them (those of published periods only). Never shown on a public page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from villages.views.access import loaded_once, permission_required, unit_in_url

from .. import services
from ..forms_periods import CoachingNoteForm, CoachingUpdateForm
from ..models import CoachingNote, Period
from ..permissions import (
    MANAGE_PERIOD,
    UPDATE_COACHING,
    VIEW_COACHING,
    reads_coaching_as_judge,
)


def coaching_groups(notes, current_year):
    """[(period, [notes])] newest period first; each note gets `carried` when it is still
    open from a period before `current_year` (the next evaluation looks at it again)."""
    groups = []
    for note in notes:
        note.carried = (
            current_year is not None
            and note.period.year < current_year
            and note.status != CoachingNote.Status.DONE
        )
        if groups and groups[-1][0].pk == note.period_id:
            groups[-1][1].append(note)
        else:
            groups.append((note.period, [note]))
    return groups


def _note(request, pk):
    return loaded_once(
        request,
        "coaching-note",
        lambda: get_object_or_404(CoachingNote.objects.select_related("unit"), pk=pk),
    )


@permission_required(VIEW_COACHING, fn=unit_in_url)
@require_http_methods(["GET", "POST"])
def coaching(request, slug):
    unit = unit_in_url(request, slug)
    may_add = request.user.has_perm(MANAGE_PERIOD)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        return _add_note(request, unit)
    notes = (
        CoachingNote.objects.filter(unit=unit)
        .select_related("period", "judge")
        .order_by("-period__year", "created_at", "id")
    )
    as_judge = reads_coaching_as_judge(request.user, unit)
    if as_judge:
        notes = notes.of_published_periods()
    current_year = Period.objects.order_by("-year").values_list("year", flat=True).first()
    may_update = request.user.has_perm(UPDATE_COACHING, unit)
    groups = coaching_groups(notes, current_year)
    if may_update:
        for _period, group in groups:
            for note in group:
                note.form = CoachingUpdateForm(instance=note)
    context = {
        "unit": unit,
        "groups": groups,
        "open_count": sum(1 for n in notes if n.status != CoachingNote.Status.DONE),
        "carried_count": sum(1 for n in notes if n.carried),
        "current_year": current_year,
        "may_update": may_update,
        "as_judge": as_judge,
        "add_form": CoachingNoteForm() if may_add else None,
    }
    return render(request, "evaluations/manage/coaching.html", context)


def _add_note(request, unit):
    form = CoachingNoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_coaching_note(
                form.cleaned_data["period"], unit, form.cleaned_data["text"], request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Catatan pembinaan ditambahkan."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("evaluations-manage:coaching", slug=unit.slug)


@permission_required(UPDATE_COACHING, fn=lambda request, pk: _note(request, pk).unit)
@require_POST
def coaching_update(request, pk):
    note = _note(request, pk)
    form = CoachingUpdateForm(request.POST, instance=note)
    if form.is_valid():
        services.update_coaching_follow_up(
            note, form.cleaned_data["status"], form.cleaned_data["follow_up"], request.user
        )
        messages.success(request, _("Tindak lanjut disimpan."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("evaluations-manage:coaching", slug=note.unit.slug)
