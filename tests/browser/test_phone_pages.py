"""Public pages on a phone (issue 13): the unit page is short, draws no chart without
data, the published ranking shows rank, unit and final score without sideways scrolling,
and the map of units draws under the portal's CSP where tiles are configured.

The unit page's height before issue 13, on the training site (`load_pekalongan` and
`load_demo_data`, DEMO=1) at 360 x 740 in Chromium, commit c9b485f: Jenggot 11,278 px and
Bandengan 10,559 px (7,772 px and 7,298 px at 1366 px). The target is 60% of that: the
level sits in the header, innovations and the three latest activities come first, the
classification details, each figure table with its chart and the long profile lists fold
into <details>. Measured after: 5,959 px and 5,269 px.
"""

import copy
import re

import pytest

from kampungkb.settings import _tile_source
from villages.models import KampungKB, UnitData

from . import MONTH_FIGURES, PHONE_WIDTH, assert_fits_width, expect
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

HEIGHT_BEFORE = {"jenggot": 11278, "bandengan": 10559}


@pytest.mark.parametrize("slug", ["jenggot", "bandengan"])
def test_a_complete_demo_unit_page_is_at_most_sixty_percent_of_its_height_before(
    demo_site, screen, slug
):
    page = screen(360)
    page.goto(f"/kampung/{slug}/")
    expect(page.locator("header .unit-level .level-badge")).to_be_visible()
    expect(page.get_by_role("navigation", name="Di halaman ini")).to_be_visible()
    # Identity's heading comes after the latest activities.
    activities = page.get_by_role("heading", name="Kegiatan terbaru").bounding_box()
    identity = page.get_by_role("heading", name="Identitas", exact=True).bounding_box()
    assert activities["y"] < identity["y"]

    height = page.evaluate("document.body.scrollHeight")
    assert height <= HEIGHT_BEFORE[slug] * 60 // 100, f"{slug}: {height} px"
    assert_fits_width(page, PHONE_WIDTH)

    # The jump links lead to their sections, and the folded figures open with their chart.
    page.get_by_role("link", name="Data", exact=True).click()
    expect(page).to_have_url(re.compile(f"/kampung/{slug}/#data$"))
    page.get_by_text("Penduduk menurut kelompok umur dan jenis kelamin", exact=True).click()
    canvas = page.locator("canvas[data-chart-data='data-grafik-penduduk']")
    expect(canvas).to_be_visible()
    assert canvas.evaluate("canvas => !!window.Chart.getChart(canvas) && canvas.height > 0")


def test_no_chart_is_drawn_without_data(pekalongan_live, screen):
    page = screen(360)
    page.goto("/kampung/degayu/")
    expect(page.get_by_text("Belum ada laporan data yang lengkap.")).to_be_visible()
    expect(page.locator("canvas")).to_have_count(0)
    expect(page.locator("script[src*='chart']")).to_have_count(0)

    # A complete report that counts nobody in any age band: no population chart, only the
    # table and a note; the other charts are drawn.
    unit = KampungKB.objects.get(slug="degayu")
    figures = dict(MONTH_FIGURES)
    for key in figures:
        if key.startswith("population_"):
            figures[key] = 0
    UnitData.objects.create(unit=unit, year=2025, month=1, **figures)
    page.goto("/kampung/degayu/")
    expect(page.locator("canvas[data-chart-data='data-grafik-penduduk']")).to_have_count(0)
    expect(page.locator("[data-no-chart]")).to_have_count(1)
    expect(page.locator("canvas[data-chart-data]")).to_have_count(3)
    page.get_by_text("Peserta KB aktif per metode", exact=True).click()
    methods = page.locator("canvas[data-chart-data='data-grafik-metode']")
    expect(methods).to_be_visible()
    assert methods.evaluate("canvas => !!window.Chart.getChart(canvas)")


def test_the_ranking_shows_each_final_score_on_a_phone_and_is_not_clipped_on_a_desktop(
    demo_site, screen
):
    page = screen(360)
    page.goto("/evaluasi/2025/")
    rows = page.locator("table.results-table tbody tr[data-unit]")
    expect(rows).to_have_count(27)
    for score in rows.locator("td.final-score").all():
        box = score.bounding_box()
        assert box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    assert_fits_width(page, PHONE_WIDTH)
    # The aspect breakdown of each unit is one tap away in its row.
    first = rows.first
    first.get_by_text("Nilai per aspek").click()
    expect(first.locator(".aspect-grid dt")).not_to_have_count(0)

    page = screen(1366)
    page.goto("/evaluasi/2025/")
    wrapper = page.locator("table.results-table").locator("xpath=..")
    assert wrapper.evaluate("box => box.scrollWidth <= box.clientWidth"), "the ranking scrolls"
    for score in page.locator("table.results-table td.final-score").all():
        box = score.bounding_box()
        assert box["x"] + box["width"] <= 1366
    assert_fits_width(page, 1366)


@pytest.fixture
def tile_server(live_server, settings):
    """A deployment whose tiles come from the live server itself (a small PNG for every
    tile), so the test needs no network; img-src names the tile host as it would any."""
    settings.MAP_TILE_URL = f"{live_server.url}/static/vendor/leaflet/images/layers.png?{{z}}"
    settings.MAP_ATTRIBUTION = "Ubin uji"
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = [
        *policy["DIRECTIVES"]["img-src"],
        _tile_source(settings.MAP_TILE_URL),
    ]
    settings.CONTENT_SECURITY_POLICY = policy


@pytest.mark.parametrize("width", [360, 1366])
def test_the_map_draws_each_unit_with_coordinates_under_the_portals_csp(
    pekalongan_live, tile_server, screen, width
):
    for slug, latitude, longitude in [
        ("jenggot", "-6.9105", "109.68"),
        ("degayu", "-6.92", "109.7"),
    ]:
        KampungKB.objects.filter(slug=slug).update(latitude=latitude, longitude=longitude)
    page = screen(width)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto("/peta/")

    expect(page.locator("#peta-kampung[data-map-ready='true']")).to_be_visible()
    expect(page.locator("#peta-kampung path.leaflet-interactive")).to_have_count(2)
    expect(page.locator("#peta-kampung img.leaflet-tile-loaded").first).to_be_visible()
    expect(page.get_by_text("Ubin uji")).to_be_visible()
    expect(page.locator("table.unit-locations tbody tr")).to_have_count(2)
    assert_fits_width(page, width)
    assert_accessible(page)
    assert errors == []
