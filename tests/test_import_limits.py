"""Hostile spreadsheets are refused with a clear message, through the web and the
commands, and nothing is written: an XLSX declaring millions of rows, a CSV field of
200 KB, a count no kampung could have."""

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from evaluations import services
from evaluations.models import Criterion, Score
from portal.tables import ImportLimits, SpreadsheetRefused, csv_records, records
from villages.models import UnitData

DECLARED_ROWS = 2_400_000
LONG_FIELD = "x" * 200_000
JENGGOT = "33.75.04.1004"
SCORE_HEADER = "juri,kelurahan,kriteria,nilai,catatan\n"
RUBRIC_HEADER = "aspek,kode,nama,bobot,nilai_min,nilai_maks,deskripsi\n"
DATA_URL = "/kelola/kampung/jenggot/data/impor/"


def xlsx_declaring(rows):
    """A small XLSX whose sheet says it has ``rows`` rows (what the bomb did)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["juri", "kelurahan", "kriteria", "nilai", "catatan"])
    sheet.append(["juri_a", JENGGOT, "K1", 4, ""])
    small = io.BytesIO()
    workbook.save(small)
    patched = io.BytesIO()
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, replaced = re.subn(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="A1:E{rows}"'.encode(), content
                )
                assert replaced == 1
            target.writestr(item, content)
    return patched.getvalue()


@pytest.fixture
def judges(make_user):
    return [make_user(name, "juri") for name in ("juri_a", "juri_b")]


@pytest.fixture
def draft(judges, staf):
    return services.create_period(2025, "Evaluasi 2025", judges=judges, by=staf)


@pytest.fixture
def scoring(draft, staf):
    return services.start_scoring(draft, staf)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def page_errors(response):
    assert response.status_code == 200
    return " ".join(response.context["errors"])


def test_an_xlsx_declaring_millions_of_rows_is_refused_before_it_is_read():
    start = time.monotonic()
    with pytest.raises(SpreadsheetRefused, match="2.400.000 baris"):
        records(xlsx_declaring(DECLARED_ROWS))
    assert time.monotonic() - start < 2


def test_the_web_score_import_refuses_the_xlsx_bomb_quickly(client, scoring, staf):
    client.force_login(staf)
    start = time.monotonic()
    response = client.post(
        reverse("evaluations-manage:score-import", args=[2025]),
        {"file": upload("bom.xlsx", xlsx_declaring(DECLARED_ROWS))},
    )
    assert time.monotonic() - start < 2
    assert "menyatakan 2.400.000 baris" in page_errors(response)
    assert not Score.objects.exists()


def test_the_score_command_refuses_the_xlsx_bomb_quickly(scoring, tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(xlsx_declaring(DECLARED_ROWS))
    start = time.monotonic()
    with pytest.raises(CommandError, match="menyatakan 2.400.000 baris"):
        call_command("import_scores", "2025", str(path))
    assert time.monotonic() - start < 2
    assert not Score.objects.exists()


def test_the_rubric_command_refuses_the_xlsx_bomb(draft, tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(xlsx_declaring(DECLARED_ROWS))
    criteria = Criterion.objects.filter(aspect__period=draft).count()
    with pytest.raises(CommandError, match="menyatakan 2.400.000 baris"):
        call_command("import_rubric", "2025", str(path))
    assert Criterion.objects.filter(aspect__period=draft).count() == criteria


def test_a_200_kb_field_in_a_score_csv_names_its_row_on_the_web(client, scoring, staf):
    content = f'{SCORE_HEADER}juri_a,{JENGGOT},K1,4,ok\njuri_a,{JENGGOT},K2,3,"{LONG_FIELD}"\n'
    client.force_login(staf)
    response = client.post(
        reverse("evaluations-manage:score-import", args=[2025]),
        {"file": upload("nilai.csv", content.encode())},
    )
    assert "Baris 3: ada sel yang lebih panjang dari 10.000 karakter." in page_errors(response)
    assert not Score.objects.exists()


def test_a_200_kb_field_in_a_score_csv_is_a_command_error(scoring, tmp_path):
    path = tmp_path / "nilai.csv"
    path.write_text(f'{SCORE_HEADER}juri_a,{JENGGOT},K1,4,"{LONG_FIELD}"\n')
    with pytest.raises(CommandError, match="Baris 2: ada sel yang lebih panjang"):
        call_command("import_scores", "2025", str(path))
    assert not Score.objects.exists()


def test_a_200_kb_field_in_a_rubric_names_its_row(client, draft, staf, tmp_path):
    content = f'{RUBRIC_HEADER}Kelembagaan,K1,Sekretariat,1,0,4,"{LONG_FIELD}"\n'
    criteria = list(Criterion.objects.filter(aspect__period=draft).values_list("code"))
    client.force_login(staf)
    response = client.post(
        reverse("evaluations-manage:rubric-import", args=[2025]),
        {"file": upload("rubrik.csv", content.encode())},
    )
    assert "Baris 2: ada sel yang lebih panjang" in page_errors(response)
    path = tmp_path / "rubrik.csv"
    path.write_text(content)
    with pytest.raises(CommandError, match="Baris 2: ada sel yang lebih panjang"):
        call_command("import_rubric", "2025", str(path))
    assert list(Criterion.objects.filter(aspect__period=draft).values_list("code")) == criteria


def test_a_file_over_the_size_limit_is_refused_by_the_command(scoring, tmp_path):
    path = tmp_path / "nilai.csv"
    path.write_text(SCORE_HEADER + f"juri_a,{JENGGOT},K1,4,\n" * 100)
    with (
        override_settings(IMPORT_MAX_BYTES=1000),
        pytest.raises(CommandError, match="Berkas terlalu besar"),
    ):
        call_command("import_scores", "2025", str(path))


def test_too_many_rows_or_columns_are_refused():
    limits = ImportLimits(
        max_bytes=10_000, max_unpacked_bytes=10_000, max_rows=3, max_columns=2, max_cell_chars=9
    )
    with pytest.raises(SpreadsheetRefused, match="lebih dari 3 baris"):
        csv_records("a\nb\nc\nd\n", limits)
    with pytest.raises(SpreadsheetRefused, match="Baris 2: 3 kolom"):
        csv_records("a,b\nc,d,e\n", limits)
    assert csv_records("a,b,,\n", limits) == [["a", "b", "", ""]]


@pytest.fixture
def kader(login, kader_jenggot):
    return login(kader_jenggot)


def data_upload(client, text, **extra):
    file = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    return client.post(DATA_URL, {"file": file, **extra})


def test_a_200_kb_field_in_the_data_import_names_its_row(kader, jenggot):
    response = data_upload(kader, f'tahun,bulan,keluarga\n2025,1,10\n2025,2,"{LONG_FIELD}"\n')
    assert response.status_code == 200
    assert response.context["form"].parsed.errors == [
        "Baris 3: ada sel yang lebih panjang dari 10.000 karakter."
    ]
    assert not UnitData.objects.exists()


@pytest.mark.parametrize("replace", [False, True])
def test_a_count_no_kampung_could_have_names_its_row(kader, jenggot, replace):
    UnitData.objects.create(unit=jenggot, year=2025, month=1, families=10)
    response = data_upload(
        kader,
        "tahun,bulan,keluarga\n2025,2,10\n2025,1,99999999999\n",
        **({"replace_existing": "on"} if replace else {}),
    )
    assert response.status_code == 200
    errors = response.context["form"].parsed.errors
    assert "Baris 3, kolom keluarga: Jumlah lebih dari 10.000.000 tidak masuk akal." in errors
    assert list(UnitData.objects.values_list("month", "families")) == [(1, 10)]
