"""The calibration page of a period (/kelola/evaluasi/<tahun>/kalibrasi/), staff only.

The scores are those of `tests/test_calibration.py`, worked out by hand there: three
judges, four units, two criteria of weight 1 on the 1–4 scale.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import rubric, services
from evaluations.models import Conflict, Criterion
from villages.models import KampungKB

from .test_eval_period_screens import add_units

RUBRIC = (
    "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"
    "Kelembagaan,C1,Sekretariat,1,1,4\n"
    "Kelembagaan,C2,Rumah DataKu,1,1,4\n"
)
# Judge → unit slug → (C1, C2), as in tests/test_calibration.py (u1..u4).
VALUES = {
    "juri_a": {"jenggot": (4, 4), "bandengan": (3, 3), "kauman": (2, 3), "klego": (2, 1)},
    "juri_b": {"jenggot": (4, 3), "bandengan": (4, 3), "kauman": (2, 2), "klego": (1, 2)},
    "juri_c": {"jenggot": (4, 3), "bandengan": (4, 4), "kauman": (2, 1), "klego": (2, 2)},
}


def url(year=2025):
    return reverse("evaluations-manage:calibration", args=[year])


def score(period, judge, slug, c1, c2):
    criteria = {c.code: c.pk for c in Criterion.objects.filter(period=period)}
    sheet = {criteria["C1"]: (Decimal(c1), ""), criteria["C2"]: (Decimal(c2), "")}
    services.save_unit_scores(period, judge, KampungKB.objects.get(slug=slug), sheet)


@pytest.fixture
def judges(make_user):
    return {name: make_user(name, "juri") for name in VALUES}


@pytest.fixture
def period(pekalongan, judges, staf):
    period = services.create_period(
        2025, "Evaluasi 2025", judges=list(judges.values()), example_rubric=False
    )
    rubric.import_rubric(period, RUBRIC.encode())
    return services.start_scoring(period, staf)


@pytest.fixture
def scored(period, judges):
    for name, units in VALUES.items():
        for slug, (c1, c2) in units.items():
            score(period, judges[name], slug, c1, c2)
    return period


@pytest.fixture
def staff_client(login, staf):
    return login(staf)


def test_staff_see_the_agreement_the_judges_and_the_flagged_scores_with_decimal_commas(
    staff_client, scored
):
    response = staff_client.get(url())

    assert response.status_code == 200
    html = response.content.decode()
    # W = 73/87 = 0.839 (see tests/test_calibration.py).
    assert "Kendall's W = <strong>0,84</strong>" in html
    assert "sangat kuat" in html
    assert "Dihitung dari urutan 4 Kampung KB yang dinilai lengkap oleh semua 3 juri." in html
    page = response.context["page"]
    judge_a = page.judges[0]
    assert (judge_a["name"], judge_a["mean"], judge_a["others_mean"]) == (
        "juri_a",
        "68,75",
        "67,19",
    )
    assert (judge_a["spread"], judge_a["difference"]) == ("22,53", "+1,56")
    assert page.judges[1]["difference"] == "-3,13"
    flagged = {
        (row["judge"], row["unit"].slug, row["criterion"].code): (
            row["value"],
            row["others_mean"],
            row["difference"],
        )
        for row in page.flagged
    }
    assert flagged == {
        ("juri_a", "jenggot", "C2"): ("4,00", "3,00", "+1,00"),
        ("juri_a", "bandengan", "C1"): ("3,00", "4,00", "-1,00"),
        ("juri_c", "bandengan", "C2"): ("4,00", "3,00", "+1,00"),
        ("juri_a", "kauman", "C2"): ("3,00", "1,50", "+1,50"),
        ("juri_c", "kauman", "C2"): ("1,00", "2,50", "-1,50"),
        ("juri_b", "klego", "C1"): ("1,00", "2,00", "-1,00"),
        ("juri_a", "klego", "C2"): ("1,00", "2,00", "-1,00"),
    }
    assert "7 nilai ditandai" in html
    assert "1,0 poin atau lebih" in html


def test_the_units_are_listed_by_spread_and_the_z_ranking_stands_beside_the_official_one(
    staff_client, scored
):
    page = staff_client.get(url()).context["page"]

    # Bandengan (u2) and Kauman (u3) spread 10,21; Jenggot (u1) and Klego (u4) 5,89.
    assert [row["spread"] for row in page.units] == ["10,21", "10,21", "5,89", "5,89"]
    assert {row["unit"].slug for row in page.units[:2]} == {"bandengan", "kauman"}
    assert [row["range"] for row in page.units][:1] == ["25,00"]
    # The official ranking, from the results: 91,67, 87,50, 50,00, 41,67.
    assert [(row["rank"], row["unit"].slug, row["final_score"]) for row in page.ranking] == [
        (1, "jenggot", "91,67"),
        (2, "bandengan", "87,50"),
        (3, "kauman", "50,00"),
        (4, "klego", "41,67"),
    ]
    assert [(row["z_rank"], row["mean_z"]) for row in page.ranking] == [
        (1, "+1,03"),
        (2, "+0,82"),
        (3, "-0,73"),
        (4, "-1,12"),
    ]
    assert page.unranked_count == 23


def test_the_chart_has_its_numbers_in_an_accessible_table(staff_client, scored):
    response = staff_client.get(url())

    html = response.content.decode()
    chart = response.context["page"].chart
    assert chart["labels"] == ["juri_a", "juri_b", "juri_c"]
    assert chart["means"] == [68.75, 65.625, 68.75]
    assert chart["band_labels"][0] == "68,75 ± 22,53"
    assert 'id="data-grafik-kalibrasi"' in html
    assert 'role="img"' in html and "Angkanya ada di tabel per juri." in html
    assert 'id="tabel-per-juri"' in html and '<caption id="keterangan-per-juri">' in html
    assert "js/calibration-chart.js" in html


def test_the_page_reads_numbers_in_english_with_decimal_points(login, staf, scored, settings):
    client = login(staf)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(url())

    html = response.content.decode()
    assert "Kendall's W = <strong>0.84</strong>" in html
    assert response.context["page"].judges[0]["mean"] == "68.75"
    assert "Calibration of the judging 2025" in html
    assert "Units scored completely by all 3 judges: 4." in html


def test_scores_that_do_not_count_are_left_out(staff_client, scored, judges):
    kauman = KampungKB.objects.get(slug="kauman")
    Conflict.objects.create(
        period=scored, judge=judges["juri_c"], unit=kauman, reason="Kerabat pengurus."
    )

    page = staff_client.get(url()).context["page"]

    assert page.report.agreement.units == 3
    assert "kauman" not in [row["unit"].slug for row in page.flagged if row["judge"] == "juri_c"]
    assert page.judges[2]["units"] == 3


def test_with_one_judge_the_page_says_the_agreement_cannot_be_computed(
    staff_client, period, judges
):
    for name in ("juri_b", "juri_c"):
        services.remove_judge(period, judges[name])
    for slug, (c1, c2) in VALUES["juri_a"].items():
        score(period, judges["juri_a"], slug, c1, c2)

    response = staff_client.get(url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kesepakatan (Kendall's W) belum bisa dihitung:" in html
    assert "perlu paling sedikit dua juri." in html
    assert "Tidak ada nilai yang jauh dari rata-rata juri lain." in html


def test_a_period_without_scores_shows_empty_tables_without_error(staff_client, period):
    response = staff_client.get(url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "belum bisa dihitung" in html
    assert "Belum ada Kampung KB yang dinilai lengkap oleh dua juri atau lebih." in html
    assert "Belum ada Kampung KB yang nilainya lengkap, sehingga belum ada peringkat." in html


def test_the_period_page_and_the_finalize_page_link_the_calibration(staff_client, scored):
    detail = staff_client.get(reverse("evaluations-manage:period-detail", args=[2025]))
    finalize = staff_client.post(
        reverse("evaluations-manage:period-transition", args=[2025]), {"action": "finalisasi"}
    )

    assert f'href="{url()}"' in detail.content.decode()
    html = finalize.content.decode()
    assert f'href="{url()}">Periksa kalibrasi sebelum finalisasi</a>' in html


def test_judges_and_kader_may_not_open_the_calibration(
    client, login, scored, judges, kader_jenggot, staf
):
    assert client.get(url()).status_code == 302
    assert login(judges["juri_a"]).get(url()).status_code == 403
    assert login(kader_jenggot).get(url()).status_code == 403
    assert login(judges["juri_a"]).get(url(1999)).status_code == 403
    assert login(staf).get(url(1999)).status_code == 404


CALIBRATION_QUERIES = 12


def test_the_page_runs_a_fixed_number_of_queries_for_more_units_judges_and_scores(
    staff_client, scored, make_user, django_assert_num_queries
):
    with django_assert_num_queries(CALIBRATION_QUERIES):
        staff_client.get(url())
    add_units(3)
    more = [make_user(name, "juri") for name in ("juri_d", "juri_e")]
    services.assign_judges(scored, more)
    for judge in more:
        for slug in ("jenggot", "bandengan", "tambahan-0", "tambahan-1"):
            score(scored, judge, slug, 3, 2)

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(url())
    assert len(queries) == CALIBRATION_QUERIES
    assert len(response.context["page"].judges) == 5
