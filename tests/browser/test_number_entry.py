"""Numbers typed the way people here type them, key by key, in a real browser.

A browser's number input turns "3,5" into 35 (or nothing) before the server sees it;
these journeys type into the real pages with the keyboard, as a judge or a kader does,
and check what the database holds and what the page shows back.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.text import capfirst

from evaluations.models import Criterion, Score
from villages.models import MONTH_NAMES, KampungKB, UnitData

from . import PHONE_WIDTH, expect, log_in, required
from .test_evaluation_journeys import (
    JUDGE_PASSWORD,
    STAFF_PASSWORD,
    YEAR,
    add_user,
    period_in_scoring,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def scoring(pekalongan_live):
    """(period, judge, its first criterion, Jenggot): a judge of the period in scoring."""
    judge = add_user("bu_rina", "juri", JUDGE_PASSWORD)
    staff = add_user("pak_hadi", "staf", STAFF_PASSWORD)
    period = period_in_scoring([judge], staff)
    first = Criterion.objects.filter(period=period).in_rubric_order().first()
    return period, judge, first, KampungKB.objects.get(slug="jenggot")


def sheet_url(unit):
    return f"/kelola/evaluasi/{YEAR}/menilai/{unit.slug}/"


def type_value(field, text):
    """Empty the field and type `text` key by key, as on a phone's keyboard."""
    field.click()
    field.press("ControlOrMeta+A")
    field.press("Backspace")
    field.press_sequentially(text)


def test_a_judge_types_3_comma_5_and_the_sheet_keeps_3_comma_5(open_page, scoring):
    period, judge, first, jenggot = scoring
    phone = open_page("360px")
    page = phone.page
    log_in(page, "bu_rina", JUDGE_PASSWORD)
    page.goto(sheet_url(jenggot))
    value = page.locator(f"#id_nilai_{first.pk}")
    expect(value).to_have_attribute("type", "text")
    expect(value).to_have_attribute("inputmode", "decimal")

    type_value(value, "4,5")
    expect(value).to_have_value("4,5")  # nothing dropped or rewritten by the browser
    page.get_by_role("button", name="Simpan nilai").click()

    field_error = page.locator(f"#div_id_nilai_{first.pk} .invalid-feedback")
    expect(field_error).to_have_text("Nilai 4,5 harus antara 1 dan 4.")
    expect(value).to_have_value("4,5")
    assert not Score.objects.filter(period=period, judge=judge).exists()

    type_value(value, "3,5")
    page.get_by_role("button", name="Simpan nilai").click()

    expect(
        page.get_by_role("status").filter(has_text=f"Nilai untuk {jenggot.display_name} disimpan.")
    ).to_be_visible()
    assert Score.objects.get(period=period, judge=judge, criterion=first).value == Decimal("3.5")
    expect(value).to_have_value("3,5")
    phone.assert_fits_width(PHONE_WIDTH)
    phone.assert_no_errors()


def test_a_judge_in_english_types_3_point_5(open_page, scoring):
    period, judge, first, jenggot = scoring
    desktop = open_page("desktop")
    page = desktop.page
    log_in(page, "bu_rina", JUDGE_PASSWORD)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(sheet_url(jenggot))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Score sheet: {jenggot.display_name}"
    )
    value = page.locator(f"#id_nilai_{first.pk}")

    type_value(value, "4.5")
    page.get_by_role("button", name="Save scores").click()
    field_error = page.locator(f"#div_id_nilai_{first.pk} .invalid-feedback")
    expect(field_error).to_have_text("Score 4.5 must be between 1 and 4.")

    type_value(value, "3.5")
    page.get_by_role("button", name="Save scores").click()

    expect(
        page.get_by_role("status").filter(has_text=f"Scores for {jenggot.display_name} saved.")
    ).to_be_visible()
    assert Score.objects.get(period=period, judge=judge, criterion=first).value == Decimal("3.5")
    expect(value).to_have_value("3.5")
    desktop.assert_no_errors()


def test_a_kader_types_1_dot_500_families_and_1500_is_saved(open_page, kader_siti):
    username, password = kader_siti
    end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    phone = open_page("360px")
    page = phone.page
    log_in(page, username, password)
    page.goto("/kelola/kampung/jenggot/data/tambah/")

    page.get_by_label(required("Tahun")).fill(str(end.year))
    page.get_by_label("Bulan").select_option(label=str(MONTH_NAMES[end.month - 1]))
    families = page.get_by_label(
        str(capfirst(UnitData._meta.get_field("families").verbose_name)), exact=True
    )
    expect(families).to_have_attribute("inputmode", "numeric")
    type_value(families, "1.500")
    type_value(
        page.get_by_label(
            str(capfirst(UnitData._meta.get_field("couples").verbose_name)), exact=True
        ),
        "950",
    )
    page.get_by_role("button", name="Simpan").click()

    expect(
        page.get_by_role("status").filter(
            has_text=f"Data {MONTH_NAMES[end.month - 1]} {end.year} disimpan."
        )
    ).to_be_visible()
    record = UnitData.objects.get(unit__slug="jenggot", year=end.year, month=end.month)
    assert (record.families, record.couples) == (1500, 950)

    page.goto(f"/kelola/kampung/jenggot/data/{record.pk}/ubah/")
    expect(
        page.get_by_label(
            str(capfirst(UnitData._meta.get_field("families").verbose_name)), exact=True
        )
    ).to_have_value(re.compile(r"^1500$"))
    phone.assert_fits_width(PHONE_WIDTH)
    phone.assert_no_errors()
