"""An empty unit page (only the reference data, as on a fresh `make run`) stays short.

Before issue 10 the Jenggot page repeated "belum diisi" 39 times and was 6,349 px tall on a
360 px phone and 4,659 px on a 1366 px desktop; Degayu, a unit the reference data says
nothing about, was 6,116 px and 4,520 px (Chromium, measured at commit 925e00e). Jenggot
now carries sourced facts (its formation, two flagship innovations), so the empty page
measured here is Degayu's. It must be at most half of that: each empty section is one line, the
classification details and the missing-items list fold away, and profile facts sit beside
their labels.
"""

import pytest

from . import PHONE_WIDTH, expect, log_in

pytestmark = pytest.mark.browser

HEIGHT_BEFORE = {360: 6116, 1366: 4520}


@pytest.mark.parametrize("width", [360, 1366])
def test_an_empty_unit_page_is_at_most_half_as_tall_as_before(screen, pekalongan_live, width):
    page = screen(width)
    page.goto("/kampung/degayu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kampung KB Degayu")
    expect(page.get_by_text("Bagian ini belum diisi.")).to_have_count(11)
    expect(page.get_by_role("link", name="Isi bagian ini")).to_have_count(0)
    expect(page.get_by_text("Data terakhir diubah")).to_have_count(0)

    height = page.evaluate("document.body.scrollHeight")
    assert height <= HEIGHT_BEFORE[width] // 2, f"{height} px at {width} px"

    # The folded details are one tap away.
    page.get_by_text("Rincian skor per indikator", exact=True).click()
    expect(page.locator(".classification-table")).to_be_visible()


def test_a_kader_on_a_phone_follows_the_fill_link_and_answers_tidak(open_page, kader_siti):
    phone = open_page("360px")
    page = phone.page
    log_in(page, *kader_siti)

    page.goto("/kampung/jenggot/")
    plkb = page.get_by_role("region", name="PLKB/PKB")
    expect(plkb.get_by_text("Bagian ini belum diisi.")).to_be_visible()
    plkb.get_by_role("link", name="Isi bagian ini").click()

    question = page.get_by_role("group", name="Sudah ada PLKB/PKB yang mendampingi?")
    expect(question.get_by_label("Belum diketahui")).to_be_checked()
    phone.assert_fits_width(PHONE_WIDTH)
    question.get_by_label("Tidak").check()
    page.get_by_role("button", name="Simpan", exact=True).click()

    page.goto("/kampung/jenggot/")
    plkb = page.get_by_role("region", name="PLKB/PKB")
    expect(plkb.get_by_role("definition")).to_have_text("Tidak")
    expect(page.get_by_text("Data terakhir diubah")).to_be_visible()
    phone.assert_no_errors()
