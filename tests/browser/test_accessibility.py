"""axe-core finds no serious or critical accessibility problem on the public pages and on
the main forms, with and without validation errors shown.

axe-core comes bundled in the axe-playwright-python package (no network needed). It is
injected with `page.evaluate`, which the Content-Security-Policy does not govern, so the
portal's policy stays as strict as in production.
"""

import pytest

from . import Axe, expect, log_in, required

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}
# Known problems to leave out of the checks, as (axe rule, CSS selector); none now.
KNOWN_PROBLEMS = set()

axe = Axe() if Axe else None


def blocking_violations(page, known=KNOWN_PROBLEMS):
    """axe-core's serious and critical violations on the page as it is now, without the
    ``known`` (rule, selector) problems."""
    violations = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        selectors = [selector for rule, selector in known if rule == violation["id"]]
        nodes = [node for node in violation["nodes"] if not inside(page, node, selectors)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def inside(page, node, selectors):
    return any(
        page.evaluate(
            "([target, selector]) => !!document.querySelector(target)?.closest(selector)",
            [node["target"][0], selector],
        )
        for selector in selectors
    )


def assert_accessible(page):
    violations = blocking_violations(page)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in violations
    )
    assert violations == [], f"{page.url}\n{report}"


def wait_for_charts(page):
    """The unit page's charts are drawn by a deferred script and fold under their
    headings; check the drawn page with every fold open."""
    page.evaluate("document.querySelectorAll('details').forEach(fold => { fold.open = true; })")
    if page.locator("canvas[data-chart-data]").count():
        expect(page.locator("[data-chart-box]").first).to_be_visible()


PUBLIC_PAGES = [
    "/",
    "/kampung/",
    "/kampung/?kecamatan=pekalongan-selatan&q=jenggot",
    "/kampung/?tingkat=belum&urut=nilai",
    "/kampung/jenggot/",
    "/kampung/jenggot/kegiatan/",
    "/akun/masuk/",
    "/prestasi/",
    "/evaluasi/",
    "/data/",
]


@pytest.mark.parametrize("viewport", ["360px", "desktop"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violation(
    open_page, jenggot_with_content, path, viewport
):
    browser_page = open_page(viewport)
    response = browser_page.page.goto(path)
    assert response.status == 200
    wait_for_charts(browser_page.page)

    assert_accessible(browser_page.page)
    browser_page.assert_no_errors()


@pytest.mark.parametrize("viewport", ["360px", "desktop"])
def test_activity_page_has_no_serious_accessibility_violation(
    open_page, jenggot_with_content, viewport
):
    browser_page = open_page(viewport)
    response = browser_page.page.goto(jenggot_with_content.get_absolute_url())
    assert response.status == 200

    assert_accessible(browser_page.page)
    browser_page.assert_no_errors()


def test_not_found_page_has_no_serious_accessibility_violation(open_page):
    browser_page = open_page("360px")
    response = browser_page.page.goto("/kampung/tidak-ada/")
    assert response.status == 404
    expect(browser_page.page.get_by_role("heading", level=1)).to_have_text(
        "Halaman tidak ditemukan"
    )

    # Console errors are not checked: Chromium logs the page's own 404 as one.
    assert_accessible(browser_page.page)


def test_login_form_with_errors_has_no_serious_accessibility_violation(open_page):
    page = open_page("360px").page
    page.goto("/akun/masuk/")
    page.get_by_label(required("Nama pengguna")).fill("siti")
    page.get_by_label(required("Sandi")).fill("salah-sandi")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()

    assert_accessible(page)


@pytest.fixture
def kader_page(open_page, kader_siti):
    """A 360 px page logged in as a kader of Jenggot."""
    browser_page = open_page("360px")
    log_in(browser_page.page, *kader_siti)
    return browser_page


def test_workspace_home_has_no_serious_accessibility_violation(kader_page):
    kader_page.page.goto("/kelola/kampung/jenggot/")

    assert_accessible(kader_page.page)
    kader_page.assert_no_errors()


def test_profile_section_form_has_no_serious_accessibility_violation(kader_page):
    page = kader_page.page
    page.goto("/kelola/kampung/jenggot/profil/pokja/")
    assert_accessible(page)

    # "No Pokja yet" with a decree number is refused on the decree field.
    page.get_by_role("group", name="Pokja sudah dibentuk?").get_by_label("Tidak").check()
    page.get_by_label("Nomor SK Pokja").fill("SK 1/2020")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(
        page.get_by_text("Belum disimpan. Periksa isian yang ditandai di bawah.")
    ).to_be_visible()
    expect(page.locator(".invalid-feedback").first).to_be_visible()

    assert_accessible(page)
    kader_page.assert_no_errors()


def test_activity_form_has_no_serious_accessibility_violation(kader_page):
    page = kader_page.page
    page.goto("/kelola/kampung/jenggot/kegiatan/tambah/")
    assert_accessible(page)

    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(page.get_by_text("Kegiatan belum disimpan.")).to_be_visible()
    expect(page.locator(".invalid-feedback").first).to_be_visible()

    assert_accessible(page)
    kader_page.assert_no_errors()


def test_data_form_has_no_serious_accessibility_violation(kader_page):
    page = kader_page.page
    page.goto("/kelola/kampung/jenggot/data/tambah/")
    assert_accessible(page)

    page.get_by_label(required("Tahun")).fill("2025")
    page.get_by_label("Jumlah balita", exact=True).fill("10")
    page.get_by_label("Balita stunting", exact=True).fill("20")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Data belum disimpan. Periksa isian yang ditandai.")).to_be_visible()
    expect(page.locator(".invalid-feedback").first).to_be_visible()

    assert_accessible(page)
    kader_page.assert_no_errors()


def test_unit_page_keeps_a_table_beside_every_chart(open_page, jenggot_with_content):
    """Screen-reader users and phones without Chart.js read the figures from tables."""
    page = open_page("360px").page
    page.goto("/kampung/jenggot/")
    wait_for_charts(page)

    charts = page.locator("canvas[data-chart-data]")
    assert charts.count() == 5
    for chart in charts.all():
        assert chart.get_attribute("role") == "img"
        assert "tabel" in chart.get_attribute("aria-label")
        row = chart.locator("xpath=ancestor::div[contains(@class, 'row')][1]")
        expect(row.get_by_role("table")).to_have_count(1)


def test_language_switcher_has_enough_contrast(open_page, pekalongan_live):
    page = open_page("desktop").page
    page.goto("/")
    expect(page.locator(".language-switcher")).to_be_visible()

    assert blocking_violations(page) == []


def test_language_switcher_links_switch_the_page_and_stay_on_it(open_page, pekalongan_live):
    page = open_page("360px").page
    page.goto("/kampung/?q=jenggot")
    switcher = page.get_by_role("navigation", name="Bahasa / Language")
    expect(switcher.get_by_role("link", name="Bahasa Indonesia")).to_have_attribute(
        "aria-current", "true"
    )

    switcher.get_by_role("link", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/kampung/?q=jenggot")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    assert blocking_violations(page) == []


def test_axe_runs_under_the_portals_content_security_policy(open_page, pekalongan_live):
    """Guards the checks above: axe-core really runs on the portal's pages and reports a
    field without a label, so an empty violation list means something."""
    page = open_page("desktop").page
    response = page.goto("/akun/masuk/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator("main").evaluate(
        "main => main.insertAdjacentHTML('beforeend', '<input type=\"text\" name=\"x\">')"
    )

    assert "label" in {violation["id"] for violation in blocking_violations(page)}
