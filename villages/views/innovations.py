"""A unit's flagship innovations (inovasi unggulan) in the /kelola/ workspace: its kader
and staff list, add, edit and delete them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..innovation_forms import InnovationForm, delete_innovation
from ..models import Innovation
from ..permissions import MANAGE_UNIT
from .access import permission_required, unit_in_url


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def innovation_list(request, slug):
    unit = unit_in_url(request, slug)
    return render(
        request,
        "manage/innovation_list.html",
        {"unit": unit, "innovations": unit.innovations.all()},
    )


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def innovation_create(request, slug):
    unit = unit_in_url(request, slug)
    return _edit(request, unit, Innovation(unit=unit))


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def innovation_update(request, slug, pk):
    unit = unit_in_url(request, slug)
    return _edit(request, unit, get_object_or_404(Innovation, unit=unit, pk=pk))


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def innovation_delete(request, slug, pk):
    unit = unit_in_url(request, slug)
    innovation = get_object_or_404(Innovation, unit=unit, pk=pk)
    if request.method == "POST":
        delete_innovation(innovation)
        messages.success(request, _("Inovasi “%(name)s” dihapus.") % {"name": innovation})
        return redirect("manage:innovation-list", slug=unit.slug)
    return render(
        request,
        "manage/innovation_confirm_delete.html",
        {"unit": unit, "innovation": innovation},
    )


def _edit(request, unit, innovation):
    is_new = innovation.pk is None
    form = InnovationForm(request.POST or None, request.FILES or None, instance=innovation)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Inovasi “%(name)s” disimpan.") % {"name": saved})
        return redirect("manage:innovation-list", slug=unit.slug)
    return render(
        request,
        "manage/innovation_form.html",
        {"unit": unit, "innovation": innovation, "form": form, "is_new": is_new},
    )
