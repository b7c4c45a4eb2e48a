"""The map of units (/peta/): a list of units with coordinates always; a Leaflet map, and
its tile host in the CSP, only when the deployment sets MAP_TILE_URL."""

import copy
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kampungkb.settings import _tile_source
from tests import test_page_cache
from tests.test_settings import load_settings, setting_value
from villages.models import City, KampungKB, Kecamatan, Kelurahan

URL = "/peta/"
TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'


def place(unit, latitude="-6.9105", longitude="109.6800"):
    unit.latitude, unit.longitude = Decimal(latitude), Decimal(longitude)
    unit.save()
    return unit


@pytest.fixture
def tiles(settings):
    """The settings a deployment with MAP_TILE_URL gets (img-src as kampungkb.settings
    builds it; the settings module itself is tried below in its own process)."""
    settings.MAP_TILE_URL = TILES
    settings.MAP_ATTRIBUTION = ATTRIBUTION
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = [*policy["DIRECTIVES"]["img-src"], _tile_source(TILES)]
    settings.CONTENT_SECURITY_POLICY = policy


def test_without_a_tile_url_the_page_lists_the_units_with_coordinates_and_offers_no_map(
    client, jenggot, bandengan
):
    place(jenggot)
    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-unit="jenggot"' in html
    assert 'data-unit="bandengan"' not in html
    assert "1 dari 27 Kampung KB sudah mencatat koordinat lokasinya." in html
    assert "leaflet" not in html.lower()
    assert "data-map-config" not in html
    assert "tile.openstreetmap.org" not in response.headers["Content-Security-Policy"]


def test_without_coordinates_the_page_says_so(client, pekalongan):
    html = client.get(URL).content.decode()
    assert "Belum ada Kampung KB yang mencatat koordinat lokasinya." in html
    assert "<table" not in html


def test_with_a_tile_url_the_map_is_offered_with_its_tile_host_in_the_csp(client, jenggot, tiles):
    place(jenggot)
    response = client.get(URL)
    html = response.content.decode()

    assert 'data-map-config="data-peta"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "vendor/leaflet/leaflet.css" in html
    assert "js/unit-map.js" in html
    assert '"tiles": "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert '"url": "/kampung/jenggot/"' in html
    assert '"lat": -6.9105' in html
    # The list stays beside the map.
    assert 'data-unit="jenggot"' in html
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["img-src"] == "'self' data: https://*.tile.openstreetmap.org"
    assert policy["script-src"] == "'self'"


def test_an_unpublished_unit_is_neither_listed_nor_drawn(client, jenggot, tiles):
    place(jenggot)
    jenggot.is_published = False
    jenggot.save()
    html = client.get(URL).content.decode()
    assert "jenggot" not in html
    assert "data-map-config" not in html


def test_the_map_page_runs_a_fixed_number_of_queries(
    client, jenggot, tiles, django_assert_num_queries
):
    place(jenggot)
    with CaptureQueriesContext(connection) as one_unit:
        assert client.get(URL).status_code == 200
    kecamatan = Kecamatan.objects.create(
        city=City.objects.get(code="33.75"), code="33.75.99", name="Uji", slug="uji"
    )
    for number in range(20):
        kelurahan = Kelurahan.objects.create(
            kecamatan=kecamatan, code=f"33.75.99.{2000 + number}", name=f"Uji {number}"
        )
        place(KampungKB.objects.create(kelurahan=kelurahan, slug=f"uji-{number}"))
    with django_assert_num_queries(len(one_unit.captured_queries)):
        html = client.get(URL).content.decode()
    assert html.count('"lat": -6.9105') == 21
    assert len(one_unit.captured_queries) == 2


def test_the_footer_links_to_the_map_page(client, pekalongan):
    assert f'href="{URL}"' in client.get("/kampung/").content.decode()


def test_the_settings_add_the_tile_host_to_img_src_only_when_a_tile_url_is_set():
    expression = "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']"
    assert setting_value(expression) == "[\"'self'\", 'data:']"
    with_tiles = setting_value(expression, MAP_TILE_URL=TILES, MAP_ATTRIBUTION="OSM")
    assert with_tiles == "[\"'self'\", 'data:', 'https://*.tile.openstreetmap.org']"
    assert settings.MAP_TILE_URL == ""


def test_the_settings_refuse_a_tile_url_without_a_host_or_without_attribution():
    result = load_settings(DEBUG="1", MAP_TILE_URL="tiles/{z}/{x}/{y}.png", MAP_ATTRIBUTION="x")
    assert "MAP_TILE_URL must be an http(s) URL with a host" in result.stderr
    result = load_settings(DEBUG="1", MAP_TILE_URL=TILES)
    assert "Set MAP_ATTRIBUTION with MAP_TILE_URL" in result.stderr


page_caching = test_page_cache.page_caching


@pytest.mark.usefixtures("page_caching")
def test_a_unit_saved_with_coordinates_shows_on_the_cached_map_page(pekalongan):
    visitor = Client()
    first = visitor.get(URL).content.decode()
    assert 'data-unit="jenggot"' not in first
    place(KampungKB.objects.get(slug="jenggot"))
    assert 'data-unit="jenggot"' in visitor.get(URL).content.decode()
