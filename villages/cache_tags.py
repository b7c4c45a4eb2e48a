"""The page-cache tags of villages' pages, and the saves that bump them.

Other apps' pages that show units or regions use these tags too, and `unit_tag` for the
page of one unit; villages owns them because it owns the rows.
"""

import pagecache

REGIONS = "regions"
UNITS = "units"
ACTIVITIES = "activities"
CITY_FIGURES = "city-figures"
# A unit's reports and board change the level and completeness shown on the home page and
# the list, beyond the unit's own page, and the comparison across units.
UNIT_DATA = "unit-data"
BOARDS = "boards"


def unit_tag(unit_id):
    return f"unit:{unit_id}"


def unit_of(instance):
    """The tag of the unit a row belongs to (its `unit` field)."""
    return (unit_tag(instance.unit_id),)


def unit_through(parent_field):
    """The tag of the unit of the row `parent_field` points to (a photo's activity, a
    stage's entry), without a query when that row is already loaded."""

    def tags(instance):
        field = type(instance)._meta.get_field(parent_field)
        if field.is_cached(instance):
            return (unit_tag(getattr(instance, parent_field).unit_id),)
        parent_id = getattr(instance, field.attname)
        unit_ids = field.related_model.objects.filter(pk=parent_id).values_list(
            "unit_id", flat=True
        )
        return tuple(unit_tag(unit_id) for unit_id in unit_ids)

    return tags


def _unit_itself(instance):
    return (unit_tag(instance.pk),)


def register():
    for model in ("Province", "City", "Kecamatan", "Kelurahan"):
        pagecache.register(f"villages.{model}", REGIONS)
    pagecache.register("villages.KampungKB", UNITS, _unit_itself)
    pagecache.register("villages.BoardMember", BOARDS, unit_of)
    pagecache.register("villages.UnitData", UNIT_DATA, unit_of)
    pagecache.register("villages.Innovation", unit_of)
    pagecache.register("villages.CityFigure", CITY_FIGURES)
    pagecache.register("villages.Activity", ACTIVITIES, unit_of)
    pagecache.register("villages.ActivityPhoto", ACTIVITIES, unit_through("activity"))
    pagecache.register("villages.Agency", ACTIVITIES)
    # An activity's agencies count in its unit's classification.
    pagecache.register_m2m("villages.Activity_agencies", ACTIVITIES, unit_of)
