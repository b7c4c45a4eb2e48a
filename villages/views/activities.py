"""Activities (kegiatan): the kader's workspace under /kelola/ and the public pages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

import pagecache

from ..activities import (
    ACTIVITIES_PER_PAGE,
    city_activities,
    delete_activity,
    delete_photo,
    public_activities,
    published_activity_details,
)
from ..activity_forms import ActivityFilterForm, ActivityForm
from ..cache_tags import ACTIVITIES, REGIONS, UNITS, unit_tag
from ..filters import ActivityFilter
from ..models import Activity, ActivityPhoto, KampungKB
from ..permissions import MANAGE_UNIT
from .access import permission_required, unit_in_url

MANAGE_ACTIVITIES_PER_PAGE = 20


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def activity_list(request, slug):
    unit = unit_in_url(request, slug)
    activities = unit.activities.annotate(photo_count=Count("photos")).order_by("-date", "-id")
    page = Paginator(activities, MANAGE_ACTIVITIES_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "manage/activity_list.html",
        {"unit": unit, "page": page, "query_string": _without_page(request)},
    )


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def activity_create(request, slug):
    unit = unit_in_url(request, slug)
    return _edit(request, unit, Activity(unit=unit))


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def activity_update(request, slug, pk):
    unit = unit_in_url(request, slug)
    return _edit(request, unit, _get_activity(unit, pk))


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def activity_delete(request, slug, pk):
    unit = unit_in_url(request, slug)
    activity = _get_activity(unit, pk)
    if request.method == "POST":
        delete_activity(activity)
        messages.success(request, _("Kegiatan “%(title)s” dihapus.") % {"title": activity})
        return redirect("manage:activity-list", slug=unit.slug)
    photo_count = activity.photos.count()
    return render(
        request,
        "manage/activity_confirm_delete.html",
        {"unit": unit, "activity": activity, "photo_count": photo_count},
    )


@permission_required(MANAGE_UNIT, fn=unit_in_url)
def activity_photo_delete(request, slug, pk, photo_pk):
    unit = unit_in_url(request, slug)
    photo = get_object_or_404(ActivityPhoto, pk=photo_pk, activity__pk=pk, activity__unit=unit)
    # Checked after the gate and the lookup: an outsider gets 403 or 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    delete_photo(photo)
    messages.success(request, _("Foto dihapus."))
    return redirect("manage:activity-update", slug=unit.slug, pk=pk)


def _get_activity(unit, pk):
    # Scoped to the unit, so a pk from another unit is simply not found.
    return get_object_or_404(Activity, unit=unit, pk=pk)


def _edit(request, unit, activity):
    is_new = activity.pk is None
    if request.method == "POST":
        form = ActivityForm(
            request.POST, request.FILES, instance=activity, unit=unit, user=request.user
        )
        if form.is_valid():
            saved = form.save()
            message = _("Kegiatan “%(title)s” disimpan.") % {"title": saved}
            messages.success(request, message)
            return redirect("manage:activity-list", slug=unit.slug)
    else:
        form = ActivityForm(instance=activity, unit=unit, user=request.user)
    photos = [] if is_new else activity.photos.all()
    return render(
        request,
        "manage/activity_form.html",
        {"unit": unit, "activity": activity, "form": form, "photos": photos, "is_new": is_new},
    )


@require_safe
@pagecache.cache_page(REGIONS, ACTIVITIES)
def public_list(request, slug):
    unit = get_object_or_404(KampungKB.objects.published().with_region(), slug=slug)
    pagecache.add_tags(request, unit_tag(unit.pk))
    filter_form = ActivityFilterForm(request.GET)
    activities = public_activities(unit, filter_form.category())
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "villages/activity_list.html",
        {
            "unit": unit,
            "filter_form": filter_form,
            "page": page,
            "query_string": _without_page(request),
        },
    )


@require_safe
@pagecache.cache_page(REGIONS, ACTIVITIES)
def public_detail(request, slug, pk):
    activity = get_object_or_404(published_activity_details(), unit__slug=slug, pk=pk)
    pagecache.add_tags(request, unit_tag(activity.unit_id))
    return render(
        request,
        "villages/activity_detail.html",
        {"unit": activity.unit, "activity": activity, "photos": activity.photos.all()},
    )


@require_safe
@pagecache.cache_page(REGIONS, UNITS, ACTIVITIES)
def city_list(request):
    """Activities of every published unit, newest first, filtered by region, unit, category
    and month: six queries (the three region selects, the months holding an activity, the
    count, the page with each activity's first photo), plus one per region or unit chosen
    and one for the unit choices once a kecamatan is in effect (see `ActivityFilter`)."""
    activity_filter = ActivityFilter(request.GET, queryset=city_activities())
    page = Paginator(activity_filter.qs, ACTIVITIES_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "villages/city_activity_list.html",
        {
            "filter": activity_filter,
            "filtered": any(request.GET.get(name) for name in activity_filter.filters),
            "page": page,
            "query_string": _without_page(request),
        },
    )


def _without_page(request):
    params = request.GET.copy()
    params.pop("halaman", None)
    return params.urlencode()
