"""The calibration page in a real browser: at 360 px the page does not scroll sideways and
each table keeps its first column (who or which unit) in view while its other columns
scroll inside the table's own box; at 1366 px the chart is drawn beside its table. axe-core
finds no serious or critical problem, and the Content-Security-Policy blocks nothing."""

import io
import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from evaluations import rubric, services
from evaluations.models import Criterion
from villages.models import KampungKB

from . import PHONE_WIDTH, expect, log_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "staf-dinsos-p2kb-2025"
RUBRIC = (
    "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"
    "Kelembagaan,C1,Sekretariat,1,1,4\n"
    "Kelembagaan,C2,Rumah DataKu,1,1,4\n"
)
# As in tests/test_calibration.py: Kendall's W = 73/87, seven flagged scores.
VALUES = {
    "juri_a": {"jenggot": (4, 4), "bandengan": (3, 3), "kauman": (2, 3), "klego": (2, 1)},
    "juri_b": {"jenggot": (4, 3), "bandengan": (4, 3), "kauman": (2, 2), "klego": (1, 2)},
    "juri_c": {"jenggot": (4, 3), "bandengan": (4, 4), "kauman": (2, 1), "klego": (2, 2)},
}
# Screenshots for a person to look at, when asked for.
SCREENSHOTS = os.environ.get("CALIBRATION_SCREENSHOTS")


def add_user(username, role, password="juri-rahasia-2025"):
    call_command(
        "add_user", username, "--role", role, "--password", password, stdout=io.StringIO()
    )
    return get_user_model().objects.get(username=username)


@pytest.fixture
def scored_period(pekalongan_live):
    staff = add_user("pak_hadi", "staf", STAFF_PASSWORD)
    judges = {name: add_user(name, "juri") for name in VALUES}
    period = services.create_period(
        2025, "Evaluasi 2025", judges=list(judges.values()), example_rubric=False, by=staff
    )
    rubric.import_rubric(period, RUBRIC.encode())
    services.start_scoring(period, staff)
    criteria = {c.code: c.pk for c in Criterion.objects.filter(period=period)}
    for name, units in VALUES.items():
        for slug, (c1, c2) in units.items():
            sheet = {criteria["C1"]: (Decimal(c1), ""), criteria["C2"]: (Decimal(c2), "")}
            services.save_unit_scores(
                period, judges[name], KampungKB.objects.get(slug=slug), sheet
            )
    return period


def test_the_calibration_page_works_on_a_360px_screen(open_page, scored_period):
    phone = open_page("360px")
    page = phone.page
    log_in(page, "pak_hadi", STAFF_PASSWORD)

    page.goto("/kelola/evaluasi/2025/kalibrasi/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kalibrasi penilaian 2025")
    expect(page.locator("#kesepakatan-w")).to_contain_text("Kendall's W = 0,84")
    expect(page.locator("[data-chart-box]")).to_be_visible()
    phone.assert_fits_width(PHONE_WIDTH)
    for table_id in ("tabel-per-juri", "tabel-per-kkb", "tabel-ditandai"):
        table = page.locator(f"#{table_id}")
        box = table.locator("xpath=..")
        box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        first_cell = table.locator("tbody th").first
        first_cell.scroll_into_view_if_needed()
        left = first_cell.bounding_box()["x"]
        assert 0 <= left < PHONE_WIDTH, (table_id, left)
        last_header = table.locator("thead th").last
        last_header.scroll_into_view_if_needed()
        right = last_header.bounding_box()
        assert right["x"] + right["width"] <= PHONE_WIDTH + 1, table_id
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/kalibrasi-360.png", full_page=True)
    assert_accessible(page)
    phone.assert_no_errors()


def test_the_calibration_page_at_1366px_draws_the_chart_beside_its_table(open_page, scored_period):
    desktop = open_page("desktop")
    page = desktop.page
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "pak_hadi", STAFF_PASSWORD)

    page.goto("/kelola/evaluasi/2025/")
    page.get_by_role("link", name="Kalibrasi juri").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kalibrasi penilaian 2025")
    chart = page.locator("canvas[data-calibration-chart]")
    expect(chart).to_be_visible()
    table = page.locator("#tabel-per-juri")
    assert chart.bounding_box()["x"] > table.bounding_box()["x"] + table.bounding_box()["width"]
    desktop.assert_fits_width(1366)
    expect(page.locator("#tabel-skor-z tbody tr")).to_have_count(4)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/kalibrasi-1366.png", full_page=True)
    assert_accessible(page)
    desktop.assert_no_errors()
