"""Rules and read functions for a unit's activities (kegiatan) and their photos.

Public pages ask for activities through these functions so that each page runs a fixed number
of queries however many activities and photos a unit has.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Activity, ActivityPhoto

ACTIVITIES_PER_PAGE = 12
LATEST_ON_UNIT_PAGE = 3
GALLERY_SIZE = 8
MAX_PHOTOS_PER_UPLOAD = settings.PHOTOS_PER_UPLOAD

# The portal started collecting activities from 2015, the year Kampung KB began.
EARLIEST_ACTIVITY_DATE = datetime.date(2015, 1, 1)

DATE_TOO_EARLY_MESSAGE = _("Tanggal kegiatan tidak boleh sebelum %(earliest)s.")
DATE_TOO_LATE_MESSAGE = _(
    "Tanggal kegiatan tidak boleh lebih dari satu tahun ke depan (paling lambat %(latest)s)."
)

REGION = "unit__kelurahan__kecamatan__city"


def latest_allowed_date(today=None):
    """One year after ``today``; a 29 February becomes 28 February."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def check_activity_date(value, today=None):
    """Raise ValidationError unless ``value`` lies between 2015 and one year from today."""
    if value < EARLIEST_ACTIVITY_DATE:
        raise ValidationError(
            DATE_TOO_EARLY_MESSAGE,
            code="date_too_early",
            params={"earliest": EARLIEST_ACTIVITY_DATE.strftime("%d-%m-%Y")},
        )
    latest = latest_allowed_date(today)
    if value > latest:
        raise ValidationError(
            DATE_TOO_LATE_MESSAGE,
            code="date_too_late",
            params={"latest": latest.strftime("%d-%m-%Y")},
        )


def with_first_photo(activities):
    """``activities`` with their first photo's id, thumbnail and caption read in their own
    query, so each one's ``first_photos`` costs none."""
    first = ActivityPhoto.objects.filter(activity=OuterRef("pk")).order_by("id")
    return activities.annotate(
        first_photo_id=Subquery(first.values("id")[:1]),
        first_photo_thumbnail=Subquery(first.values("thumbnail")[:1]),
        first_photo_caption=Subquery(first.values("caption")[:1]),
    )


def public_activities(unit, category=""):
    """The unit's activities for its public list, newest first, optionally of one category."""
    activities = unit.activities.all()
    if category:
        activities = activities.filter(category=category)
    return with_first_photo(activities)


def published_activity_details():
    """Activities of published units, each with its unit, region, photos and agencies."""
    return (
        Activity.objects.published()
        .select_related(REGION)
        .prefetch_related(
            Prefetch("photos", queryset=ActivityPhoto.objects.order_by("id")),
            "agencies",
        )
    )


def activities_context(unit):
    """Template context for the public unit page: two queries (the latest activities with
    their first photo, the gallery)."""
    latest = with_first_photo(unit.activities.held())[:LATEST_ON_UNIT_PAGE]
    gallery = (
        ActivityPhoto.objects.filter(activity__unit=unit, activity__date__lte=timezone.localdate())
        .select_related("activity")
        .order_by("-activity__date", "-id")[:GALLERY_SIZE]
    )
    return {"latest_activities": list(latest), "gallery_photos": list(gallery)}


def city_activities():
    """Activities of every published unit for the city-wide list and feed, newest first,
    each with its unit, region and first photo: one query however many there are."""
    return with_first_photo(Activity.objects.published().select_related(REGION))


def activity_months(units=None):
    """The first day of each month holding an activity of a published unit (planned ones
    included, as on the city-wide list), newest first, of ``units`` only when given (a
    KampungKB queryset: a region's, whose activities an index finds): one query."""
    activities = Activity.objects.published()
    if units is not None:
        activities = activities.filter(unit__in=units)
    return activities.dates("date", "month", order="DESC")


def recent_activities(limit=6):
    """The newest activities of published units, with unit, region and first photo loaded."""
    return city_activities().held()[:limit]


def add_photos(activity, photos, caption=""):
    """Store already cleaned ``(image, thumbnail)`` content pairs as photos of ``activity``.

    Files reach storage before the rows reach the database; if anything fails on the way, the
    files already written are removed again so no orphan stays behind.
    """
    written = []
    try:
        for image, thumbnail in photos:
            photo = ActivityPhoto(activity=activity, caption=caption)
            photo.image.save(image.name, image, save=False)
            written.append(photo.image)
            photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
            written.append(photo.thumbnail)
            photo.save()
    except BaseException:
        _delete_files(written)
        raise


def delete_photo(photo):
    """Remove a photo's row, then both of its files."""
    files = [photo.image, photo.thumbnail]
    photo.delete()
    _delete_files(files)


def delete_activity(activity):
    """Remove an activity with its photos, and the photos' files once the rows are gone."""
    photos = list(activity.photos.all())
    with transaction.atomic():
        activity.delete()
    _delete_files([field for photo in photos for field in (photo.image, photo.thumbnail)])


def _delete_files(files):
    for field in files:
        if field.name:
            field.storage.delete(field.name)
