"""Judges' pages: the units to score, the score sheet, conflicts, no anchoring, and the
staff upload of score files."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from evaluations import services
from evaluations.models import (
    Aspect,
    CoachingNote,
    Conflict,
    Criterion,
    Period,
    Score,
    UnitReview,
    format_number,
)
from evaluations.scoring import CriterionRef, ScoreRow, UnitRef, compute_results
from villages.models import KampungKB


@pytest.fixture
def judges(make_user):
    return [
        make_user("juri_a", "juri"),
        make_user("juri_b", "juri"),
    ]


@pytest.fixture
def period(judges, staf):
    period = services.create_period(
        2025, "Evaluasi dan Pembinaan Kampung KB 2025", held_on=date(2025, 4, 29), judges=judges
    )
    return services.start_scoring(period, staf)


def criteria_of(period):
    return list(Criterion.objects.filter(period=period).in_rubric_order())


def sheet_url(period, unit):
    return reverse("evaluations-manage:score-sheet", args=[period.year, unit.slug])


def home_url(period):
    return reverse("evaluations-manage:judge-home", args=[period.year])


def import_url(period):
    return reverse("evaluations-manage:score-import", args=[period.year])


def sheet_post(period, value="3", *, changes=None, recommendation="", version=""):
    """What the browser sends for a sheet with every criterion at `value`."""
    data = {"recommendation": recommendation, "version": version}
    for criterion in criteria_of(period):
        data[f"nilai_{criterion.pk}"] = value
        data[f"catatan_{criterion.pk}"] = ""
    for criterion, (typed, note) in (changes or {}).items():
        data[f"nilai_{criterion.pk}"] = typed
        data[f"catatan_{criterion.pk}"] = note
    return data


def full_values(period, value="3"):
    return {criterion.pk: (value, "") for criterion in criteria_of(period)}


def hidden_version(response):
    match = re.search(r'name="version" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


# The score sheet


def test_the_sheet_has_every_criterion_grouped_by_aspect_with_decimal_inputs(
    login, period, judges, jenggot
):
    response = login(judges[0]).get(sheet_url(period, jenggot))

    html = response.content.decode()
    criterion = criteria_of(period)[0]
    assert response.status_code == 200
    for aspect in Aspect.objects.filter(period=period):
        assert f'id="aspek-{aspect.pk}"' in html
    assert html.count('inputmode="decimal"') == len(criteria_of(period)) == 19
    field = re.search(rf'<input[^>]*id="id_nilai_{criterion.pk}"[^>]*>', html).group(0)
    # A text input: a browser's number input turns "3,5" into 35 before the server sees it.
    assert 'type="text"' in field
    assert 'autocomplete="off"' in field
    assert f'for="id_nilai_{criterion.pk}"' in html
    assert f'for="id_catatan_{criterion.pk}"' in html
    assert "<summary>Panduan penilaian</summary>" in html
    assert criterion.guidance_lines()[0] in html
    assert 'name="recommendation"' in html
    assert '<input type="hidden" name="version"' in html
    assert hidden_version(response) == ""


def test_a_judge_saves_a_full_sheet_and_the_values_and_history_are_stored(
    login, period, judges, jenggot
):
    first, second = criteria_of(period)[:2]
    data = sheet_post(
        period,
        changes={first: ("2,5", "Sekretariat dipakai tiap pekan."), second: ("4", "")},
        recommendation="Lengkapi arsip kegiatan.",
    )

    response = login(judges[0]).post(sheet_url(period, jenggot), data)

    assert response.status_code == 302
    assert response["Location"] == sheet_url(period, jenggot)
    scores = {s.criterion_id: s for s in Score.objects.filter(judge=judges[0], unit=jenggot)}
    assert len(scores) == 19
    assert scores[first.pk].value == Decimal("2.5")
    assert scores[first.pk].note == "Sekretariat dipakai tiap pekan."
    assert scores[second.pk].value == Decimal("4")
    review = UnitReview.objects.get(judge=judges[0], unit=jenggot)
    assert review.recommendation == "Lengkapi arsip kegiatan."
    history = Score.history.filter(judge=judges[0], unit=jenggot)
    assert history.count() == 19
    assert {record.history_user for record in history} == {judges[0]}


def test_the_saved_sheet_shows_the_saved_values_and_the_version(login, period, judges, jenggot):
    first = criteria_of(period)[0]
    client = login(judges[0])
    client.post(sheet_url(period, jenggot), sheet_post(period, changes={first: ("2.5", "")}))

    response = client.get(sheet_url(period, jenggot))

    html = response.content.decode()
    review = UnitReview.objects.get(judge=judges[0], unit=jenggot)
    assert hidden_version(response) == review.version
    field = re.search(rf'<input[^>]*id="id_nilai_{first.pk}"[^>]*>', html).group(0)
    assert 'value="2,5"' in field
    assert f"Nilai untuk {jenggot.display_name} disimpan." in html


def test_an_out_of_range_and_a_three_decimal_value_are_refused_on_their_fields(
    login, period, judges, jenggot
):
    first, second = criteria_of(period)[:2]
    data = sheet_post(period, changes={first: ("5", ""), second: ("3.125", "")})

    response = login(judges[0]).post(sheet_url(period, jenggot), data)

    html = response.content.decode()
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert errors[f"nilai_{first.pk}"] == ["Nilai 5 harus antara 1 dan 4."]
    assert errors[f"nilai_{second.pk}"] == [
        "Nilai 3.125 punya lebih dari 2 angka di belakang koma."
    ]
    assert set(errors) == {f"nilai_{first.pk}", f"nilai_{second.pk}"}
    assert 'id="ringkasan-kesalahan"' in html
    assert f'href="#id_nilai_{first.pk}"' in html
    assert f'href="#id_nilai_{second.pk}"' in html
    assert 'value="3.125"' in html
    assert 'value="5"' in html
    assert not Score.objects.exists()
    assert not UnitReview.objects.exists()


def test_a_kader_who_judges_is_refused_their_own_unit_and_told_why(
    login, period, judges, jenggot, bandengan
):
    jenggot.kader.add(judges[0])
    client = login(judges[0])
    explanation = "Anda terdaftar sebagai kader Kampung KB ini sehingga tidak dapat menilainya."

    on_get = client.get(sheet_url(period, jenggot))
    on_post = client.post(sheet_url(period, jenggot), sheet_post(period))

    assert on_get.status_code == 403
    assert explanation in on_get.content.decode()
    assert on_post.status_code == 403
    assert explanation in on_post.content.decode()
    assert not Score.objects.exists()
    other = client.post(sheet_url(period, bandengan), sheet_post(period))
    assert other.status_code == 302
    assert Score.objects.filter(judge=judges[0], unit=bandengan).count() == 19


def test_a_judge_not_assigned_to_the_period_is_refused(login, period, juri, jenggot):
    client = login(juri)

    assert client.get(home_url(period)).status_code == 403
    assert client.get(sheet_url(period, jenggot)).status_code == 403
    assert client.post(sheet_url(period, jenggot), sheet_post(period)).status_code == 403
    assert not Score.objects.exists()


def test_staff_not_assigned_see_the_sheet_read_only_and_cannot_save(
    login, period, staf, judges, jenggot
):
    services.save_unit_scores(period, judges[0], jenggot, full_values(period, "2.75"))
    client = login(staf)

    response = client.get(sheet_url(period, jenggot))
    refused = client.post(sheet_url(period, jenggot), sheet_post(period, "1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="score-sheet"' not in html
    assert "2,75" in html
    assert refused.status_code == 403
    assert "tidak ditugaskan" in refused.content.decode()
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal("2.75")}


# Conflicts of interest


def test_a_declared_conflict_refuses_scoring_and_shows_on_the_list(login, period, judges, jenggot):
    client = login(judges[0])
    url = reverse("evaluations-manage:conflict-declare", args=[period.year, jenggot.slug])

    declared = client.post(url, {"reason": "Adik saya ketua pokja."})
    on_get = client.get(sheet_url(period, jenggot))
    on_post = client.post(sheet_url(period, jenggot), sheet_post(period))
    home = client.get(home_url(period))

    assert declared.status_code == 302
    assert Conflict.objects.get(judge=judges[0], unit=jenggot).reason == "Adik saya ketua pokja."
    assert on_get.status_code == 403
    assert "konflik kepentingan" in on_get.content.decode()
    assert on_post.status_code == 403
    assert not Score.objects.exists()
    [row] = [row for row in home.context["rows"] if row.unit == jenggot]
    assert row.status == "konflik"
    assert 'data-status="konflik"' in home.content.decode()
    assert home.context["progress"].expected == 26


def test_the_conflict_page_offers_to_save_the_reason_once_declared(login, period, judges, jenggot):
    client = login(judges[0])
    url = reverse("evaluations-manage:conflict-declare", args=[period.year, jenggot.slug])
    assert 'value="Nyatakan konflik kepentingan"' in client.get(url).content.decode()

    services.declare_conflict(period, judges[0], jenggot, "Keluarga pengurus.")

    html = client.get(url).content.decode()
    assert 'value="Simpan alasan"' in html
    assert 'value="Nyatakan konflik kepentingan"' not in html


def test_a_conflict_needs_a_reason(login, period, judges, jenggot):
    url = reverse("evaluations-manage:conflict-declare", args=[period.year, jenggot.slug])

    response = login(judges[0]).post(url, {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not Conflict.objects.exists()


def test_withdrawing_a_conflict_lets_the_judge_score_again(login, period, judges, jenggot):
    services.declare_conflict(period, judges[0], jenggot, "Keluarga pengurus.")
    client = login(judges[0])
    url = reverse("evaluations-manage:conflict-withdraw", args=[period.year, jenggot.slug])

    assert client.get(url).status_code == 405
    assert Conflict.objects.exists()
    assert client.post(url).status_code == 302
    # Kept, marked withdrawn, for the period's history.
    conflict = Conflict.objects.get()
    assert (conflict.withdrawn_by, conflict.withdrawn_at is not None) == (judges[0], True)
    assert not Conflict.objects.active().exists()
    assert client.get(sheet_url(period, jenggot)).status_code == 200


# No anchoring


# What juri_a wrote, looked for on every page juri_b can open.
SECRET_NOTE = "Catatan rahasia juri A"
SECRET_ADVICE = "Rekomendasi rahasia juri A"


def score_secretly(period, judge, unit):
    values = full_values(period, "2.75")
    first = criteria_of(period)[0]
    values[first.pk] = ("2.75", SECRET_NOTE)
    services.save_unit_scores(period, judge, unit, values, SECRET_ADVICE)


def judge_reachable_urls(period, unit):
    """Every page and export of evaluations a judge of `period` might open, by URL name.

    `test_every_evaluation_page_is_checked_for_blindness` keeps this list whole."""
    year, slug = period.year, unit.slug
    manage = "evaluations-manage"
    return {
        f"{manage}:score-sheet": reverse(f"{manage}:score-sheet", args=[year, slug]),
        f"{manage}:judge-home": reverse(f"{manage}:judge-home", args=[year]),
        f"{manage}:conflict-declare": reverse(f"{manage}:conflict-declare", args=[year, slug]),
        f"{manage}:results": reverse(f"{manage}:results", args=[year]),
        f"{manage}:results-xlsx": reverse(f"{manage}:results-xlsx", args=[year]),
        f"{manage}:recap": reverse(f"{manage}:recap", args=[year]),
        f"{manage}:grid": reverse(f"{manage}:grid", args=[year]),
        f"{manage}:calibration": reverse(f"{manage}:calibration", args=[year]),
        f"{manage}:period-detail": reverse(f"{manage}:period-detail", args=[year]),
        f"{manage}:period-history": reverse(f"{manage}:period-history", args=[year]),
        f"{manage}:score-import": reverse(f"{manage}:score-import", args=[year]),
        f"{manage}:score-template": reverse(f"{manage}:score-template", args=[year]),
        f"{manage}:paper-sheets": reverse(f"{manage}:paper-sheets", args=[year]),
        f"{manage}:paper-entry": reverse(f"{manage}:paper-entry", args=[year, "juri_a", slug]),
        f"{manage}:rubric-export": reverse(f"{manage}:rubric-export", args=[year]),
        f"{manage}:coaching": reverse(f"{manage}:coaching", args=[slug]),
        "evaluations:results": reverse("evaluations:results", args=[year]),
        "evaluations:results-csv": reverse("evaluations:results-csv", args=[year]),
        "evaluations:period-list": reverse("evaluations:period-list"),
        "manage:dashboard": reverse("manage:dashboard"),
        "villages:kampung-detail": unit.get_absolute_url(),
    }


def assert_blind(client, period, unit):
    """No page or export shows juri_a's scores, notes or recommendation to this client."""
    for name, url in judge_reachable_urls(period, unit).items():
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403, 404, 405), name
            continue
        body = response.content
        if response.get("Content-Type", "").startswith("text/"):
            body = body.decode()
            for secret in (SECRET_NOTE, SECRET_ADVICE, "2,75", "2.75"):
                assert secret not in body, (name, secret)
            assert 'id="tabel-nilai-juri"' not in body, name
        else:  # a binary export reaching a judge would be a leak of its own
            pytest.fail(f"{name} gave a judge a {response['Content-Type']} file")


def test_every_evaluation_page_is_checked_for_blindness(period, jenggot):
    from django.urls import get_resolver

    checked = set(judge_reachable_urls(period, jenggot))
    for namespace in ("evaluations-manage", "evaluations"):
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        for pattern in resolver.url_patterns:
            name = f"{namespace}:{pattern.name}"
            writes_only = pattern.name.endswith(
                ("-create", "-update", "-delete", "-remove", "-transition", "-withdraw")
            ) or pattern.name in (
                "rubric-import",
                "rubric-copy",
                "rubric-adapted",
                "judges",
                "rubric",
                "period-list",
                "coaching-update",
            )
            if namespace == "evaluations" or not writes_only:
                assert name in checked, f"{name}: add it to judge_reachable_urls"


@pytest.mark.parametrize("sheet", ["blank", "partial"])
def test_a_blank_or_partial_sheet_leaves_the_others_hidden_everywhere(
    login, period, judges, jenggot, sheet
):
    score_secretly(period, judges[0], jenggot)
    client = login(judges[1])
    assert_blind(client, period, jenggot)

    if sheet == "blank":
        data = sheet_post(period, "")
    else:
        data = sheet_post(period, "")
        for criterion in criteria_of(period)[:4]:
            data[f"nilai_{criterion.pk}"] = "1"
    response = client.post(sheet_url(period, jenggot), data)

    assert response.status_code == 302
    mine = Score.objects.filter(judge=judges[1], unit=jenggot)
    reviews = UnitReview.objects.filter(judge=judges[1], unit=jenggot)
    if sheet == "blank":
        assert not mine.exists() and not reviews.exists()
    else:
        assert mine.count() == 4 and reviews.count() == 1
    assert_blind(client, period, jenggot)
    html = client.get(sheet_url(period, jenggot)).content.decode()
    assert "Nilai juri lain terlihat setelah Anda menilai semua kriteria." in html


def test_a_complete_sheet_reveals_the_others_scores(login, period, judges, staf, jenggot):
    score_secretly(period, judges[0], jenggot)
    client = login(judges[1])

    client.post(sheet_url(period, jenggot), sheet_post(period, "1"))
    after = client.get(sheet_url(period, jenggot))

    html = after.content.decode()
    assert 'id="tabel-nilai-juri"' in html
    assert "2,75" in html
    assert "1,88" in html  # the mean of 2.75 and 1, rounded
    assert "juri_a" in html
    # Another unit stays hidden.
    bandengan = KampungKB.objects.get(slug="bandengan")
    score_secretly(period, judges[0], bandengan)
    assert client.get(sheet_url(period, bandengan)).context["table"] is None


def test_a_blank_save_says_nothing_was_saved(login, period, judges, jenggot):
    response = login(judges[0]).post(
        sheet_url(period, jenggot), sheet_post(period, ""), follow=True
    )

    assert "Lembar masih kosong: tidak ada yang disimpan." in response.content.decode()
    assert not UnitReview.objects.filter(judge=judges[0]).exists()


# No final score from a partial sheet


def test_a_partial_sheet_shows_how_many_criteria_are_scored_and_no_score(
    login, period, judges, jenggot
):
    score_secretly(period, judges[1], jenggot)
    values = {criterion.pk: ("4", "") for criterion in criteria_of(period)[:4]}
    services.save_unit_scores(period, judges[0], jenggot, values)

    response = login(judges[0]).get(sheet_url(period, jenggot))

    html = response.content.decode()
    assert "4 dari 19 kriteria dinilai" in html
    assert "Nilai akhir" not in html
    assert "Nilai Anda untuk Kampung KB ini" not in html
    assert response.context["own"].final_score == ""


def test_a_complete_sheet_shows_the_units_score_by_this_judge(login, period, judges, jenggot):
    score_secretly(period, judges[1], jenggot)
    values = full_values(period, "3")
    values[criteria_of(period)[0].pk] = ("4", "")
    services.save_unit_scores(period, judges[0], jenggot, values)

    response = login(judges[0]).get(sheet_url(period, jenggot))

    # The scoring rule over this judge's scores alone: as if they were the only judge.
    [alone] = compute_results(
        [UnitRef(jenggot.pk, "")],
        [CriterionRef(c.pk, c.aspect_id, c.weight, c.max_score) for c in criteria_of(period)],
        [judges[0].pk],
        [
            ScoreRow(jenggot.pk, judges[0].pk, s.criterion_id, s.value)
            for s in Score.objects.filter(judge=judges[0], unit=jenggot)
        ],
    )
    shown = format_number(alone.final_score)
    html = response.content.decode()
    assert f"Nilai Anda untuk Kampung KB ini: {shown}" in html
    assert "kriteria dinilai" not in html
    assert shown != format_number(Decimal(75))  # not the mean with juri_b's 2.75


def test_staff_always_see_every_judges_scores(login, period, judges, staf, jenggot):
    services.save_unit_scores(period, judges[0], jenggot, full_values(period, "2.75"))

    response = login(staf).get(sheet_url(period, jenggot))

    table = response.context["table"]
    assert [judge.user for judge in table.judges] == judges
    assert table.rows[0].values == ["2,75", ""]
    assert table.rows[0].mean == "2,75"


def test_the_table_leaves_out_a_conflicted_judge_from_the_mean(
    login, period, judges, staf, jenggot
):
    services.save_unit_scores(period, judges[0], jenggot, full_values(period, "4"))
    services.save_unit_scores(period, judges[1], jenggot, full_values(period, "2"))
    services.declare_conflict(period, judges[1], jenggot, "Keluarga pengurus.")

    table = login(staf).get(sheet_url(period, jenggot)).context["table"]

    assert table.rows[0].values == ["4", "2"]
    assert table.rows[0].mean == "4"
    assert not table.judges[1].counted


# Stale saves


def test_a_save_from_an_outdated_form_is_refused_until_submitted_again(
    login, period, judges, staf, jenggot
):
    first = criteria_of(period)[0]
    services.save_unit_scores(period, judges[0], jenggot, full_values(period, "3"))
    client = login(judges[0])
    opened = client.get(sheet_url(period, jenggot))
    v1 = hidden_version(opened)
    # Meanwhile staff enter the judge's paper sheet.
    v2 = services.save_unit_scores(
        period, judges[0], jenggot, full_values(period, "2"), expected_version=v1, by=staf
    ).version

    stale = client.post(
        sheet_url(period, jenggot),
        sheet_post(period, "4", changes={first: ("1,5", "")}, version=v1),
    )

    html = stale.content.decode()
    assert stale.status_code == 200
    assert "sudah disimpan oleh staf1" in html
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal("2")}
    assert hidden_version(stale) == v2
    assert 'value="1,5"' in html
    assert f'data-saved-for="{first.pk}"' in html
    assert "Tersimpan sekarang: 2" in html

    again = client.post(
        sheet_url(period, jenggot),
        sheet_post(period, "4", changes={first: ("1,5", "")}, version=hidden_version(stale)),
    )

    assert again.status_code == 302
    assert Score.objects.get(criterion=first, judge=judges[0]).value == Decimal("1.5")
    assert Score.objects.filter(value=Decimal("4")).count() == 18


# Locked period


def test_a_locked_period_shows_the_scores_read_only_and_refuses_a_save(
    login, period, judges, staf, jenggot
):
    services.save_unit_scores(period, judges[0], jenggot, full_values(period, "3.25"))
    services.finalize_period(period, staf)
    client = login(judges[0])

    response = client.get(sheet_url(period, jenggot))
    refused = client.post(sheet_url(period, jenggot), sheet_post(period, "1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="score-sheet"' not in html
    assert "sudah final" in html
    assert "3,25" in html
    assert refused.status_code == 403
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal("3.25")}


# The judge's list of units


def test_the_list_shows_my_status_per_unit_and_my_progress(
    login, period, judges, jenggot, bandengan
):
    services.save_unit_scores(period, judges[0], jenggot, full_values(period))
    one = criteria_of(period)[0]
    services.save_unit_scores(period, judges[0], bandengan, {one.pk: ("2", "")})
    other = KampungKB.objects.exclude(pk__in=[jenggot.pk, bandengan.pk]).first()
    other.kader.add(judges[0])

    response = login(judges[0]).get(home_url(period))

    statuses = {row.unit.slug: row.status for row in response.context["rows"]}
    html = response.content.decode()
    assert statuses["jenggot"] == "lengkap"
    assert statuses["bandengan"] == "sebagian"
    assert statuses[other.slug] == "kader"
    assert list(statuses.values()).count("belum") == 24
    assert "1 dari 26 Kampung KB sudah dinilai lengkap" in html
    assert "Tidak menilai: kader" in html
    assert sheet_url(period, other) not in html


def test_the_list_filters_by_kecamatan(login, period, judges, jenggot):
    kecamatan = jenggot.kelurahan.kecamatan

    response = login(judges[0]).get(home_url(period), {"kecamatan": kecamatan.slug})

    units = [row.unit for row in response.context["rows"]]
    assert jenggot in units
    assert {unit.kelurahan.kecamatan for unit in units} == {kecamatan}
    assert len(units) < 27
    assert response.context["progress"].expected == 27


def test_the_list_runs_a_fixed_number_of_queries(
    login, period, judges, jenggot, django_assert_num_queries
):
    client = login(judges[0])
    client.get(home_url(period))
    with CaptureQueriesContext(connection) as small:
        client.get(home_url(period))
    for unit in KampungKB.objects.exclude(pk=jenggot.pk)[:4]:
        services.save_unit_scores(period, judges[0], unit, full_values(period))
    services.declare_conflict(period, judges[0], jenggot, "Keluarga pengurus.")

    with django_assert_num_queries(len(small)):
        response = client.get(home_url(period))
    assert response.context["progress"].complete == 4
    assert len(small) == 10


# Query count of the sheet


def add_criteria(period, count):
    aspect = Aspect.objects.filter(period=period).first()
    for number in range(count):
        Criterion.objects.create(
            aspect=aspect,
            code=f"X{number}",
            name=f"Tambahan {number}",
            weight=1,
            min_score=0,
            max_score=4,
            guidance="4: baik\n1: kurang",
            position=100 + number,
        )


def test_the_sheet_runs_a_fixed_number_of_queries_as_criteria_and_judges_grow(
    login, make_user, period, judges, jenggot, django_assert_num_queries
):
    services.save_unit_scores(period, judges[0], jenggot, full_values(period))
    services.save_unit_scores(period, judges[1], jenggot, full_values(period))
    client = login(judges[0])
    client.get(sheet_url(period, jenggot))
    with CaptureQueriesContext(connection) as small:
        client.get(sheet_url(period, jenggot))
    add_criteria(period, 4)
    more = [make_user(f"juri_{n}", "juri") for n in range(3)]
    services.assign_judges(period, more)
    for judge in [*judges, *more]:
        review = UnitReview.objects.filter(judge=judge, unit=jenggot).first()
        services.save_unit_scores(
            period,
            judge,
            jenggot,
            full_values(period),
            expected_version=review.version if review else None,
        )
    services.declare_conflict(period, more[0], jenggot, "Keluarga pengurus.")
    earlier = Period.objects.create(year=2024, name="Evaluasi 2024", status="dipublikasikan")
    for judge in (judges[1], None, None):
        CoachingNote.objects.create(unit=jenggot, period=earlier, judge=judge, text="Catatan")

    with django_assert_num_queries(len(small)):
        response = client.get(sheet_url(period, jenggot))
    assert len(response.context["table"].judges) == 5
    assert len(response.context["table"].rows) == 23
    assert len(response.context["coaching_notes"]) == 3
    # 18, and one for the unit's earlier coaching notes.
    assert len(small) == 19


# Score file upload


def csv_upload(text, name="nilai.csv"):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return upload


def xlsx_upload(rows, name="nilai.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def score_rows(period, judge, unit, value="3"):
    return [
        [judge.username, unit.kelurahan.code, criterion.code, value, ""]
        for criterion in criteria_of(period)
    ]


def as_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["juri", "kelurahan", "kriteria", "nilai", "catatan"])
    writer.writerows(rows)
    return out.getvalue()


def test_a_csv_with_a_row_error_saves_nothing_and_names_the_row(
    login, period, staf, judges, jenggot
):
    rows = score_rows(period, judges[0], jenggot)
    rows[1][3] = "7"

    response = login(staf).post(import_url(period), {"file": csv_upload(as_csv(rows))})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Baris 3:" in html
    assert 'id="laporan-kesalahan"' in html
    assert not Score.objects.exists()


def test_an_xlsx_with_a_row_error_saves_nothing_and_names_the_row(
    login, period, staf, judges, jenggot
):
    rows = score_rows(period, judges[0], jenggot)
    rows[4][0] = "juri_tak_dikenal"
    upload = xlsx_upload([["juri", "kelurahan", "kriteria", "nilai", "catatan"], *rows])

    response = login(staf).post(import_url(period), {"file": upload})

    assert response.status_code == 200
    assert "Baris 6:" in response.content.decode()
    assert "juri_tak_dikenal" in response.content.decode()
    assert not Score.objects.exists()


def test_a_valid_csv_saves_every_score_and_says_for_which_judges(
    login, period, staf, judges, jenggot, bandengan
):
    rows = score_rows(period, judges[0], jenggot) + score_rows(period, judges[1], bandengan, "2,5")

    response = login(staf).post(
        import_url(period), {"file": csv_upload(as_csv(rows))}, follow=True
    )

    html = response.content.decode()
    assert Score.objects.filter(judge=judges[0], unit=jenggot).count() == 19
    assert Score.objects.get(
        judge=judges[1], unit=bandengan, criterion=criteria_of(period)[0]
    ).value == Decimal("2.5")
    assert "38 nilai baru" in html
    assert "juri_a (19)" in html
    assert "juri_b (19)" in html


def test_a_valid_xlsx_saves_every_score(login, period, staf, judges, jenggot):
    rows = score_rows(period, judges[0], jenggot, "3.5")
    upload = xlsx_upload([["juri", "kelurahan", "kriteria", "nilai", "catatan"], *rows])

    response = login(staf).post(import_url(period), {"file": upload})

    assert response.status_code == 302
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal("3.5")}


def test_judges_may_not_upload_score_files(login, period, judges, jenggot):
    rows = score_rows(period, judges[0], jenggot)

    response = login(judges[0]).post(import_url(period), {"file": csv_upload(as_csv(rows))})

    assert response.status_code == 403
    assert not Score.objects.exists()


def test_the_template_lists_the_period_criteria_under_the_header(login, period, staf):
    response = login(staf).get(reverse("evaluations-manage:score-template", args=[period.year]))

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "juri,kelurahan,kriteria,nilai,catatan"
    assert [line.split(",")[2] for line in lines[1:]] == [c.code for c in criteria_of(period)]
    assert lines[1].startswith("juri_a,")


# Dashboard card


def render_card(user):
    return Template("{% load judging_tags %}{% judge_dashboard_card user %}").render(
        Context({"user": user})
    )


def test_the_dashboard_card_shows_the_open_period_with_progress_and_a_link(
    period, judges, jenggot
):
    services.save_unit_scores(period, judges[0], jenggot, full_values(period))

    html = render_card(judges[0])

    assert period.name in html
    assert "1 dari 27 Kampung KB sudah dinilai lengkap" in html
    assert home_url(period) in html


def test_the_dashboard_card_runs_a_fixed_number_of_queries(
    period, judges, jenggot, django_assert_num_queries
):
    def fresh():
        return type(judges[0]).objects.get(pk=judges[0].pk)

    judge = fresh()
    with CaptureQueriesContext(connection) as small:
        render_card(judge)
    for unit in KampungKB.objects.all()[:3]:
        services.save_unit_scores(period, judges[0], unit, full_values(period))
    services.declare_conflict(period, judges[0], jenggot, "Keluarga pengurus.")
    judge = fresh()

    with django_assert_num_queries(len(small)):
        render_card(judge)


def test_the_dashboard_card_is_empty_for_others_and_for_closed_periods(
    period, judges, staf, kader_jenggot
):
    assert render_card(kader_jenggot).strip() == ""
    services.finalize_period(period, staf)
    fresh = type(judges[0]).objects.get(pk=judges[0].pk)
    assert "Belum ada periode evaluasi dalam tahap penilaian" in render_card(fresh)
    assert "Lanjutkan menilai" not in render_card(fresh)
