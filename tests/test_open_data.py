import csv
import io

HEADER = ["kode_kemendagri", "kelurahan", "kecamatan", "nama", "slug", "tanggal_pencanangan"]


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
    ]
    assert rows["33.75.03.1009"][5] == "2016-02-05"
