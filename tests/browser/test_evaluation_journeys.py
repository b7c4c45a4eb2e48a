"""Browser journeys of the evaluation: a judge scores a unit on a 360 px screen, and staff
finalize and publish a period, after which the public sees the ranking.

Issue 6 is done when these journeys pass through the real pages with axe-core finding no
serious or critical problem on the score sheet (with and without errors shown), the
period hub and the public results page.
"""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from evaluations import services
from evaluations.models import Criterion, Period, PublishedResult, Score, UnitReview
from villages.models import KampungKB

from . import PHONE_WIDTH, expect, log_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

YEAR = 2025
JUDGE_PASSWORD = "juri-kota-pekalongan-2025"
STAFF_PASSWORD = "staf-dinsos-p2kb-2025"
RECOMMENDATION = "Lengkapi arsip kegiatan sekretariat dan jadwalkan rapat Pokja tiap bulan."


def add_user(username, role, password):
    """An account created the way staff create one: with `add_user`."""
    call_command(
        "add_user", username, "--role", role, "--password", password, stdout=io.StringIO()
    )
    return get_user_model().objects.get(username=username)


def period_in_scoring(judges, staff):
    period = services.create_period(YEAR, "Evaluasi Kampung KB 2025", judges=judges, by=staff)
    return services.start_scoring(period, staff)


def expect_message(page, message):
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()


@pytest.fixture
def judge_in_scoring(pekalongan_live):
    """A judge of the 2025 period, which is open for scoring; returns (period, judge)."""
    judge = add_user("bu_rina", "juri", JUDGE_PASSWORD)
    staff = add_user("pak_hadi", "staf", STAFF_PASSWORD)
    return period_in_scoring([judge], staff), judge


def test_judge_scores_jenggot_on_a_360px_screen(open_page, judge_in_scoring):
    period, judge = judge_in_scoring
    jenggot = KampungKB.objects.select_related("kelurahan").get(slug="jenggot")
    criteria = list(Criterion.objects.filter(period=period).in_rubric_order())
    first = criteria[0]
    phone = open_page("360px")
    page = phone.page
    log_in(page, "bu_rina", JUDGE_PASSWORD)

    judge_card = page.get_by_role("region", name="Tugas penilaian Anda")
    expect(judge_card).to_contain_text("0 dari 27 Kampung KB sudah dinilai lengkap")
    next_unit = KampungKB.objects.select_related("kelurahan").order_by("kelurahan__name", "pk")[0]
    expect(
        judge_card.get_by_role("link", name=f"Nilai berikutnya: {next_unit.display_name}")
    ).to_have_attribute("href", f"/kelola/evaluasi/{YEAR}/menilai/{next_unit.slug}/")
    expect(page.get_by_text("Kampung KB yang Anda kelola")).to_have_count(0)
    judge_card.get_by_role("link", name="Lanjutkan menilai").click()
    expect(page).to_have_url(re.compile(rf"/kelola/evaluasi/{YEAR}/menilai/$"))
    page.get_by_role("link", name=f"Nilai {jenggot.display_name}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Lembar penilaian: {jenggot.display_name}"
    )
    phone.assert_fits_width(PHONE_WIDTH)
    assert_accessible(page)

    value_input = page.locator(f"#id_nilai_{first.pk}")
    value_input.press_sequentially("9")
    # The form leaves range checks to the server (novalidate), so every judge gets the
    # same Indonesian message on the field whatever the browser.
    assert page.locator("form.score-sheet").evaluate("form => form.noValidate")
    page.get_by_role("button", name="Simpan nilai").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("1 isian perlu diperbaiki; belum ada nilai yang disimpan")
    expect(summary).to_be_focused()
    expect(page.locator(f"#id_nilai_{first.pk}")).to_have_class(re.compile(r"\bis-invalid\b"))
    field_error = page.locator(f"#div_id_nilai_{first.pk} .invalid-feedback")
    expect(field_error).to_have_text("Nilai 9 harus antara 1 dan 4.")
    assert not Score.objects.filter(period=period, judge=judge, unit=jenggot).exists()
    assert not UnitReview.objects.filter(period=period, judge=judge, unit=jenggot).exists()
    phone.assert_fits_width(PHONE_WIDTH)
    assert_accessible(page)

    # The keyboard moves from a score to its note.
    value_input = page.locator(f"#id_nilai_{first.pk}")
    value_input.focus()
    page.keyboard.press("Tab")
    expect(page.locator(f"#id_catatan_{first.pk}")).to_be_focused()

    values = {}
    for index, criterion in enumerate(criteria):
        value = ("4", "3,5", "3", "2.5")[index % 4]
        values[criterion.pk] = Decimal(value.replace(",", "."))
        field = page.locator(f"#id_nilai_{criterion.pk}")
        field.focus()
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(value)
    page.locator(f"#id_catatan_{first.pk}").focus()
    page.keyboard.type("Sekretariat dipakai tiap minggu.")
    page.get_by_label("Rekomendasi pembinaan").fill(RECOMMENDATION)
    page.get_by_role("button", name="Simpan nilai").click()

    expect_message(page, f"Nilai untuk {jenggot.display_name} disimpan.")
    saved = {
        score.criterion_id: score
        for score in Score.objects.filter(period=period, judge=judge, unit=jenggot)
    }
    assert {pk: score.value for pk, score in saved.items()} == values
    assert saved[first.pk].note == "Sekretariat dipakai tiap minggu."
    review = UnitReview.objects.get(period=period, judge=judge, unit=jenggot)
    assert review.recommendation == RECOMMENDATION
    expect(page.locator(f"#id_nilai_{first.pk}")).to_have_value("4")
    # Shown back the Indonesian way, whichever sign was typed.
    expect(page.locator(f"#id_nilai_{criteria[1].pk}")).to_have_value("3,5")
    expect(page.locator(f"#id_nilai_{criteria[3].pk}")).to_have_value("2,5")
    phone.assert_fits_width(PHONE_WIDTH)
    assert_accessible(page)
    phone.assert_no_errors()


@pytest.fixture
def period_fully_scored(pekalongan_live):
    """The 2025 period in "penilaian" where its one judge scored all 27 units, Jenggot
    best; returns the staff username."""
    judge = add_user("bu_rina", "juri", JUDGE_PASSWORD)
    staff = add_user("pak_hadi", "staf", STAFF_PASSWORD)
    period = period_in_scoring([judge], staff)
    criteria = list(period.criteria.all())
    units = sorted(KampungKB.objects.all(), key=lambda unit: unit.slug == "jenggot")
    for index, unit in enumerate(units):
        # 1 for the first unit up to 4 for Jenggot, last: every final score differs.
        value = (1 + Decimal(3) * index / (len(units) - 1)).quantize(Decimal("0.01"))
        sheet = {criterion.pk: (value, "") for criterion in criteria}
        services.save_unit_scores(period, judge, unit, sheet)
    return "pak_hadi"


def test_staff_finalize_and_publish_a_period_and_the_public_sees_the_ranking(
    open_page, period_fully_scored
):
    desktop = open_page("desktop")
    page = desktop.page
    log_in(page, period_fully_scored, STAFF_PASSWORD)

    page.goto(f"/kelola/evaluasi/{YEAR}/")
    stage = page.get_by_role("region", name="Tahap periode")
    status_badge = page.get_by_text("Tahap:").locator(".badge")
    expect(status_badge).to_have_text("Penilaian")
    assert_accessible(page)

    stage.get_by_role("button", name="Finalisasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Finalisasi periode {YEAR}?")
    assert_accessible(page)
    page.get_by_role("button", name="Ya, finalkan dan kunci nilai").click()

    expect_message(page, f"Periode {YEAR} difinalkan: semua nilai terkunci.")
    expect(status_badge).to_have_text("Final")
    assert Period.objects.get(year=YEAR).status == Period.Status.FINAL
    assert_accessible(page)

    stage.get_by_role("button", name="Publikasikan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publikasikan hasil {YEAR}?")
    expect(page.get_by_role("region", name="Yang akan dilihat publik")).to_contain_text(
        "27 dari 27 Kampung KB nilainya lengkap dan mendapat peringkat."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Ya, publikasikan").click()
    expect_message(page, f"Hasil evaluasi {YEAR} kini dapat dilihat publik.")
    expect(status_badge).to_have_text("Dipublikasikan")
    assert PublishedResult.objects.filter(period__year=YEAR).count() == 27
    assert_accessible(page)

    response = page.goto(f"/evaluasi/{YEAR}/")
    assert response.status == 200
    ranking = page.locator("table.results-table")
    ranked = ranking.locator("tbody").first.get_by_role("row")
    expect(ranked).to_have_count(27)
    expect(ranked.first.locator("td.rank")).to_have_text("1")
    expect(ranked.first).to_have_attribute("data-unit", "jenggot")
    expect(ranked.first.locator("td.final-score")).to_have_text("100,00")
    expect(ranked.last.locator("td.rank")).to_have_text("27")

    chart_box = page.locator("[data-chart-box]")
    expect(chart_box).to_be_visible()
    canvas = chart_box.locator("canvas[data-results-chart]")
    assert canvas.evaluate("canvas => !!window.Chart.getChart(canvas)")
    assert canvas.evaluate("canvas => canvas.width > 0 && canvas.height > 0")
    # The figures the chart draws are in the ranking table beside it.
    row = chart_box.locator("xpath=ancestor::div[contains(@class, 'row')][1]")
    expect(row.locator("table.results-table")).to_have_count(1)
    assert_accessible(page)
    desktop.assert_no_errors()
