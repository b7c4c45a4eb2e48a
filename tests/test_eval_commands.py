import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from evaluations import services
from evaluations.models import Period, Score


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def judges(make_user):
    return [make_user(name, "juri") for name in ("a", "b", "c")]


def test_create_period_makes_a_draft_with_the_example_rubric_and_judges(judges):
    output = run(
        "create_period",
        "2025",
        "--name",
        "Evaluasi dan Pembinaan Kampung KB 2025",
        "--tanggal",
        "2025-04-29",
        "--juri",
        "a",
        "b",
        "c",
    )

    period = Period.objects.get(year=2025)
    assert period.name == "Evaluasi dan Pembinaan Kampung KB 2025"
    assert period.held_on == date(2025, 4, 29)
    assert period.status == Period.Status.DRAFT
    assert period.min_unit_age_years == 3
    assert period.rubric_is_example
    assert period.criteria.count() == 19
    assert sorted(period.judges.values_list("username", flat=True)) == ["a", "b", "c"]
    assert "Periode 2025 dibuat (rubrik contoh 19 kriteria, 3 juri)." in output


@pytest.mark.parametrize(
    "juri",
    [
        ["--juri", "a", "--juri", "b", "--juri", "c"],
        ["--juri", "a", "b", "c"],
        ["--juri", "a", "--juri", "b", "c"],
    ],
)
def test_create_period_assigns_every_judge_whether_repeated_or_listed(judges, juri):
    output = run("create_period", "2025", "--name", "Evaluasi 2025", *juri)

    period = Period.objects.get(year=2025)
    assert sorted(period.judges.values_list("username", flat=True)) == ["a", "b", "c"]
    assert "3 juri" in output


def test_create_period_without_rubric(db):
    run("create_period", "2026", "--name", "Evaluasi 2026", "--no-rubric")
    period = Period.objects.get(year=2026)
    assert not period.criteria.exists()
    assert not period.rubric_is_example


def test_create_period_refuses_an_unknown_judge_and_creates_nothing(judges):
    with pytest.raises(CommandError, match="tidak dikenal: zaki"):
        run("create_period", "2025", "--name", "Evaluasi 2025", "--juri", "a", "zaki")
    assert not Period.objects.exists()


def test_create_period_refuses_a_kader_as_judge_and_creates_nothing(kader_jenggot):
    with pytest.raises(CommandError, match="kader_jenggot"):
        run("create_period", "2025", "--name", "Evaluasi 2025", "--juri", "kader_jenggot")
    assert not Period.objects.exists()


def test_create_period_refuses_a_year_that_exists(db):
    run("create_period", "2025", "--name", "Evaluasi 2025")
    with pytest.raises(CommandError):
        run("create_period", "2025", "--name", "Lagi")


def test_import_rubric_replaces_the_rubric_from_a_file(db, tmp_path):
    run("create_period", "2025", "--name", "Evaluasi 2025")
    path = tmp_path / "rubrik.csv"
    path.write_text(
        "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"
        "Kelembagaan,K1,Sekretariat,5,1,4\n"
        "Hasil,H1,CPR,10,0,100\n",
        encoding="utf-8",
    )

    output = run("import_rubric", "2025", str(path))

    period = Period.objects.get(year=2025)
    assert list(period.criteria.values_list("code", flat=True)) == ["K1", "H1"]
    assert not period.rubric_is_example
    assert "2 kriteria" in output


def test_import_rubric_reports_row_errors_and_keeps_the_old_rubric(db, tmp_path):
    run("create_period", "2025", "--name", "Evaluasi 2025")
    path = tmp_path / "rubrik.csv"
    path.write_text(
        "aspek,kode,nama,bobot,nilai_min,nilai_maks\nHasil,H1,CPR,0,0,100\n", encoding="utf-8"
    )

    with pytest.raises(CommandError) as caught:
        run("import_rubric", "2025", str(path))

    assert "Baris 2: bobot harus lebih dari 0." in str(caught.value)
    assert Period.objects.get(year=2025).criteria.count() == 19


def test_import_rubric_needs_an_existing_period_and_file(db, tmp_path):
    with pytest.raises(CommandError, match="Periode 2030 tidak ada"):
        run("import_rubric", "2030", str(tmp_path / "x.csv"))
    run("create_period", "2025", "--name", "Evaluasi 2025")
    with pytest.raises(CommandError, match="tidak bisa dibuka"):
        run("import_rubric", "2025", str(tmp_path / "tidak-ada.csv"))


@pytest.fixture
def scoring_period(judges, staf):
    run("create_period", "2025", "--name", "Evaluasi 2025", "--juri", "a", "b", "c")
    return services.start_scoring(Period.objects.get(year=2025), staf)


def test_import_scores_from_a_csv_file(scoring_period, staf, tmp_path):
    path = tmp_path / "nilai.csv"
    path.write_text(
        "juri,kelurahan,kriteria,nilai,catatan\n"
        "a,33.75.04.1004,K1,4,Sekretariat aktif\n"
        "b,jenggot,K1,3.5,\n"
        "c,bandengan,H4,2,\n",
        encoding="utf-8",
    )

    output = run("import_scores", "2025", str(path), "--oleh", "staf1")

    assert "3 nilai baru, 0 diubah, 0 tetap." in output
    assert sorted(Score.objects.values_list("judge__username", "unit__slug", "value")) == [
        ("a", "jenggot", Decimal("4")),
        ("b", "jenggot", Decimal("3.5")),
        ("c", "bandengan", Decimal("2")),
    ]
    assert {s.history.get().history_user for s in Score.objects.all()} == {staf}


def test_import_scores_from_an_xlsx_file(scoring_period, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["juri", "kelurahan", "kriteria", "nilai", "catatan"])
    sheet.append(["a", "33.75.04.1004", "K1", 4, "Lengkap"])
    sheet.append(["b", "jenggot", "D1", 2.25, None])
    path = tmp_path / "nilai.xlsx"
    workbook.save(path)

    output = run("import_scores", "2025", str(path))

    assert "2 nilai baru" in output
    assert sorted(Score.objects.values_list("judge__username", "criterion__code", "value")) == [
        ("a", "K1", Decimal("4")),
        ("b", "D1", Decimal("2.25")),
    ]


def test_import_scores_reports_errors_by_row_and_saves_nothing(scoring_period, tmp_path):
    path = tmp_path / "nilai.csv"
    path.write_text(
        "juri,kelurahan,kriteria,nilai\na,jenggot,K1,4\nzaki,jenggot,K1,4\na,jenggot,K2,9\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as caught:
        run("import_scores", "2025", str(path))

    message = str(caught.value)
    assert "Tidak ada yang disimpan." in message
    assert "Baris 3: juri \u201czaki\u201d tidak dikenal." in message
    assert "Baris 4: nilai 9 harus antara 1 dan 4." in message
    assert not Score.objects.exists()


def test_import_scores_refuses_an_unknown_importer(scoring_period, tmp_path):
    path = tmp_path / "nilai.csv"
    path.write_text("juri,kelurahan,kriteria,nilai\na,jenggot,K1,4\n", encoding="utf-8")
    with pytest.raises(CommandError, match="tidak dikenal: siapa"):
        run("import_scores", "2025", str(path), "--oleh", "siapa")
