"""Bulk entry of a unit's figures from a CSV file: all rows or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from villages.figure_forms import CSV_COLUMNS, EXAMPLE_ROW
from villages.models import KampungKB, UnitData

IMPORT_URL = "/kelola/kampung/jenggot/data/impor/"
NEXT_YEAR = timezone.localdate().year + 1
HEADER = ["tahun", "bulan", "pus", "kb_aktif", "kb_suntik", "kb_iud", "balita", "balita_stunting"]


@pytest.fixture
def kader(login, kader_jenggot):
    return login(kader_jenggot)


def csv_bytes(rows, header=HEADER, delimiter=",", bom=False):
    lines = [delimiter.join(header)] + [delimiter.join(str(cell) for cell in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def upload(client, content, **extra):
    file = SimpleUploadedFile("data.csv", content, content_type="text/csv")
    return client.post(IMPORT_URL, {"file": file, **extra})


def report(response):
    return response.context["form"].parsed.errors


GOOD_ROWS = [
    [2025, 1, 1000, 600, 400, 100, 300, 20],
    [2025, 2, 1000, 610, 410, 100, 300, 21],
    [2025, "", 1000, 620, 420, 100, 300, 22],
]


def test_a_valid_file_saves_every_row(kader, jenggot, kader_jenggot):
    response = upload(kader, csv_bytes(GOOD_ROWS))
    assert response.status_code == 302
    assert response.url == "/kelola/kampung/jenggot/data/"
    records = list(UnitData.objects.order_by("id"))
    assert [(r.year, r.month, r.active_users, r.stunting_cases) for r in records] == [
        (2025, 1, 600, 20),
        (2025, 2, 610, 21),
        (2025, None, 620, 22),
    ]
    assert all(r.unit == jenggot and r.created_by == kader_jenggot for r in records)
    assert records[0].families is None  # a column not in the file is not reported
    assert records[0].history.get().history_user == kader_jenggot
    follow = kader.get(response.url)
    assert "3 baris data berhasil diimpor." in follow.content.decode()


def test_errors_in_rows_3_and_5_save_nothing_and_name_row_and_column(kader, jenggot):
    rows = [
        [2025, 1, 1000, 600, 400, 100, 300, 20],
        [2025, 2, 1000, 600, 400, 100, 300, 301],
        [2025, 3, 1000, 600, 400, 100, 300, 20],
        [2025, 4, 1000, "enam ratus", 400, 100, 300, 20],
    ]
    response = upload(kader, csv_bytes(rows))
    assert response.status_code == 200
    assert report(response) == [
        "Baris 3, kolom balita_stunting: Balita stunting (301) melebihi jumlah balita (300).",
        "Baris 5, kolom kb_aktif: “enam ratus” bukan bilangan bulat.",
    ]
    html = response.content.decode()
    assert "Baris 3, kolom balita_stunting" in html
    assert "Baris 5, kolom kb_aktif" in html
    assert "tidak ada data yang disimpan" in html
    assert not UnitData.objects.exists()


def test_semicolon_delimiter_and_bom_are_accepted(kader, jenggot):
    response = upload(kader, csv_bytes(GOOD_ROWS, delimiter=";", bom=True))
    assert response.status_code == 302
    assert UnitData.objects.count() == 3
    assert UnitData.objects.get(month=1).couples == 1000


def test_unknown_column_is_reported_and_nothing_saved(kader, jenggot):
    response = upload(kader, csv_bytes([[2025, 1, 5]], header=["tahun", "bulan", "kucing"]))
    assert report(response) == ["Baris 1, kolom kucing: Kolom tidak dikenal."]
    assert not UnitData.objects.exists()


def test_missing_period_columns_are_reported(kader, jenggot):
    response = upload(kader, csv_bytes([[1000]], header=["pus"]))
    assert report(response) == [
        "Baris 1, kolom tahun: Kolom wajib ini tidak ada.",
        "Baris 1, kolom bulan: Kolom wajib ini tidak ada.",
    ]


def test_header_codes_ignore_case_and_spaces(kader, jenggot):
    header = [" Tahun", "BULAN ", "PUS"]
    assert upload(kader, csv_bytes([[2025, 1, 900]], header=header)).status_code == 302
    assert UnitData.objects.get().couples == 900


def test_every_rule_of_the_form_applies_with_the_column_code(kader, jenggot):
    rows = [
        [2025, 1, 1000, 1100, 400, 100, 300, 20],
        [2025, 2, 1000, 600, -4, 100, 300, 20],
        [2014, 3, 1000, 600, 400, 100, 300, 20],
        [2025, 13, 1000, 600, 400, 100, 300, 20],
        ["", 5, 1000, 600, 400, 100, 300, 20],
    ]
    assert report(upload(kader, csv_bytes(rows))) == [
        "Baris 2, kolom kb_aktif: Peserta KB aktif (1.100) melebihi jumlah PUS (1.000).",
        "Baris 3, kolom kb_suntik: Jumlah tidak boleh negatif.",
        f"Baris 4, kolom tahun: Tahun harus antara 2015 dan {NEXT_YEAR}.",
        "Baris 5, kolom bulan: Bulan harus 1 sampai 12, atau kosong untuk data tahunan.",
        "Baris 6, kolom tahun: Tahun wajib diisi.",
    ]
    assert not UnitData.objects.exists()


def test_a_period_twice_in_the_file_is_reported(kader, jenggot):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]
    assert report(upload(kader, csv_bytes(rows))) == [
        "Baris 4, kolom bulan: Periode Januari 2025 sudah ada di baris 2."
    ]
    assert not UnitData.objects.exists()


def test_a_period_already_entered_is_refused_without_replace(kader, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=2, couples=5)
    response = upload(kader, csv_bytes(GOOD_ROWS))
    assert report(response) == [
        "Baris 3, kolom bulan: Data Februari 2025 sudah ada. Centang “Ganti data periode "
        "yang sudah ada” untuk menggantinya."
    ]
    assert UnitData.objects.count() == 1
    assert UnitData.objects.get().couples == 5


def test_replace_updates_the_period_and_keeps_columns_not_in_the_file(
    kader, jenggot, staf, kader_jenggot
):
    old = UnitData.objects.create(
        unit=jenggot, year=2025, month=2, couples=5, families=777, created_by=staf
    )
    response = upload(kader, csv_bytes(GOOD_ROWS), replace_existing="on")
    assert response.status_code == 302
    assert UnitData.objects.count() == 3
    old.refresh_from_db()
    assert (old.couples, old.active_users, old.families) == (1000, 610, 777)
    assert old.created_by == staf
    assert old.history.first().history_user == kader_jenggot


def test_replace_checks_the_merged_record(kader, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=1, families=10, under_fives=5)
    header = ["tahun", "bulan", "balita_stunting"]
    response = upload(kader, csv_bytes([[2025, 1, 6]], header=header), replace_existing="on")
    assert report(response) == [
        "Baris 2, kolom balita_stunting: Balita stunting (6) melebihi jumlah balita (5)."
    ]


def test_other_units_periods_do_not_clash(kader, jenggot):
    bandengan = KampungKB.objects.get(slug="bandengan")
    UnitData.objects.create(unit=bandengan, year=2025, month=1)
    assert upload(kader, csv_bytes(GOOD_ROWS)).status_code == 302
    assert jenggot.data.count() == 3


def test_a_later_database_error_leaves_nothing_half_saved(kader, jenggot, monkeypatch):
    saved = []
    original_save = UnitData.save

    def save_then_fail(self, *args, **kwargs):
        if saved:
            raise RuntimeError("disk full")
        original_save(self, *args, **kwargs)
        saved.append(self)

    monkeypatch.setattr(UnitData, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        upload(kader, csv_bytes(GOOD_ROWS))
    monkeypatch.undo()
    assert saved
    assert not UnitData.objects.exists()


def test_excel_grouped_thousands_are_read(kader, jenggot):
    header = ["tahun", "bulan", "pus", "kb_aktif"]
    response = upload(
        kader, csv_bytes([[2025, 1, "1.250", "1.200"]], header=header, delimiter=";")
    )
    assert response.status_code == 302
    assert UnitData.objects.get().couples == 1250


def test_a_decimal_number_is_refused(kader, jenggot):
    header = ["tahun", "bulan", "pus"]
    response = upload(kader, csv_bytes([[2025, 1, "12,5"]], header=header, delimiter=";"))
    assert report(response) == ["Baris 2, kolom pus: “12,5” bukan bilangan bulat."]


def test_blank_and_comment_rows_are_skipped_but_still_counted(kader, jenggot):
    rows = [["#catatan"] + [""] * 7, [""] * 8, [2025, 1, 1000, 600, 400, 100, 300, 301]]
    assert report(upload(kader, csv_bytes(rows))) == [
        "Baris 4, kolom balita_stunting: Balita stunting (301) melebihi jumlah balita (300)."
    ]


def test_a_row_longer_than_the_header_is_reported(kader, jenggot):
    rows = [[2025, 1, 1000, 600, 400, 100, 300, 20, 99]]
    assert report(upload(kader, csv_bytes(rows))) == [
        "Baris 2: Ada 9 sel, padahal judul hanya punya 8 kolom."
    ]


def test_a_file_that_is_not_utf8_is_refused(kader, jenggot):
    response = upload(kader, "tahun;bulan;pus\r\n2025;1;Sémarang\r\n".encode("latin-1"))
    assert response.context["form"].errors["file"] == [
        "Berkas harus CSV berenkode UTF-8 (di Excel: “CSV UTF-8”)."
    ]
    assert not UnitData.objects.exists()


def test_a_file_with_only_a_header_imports_nothing(kader, jenggot):
    assert report(upload(kader, csv_bytes([]))) == ["Baris 2: Berkas tidak berisi baris data."]


def test_the_downloaded_template_imports_nothing_until_the_example_is_uncommented(kader, jenggot):
    template = kader.get("/kelola/kampung/jenggot/data/templat.csv").content.decode()
    lines = template.splitlines()
    assert lines[0].split(",") == list(CSV_COLUMNS)
    assert lines[1].startswith("# ") and "contoh" in lines[1]
    assert lines[2].startswith("#2025,3,")
    assert report(upload(kader, template.encode())) == ["Baris 2: Berkas tidak berisi baris data."]

    uncommented = template.replace("#2025,3,", "2025,3,")
    assert upload(kader, uncommented.encode()).status_code == 302
    record = UnitData.objects.get()
    for column, field in CSV_COLUMNS.items():
        assert getattr(record, field) == EXAMPLE_ROW[column], column


def test_import_page_documents_every_column(kader, jenggot):
    html = kader.get(IMPORT_URL).content.decode()
    for column in CSV_COLUMNS:
        assert f"<code>{column}</code>" in html
    assert 'enctype="multipart/form-data"' in html
    assert "Ganti data periode yang sudah ada" in html
