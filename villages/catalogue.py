"""The public list of units as a catalogue: each card's cover, level, completeness and
last edit; filtered by level and ordered by one of the registered sorts.

A page of cards costs a fixed number of queries however many units exist: the page of
units (ordered and annotated in one query), their level (two queries,
`ClassificationReader`) and their completeness (two queries, `completeness_for`). The
level is not stored, so filtering by it reads the ids of every unit the other filters
leave in their order (one query), the levels of those that can have one
(`public_levels`, three queries), and then loads the page's units only.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .cache_tags import BOARDS, UNIT_DATA
from .classification import Level
from .completeness import completeness_for, with_completeness_counts
from .sections import register_unit_sort, unit_sorts
from .unit_classification import (
    ClassificationReader,
    level_name,
    public_levels,
    with_agency_count,
)

UNCLASSIFIED = "belum"
DEFAULT_SORT = "nama"
# What the cards show beyond the units' own rows: level and completeness.
CARD_PAGE_CACHE_TAGS = (UNIT_DATA, BOARDS)


def level_choices():
    return [
        (level.value if level is not None else UNCLASSIFIED, level_name(level))
        for level in [*Level, None]
    ]


def wanted_level(value):
    """The level a ``tingkat`` parameter asks for: a Level, None for the units that cannot
    be classified, or ``...`` when it asks for nothing (empty or unknown)."""
    if value == UNCLASSIFIED:
        return None
    if value in Level.values:
        return Level(value)
    return ...


def chosen_sort(key):
    return unit_sorts.get(key) or unit_sorts.get(DEFAULT_SORT)


@dataclass(frozen=True)
class UnitCard:
    unit: object
    level: object
    completeness: object
    sort_value: object = None


def catalogue_page(units, *, level=..., sort=None, page_number=None, per_page=30, today=None):
    """The page of cards for ``units`` (a KampungKB queryset with its region loaded),
    keeping the units of ``level`` only (see `wanted_level`), in ``sort``'s order."""
    sort = sort or chosen_sort(DEFAULT_SORT)
    units = sort.order(units)
    # The page's units come with their agency and completeness counts in their own query.
    cards = with_completeness_counts(with_agency_count(units, today))
    if level is ...:
        page = Paginator(cards, per_page).get_page(page_number)
        page_units = list(page.object_list)
        reader = ClassificationReader([unit.pk for unit in page_units], today, agency_counted=True)
        levels = {unit.pk: reader.classify(unit).public_level for unit in page_units}
    else:
        levels = public_levels(units, today)
        ordered_ids = units.values_list("pk", flat=True)
        matching = [pk for pk in ordered_ids.iterator(chunk_size=5000) if levels.get(pk) == level]
        page = Paginator(matching, per_page).get_page(page_number)
        loaded = cards.in_bulk(list(page.object_list))
        page_units = [loaded[pk] for pk in page.object_list]
    completeness = completeness_for(page_units)
    page.cards = [
        UnitCard(
            unit,
            levels.get(unit.pk),
            completeness[unit.pk],
            sort.value(unit) if sort.value else None,
        )
        for unit in page_units
    ]
    return page


def register_sorts():
    register_unit_sort(
        DEFAULT_SORT,
        _("Nama kelurahan"),
        lambda units: units.order_by("kelurahan__name"),
        position=10,
    )
    register_unit_sort(
        "terbaru",
        _("Pembaruan terakhir"),
        lambda units: units.order_by(
            F("profile_updated_at").desc(nulls_last=True), "kelurahan__name"
        ),
        position=20,
    )
