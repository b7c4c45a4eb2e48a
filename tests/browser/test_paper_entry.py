"""Staff typing a judge's paper sheet in a real browser, by keyboard only."""

from decimal import Decimal

import pytest

from evaluations.models import Criterion, Score
from villages.models import KampungKB

from . import PHONE_WIDTH, expect, log_in
from .test_accessibility import assert_accessible
from .test_evaluation_journeys import (
    JUDGE_PASSWORD,
    STAFF_PASSWORD,
    YEAR,
    add_user,
    period_in_scoring,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def paper_sheet(pekalongan_live):
    """(period, judge, criteria in rubric order, Jenggot): a period in scoring."""
    judge = add_user("bu_rina", "juri", JUDGE_PASSWORD)
    staff = add_user("pak_hadi", "staf", STAFF_PASSWORD)
    period = period_in_scoring([judge], staff)
    criteria = list(Criterion.objects.filter(period=period).in_rubric_order())
    return period, judge, criteria, KampungKB.objects.get(slug="jenggot")


@pytest.mark.parametrize("viewport", ["360px", "desktop"])
def test_staff_type_a_whole_sheet_by_keyboard_with_3_comma_5(open_page, paper_sheet, viewport):
    period, judge, criteria, jenggot = paper_sheet
    opened = open_page(viewport)
    page = opened.page
    log_in(page, "pak_hadi", STAFF_PASSWORD)
    page.goto(f"/kelola/evaluasi/{YEAR}/")
    if viewport == "360px":
        opened.assert_fits_width(PHONE_WIDTH)
    page.locator(f'#tabel-lembar td[data-judge="bu_rina"][data-unit="{jenggot.slug}"] a').click()

    first = page.locator(f"#id_nilai_{criteria[0].pk}")
    expect(first).to_be_focused()
    for number, criterion in enumerate(criteria):
        expect(page.locator(f"#id_nilai_{criterion.pk}")).to_be_focused()
        page.keyboard.type("3,5" if number == 4 else "3")
        if number < len(criteria) - 1:
            page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(
        page.get_by_role("status").filter(has_text=f"Lembar bu_rina untuk {jenggot.display_name}")
    ).to_be_visible()
    saved = {
        score.criterion_id: score.value
        for score in Score.objects.filter(period=period, judge=judge, unit=jenggot)
    }
    assert len(saved) == len(criteria) == 19
    assert saved[criteria[4].pk] == Decimal("3.5")
    assert {value for pk, value in saved.items() if pk != criteria[4].pk} == {Decimal("3")}
    expect(page.locator(f"#id_nilai_{criteria[4].pk}")).to_have_value("3,5")
    if viewport == "360px":
        opened.assert_fits_width(PHONE_WIDTH)
    else:
        assert_accessible(page)
        page.goto(f"/kelola/evaluasi/{YEAR}/")
        assert_accessible(page)
        page.goto(f"/kelola/evaluasi/{YEAR}/lembar/?kampung={jenggot.slug}")
        assert_accessible(page)
    opened.assert_no_errors()


def test_the_blank_sheets_print_one_sheet_per_a4_page(open_page, paper_sheet):
    period, judge, criteria, jenggot = paper_sheet
    desktop = open_page("desktop")
    page = desktop.page
    log_in(page, "pak_hadi", STAFF_PASSWORD)
    page.goto(f"/kelola/evaluasi/{YEAR}/lembar/?juri=bu_rina")

    expect(page.locator("article.paper-sheet")).to_have_count(27)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    breaks = page.locator("article.paper-sheet").first.evaluate(
        "sheet => getComputedStyle(sheet).breakAfter"
    )
    assert breaks == "page"
    pdf = page.pdf(prefer_css_page_size=True)
    # 27 sheets, one A4 page each.
    assert pdf.count(b"/Type /Page\n") == 27
    desktop.assert_no_errors()
