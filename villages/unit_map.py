"""The public map of units (/peta/): which units have coordinates, and the markers drawn
on the map when the deployment names a tile server (`settings.MAP_TILE_URL`)."""

from django.conf import settings

from .models import KampungKB


def units_with_coordinates():
    """Published units with both coordinates, by kelurahan, their region loaded."""
    return (
        KampungKB.objects.published()
        .with_region()
        .exclude(latitude=None)
        .exclude(longitude=None)
        .order_by("kelurahan__name")
    )


def map_config(units):
    """What unit-map.js needs, or None when no tile server is configured (no map then)."""
    if not settings.MAP_TILE_URL:
        return None
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_ATTRIBUTION,
        "markers": [
            {
                "name": unit.display_name,
                "kelurahan": unit.kelurahan.name,
                "url": unit.get_absolute_url(),
                "lat": float(unit.latitude),
                "lng": float(unit.longitude),
            }
            for unit in units
        ],
    }
