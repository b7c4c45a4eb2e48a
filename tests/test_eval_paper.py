"""Judges' paper sheets: the printable blank sheets, the staff entry screen, the period
page's grid of sheets, the optional double entry, and the judge's own view of a sheet
staff typed."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import paper, services
from evaluations.models import Conflict, Criterion, Period, Score, SheetEntry, UnitReview
from evaluations.paper import CheckState, EntryRound
from villages.models import KampungKB, Kecamatan, Kelurahan


@pytest.fixture
def judges(make_user):
    return [make_user(name, "juri") for name in ("juri_a", "juri_b", "juri_c")]


@pytest.fixture
def period(judges, staf):
    period = services.create_period(
        2025, "Evaluasi dan Pembinaan Kampung KB 2025", held_on=date(2025, 4, 29), judges=judges
    )
    return services.start_scoring(period, staf)


@pytest.fixture
def double_period(period):
    Period.objects.filter(pk=period.pk).update(double_entry=True)
    period.refresh_from_db()
    return period


@pytest.fixture
def staf2(make_user):
    return make_user("staf2", "staf")


def criteria_of(period):
    return list(Criterion.objects.filter(period=period).in_rubric_order())


def sheets_url(period, **query):
    url = reverse("evaluations-manage:paper-sheets", args=[period.year])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def entry_url(period, judge, unit):
    return reverse("evaluations-manage:paper-entry", args=[period.year, judge.username, unit.slug])


def detail_url(period):
    return reverse("evaluations-manage:period-detail", args=[period.year])


def sheet_post(period, value="3", *, changes=None, recommendation="", version="", **extra):
    """What the browser sends for a sheet with every criterion at `value`."""
    data = {"recommendation": recommendation, "version": version, **extra}
    for criterion in criteria_of(period):
        data[f"nilai_{criterion.pk}"] = value
        data[f"catatan_{criterion.pk}"] = ""
    for criterion, typed in (changes or {}).items():
        data[f"nilai_{criterion.pk}"] = typed
    return data


def value_input(html, criterion):
    return re.search(rf'<input[^>]*id="id_nilai_{criterion.pk}"[^>]*>', html).group(0)


def paper_units():
    return list(KampungKB.objects.order_by("kelurahan__name", "pk"))


def add_units(count):
    kecamatan = Kecamatan.objects.first()
    for number in range(count):
        kelurahan = Kelurahan.objects.create(
            kecamatan=kecamatan, code=f"99.99.98.{number:04d}", name=f"Tambahan {number}"
        )
        KampungKB.objects.create(kelurahan=kelurahan, slug=f"tambahan-{number}")


# The rules, without the database


def test_two_typings_differ_where_a_value_differs_or_is_blank_in_one():
    first = {"1": "3.5", "2": "4", "3": "2"}
    second = {"1": "3.50", "2": "3", "4": "1"}

    assert paper.mismatches(first, second) == [2, 3, 4]
    assert paper.mismatches(first, dict(first)) == []


def test_a_sheet_is_verified_once_both_typings_agree_or_the_difference_is_resolved():
    assert paper.entry_check(None, None, None).state is None
    assert paper.entry_check({"1": "3"}, None, None).state == CheckState.AWAITING_SECOND
    assert paper.entry_check({"1": "3"}, {"1": "3"}, None).state == CheckState.VERIFIED
    differing = paper.entry_check({"1": "3"}, {"1": "2"}, None)
    assert (differing.state, differing.differing) == (CheckState.MISMATCH, [1])
    assert paper.entry_check({"1": "3"}, {"1": "2"}, {"1": "3"}).is_verified


def test_the_round_offered_depends_on_double_entry_and_who_typed_first():
    def round_for(user_id, *, double_entry=True, first_by=7, second_exists=False):
        return paper.entry_round(
            double_entry=double_entry,
            first_by=first_by,
            second_exists=second_exists,
            user_id=user_id,
        )

    assert round_for(8, double_entry=False) == EntryRound.FIRST
    assert round_for(8, first_by=None) == EntryRound.FIRST
    assert round_for(7) == EntryRound.FIRST
    assert round_for(8) == EntryRound.SECOND
    assert round_for(7, second_exists=True) == EntryRound.COMPARE


def test_the_paper_order_skips_excluded_units_and_the_next_unit_follows_it():
    excluded = frozenset({(1, 20)})

    assert paper.sheets_in_paper_order([1, 2], [10, 20, 30], excluded) == [
        (1, 10),
        (1, 30),
        (2, 10),
        (2, 20),
        (2, 30),
    ]
    assert paper.next_unit(1, 10, [10, 20, 30], excluded) == 30
    assert paper.next_unit(2, 10, [10, 20, 30], excluded) == 20
    assert paper.next_unit(1, 30, [10, 20, 30], excluded) is None


# Printable blank sheets


def test_the_printable_sheet_lists_every_criterion_with_its_range_in_rubric_order(
    login, period, staf, judges, jenggot
):
    response = login(staf).get(sheets_url(period, juri="juri_a", kampung="jenggot"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["sheets"] == [(judges[0], jenggot)]
    assert html.count('class="paper-sheet"') == 1
    codes = re.findall(r'<tr data-criterion="([^"]+)">', html)
    assert codes == [criterion.code for criterion in criteria_of(period)]
    assert len(codes) == 19
    assert html.count("1–4, boleh desimal dengan koma") == 19
    assert "Kecamatan" in html and jenggot.kelurahan.kecamatan.name in html
    assert period.name in html and "juri_a" in html
    assert "Tanda tangan juri" in html and "Tanggal" in html
    assert "Rekomendasi pembinaan untuk kader" in html
    assert "css/paper-sheets.css" in html


def test_a_judge_with_a_conflict_gets_no_sheet_for_that_unit(login, period, staf, judges, jenggot):
    services.declare_conflict(period, judges[0], jenggot, "Kerabat pengurus.")

    mine = login(staf).get(sheets_url(period, juri="juri_a")).context["sheets"]
    everyone = login(staf).get(sheets_url(period, kampung="jenggot")).context["sheets"]

    assert len(mine) == 26
    assert jenggot not in [unit for _judge, unit in mine]
    assert [unit for _judge, unit in mine] == [u for u in paper_units() if u != jenggot]
    assert [judge for judge, _unit in everyone] == judges[1:]


def test_all_sheets_are_each_judges_stack_in_paper_order(login, period, staf, judges):
    sheets = login(staf).get(sheets_url(period)).context["sheets"]

    units = paper_units()
    assert sheets == [(judge, unit) for judge in judges for unit in units]


def test_an_unknown_judge_or_unit_in_the_print_choice_is_not_found(login, period, staf, juri):
    client = login(staf)

    assert client.get(sheets_url(period, juri="tidak-ada")).status_code == 404
    assert client.get(sheets_url(period, juri=juri.username)).status_code == 404
    assert client.get(sheets_url(period, kampung="tidak-ada")).status_code == 404


def test_the_printable_sheets_run_a_fixed_number_of_queries(
    login, period, staf, make_user, jenggot, django_assert_num_queries
):
    client = login(staf)
    with CaptureQueriesContext(connection) as small:
        client.get(sheets_url(period))
    add_units(3)
    services.assign_judges(period, [make_user("juri_d", "juri")])
    Conflict.objects.create(period=period, judge=period.judges.first(), unit=jenggot, reason="x")

    # Session, user and role; the period, judges, units, the excluded pairs (two), criteria.
    assert len(small) == 9
    with django_assert_num_queries(9):
        response = client.get(sheets_url(period))
    assert len(response.context["sheets"]) == 4 * 30 - 1


# The staff entry screen


def test_the_entry_screen_has_the_judges_fields_in_paper_order_and_starts_at_the_first_value(
    login, period, staf, judges, jenggot
):
    response = login(staf).get(entry_url(period, judges[0], jenggot))

    html = response.content.decode()
    criteria = criteria_of(period)
    assert response.status_code == 200
    names = re.findall(r'name="(nilai_\d+|catatan_\d+|recommendation)"', html)
    values = [name for name in names if name.startswith("nilai_")]
    assert values == [f"nilai_{criterion.pk}" for criterion in criteria]
    # Every value comes before the first note, so Tab runs through the values.
    assert names.index(f"catatan_{criteria[0].pk}") > names.index(f"nilai_{criteria[-1].pk}")
    assert names[-1] == "recommendation"
    first = value_input(html, criteria[0])
    assert "autofocus" in first
    assert 'inputmode="decimal"' in first
    assert html.count("autofocus") == 1
    assert "Simpan dan lanjut" in html


def test_autofocus_goes_to_the_first_value_still_empty(login, period, staf, judges, jenggot):
    criteria = criteria_of(period)
    services.save_unit_scores(
        period, judges[0], jenggot, {criteria[0].pk: ("3", ""), criteria[1].pk: ("2", "")}
    )

    html = login(staf).get(entry_url(period, judges[0], jenggot)).content.decode()

    field = value_input(html, criteria[2])
    assert "autofocus" in field


def test_staff_entry_saves_scores_attributed_to_the_judge_with_history_naming_the_staff(
    login, period, staf, judges, jenggot
):
    first = criteria_of(period)[0]
    data = sheet_post(period, changes={first: "3,5"}, recommendation="Rapikan arsip.")

    response = login(staf).post(entry_url(period, judges[0], jenggot), data)

    assert response.status_code == 302
    assert response["Location"] == entry_url(period, judges[0], jenggot)
    scores = Score.objects.filter(period=period, unit=jenggot)
    assert scores.count() == 19
    assert {score.judge for score in scores} == {judges[0]}
    assert {score.entered_by for score in scores} == {staf}
    assert scores.get(criterion=first).value == Decimal("3.5")
    review = UnitReview.objects.get(period=period, judge=judges[0], unit=jenggot)
    assert (review.entered_by, review.updated_by) == (staf, staf)
    assert review.recommendation == "Rapikan arsip."
    history = Score.history.filter(judge=judges[0], unit=jenggot)
    assert history.count() == 19
    assert {record.history_user for record in history} == {staf}
    assert {record.history_change_reason for record in history} == {
        "dimasukkan oleh staf1 atas nama juri_a"
    }
    written = UnitReview.history.get(judge=judges[0], unit=jenggot)
    assert (written.history_user, written.history_change_reason) == (
        staf,
        "dimasukkan oleh staf1 atas nama juri_a",
    )
    entry = SheetEntry.objects.get(period=period, judge=judges[0], unit=jenggot)
    assert entry.round == SheetEntry.Round.FIRST
    assert entry.values[str(first.pk)] == "3.5"
    page = login(staf).get(entry_url(period, judges[0], jenggot)).content.decode()
    assert "dimasukkan oleh staf1 atas nama juri_a" in page
    assert 'value="3,5"' in value_input(page, first)


def test_a_wrong_value_is_refused_on_its_field_and_nothing_is_saved(
    login, period, staf, judges, jenggot
):
    first, second = criteria_of(period)[:2]
    data = sheet_post(period, changes={first: "4,5", second: "tiga"})

    response = login(staf).post(entry_url(period, judges[0], jenggot), data)

    assert response.status_code == 200
    assert response.context["form"].errors[f"nilai_{first.pk}"] == [
        "Nilai 4,5 harus antara 1 dan 4."
    ]
    assert f"nilai_{second.pk}" in response.context["form"].errors
    assert not Score.objects.filter(period=period).exists()
    assert not SheetEntry.objects.exists()


@pytest.mark.parametrize("who", ["kader_jenggot", "juri_a"])
def test_a_kader_or_a_judge_cannot_use_the_entry_screen(
    request, login, period, judges, jenggot, who
):
    client = login(request.getfixturevalue(who) if who != "juri_a" else judges[0])
    url = entry_url(period, judges[0], jenggot)

    assert client.get(url).status_code == 403
    assert client.post(url, sheet_post(period)).status_code == 403
    assert client.get(sheets_url(period)).status_code == 403
    assert not Score.objects.filter(period=period).exists()


def test_staff_cannot_enter_for_an_unassigned_judge(login, period, staf, juri, jenggot):
    client = login(staf)

    shown = client.get(entry_url(period, juri, jenggot))
    posted = client.post(entry_url(period, juri, jenggot), sheet_post(period))

    assert shown.status_code == posted.status_code == 403
    assert "juri1 tidak ditugaskan sebagai juri periode ini." in posted.content.decode()
    assert not Score.objects.filter(period=period).exists()


def test_staff_cannot_enter_for_a_conflicted_judge(login, period, staf, judges, jenggot):
    services.declare_conflict(period, judges[0], jenggot, "Kerabat pengurus.")

    response = login(staf).post(entry_url(period, judges[0], jenggot), sheet_post(period))

    assert response.status_code == 403
    assert "menyatakan konflik kepentingan" in response.content.decode()
    assert not Score.objects.filter(period=period).exists()


def test_a_locked_period_refuses_staff_entry(login, period, staf, judges, jenggot):
    services.finalize_period(period, staf)

    response = login(staf).post(entry_url(period, judges[0], jenggot), sheet_post(period))

    assert response.status_code == 403
    assert "sudah final" in response.content.decode()
    assert not Score.objects.filter(period=period).exists()


def test_an_entry_from_an_outdated_form_is_refused_like_a_judges(
    login, period, staf, judges, jenggot
):
    client = login(staf)
    client.post(entry_url(period, judges[0], jenggot), sheet_post(period, "3"))
    opened = client.get(entry_url(period, judges[0], jenggot))
    version = re.search(r'name="version" value="([^"]*)"', opened.content.decode()).group(1)
    services.save_unit_scores(
        period,
        judges[0],
        jenggot,
        {c.pk: ("2", "") for c in criteria_of(period)},
        expected_version=UnitReview.objects.get(judge=judges[0], unit=jenggot).version,
    )

    response = client.post(
        entry_url(period, judges[0], jenggot), sheet_post(period, "4", version=version)
    )

    assert response.status_code == 200
    assert response.context["stale"] is not None
    assert {s.value for s in Score.objects.filter(judge=judges[0], unit=jenggot)} == {2}


def test_simpan_dan_lanjut_goes_to_the_next_unit_of_the_same_judge(login, period, staf, judges):
    units = paper_units()
    services.declare_conflict(period, judges[0], units[1], "Kerabat pengurus.")
    client = login(staf)

    response = client.post(entry_url(period, judges[0], units[0]), sheet_post(period, lanjut="1"))

    # The second unit is skipped: juri_a has no sheet for it.
    assert response["Location"] == entry_url(period, judges[0], units[2])
    last = client.post(entry_url(period, judges[0], units[-1]), sheet_post(period, lanjut="1"))
    assert last["Location"] == detail_url(period) + "#lembar"


# The period page's grid of sheets


def test_the_period_page_lists_every_judge_and_unit_with_its_state_and_a_link(
    login, period, staf, judges, jenggot, bandengan
):
    criteria = criteria_of(period)
    services.save_unit_scores(period, judges[0], jenggot, {c.pk: ("3", "") for c in criteria})
    services.save_unit_scores(period, judges[1], jenggot, {criteria[0].pk: ("3", "")})
    services.declare_conflict(period, judges[2], bandengan, "Kerabat pengurus.")

    response = login(staf).get(detail_url(period))

    html = response.content.decode()
    grid = response.context["entry_grid"]
    assert len(grid.rows) == 27
    assert all(len(cells) == 3 for _unit, cells in grid.rows)
    states = {
        (cell.judge.username, unit.slug): cell.state for unit, cells in grid.rows for cell in cells
    }
    assert states["juri_a", "jenggot"] == "lengkap"
    assert states["juri_b", "jenggot"] == "sebagian"
    assert states["juri_c", "jenggot"] == "belum"
    assert states["juri_c", "bandengan"] is None
    assert entry_url(period, judges[0], jenggot) in html
    assert entry_url(period, judges[2], bandengan) not in html
    assert 'id="tabel-lembar"' in html
    assert sheets_url(period) in html


def test_the_period_page_runs_a_fixed_number_of_queries_with_the_grid(
    login, period, staf, double_period, make_user, jenggot, staf2, django_assert_num_queries
):
    client = login(staf)
    with CaptureQueriesContext(connection) as small:
        client.get(detail_url(period))
    count = len(small)  # read now: the next request empties the query log
    add_units(3)
    services.assign_judges(period, [make_user("juri_d", "juri")])
    client.post(entry_url(period, period.judges.first(), jenggot), sheet_post(period))
    login(staf2).post(entry_url(period, period.judges.first(), jenggot), sheet_post(period))
    client = login(staf)

    with django_assert_num_queries(count):
        response = client.get(detail_url(period))
    # Before the grid: 12; the grid reads the units and the typed sheets.
    assert count == 14
    assert len(response.context["entry_grid"].rows) == 30


def test_the_entry_screen_runs_a_fixed_number_of_queries(
    login, period, staf, judges, jenggot, django_assert_num_queries
):
    client = login(staf)
    with CaptureQueriesContext(connection) as empty:
        client.get(entry_url(period, judges[0], jenggot))
    count = len(empty)  # read now: the next request empties the query log
    client.post(entry_url(period, judges[0], jenggot), sheet_post(period))

    with django_assert_num_queries(count):
        client.get(entry_url(period, judges[0], jenggot))


# Double entry


def test_double_entry_is_off_by_default_and_set_in_the_period_form(login, period, staf):
    assert period.double_entry is False

    login(staf).post(
        reverse("evaluations-manage:period-update", args=[period.year]),
        {"name": period.name, "min_unit_age_years": 3, "double_entry": "on"},
    )

    assert Period.objects.get(pk=period.pk).double_entry is True


def test_a_second_staff_member_types_blind_and_matching_values_are_verified(
    login, double_period, staf, staf2, judges, jenggot
):
    period = double_period
    first = criteria_of(period)[0]
    login(staf).post(
        entry_url(period, judges[0], jenggot), sheet_post(period, changes={first: "3,5"})
    )

    opened = login(staf2).get(entry_url(period, judges[0], jenggot))
    html = opened.content.decode()
    assert opened.context["sheet"].round == EntryRound.SECOND
    assert 'data-round="kedua"' in html
    assert 'value="3,5"' not in html and 'value="3"' not in html
    response = login(staf2).post(
        entry_url(period, judges[0], jenggot),
        sheet_post(period, changes={first: "3.50"}, putaran="kedua"),
    )

    assert response.status_code == 302
    second = SheetEntry.objects.get(judge=judges[0], unit=jenggot, round=SheetEntry.Round.SECOND)
    assert second.entered_by == staf2
    # The second typing leaves the judge's scores as the first one wrote them.
    assert {s.entered_by for s in Score.objects.filter(judge=judges[0], unit=jenggot)} == {staf}
    page = login(staf).get(detail_url(period))
    states = {
        (cell.judge.username, unit.slug): cell.state
        for unit, cells in page.context["entry_grid"].rows
        for cell in cells
    }
    assert states["juri_a", "jenggot"] == "terverifikasi"
    assert "Terverifikasi" in page.content.decode()


def test_the_first_typist_keeps_the_first_entry(login, double_period, staf, judges, jenggot):
    period = double_period
    client = login(staf)
    client.post(entry_url(period, judges[0], jenggot), sheet_post(period, "3"))

    response = client.get(entry_url(period, judges[0], jenggot))

    assert response.context["sheet"].round == EntryRound.FIRST
    assert 'data-round="pertama"' in response.content.decode()


def test_a_mismatch_is_listed_side_by_side_and_resolved_from_the_paper(
    login, double_period, staf, staf2, judges, jenggot
):
    period = double_period
    first, second = criteria_of(period)[:2]
    login(staf).post(
        entry_url(period, judges[0], jenggot), sheet_post(period, changes={first: "3,5"})
    )
    login(staf2).post(
        entry_url(period, judges[0], jenggot),
        sheet_post(period, changes={first: "2,5"}, putaran="kedua"),
    )

    compared = login(staf2).get(entry_url(period, judges[0], jenggot))
    html = compared.content.decode()
    sheet = compared.context["sheet"]
    assert (sheet.round, sheet.check.state, sheet.check.differing) == (
        EntryRound.COMPARE,
        CheckState.MISMATCH,
        [first.pk],
    )
    shown = re.search(rf'data-compare="{first.pk}">(.*?)</span>\s*</legend>', html, re.S).group(1)
    assert "Berbeda" in shown and "3,5" in shown and "2,5" in shown
    # The differing value is to be typed again from the paper; the others are kept.
    assert "value=" not in value_input(html, first)
    assert 'value="3"' in value_input(html, second)
    version = re.search(r'name="version" value="([^"]*)"', html).group(1)

    blank = sheet_post(period, changes={first: ""}, version=version)
    refused = login(staf2).post(entry_url(period, judges[0], jenggot), blank)
    assert refused.context["form"].errors[f"nilai_{first.pk}"] == [
        "Tulis nilai yang tertulis di lembar kertas."
    ]

    resolved = login(staf2).post(
        entry_url(period, judges[0], jenggot),
        sheet_post(period, changes={first: "2,5"}, version=version),
    )

    assert resolved.status_code == 302
    assert Score.objects.get(judge=judges[0], unit=jenggot, criterion=first).value == Decimal(
        "2.5"
    )
    after = login(staf).get(entry_url(period, judges[0], jenggot)).context["sheet"]
    assert after.check.is_verified


def test_finalize_warns_about_unverified_sheets(
    login, double_period, staf, staf2, judges, jenggot, bandengan
):
    period = double_period
    first = criteria_of(period)[0]
    client = login(staf)
    client.post(entry_url(period, judges[0], jenggot), sheet_post(period))
    client.post(entry_url(period, judges[1], bandengan), sheet_post(period))
    login(staf2).post(
        entry_url(period, judges[1], bandengan),
        sheet_post(period, changes={first: "2"}, putaran="kedua"),
    )

    response = login(staf).post(
        reverse("evaluations-manage:period-transition", args=[period.year]),
        {"action": "finalisasi"},
    )

    html = response.content.decode()
    unverified = response.context["preview"].unverified
    assert [(s.unit, s.judge, s.check.state) for s in unverified] == [
        (bandengan, judges[1], CheckState.MISMATCH),
        (jenggot, judges[0], CheckState.AWAITING_SECOND),
    ] or [(s.unit, s.judge, s.check.state) for s in unverified] == [
        (jenggot, judges[0], CheckState.AWAITING_SECOND),
        (bandengan, judges[1], CheckState.MISMATCH),
    ]
    assert "2 lembar kertas belum terverifikasi" in html
    assert "Menunggu entri kedua" in html and "1 nilai berbeda" in html
    assert Period.objects.get(pk=period.pk).status == Period.Status.SCORING


def test_finalize_says_nothing_of_paper_sheets_without_double_entry(
    login, period, staf, judges, jenggot
):
    login(staf).post(entry_url(period, judges[0], jenggot), sheet_post(period))

    response = login(staf).post(
        reverse("evaluations-manage:period-transition", args=[period.year]),
        {"action": "finalisasi"},
    )

    assert response.context["preview"].unverified == []
    assert "belum terverifikasi" not in response.content.decode()


# The judge's own view


def test_the_judge_sees_a_sheet_staff_entered_marked_and_may_correct_it(
    login, period, staf, judges, jenggot
):
    first = criteria_of(period)[0]
    login(staf).post(entry_url(period, judges[0], jenggot), sheet_post(period))
    sheet = reverse("evaluations-manage:score-sheet", args=[period.year, jenggot.slug])

    client = login(judges[0])
    html = client.get(sheet).content.decode()
    assert 'id="dimasukkan-oleh-staf"' in html
    assert "Dimasukkan oleh staf (staf1)" in html
    version = re.search(r'name="version" value="([^"]*)"', html).group(1)
    response = client.post(sheet, sheet_post(period, changes={first: "2"}, version=version))

    assert response.status_code == 302
    corrected = Score.objects.get(judge=judges[0], unit=jenggot, criterion=first)
    assert (corrected.value, corrected.entered_by) == (2, None)
    assert corrected.history.first().history_user == judges[0]


def test_a_judge_whose_sheet_staff_entered_counts_as_having_scored_for_the_blind_rule(
    login, period, staf, judges, jenggot
):
    services.save_unit_scores(
        period, judges[1], jenggot, {c.pk: ("2.75", "") for c in criteria_of(period)}
    )
    sheet = reverse("evaluations-manage:score-sheet", args=[period.year, jenggot.slug])
    assert 'id="tabel-nilai-juri"' not in login(judges[0]).get(sheet).content.decode()

    login(staf).post(entry_url(period, judges[0], jenggot), sheet_post(period))

    assert 'id="tabel-nilai-juri"' in login(judges[0]).get(sheet).content.decode()


def test_the_paper_pages_speak_english(login, period, staf, judges, jenggot, settings):
    client = login(staf)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    printed = client.get(sheets_url(period, juri="juri_a", kampung="jenggot")).content.decode()
    entry = client.get(entry_url(period, judges[0], jenggot)).content.decode()

    assert "1–4, decimals allowed" in printed and "Judge's signature" in printed
    assert "Save and next" in entry and "Score per criterion" in entry
