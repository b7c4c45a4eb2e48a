"""The CSV and XLSX results of an evaluation period, read back and checked against the
period worked out by hand in `test_eval_results_pages` (see its docstring)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.exports import SUMMARY_COLUMNS, _sheet_name
from tests.test_eval_results_pages import (
    ELIGIBLE_WORDS,
    EXPECTED,
    ORDER,
    UNITS,
    Example,
    GrowingPeriod,
)

CSV_URL = reverse("evaluations:results-csv", args=[2025])
XLSX_URL = reverse("evaluations-manage:results-xlsx", args=[2025])


@pytest.fixture
def example(empty_db):
    return Example()


@pytest.fixture
def published(example):
    example.publish()
    return example


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def read_xlsx(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="hasil-evaluasi-2025.xlsx"' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def test_csv_has_exactly_the_documented_columns_then_one_per_aspect(client, published):
    header, *_rows = read_csv(client.get(CSV_URL))

    assert header == [
        "peringkat",
        "kode_kemendagri",
        "kelurahan",
        "kecamatan",
        "nama",
        "nilai_akhir",
        "lengkap",
        "memenuhi_syarat",
        "Input",
        "Proses",
    ]


def test_csv_matches_the_hand_calculation_with_decimal_points(client, published):
    _header, *rows = read_csv(client.get(CSV_URL))

    assert [row[2] for row in rows] == ORDER
    for row in rows:
        rank, final, input_score, proses, complete, eligible = EXPECTED[row[2]]
        unit = published.units[row[2]]
        assert row == [
            str(rank) if rank else "",
            unit.kelurahan.code,
            row[2],
            UNITS[row[2]][0],
            f"Kampung KB {row[2]}",
            final,
            "ya" if complete else "tidak",
            ELIGIBLE_WORDS[eligible],
            input_score,
            proses or "",
        ]


def test_csv_of_an_unpublished_period_is_for_staff_only(client, example):
    example.finalize()

    assert client.get(CSV_URL).status_code == 404
    client.force_login(example.kader)
    assert client.get(CSV_URL).status_code == 404
    client.force_login(example.judges["ani"])
    assert client.get(CSV_URL).status_code == 404

    client.force_login(example.staf)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert [row[2] for row in read_csv(response)[1:]] == ORDER


def test_csv_of_a_published_period_is_public(client, published):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert len(read_csv(response)) == 1 + len(ORDER)


def test_csv_of_a_missing_year_is_404_even_for_staff(client, published):
    client.force_login(published.staf)

    assert client.get(reverse("evaluations:results-csv", args=[2031])).status_code == 404


def test_xlsx_summary_sheet_matches_the_csv_with_numbers_as_numbers(client, published):
    client.force_login(published.staf)

    workbook = read_xlsx(client.get(XLSX_URL))

    assert workbook.sheetnames == ["Rekap", "Input", "Proses", "Nilai juri"]
    header, *rows = workbook["Rekap"].iter_rows(values_only=True)
    assert list(header) == [*SUMMARY_COLUMNS, "Input", "Proses"]
    assert [row[2] for row in rows] == ORDER
    for row in rows:
        rank, final, input_score, proses, complete, eligible = EXPECTED[row[2]]
        assert row[0] == rank
        assert row[1] == published.units[row[2]].kelurahan.code
        assert row[3:5] == (UNITS[row[2]][0], f"Kampung KB {row[2]}")
        assert isinstance(row[5], float)
        assert row[5] == float(final)
        assert row[6:8] == ("ya" if complete else "tidak", ELIGIBLE_WORDS[eligible])
        assert row[8] == float(input_score)
        assert row[9] == (float(proses) if proses else None)
    assert workbook["Rekap"]["F2"].number_format == "0.00"


def test_xlsx_aspect_sheets_hold_the_criterion_means_and_subtotals(client, published):
    client.force_login(published.staf)

    workbook = read_xlsx(client.get(XLSX_URL))

    proses = {row[2]: row for row in workbook["Proses"].iter_rows(min_row=2, values_only=True)}
    assert next(workbook["Proses"].iter_rows(values_only=True)) == (
        "peringkat",
        "kode_kemendagri",
        "kelurahan",
        "P.1",
        "P.2",
        "subtotal",
    )
    # Cempaka: P.1 mean (3+3+4)/3 = 3.33…, P.2 mean (88+90+85)/3 = 87.66…, subtotal 79.27.
    rank, _code, _name, p1, p2, subtotal = proses["Cempaka"]
    assert (rank, round(p1, 2), round(p2, 2), subtotal) == (2, 3.33, 87.67, 79.27)
    # Bougenville without Citra's excluded sheet: P.1 = 4, P.2 = (70+80)/2 = 75.
    assert proses["Bougenville"][3:] == (4.0, 75.0, 77.0)
    assert proses["Edelweis"][3:] == (None, None, None)
    inputs = {row[2]: row for row in workbook["Input"].iter_rows(min_row=2, values_only=True)}
    # Bougenville: I.1 = (3+2)/2 = 2.5, I.2 = (7+8)/2 = 7.5, subtotal 71.25.
    assert inputs["Bougenville"][3:] == (2.5, 7.5, 71.25)
    assert inputs["Edelweis"][0] is None
    assert inputs["Edelweis"][3:] == (3.0, 7.0, 71.5)


def test_xlsx_lists_every_raw_score_with_the_judge_and_whether_it_counts(client, published):
    client.force_login(published.staf)

    workbook = read_xlsx(client.get(XLSX_URL))

    header, *rows = workbook["Nilai juri"].iter_rows(values_only=True)
    assert header == ("juri", "kelurahan", "kode kriteria", "nilai", "catatan", "dihitung")
    # 4 complete units × 3 judges × 4 criteria, and Edelweis × 3 judges × 2 criteria.
    assert len(rows) == 4 * 3 * 4 + 3 * 2
    # Citra declared a conflict with Bougenville after scoring it.
    assert ("Citra Juri", "Bougenville", "P.2", 100, None, "tidak") in rows
    assert ("Ani Juri", "Bougenville", "P.2", 70, None, "ya") in rows
    assert rows[0] == (
        "Ani Juri",
        "Anggrek",
        "I.1",
        4,
        "Sekretariat aktif, notulen rapat lengkap.",
        "ya",
    )
    assert [row[3] for row in rows if row[0] == "Budi Juri" and row[1] == "Anggrek"] == [
        4.0,
        8.0,
        5.0,
        85.0,
    ]


@pytest.mark.parametrize("who", ["kader", "ani"])
def test_kader_and_juri_are_refused_the_xlsx(client, example, who):
    user = example.kader if who == "kader" else example.judges[who]
    client.force_login(user)

    response = client.get(XLSX_URL)

    assert response.status_code == 403
    assert "spreadsheetml" not in response["Content-Type"]


def test_anonymous_is_sent_to_login_for_the_xlsx(client, published):
    response = client.get(XLSX_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_sheet_names_are_valid_and_unique_for_excel():
    used = {"rekap", "nilai juri"}

    assert _sheet_name("Kelembagaan: SK/Pokja [inti]", used) == "Kelembagaan  SK Pokja  inti"
    assert _sheet_name("Rekap", used) == "Rekap (2)"
    long_name = "Program Bangga Kencana dan Percepatan Penurunan Stunting"
    first = _sheet_name(long_name, used)
    second = _sheet_name(long_name, used)
    assert len(first) == len(second) == 31
    assert first != second


def test_scores_in_exports_round_half_up_like_the_ranking(client, published):
    # Bougenville's final score is exactly 74.125: half up gives 74.13 everywhere.
    client.force_login(published.staf)

    csv_rows = {row[2]: row for row in read_csv(client.get(CSV_URL))[1:]}
    workbook = read_xlsx(client.get(XLSX_URL))
    xlsx_rows = {row[2]: row for row in workbook["Rekap"].iter_rows(values_only=True)}

    assert csv_rows["Bougenville"][5] == "74.13"
    assert Decimal(str(xlsx_rows["Bougenville"][5])) == Decimal("74.13")


@pytest.fixture
def growing(pekalongan):
    return GrowingPeriod()


def test_csv_runs_a_fixed_number_of_queries(client, growing, django_assert_num_queries):
    with django_assert_num_queries(8):
        assert client.get(CSV_URL).status_code == 200

    growing.grow()

    with django_assert_num_queries(8):
        response = client.get(CSV_URL)
    assert len(read_csv(response)) == 1 + 32
    assert read_csv(response)[0][-3:] == ["Input", "Proses", "Output"]


def test_xlsx_runs_a_fixed_number_of_queries(client, staf, growing, django_assert_num_queries):
    client.force_login(staf)
    # The public page's 8; the session, the user and their roles; the raw scores.
    with django_assert_num_queries(12):
        assert client.get(XLSX_URL).status_code == 200

    growing.grow()

    with django_assert_num_queries(12):
        response = client.get(XLSX_URL)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Rekap"].max_row == 1 + 32
    assert workbook["Nilai juri"].max_row == 1 + 32 * 5 * 3
