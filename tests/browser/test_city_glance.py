"""The home page at a glance and the catalogue of units in a real browser: they fit a
360 px phone and a 1366 px screen, draw a chart only with data beside its table, and
axe-core finds nothing serious, in Indonesian and English."""

import pytest
from django.db import transaction

from tests.glance import make_mandiri, publish_results
from villages.models import KampungKB

from . import PHONE_WIDTH, expect
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

WIDE = 1366
PAGES = ["/", "/kampung/", "/kampung/?tingkat=belum&urut=terbaru", "/kampung/?urut=nilai"]


@pytest.fixture
def city_with_levels(jenggot_with_content):
    """Jenggot at a level, and a published evaluation."""
    jenggot = make_mandiri(KampungKB.objects.get(slug="jenggot"))
    with transaction.atomic():
        publish_results(2024, {jenggot: 91.5, KampungKB.objects.get(slug="medono"): 80})
    return jenggot


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", [PHONE_WIDTH, WIDE])
@pytest.mark.parametrize("path", PAGES)
def test_glance_pages_fit_the_screen_and_are_accessible(
    open_page, live_server, city_with_levels, path, width, language
):
    browser_page = open_page("360px" if width == PHONE_WIDTH else "desktop")
    page = browser_page.page
    if width != PHONE_WIDTH:
        page.set_viewport_size({"width": width, "height": 900})
    if language == "en":
        browser_page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )

    response = page.goto(path)

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    if path == "/":
        expect(page.locator("[data-chart-box]")).to_be_visible()
        expect(page.locator("table.home-levels")).to_be_visible()
    browser_page.assert_fits_width(width)
    assert_accessible(page)
    browser_page.assert_no_errors()


def test_no_level_chart_is_drawn_while_no_unit_has_a_level(open_page, pekalongan_live):
    browser_page = open_page("360px")
    page = browser_page.page

    page.goto("/")

    expect(page.locator("table.home-levels")).to_be_visible()
    assert page.locator("canvas").count() == 0
    browser_page.assert_fits_width(PHONE_WIDTH)
