"""Kader and staff edit a unit's profile, one section at a time, and its board."""

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..permissions import MANAGE_UNIT
from ..profile_forms import PROFILE_SECTIONS, BoardFormSet, save_board
from ..unit_classification import level_change_message, unit_classification
from .access import permission_required, unit_in_url


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def edit_section(request, slug, section):
    unit = unit_in_url(request, slug)
    section = PROFILE_SECTIONS.get(section)
    if section is None:
        raise Http404
    # The form gets its own copy: invalid input must not leak into the page's headings.
    if request.method == "POST":
        form = section.form_class(request.POST, request.FILES, instance=copy.copy(unit))
    else:
        form = section.form_class(instance=unit)
    if form.is_bound and form.is_valid():
        before = unit_classification(unit).public_level
        saved = form.save()
        messages.success(request, _("Bagian “%(section)s” disimpan.") % {"section": section.title})
        change = level_change_message(before, unit_classification(saved).public_level)
        if change:
            messages.info(request, change)
        return redirect("manage:unit", slug=unit.slug)
    return render(
        request, "manage/profile_section.html", {"unit": unit, "section": section, "form": form}
    )


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def edit_board(request, slug):
    unit = unit_in_url(request, slug)
    if request.method == "POST":
        formset = BoardFormSet(request.POST, instance=unit)
    else:
        formset = BoardFormSet(instance=unit)
    if formset.is_bound and formset.is_valid():
        save_board(formset)
        messages.success(request, _("Daftar pengurus disimpan."))
        return redirect("manage:unit", slug=unit.slug)
    return render(request, "manage/board.html", {"unit": unit, "formset": formset})
