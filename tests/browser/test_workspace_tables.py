"""Workspace tables on a 360 px phone, and the staff's grid and menu on a 1366 px screen.

Issue 11 (item 7) is done when, at 360 px, no workspace table pushes its key column or its
action off the screen: each row's key cell and action lie inside the viewport and the page
does not scroll sideways. The staff grid scrolls inside its own box there, keeping the unit
name in view, and at 1366 px it fits without being clipped; the menu stays on one line.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from evaluations import services
from villages.models import BoardMember, KampungKB

from . import PHONE_WIDTH, expect, log_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

YEAR = 2025
DRAFT_YEAR = 2026
FINAL_YEAR = 2024
JUDGE = ("bu_rina", "juri-kota-pekalongan-2025")
STAFF = ("pak_hadi", "staf-dinsos-p2kb-2025")
DESKTOP_WIDTH = 1366


@dataclass(frozen=True)
class Rows:
    """A workspace list: the CSS selector of its rows (or cards) and, inside each row, the
    selectors of what must stay on screen, the key cell first. Some lists are reached by
    pressing a button on the page at ``path``."""

    path: str
    rows: str
    on_screen: tuple
    press: str = ""


# The action of a row is the link to its edit form ("Ubah"), its score sheet ("Nilai"),
# or the box that removes it.
PHONE_PAGES = {
    "kader": [
        Rows("/kelola/kampung/jenggot/data/", "main tbody tr", ("th", "a[href$='/ubah/']")),
        Rows(
            "/kelola/kampung/jenggot/kegiatan/",
            "main li.list-group-item",
            ("h2", "a[href$='/ubah/']", "a[href$='/hapus/']"),
        ),
        Rows(
            "/kelola/kampung/jenggot/pengurus/",
            "main fieldset:has(input[name$='-DELETE'])",
            ("input[name$='-name']", "input[name$='-DELETE']"),
        ),
    ],
    "judge": [
        Rows(
            f"/kelola/evaluasi/{YEAR}/menilai/",
            "main tbody tr",
            ("th", ".badge[data-status]", f"a[href*='/{YEAR}/menilai/']"),
        ),
    ],
    "staff": [
        Rows("/kelola/evaluasi/", "main tbody tr", ("th a", "progress")),
        Rows(
            f"/kelola/evaluasi/{YEAR}/",
            "section[aria-labelledby='judul-riwayat'] tbody tr",
            ("th", "td[data-label]"),
        ),
        # The paper-sheet grid is a judge x unit matrix: every judge's column fits.
        Rows(f"/kelola/evaluasi/{YEAR}/", "#tabel-lembar tbody tr", ("th", "td:last-child")),
        Rows(f"/kelola/evaluasi/{YEAR}/juri/", "main tbody tr", ("th", "td[data-label]")),
        Rows(
            f"/kelola/evaluasi/{DRAFT_YEAR}/rubrik/",
            "main tbody tr",
            ("th", "a[href$='/ubah/']", "a[href$='/hapus/']"),
        ),
        Rows("/kelola/ikhtisar/", "main tbody tr", ("th a", "td[data-label]")),
        Rows("/kelola/akun/", "main tbody tr", ("th", "a[href$='/ubah/']")),
        Rows("/kelola/evaluasi/lomba/", "main tbody tr", ("th a",)),
        Rows(f"/kelola/evaluasi/{YEAR}/grid/", "main tbody tr", ("th a",)),
        Rows(
            f"/kelola/evaluasi/{YEAR}/",
            "#lembar-belum-lengkap tbody tr",
            ("th", "td[data-label]"),
            press="Finalisasi…",
        ),
        Rows(
            f"/kelola/evaluasi/lomba/usul/{FINAL_YEAR}/",
            "main tbody tr",
            ("th label", "input[type=radio]"),
        ),
    ],
}

# Per row, the left and right edges of each element that must be on screen (None when
# the row lacks it).
ROW_BOXES = """([rows, selectors]) => [...document.querySelectorAll(rows)].map(row =>
    selectors.map(selector => {
        const element = row.querySelector(selector);
        if (!element) return null;
        const box = element.getBoundingClientRect();
        return {left: box.left, right: box.right, width: box.width};
    }))"""


def add_user(username, role, password, *options):
    """An account created the way staff create one: with `add_user`."""
    call_command(
        "add_user",
        username,
        "--role",
        role,
        "--password",
        password,
        *options,
        stdout=io.StringIO(),
    )
    return get_user_model().objects.get(username=username)


@pytest.fixture
def workspace(jenggot_with_content, kader_siti):
    """Every workspace list has rows: Jenggot's data, activity and board; a period in
    scoring whose judge scored two units and declared a conflict; a draft period with
    the example rubric; an earlier final period to nominate from. Returns the users'
    credentials by role."""
    jenggot = KampungKB.objects.get(slug="jenggot")
    BoardMember.objects.create(unit=jenggot, name="Sri Wahyuningsih", role="ketua")
    judge = add_user(JUDGE[0], "juri", JUDGE[1])
    staff = add_user(STAFF[0], "staf", STAFF[1])
    period = services.create_period(YEAR, "Evaluasi Kampung KB 2025", judges=[judge], by=staff)
    services.start_scoring(period, staff)
    criteria = list(period.criteria.all())
    units = list(KampungKB.objects.order_by("kelurahan__name"))
    for unit in units[:2]:
        sheet = {criterion.pk: (Decimal("3.5"), "") for criterion in criteria}
        services.save_unit_scores(period, judge, unit, sheet)
    services.declare_conflict(period, judge, units[-1], "Saudara kandung ketua Pokja.")
    services.create_period(DRAFT_YEAR, "Evaluasi Kampung KB 2026", judges=[judge], by=staff)
    final = services.create_period(
        FINAL_YEAR, "Evaluasi Kampung KB 2024", judges=[judge], by=staff
    )
    services.start_scoring(final, staff)
    final_criteria = list(final.criteria.all())
    for unit in units[:2]:
        sheet = {criterion.pk: (Decimal("3"), "") for criterion in final_criteria}
        services.save_unit_scores(final, judge, unit, sheet)
    services.finalize_period(final, staff)
    return {"kader": kader_siti, "judge": JUDGE, "staff": STAFF}


def assert_rows_on_screen(page, rows):
    boxes = page.evaluate(ROW_BOXES, [rows.rows, list(rows.on_screen)])
    assert boxes, f"{rows.path}: no row matches {rows.rows!r}"
    for number, row in enumerate(boxes, start=1):
        for selector, box in zip(rows.on_screen, row, strict=True):
            where = f"{rows.path}, row {number}, {selector!r}"
            assert box is not None, f"{where}: missing"
            assert box["width"] > 0, f"{where}: hidden"
            assert box["left"] >= 0 and box["right"] <= PHONE_WIDTH, f"{where}: off screen {box}"


def test_every_workspace_list_keeps_its_key_and_action_on_a_360px_screen(open_page, workspace):
    for role, pages in PHONE_PAGES.items():
        phone = open_page("360px")
        page = phone.page
        log_in(page, *workspace[role])
        for rows in pages:
            response = page.goto(rows.path)
            assert response.status == 200, rows.path
            if rows.press:
                page.get_by_role("button", name=rows.press).click()
                expect(page.locator(rows.rows).first).to_be_visible()
            phone.assert_fits_width(PHONE_WIDTH)
            assert_rows_on_screen(page, rows)
            assert_accessible(page)
        phone.assert_no_errors()


def test_the_staff_grid_scrolls_in_its_own_box_with_the_unit_names_in_view(open_page, workspace):
    phone = open_page("360px")
    page = phone.page
    log_in(page, *STAFF)
    page.goto(f"/kelola/evaluasi/{YEAR}/grid/")
    box = grid_box(page)
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")

    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")

    expect(box.locator("tbody tr").first.locator("td").last).to_be_in_viewport()
    grid = Rows(f"/kelola/evaluasi/{YEAR}/grid/", "main tbody tr", ("th a",))
    assert_rows_on_screen(page, grid)
    phone.assert_fits_width(PHONE_WIDTH)


def grid_box(page):
    """The box the staff grid scrolls in."""
    section = page.get_by_role("region", name="Rata-rata nilai per kriteria")
    return section.locator(".table-responsive")


def menu_lines(page):
    """How many lines the main menu takes: the distinct tops of its items, or 2 when one
    item's label wraps onto a second line."""
    return page.locator("#menu-utama > ul").evaluate(
        """menu => {
            const items = [...menu.children];
            const tops = new Set(items.map(item => Math.round(item.getBoundingClientRect().top)));
            const wrapped = items.some(item => {
                const link = item.querySelector(".nav-link");
                return link.scrollHeight > 1.5 * parseFloat(getComputedStyle(link).lineHeight)
                    + parseFloat(getComputedStyle(link).paddingTop)
                    + parseFloat(getComputedStyle(link).paddingBottom);
            });
            return wrapped ? Math.max(tops.size, 2) : tops.size;
        }"""
    )


def test_the_staff_grid_and_menu_fit_a_1366px_screen(open_page, workspace):
    desktop = open_page("desktop")
    page = desktop.page
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 800})
    log_in(page, *STAFF)
    page.goto(f"/kelola/evaluasi/{YEAR}/grid/")

    box = grid_box(page)
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth")
    final_scores = box.locator("tbody td:last-child")
    expect(final_scores).to_have_count(27)
    expect(final_scores.first).to_be_in_viewport()
    desktop.assert_fits_width(DESKTOP_WIDTH)
    assert menu_lines(page) == 1
    assert_accessible(page)

    # The account's own links sit in one menu under the user's name.
    account = page.get_by_role("button", name=f"Akun: {STAFF[0]}")
    account.click()
    expect(page.get_by_role("link", name="Ubah kata sandi")).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()

    page.get_by_role("navigation", name="Bahasa / Language").get_by_role(
        "link", name="English"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert menu_lines(page) == 1
    desktop.assert_no_errors()
