"""Open data: /data/kampung-kb.csv, its JSON twin and the /data/ page that documents them."""

import csv
import io
import json
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reports import STRONG_MARCH, answer_every_profile_indicator
from tests.test_public_pages import _add_units
from villages.models import Activity, ActivityCategory, Agency, KampungKB, UnitData

YES_NO_HEADER = [
    "bkb",
    "bkr",
    "bkl",
    "uppka",
    "pikr",
    "sekretariat",
    "rumah_dataku",
    "pokja_dibentuk",
    "pokja_dilatih",
    "plkb_pkb",
    "regulasi",
]
HEADER = [
    "kode_kemendagri",
    "kelurahan",
    "kecamatan",
    "nama",
    "slug",
    "tanggal_pencanangan",
    "tahun_pencanangan",
    "ketelitian_pencanangan",
    "sumber_pencanangan",
    *YES_NO_HEADER,
]
FIGURE_HEADER = [
    "tingkat",
    "bulan_laporan",
    "pus",
    "peserta_kb_aktif",
    "cpr_persen",
    "mkjp_persen",
    "unmet_need_persen",
    "balita_stunting",
]
JENGGOT = "33.75.04.1004"


def read_csv(client):
    response = client.get("/data/kampung-kb.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def read_json(client):
    response = client.get("/data/kampung-kb.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


def csv_rows(client):
    rows = read_csv(client)
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def known_jenggot():
    """Jenggot with every indicator answered and a complete March: Mandiri."""
    unit = KampungKB.objects.get(slug="jenggot")
    answer_every_profile_indicator(unit)
    UnitData.objects.create(unit=unit, year=2025, month=3, **STRONG_MARCH)
    activity = Activity.objects.create(
        unit=unit,
        title="Rapat",
        date=timezone.localdate() - timedelta(days=2),
        category=ActivityCategory.BKB,
    )
    activity.agencies.set(
        [Agency.objects.get_or_create(name=name)[0] for name in ("Puskesmas", "TP PKK")]
    )
    return unit


def test_csv_has_the_header_and_27_rows(client, pekalongan):
    rows = read_csv(client)
    assert rows[0] == HEADER + FIGURE_HEADER
    assert len(rows) == 28


def test_csv_rows_carry_codes_and_known_facts(client, pekalongan, kelurahan_rows):
    rows = {row[0]: row for row in read_csv(client)[1:]}
    assert set(rows) == {row["kode"] for row in kelurahan_rows}
    assert rows[JENGGOT][:6] == [
        JENGGOT,
        "Jenggot",
        "Pekalongan Selatan",
        "Kampung KB Mandiri Utama",
        "jenggot",
        "",
    ]
    assert rows["33.75.03.1009"][5] == "2016-02-05"


def test_yes_no_facts_are_written_ya_tidak_or_left_empty_when_unknown(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(
        has_bkb=True,
        has_bkr=False,
        pokja_exists=True,
        pokja_trained=None,
        field_officer_assigned=False,
        regulation_lurah="SK Lurah 9/2020",
    )
    header, *rows = read_csv(client)
    jenggot = dict(zip(header, next(row for row in rows if row[4] == "jenggot"), strict=True))
    assert jenggot["bkb"] == "ya"
    assert jenggot["bkr"] == "tidak"
    assert jenggot["bkl"] == ""
    assert jenggot["pokja_dibentuk"] == "ya"
    assert jenggot["pokja_dilatih"] == ""
    assert jenggot["plkb_pkb"] == "tidak"
    assert jenggot["regulasi"] == "ya"
    empty = dict(zip(header, next(row for row in rows if row[4] == "bandengan"), strict=True))
    assert {empty[column] for column in YES_NO_HEADER} == {""}
    json_jenggot = next(record for record in read_json(client) if record["slug"] == "jenggot")
    assert (json_jenggot["bkb"], json_jenggot["bkr"], json_jenggot["bkl"]) == (True, False, None)


def test_a_fresh_unit_has_no_level_and_no_figures(client, pekalongan):
    row = csv_rows(client)[JENGGOT]
    assert [row[name] for name in FIGURE_HEADER] == [""] * len(FIGURE_HEADER)


def test_a_known_unit_has_its_level_and_the_figures_of_its_latest_complete_month(
    client, pekalongan
):
    unit = known_jenggot()
    # A newer partial month does not replace March.
    UnitData.objects.create(unit=unit, year=2025, month=4, couples=1000, active_users=10)
    row = csv_rows(client)[JENGGOT]
    assert {name: row[name] for name in FIGURE_HEADER} == {
        "tingkat": "mandiri",
        "bulan_laporan": "2025-03",
        "pus": "1000",
        "peserta_kb_aktif": "520",
        "cpr_persen": "52.00",
        "mkjp_persen": "25.00",
        "unmet_need_persen": "5.00",
        "balita_stunting": "25",
    }


def test_one_missing_indicator_leaves_the_level_empty_but_keeps_the_figures(client, pekalongan):
    unit = known_jenggot()
    unit.routine_reporting = ""
    unit.save()
    row = csv_rows(client)[JENGGOT]
    assert row["tingkat"] == ""
    assert row["bulan_laporan"] == "2025-03"


def test_json_holds_the_same_rows_as_the_csv(client, pekalongan):
    known_jenggot()
    rows = read_csv(client)
    records = read_json(client)
    assert len(records) == len(rows) - 1
    for row, record in zip(rows[1:], records, strict=True):
        assert list(record) == rows[0]
        assert [_as_csv(value) for value in record.values()] == row
    jenggot = next(record for record in records if record["slug"] == "jenggot")
    assert jenggot["cpr_persen"] == 52.0
    assert jenggot["pus"] == 1000
    assert records[1]["tingkat"] is None


def _as_csv(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def test_a_text_cell_starting_with_a_formula_sign_is_inert(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(name='=HYPERLINK("https://x.example","a")')
    KampungKB.objects.filter(slug="bandengan").update(name="@SUM(A1)")
    rows = csv_rows(client)
    assert rows[JENGGOT]["nama"] == '\'=HYPERLINK("https://x.example","a")'
    assert rows["33.75.03.1009"]["nama"] == "'@SUM(A1)"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(queries)


def test_csv_and_json_run_three_queries_however_many_units(client, pekalongan):
    known_jenggot()
    assert count_queries(client, "/data/kampung-kb.csv") == 3  # units, reports, agencies
    assert count_queries(client, "/data/kampung-kb.json") == 3
    _add_units(40)
    for unit in KampungKB.objects.all()[:30]:
        UnitData.objects.create(unit=unit, year=2024, **STRONG_MARCH)
    assert count_queries(client, "/data/kampung-kb.csv") == 3
    assert count_queries(client, "/data/kampung-kb.json") == 3


def test_the_data_page_documents_every_column_and_the_licence(client, pekalongan):
    html = client.get("/data/").content.decode()
    for column in read_csv(client)[0]:
        assert f"<code>{column}</code>" in html
    assert "CC BY 4.0" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.id" rel="license"' in html
    assert 'href="/data/kampung-kb.csv"' in html
    assert 'href="/data/kampung-kb.json"' in html


def test_the_data_page_is_in_english_too(client, pekalongan):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/data/").content.decode()
    assert "<h1>Kampung KB open data</h1>" in html
    assert "Unit or format" in html


def test_every_public_page_links_to_the_data_page(client, pekalongan):
    assert '<a href="/data/">' in client.get("/").content.decode()


def test_json_writes_an_unknown_name_or_date_as_null_as_the_data_page_says(client, pekalongan):
    degayu = next(record for record in read_json(client) if record["slug"] == "degayu")
    assert degayu["nama"] is None
    assert degayu["tanggal_pencanangan"] is None
    assert "null" in client.get("/data/").content.decode()


def test_a_formation_known_only_as_at_the_latest_is_in_the_open_data(client, pekalongan):
    jenggot = csv_rows(client)[JENGGOT]
    assert jenggot["tanggal_pencanangan"] == ""
    assert (jenggot["tahun_pencanangan"], jenggot["ketelitian_pencanangan"]) == (
        "2022",
        "paling_lambat",
    )
    assert jenggot["sumber_pencanangan"].startswith("Disebut sudah ada")
    degayu = next(record for record in read_json(client) if record["slug"] == "degayu")
    assert degayu["tahun_pencanangan"] is None and degayu["ketelitian_pencanangan"] is None
