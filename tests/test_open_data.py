import csv
import io

from villages.models import KampungKB

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
    *YES_NO_HEADER,
]


def read_csv(client):
    response = client.get("/data/kampung-kb.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_the_header_and_27_rows(client, pekalongan):
    rows = read_csv(client)
    assert rows[0] == HEADER
    assert len(rows) == 28


def test_csv_rows_carry_codes_and_known_facts(client, pekalongan, kelurahan_rows):
    rows = {row[0]: row for row in read_csv(client)[1:]}
    assert set(rows) == {row["kode"] for row in kelurahan_rows}
    assert rows["33.75.04.1004"] == [
        "33.75.04.1004",
        "Jenggot",
        "Pekalongan Selatan",
        "Kampung KB Mandiri Utama",
        "jenggot",
        "",
        *[""] * len(YES_NO_HEADER),
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
