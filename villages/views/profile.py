"""Kader and staff edit a unit's profile, one section at a time, and its board."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ..profile_forms import PROFILE_SECTIONS, BoardFormSet, save_board
from .access import get_unit_for_manager


@login_required
def edit_section(request, slug, section):
    unit = get_unit_for_manager(request, slug)
    section = PROFILE_SECTIONS.get(section)
    if section is None:
        raise Http404
    # The form gets its own copy: invalid input must not leak into the page's headings.
    if request.method == "POST":
        form = section.form_class(request.POST, request.FILES, instance=copy.copy(unit))
    else:
        form = section.form_class(instance=unit)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Bagian “%(section)s” disimpan.") % {"section": section.title})
        return redirect("manage:unit", slug=unit.slug)
    return render(
        request, "manage/profile_section.html", {"unit": unit, "section": section, "form": form}
    )


@login_required
def edit_board(request, slug):
    unit = get_unit_for_manager(request, slug)
    if request.method == "POST":
        formset = BoardFormSet(request.POST, instance=unit)
    else:
        formset = BoardFormSet(instance=unit)
    if formset.is_bound and formset.is_valid():
        save_board(formset)
        messages.success(request, _("Daftar pengurus disimpan."))
        return redirect("manage:unit", slug=unit.slug)
    return render(request, "manage/board.html", {"unit": unit, "formset": formset})


urlpatterns = [
    path("kampung/<slug:slug>/profil/<slug:section>/", edit_section, name="profile-section"),
    path("kampung/<slug:slug>/pengurus/", edit_board, name="board"),
]
