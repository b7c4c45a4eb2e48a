"""The comparison across units (/perbandingan/): each unit's latest complete report, units
without one listed apart, a fixed number of queries, charts only where there is data."""

import json
from decimal import Decimal

from django.urls import reverse

from tests.reports import STRONG_MARCH, complete
from villages.comparison import MEASURES, compare, competition_ranks, unit_comparison
from villages.models import KampungKB, UnitData

URL = "/perbandingan/"


def measure(response, code):
    return next(m for m in response.context["comparison"].measures if m.measure.code == code)


def test_the_comparison_page_is_at_perbandingan():
    assert reverse("villages:comparison") == URL


def test_each_measure_compares_the_units_largest_first_with_the_month_of_each(
    client, jenggot, bandengan
):
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    UnitData.objects.create(
        unit=bandengan,
        year=2025,
        month=1,
        **complete(couples=100, active_users=70, users_iud=7, unmet_need=10, stunting_cases=40),
    )

    response = client.get(URL)

    cpr = measure(response, "cpr")
    assert [(row.unit.slug, row.value, row.period) for row in cpr.rows] == [
        ("bandengan", Decimal("70.00"), "Januari 2025"),
        ("jenggot", Decimal("52.00"), "Maret 2025"),
    ]
    stunting = measure(response, "stunting_cases")
    assert [(row.unit.slug, row.value_label) for row in stunting.rows] == [
        ("bandengan", "40"),
        ("jenggot", "25"),
    ]
    html = response.content.decode()
    table = html.split('id="cpr"')[1].split("</table>")[0]
    assert "<caption>" in table
    assert table.index("Bandengan") < table.index("Jenggot")
    assert "70,00%" in table and "Januari 2025" in table
    assert "52,00%" in table and "Maret 2025" in table


def test_a_newer_partial_month_is_ignored_for_the_latest_complete_one(client, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    partial = dict(STRONG_MARCH, couples=2000, stunting_cases=None)
    UnitData.objects.create(unit=jenggot, year=2025, month=4, **partial)

    response = client.get(URL)

    (row,) = measure(response, "cpr").rows
    assert (row.value, row.period) == (Decimal("52.00"), "Maret 2025")
    assert "April 2025" not in response.content.decode()


def test_units_without_a_complete_report_are_listed_apart_not_drawn_as_zero(client, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    bandengan = KampungKB.objects.get(slug="bandengan")
    UnitData.objects.create(unit=bandengan, year=2025, month=4, couples=500)

    response = client.get(URL)

    comparison = response.context["comparison"]
    assert bandengan in comparison.without_data
    assert jenggot not in comparison.without_data
    assert len(comparison.without_data) == KampungKB.objects.published().count() - 1
    for item in comparison.measures:
        assert [row.unit for row in item.rows] == [jenggot]
        assert len(item.chart["values"]) == 1
    html = response.content.decode()
    listed = html.split('id="belum-ada-laporan"')[1]
    assert "Belum ada laporan lengkap" in listed
    assert bandengan.get_absolute_url() in listed


def test_no_chart_is_drawn_without_data(client, pekalongan):
    html = client.get(URL).content.decode()
    assert "<canvas" not in html
    assert "chart.umd.min.js" not in html
    assert html.count("Belum ada Kampung KB dengan laporan lengkap untuk angka ini.") == len(
        MEASURES
    )
    assert "27 Kampung KB belum punya laporan data lengkap" in html


def test_a_chart_and_its_table_are_drawn_for_each_measure_with_data(client, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    html = client.get(URL).content.decode()
    assert html.count("<canvas") == len(MEASURES)
    assert html.count("<table") == len(MEASURES)
    assert "comparison-charts.js" in html
    spec = json.loads(html.split('id="data-perbandingan-cpr"')[1].split(">", 1)[1].split("<")[0])
    assert spec == {
        "labels": ["Jenggot"],
        "values": [52.0],
        "value_labels": ["52,00% (Maret 2025)"],
        "percent": True,
    }


def test_a_figure_that_cannot_be_computed_is_named_not_drawn(client, jenggot):
    UnitData.objects.create(
        unit=jenggot, year=2025, month=3, **complete(stunting_cases=3, under_fives=10)
    )
    response = client.get(URL)
    cpr = measure(response, "cpr")
    assert cpr.rows == [] and cpr.not_computable == [jenggot]
    assert [row.value for row in measure(response, "stunting_cases").rows] == [3]
    assert response.context["comparison"].without_data.count(jenggot) == 0


def test_compare_keeps_equal_values_in_kelurahan_order(jenggot, bandengan):
    same = UnitData(year=2025, month=2, **STRONG_MARCH)
    result = compare([jenggot, bandengan], {jenggot.pk: same, bandengan.pk: same})
    assert [row.unit for row in result.measures[0].rows] == [bandengan, jenggot]


def test_equal_values_share_a_rank_and_the_next_skips_places():
    assert competition_ranks([]) == []
    assert competition_ranks([Decimal("80")]) == [1]
    assert competition_ranks([Decimal("74.09"), Decimal("74.09"), Decimal("70")]) == [1, 1, 3]
    assert competition_ranks([9, 8, 8, 8, 5, 5]) == [1, 2, 2, 2, 5, 5]


def test_units_with_the_same_value_share_a_rank_on_the_page(client, jenggot, bandengan):
    """A walk found 74,09% numbered 1 and 2: ties share the rank, the next unit is 3."""
    degayu = KampungKB.objects.get(slug="degayu")
    for unit in (jenggot, bandengan):
        UnitData.objects.create(unit=unit, year=2025, month=3, **STRONG_MARCH)
    lower = dict(STRONG_MARCH, active_users=400)
    UnitData.objects.create(unit=degayu, year=2025, month=3, **lower)

    response = client.get(URL)

    cpr = measure(response, "cpr")
    assert [(row.unit.slug, row.rank) for row in cpr.rows] == [
        ("bandengan", 1),
        ("jenggot", 1),
        ("degayu", 3),
    ]
    table = response.content.decode().split('id="cpr"')[1].split("</table>")[0]
    ranks = [
        cell.split(">", 1)[1].split("<")[0]
        for cell in table.split('<td class="d-none d-sm-table-cell"')[1:]
    ]
    assert ranks == ["1", "1", "3"]


def test_the_page_runs_five_queries_however_many_units_and_reports(
    client, pekalongan, django_assert_num_queries
):
    # The region selects (province, its cities, the city's kecamatan), the units, their
    # latest complete reports.
    units = list(KampungKB.objects.published()[:3])
    UnitData.objects.create(unit=units[0], year=2025, month=3, **STRONG_MARCH)
    with django_assert_num_queries(5):
        client.get(URL)

    for unit in KampungKB.objects.published():
        for month in range(1, 7):
            UnitData.objects.create(unit=unit, year=2024, month=month, **STRONG_MARCH)
        UnitData.objects.create(unit=unit, year=2024, month=7, couples=10)
    with django_assert_num_queries(5):
        response = client.get(URL)
    assert len(measure(response, "cpr").rows) == KampungKB.objects.published().count()
    with django_assert_num_queries(6):  # the kecamatan in the URL is looked up
        client.get(URL + "?kecamatan=pekalongan-selatan")


def test_the_comparison_narrows_to_a_kecamatan(client, jenggot, bandengan):
    for unit in (jenggot, bandengan):
        UnitData.objects.create(unit=unit, year=2025, month=3, **STRONG_MARCH)
    response = client.get(URL + "?kecamatan=pekalongan-selatan")
    comparison = response.context["comparison"]
    assert [row.unit for row in comparison.measures[0].rows] == [jenggot]
    assert all(
        unit.kelurahan.kecamatan.slug == "pekalongan-selatan" for unit in comparison.without_data
    )
    assert 'value="pekalongan-selatan" selected' in response.content.decode()


def test_too_many_units_are_not_compared_at_once(client, pekalongan, django_assert_num_queries):
    result = unit_comparison(KampungKB.objects.published().with_region(), at_most=26)
    assert result.too_many and result.measures == [] and not result.has_chart
    assert len(unit_comparison(KampungKB.objects.published().with_region(), 27).measures) == 5


def test_a_bad_region_shows_every_unit(client, pekalongan):
    response = client.get(URL + "?kecamatan=tidak-ada&kota=x&provinsi=zz")
    assert response.status_code == 200
    assert len(response.context["comparison"].without_data) == 27


def test_the_comparison_in_english(client, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    assert "Comparing the Kampung KB" in html
    assert "No complete report yet" in html
    assert "March 2025" in html
    assert "Poktan participation" in html
    assert "52.00%" in html
