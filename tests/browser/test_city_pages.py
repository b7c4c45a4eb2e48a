"""The city-wide activity list and the comparison across units in a browser, at 360 and
1366 px, in Indonesian and English: nothing scrolls sideways, axe-core finds no serious
problem, and a chart is drawn only where there is data."""

import pytest

from tests.reports import STRONG_MARCH
from villages.models import KampungKB, UnitData

from . import expect
from .conftest import BrowserPage
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def open_at(screen):
    """``screen``'s page, keeping its console errors (BrowserPage)."""
    return lambda width, language="id": BrowserPage(screen(width, language))


@pytest.fixture
def reports(jenggot_with_content):
    """Complete reports for Jenggot (two months, from jenggot_with_content) and Bandengan;
    the other units have none."""
    bandengan = KampungKB.objects.get(slug="bandengan")
    UnitData.objects.create(unit=bandengan, year=2025, month=3, **STRONG_MARCH)


def check(browser_page, width):
    browser_page.assert_fits_width(width)
    assert_accessible(browser_page.page)
    browser_page.assert_no_errors()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", [360, 1366])
def test_the_city_activity_list_fits_and_is_accessible(
    open_at, jenggot_with_content, width, language
):
    browser_page = open_at(width, language)
    page = browser_page.page
    assert page.goto("/kegiatan/").status == 200
    expect(page.locator(".activity-card")).to_have_count(1)
    expect(page.locator(".activity-card img")).to_be_visible()
    check(browser_page, width)

    page.goto("/kegiatan/?bulan=2016-13&kampung=tidak-ada")
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    check(browser_page, width)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", [360, 1366])
def test_the_comparison_draws_its_charts_and_fits(open_at, reports, width, language):
    # A long kelurahan name with a long month: the widest row Pekalongan has.
    long_named = KampungKB.objects.get(slug="kuripan-kertoharjo")
    UnitData.objects.create(unit=long_named, year=2024, month=12, **STRONG_MARCH)
    browser_page = open_at(width, language)
    page = browser_page.page
    assert page.goto("/perbandingan/").status == 200
    expect(page.locator("canvas[data-comparison-chart]")).to_have_count(5)
    for box in page.locator("[data-chart-box]").all():
        expect(box).to_be_visible()
    expect(page.locator("#belum-ada-laporan li")).to_have_count(24)
    # Each table, report month included, fits its box: no sideways scroll inside it.
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll('.comparison-table'))
            .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"""
    )
    assert overflowing == 0
    check(browser_page, width)


def test_the_comparison_draws_no_chart_without_data(open_at, pekalongan_live):
    browser_page = open_at(360)
    page = browser_page.page
    page.goto("/perbandingan/")
    expect(page.locator("canvas")).to_have_count(0)
    expect(page.locator(".no-data")).to_have_count(5)
    check(browser_page, 360)


def test_the_main_menu_reaches_the_feed_and_the_comparison_on_a_phone(open_at, pekalongan_live):
    page = open_at(360).page
    page.goto("/")
    page.get_by_role("button", name="Buka menu").click()
    page.get_by_role("link", name="Perbandingan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Perbandingan Kampung KB")
    page.get_by_role("button", name="Buka menu").click()
    page.get_by_role("link", name="Kegiatan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kegiatan Kampung KB")


def test_back_to_a_filtered_list_the_form_matches_the_list(open_at, jenggot_with_content):
    """A walk went back twice and saw the later choices still selected above the earlier
    list: the browser restored the form as it was left."""
    page = open_at(360).page
    page.goto("/kegiatan/")
    page.get_by_label("Kecamatan").select_option(label="Pekalongan Selatan")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**kecamatan=pekalongan-selatan**")
    first_url = page.url
    page.get_by_label("Kategori").select_option(index=1)
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(lambda url: url != first_url)
    assert page.get_by_label("Kategori").input_value()

    page.go_back()
    assert page.url == first_url
    expect(page.get_by_label("Kategori")).to_have_value("")
    expect(page.get_by_label("Kecamatan")).to_have_value("pekalongan-selatan")
    page.go_back()
    expect(page.get_by_label("Kecamatan")).to_have_value("")
