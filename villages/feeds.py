"""Atom feeds of activities: one for the city, one per unit, so that the city's news site
and residents can follow what the Kampung KB do. Each runs a fixed number of queries."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

import pagecache
from portal.text import xml_safe

from .activities import REGION
from .cache_tags import unit_tag
from .models import Activity, KampungKB

FEED_LENGTH = 30


def _xml_safe_values(fields):
    """``fields`` (a feed's or an item's) with every string, and every string in a list
    such as the categories, stripped of the characters XML 1.0 cannot carry."""
    cleaned = {}
    for key, value in fields.items():
        if isinstance(value, str):
            value = xml_safe(value)
        elif isinstance(value, (list, tuple)):
            value = [xml_safe(part) if isinstance(part, str) else part for part in value]
        cleaned[key] = value
    return cleaned


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom that never fails on stored text: a control character pasted before the forms
    dropped them (or typed in the admin, or imported) is left out instead of making
    the XML writer raise, which would turn the whole feed into a 500."""

    def write(self, outfile, encoding):
        self.feed = _xml_safe_values(self.feed)
        self.items = [_xml_safe_values(item) for item in self.items]
        super().write(outfile, encoding)


class CityActivityFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def title(self):
        return _("Kegiatan Kampung KB Kota Pekalongan")

    def subtitle(self):
        return _("Kegiatan terbaru dari semua Kampung KB di Kota Pekalongan.")

    def link(self):
        return reverse("villages:city-activities")

    def items(self):
        return Activity.objects.published().held().select_related(REGION)[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.unit.display_name})"

    def item_description(self, item):
        # The summary is `type="html"`: readers parse it as HTML once the XML escaping is
        # undone, so the kader's text is escaped as HTML first and arrives as text.
        parts = [
            date_format(item.date, "j F Y"),
            item.get_category_display(),
            item.place,
            Truncator(item.description).words(60),
        ]
        return escape(" · ".join(str(part) for part in parts if part))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        # The day the activity was held (midnight, local time), which readers show; when
        # it was recorded or last changed is <updated>.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.unit.display_name

    def item_categories(self, item):
        return [item.get_category_display()]


class UnitActivityFeed(CityActivityFeed):
    def get_object(self, request, slug):
        unit = get_object_or_404(KampungKB.objects.published().with_region(), slug=slug)
        pagecache.add_tags(request, unit_tag(unit.pk))
        return unit

    def title(self, unit):
        return _("Kegiatan %(name)s") % {"name": unit.display_name}

    def subtitle(self, unit):
        return _("Kegiatan terbaru %(name)s, Kelurahan %(kelurahan)s, Kota Pekalongan.") % {
            "name": unit.display_name,
            "kelurahan": unit.kelurahan.name,
        }

    def link(self, unit):
        return reverse("villages:activity-list", args=[unit.slug])

    def items(self, unit):
        # The unit (with its region) is already loaded: set on each item, no join needed.
        activities = list(unit.activities.held()[:FEED_LENGTH])
        for activity in activities:
            activity.unit = unit
        return activities

    def item_title(self, item):
        return item.title
