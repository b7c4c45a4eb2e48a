"""What a walk of the public pages on a 360 px phone and at 1366 px found, in Indonesian
and English: the per-aspect breakdown wider than the phone with its subtotal off-screen,
the /prestasi/ level select cut to "Semua tingkal", words broken in the middle on an entry
("Penyelenggar|a", "BKK|BN") and jump links only 16 px tall on the unit page."""

import pytest

from competitions.models import Entry

from . import PHONE_WIDTH, assert_fits_width, expect
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


# The words of the matching elements that the browser broke over two lines.
BROKEN_WORDS = """selector => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()]
          .filter(rect => rect.width > 0).map(rect => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

# The filter selects whose options do not fit inside the select beside its arrow.
CUT_SELECTS = """() => [...document.querySelectorAll("form[data-filter-form] select")]
  .flatMap(select => {
    const style = getComputedStyle(select);
    const probe = document.createElement("span");
    probe.style.font = style.font;
    probe.style.whiteSpace = "pre";
    probe.style.position = "absolute";
    document.body.appendChild(probe);
    const room = select.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    const cut = [...select.options].filter(option => {
      probe.textContent = option.text;
      return probe.getBoundingClientRect().width > room;
    }).map(option => `${select.name}: ${option.text}`);
    probe.remove();
    return cut;
  })"""


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_aspect_breakdown_is_readable_on_a_phone_and_unclipped_on_a_desktop(
    demo_site, screen, language
):
    page = screen(360, language)
    page.goto("/evaluasi/2025/")
    tables = page.locator("table.aspect-table")
    assert tables.count() >= 2
    for table in tables.all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, box
        # The caption wraps inside the screen instead of being cut.
        caption = table.locator("caption")
        caption_box = caption.bounding_box()
        assert caption_box["x"] + caption_box["width"] <= PHONE_WIDTH
        assert caption.evaluate("caption => caption.scrollWidth <= caption.clientWidth")
        # Every criterion mean and the subtotal of each unit are on screen.
        for cell in table.locator("tbody td").all()[:40]:
            cell_box = cell.bounding_box()
            assert cell_box["width"] > 0 and cell_box["x"] + cell_box["width"] <= PHONE_WIDTH
        subtotal = table.locator("tbody tr").first.locator("td.subtotal")
        assert subtotal.bounding_box()["x"] + subtotal.bounding_box()["width"] <= PHONE_WIDTH
    assert_fits_width(page, PHONE_WIDTH)
    assert_accessible(page)

    page = screen(1366, language)
    page.goto("/evaluasi/2025/")
    for table in page.locator("table.aspect-table").all():
        wrapper = table.locator("xpath=..")
        assert wrapper.evaluate("box => box.scrollWidth <= box.clientWidth"), "a table scrolls"
        for subtotal in table.locator("td.subtotal").all():
            box = subtotal.bounding_box()
            assert box["x"] + box["width"] <= 1366
    assert_fits_width(page, 1366)
    assert_accessible(page)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_achievement_filters_show_their_whole_text_on_a_phone(
    pekalongan_live, screen, language
):
    page = screen(360, language)
    page.goto("/prestasi/")
    expect(page.locator("form[data-filter-form] select")).to_have_count(2)
    assert page.evaluate(CUT_SELECTS) == []
    assert_fits_width(page, PHONE_WIDTH)


@pytest.mark.parametrize("width", [360, 1366])
def test_an_entry_breaks_no_word_in_the_middle(demo_site, screen, width):
    entry = Entry.objects.public().filter(organiser="Kemendukbangga/BKKBN").first()
    assert entry is not None
    page = screen(width)
    page.goto(f"/prestasi/{entry.pk}/")
    expect(page.get_by_text("Kemendukbangga/BKKBN", exact=True)).to_be_visible()
    # Long links (`.text-break`) may break anywhere; labels and values may not.
    assert (
        page.evaluate(BROKEN_WORDS, ".profile-facts dt, .profile-facts dd:not(.text-break)") == []
    )
    assert_fits_width(page, width)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_entry_fits_a_phone_in_both_languages(pekalongan_live, screen, language):
    """Lighthouse's run found /prestasi/1/ 394 px wide in English: the badge "Took part;
    the stage's own outcome is not recorded" did not wrap."""
    page = screen(360, language)
    for entry in Entry.objects.public():
        page.goto(f"/prestasi/{entry.pk}/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_fits_width(page, PHONE_WIDTH)


def test_the_unit_pages_jump_links_are_24_px_tap_targets(pekalongan_live, screen):
    page = screen(360)
    page.goto("/kampung/jenggot/")
    links = page.get_by_role("navigation", name="Di halaman ini").get_by_role("link")
    assert links.count() >= 5
    for link in links.all():
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (link.inner_text(), box)
