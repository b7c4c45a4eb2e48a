"""A visitor browses the public portal on a 360 px phone and on a desktop screen."""

import re

import pytest

from . import FAVICON_PATH, PHONE_WIDTH, expect, loaded_width

pytestmark = pytest.mark.browser


def go_to_list(browser_page, viewport):
    """Follow the navbar to the list, opening the collapsed menu first on a phone."""
    page = browser_page.page
    menu_link = page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Daftar Kampung KB"
    )
    if viewport == "360px":
        expect(menu_link).to_be_hidden()
        page.get_by_role("button", name="Buka menu").click()
        expect(menu_link).to_be_visible()
    menu_link.click()


@pytest.mark.parametrize("viewport", ["360px", "desktop"])
def test_visitor_finds_a_unit_and_its_activities(open_page, jenggot_with_content, viewport):
    browser_page = open_page(viewport)
    page = browser_page.page

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kampung KB Kota Pekalongan")
    expect(page.get_by_role("heading", name="27 Kampung KB di setiap kecamatan")).to_be_visible()
    expect(page.get_by_role("link", name=jenggot_with_content.title)).to_be_visible()

    go_to_list(browser_page, viewport)
    expect(page).to_have_url(re.compile(r"/kampung/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar Kampung KB")
    expect(page.get_by_text("27 Kampung KB ditemukan.")).to_be_visible()

    page.get_by_label("Kecamatan").select_option(label="Pekalongan Selatan")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_text("6 Kampung KB ditemukan.")).to_be_visible()
    expect(page.get_by_role("link", name="Kampung KB Banyurip")).to_be_visible()

    page.get_by_label("Cari").fill("jenggot")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_text("1 Kampung KB ditemukan.")).to_be_visible()
    expect(page.get_by_role("link", name="Kampung KB Banyurip")).to_have_count(0)

    page.get_by_role("link", name="Kampung KB Mandiri Utama").click()
    expect(page).to_have_url(re.compile(r"/kampung/jenggot/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kampung KB Mandiri Utama")
    expect(
        page.get_by_text("Kelurahan Jenggot, Kecamatan Pekalongan Selatan, Kota Pekalongan")
    ).to_be_visible()
    expect(page.get_by_text("Kampung KB percontohan di Pekalongan Selatan.")).to_be_visible()
    expect(page.get_by_role("heading", name="Klasifikasi Kampung KB")).to_be_visible()
    # Each figure table folds under its heading (issue 13: the page is short on a phone).
    page.get_by_text("Penduduk menurut kelompok umur dan jenis kelamin", exact=True).click()
    expect(
        page.get_by_role("table", name="Penduduk per kelompok umur, Februari 2025")
    ).to_be_visible()
    if viewport == "360px":
        browser_page.assert_fits_width(PHONE_WIDTH)

    page.get_by_role("link", name="Lihat semua kegiatan").click()
    expect(page).to_have_url(re.compile(r"/kampung/jenggot/kegiatan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kegiatan Kampung KB Mandiri Utama")
    expect(page.get_by_text("1 kegiatan.")).to_be_visible()

    page.get_by_role("link", name=jenggot_with_content.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(jenggot_with_content.title)
    photo = page.get_by_role("img", name="Kader BKB menyampaikan materi")
    expect(photo).to_be_visible()
    assert loaded_width(photo) > 0

    browser_page.assert_no_errors()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/kampung/",
        "/kampung/?kecamatan=pekalongan-selatan&q=jenggot",
        "/kampung/jenggot/",
        "/kampung/jenggot/kegiatan/",
        "/akun/masuk/",
    ],
)
def test_public_pages_fit_a_360px_screen_without_sideways_scrolling(
    open_page, jenggot_with_content, path
):
    browser_page = open_page("360px")
    browser_page.page.goto(path)

    browser_page.assert_fits_width(PHONE_WIDTH)
    browser_page.assert_no_errors()


def test_activity_page_fits_a_360px_screen(open_page, jenggot_with_content):
    browser_page = open_page("360px")
    browser_page.page.goto(jenggot_with_content.get_absolute_url())

    browser_page.assert_fits_width(PHONE_WIDTH)
    browser_page.assert_no_errors()


def test_unit_page_draws_each_chart_beside_its_table(open_page, jenggot_with_content):
    browser_page = open_page("desktop")
    page = browser_page.page
    page.goto("/kampung/jenggot/")
    # The charts fold under their headings; each is drawn once opened.
    for summary in page.locator("details.figure-details > summary").all():
        summary.click()

    charts = page.locator("canvas[data-chart-data]")
    expect(charts.first).to_be_visible()
    assert charts.count() == 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        expect(chart).to_be_visible()
        # Chart.js drew something: the canvas holds non-transparent pixels.
        page.wait_for_function(
            """canvas => {
                const pixels = canvas.getContext("2d")
                    .getImageData(0, 0, canvas.width, canvas.height).data;
                return pixels.some((value, i) => i % 4 === 3 && value > 0);
            }""",
            arg=chart.element_handle(),
        )
        row = chart.locator("xpath=ancestor::div[contains(@class, 'row')][1]")
        expect(row.get_by_role("table")).to_be_visible()
    browser_page.assert_no_errors()


def test_browser_finds_the_site_icon(open_page):
    page = open_page("desktop").page
    page.goto("/")

    icon = page.locator("link[rel~='icon']")
    if icon.count():
        assert page.request.get(icon.first.get_attribute("href")).ok
    else:
        assert page.request.get(FAVICON_PATH).ok
