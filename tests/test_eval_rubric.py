from decimal import Decimal

import pytest

from evaluations import rubric, services
from evaluations.models import Criterion, Period, Score
from evaluations.score_import import TableImportError
from villages.models import KampungKB

HEADER = "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"


@pytest.fixture
def period(db):
    return Period.objects.create(year=2025, name="Evaluasi dan Pembinaan Kampung KB 2025")


def rubric_of(period):
    return [
        (
            c.aspect.name,
            c.aspect.position,
            c.code,
            c.name,
            c.weight,
            c.min_score,
            c.max_score,
            c.description,
            c.guidance,
            c.position,
        )
        for c in Criterion.objects.filter(period=period).in_rubric_order()
    ]


def test_the_example_rubric_covers_what_judges_assess_and_is_marked_as_example(period):
    count = rubric.load_example_rubric(period)

    period.refresh_from_db()
    assert period.rubric_is_example
    assert count == 19
    assert list(period.aspects.values_list("name", flat=True)) == [
        "Kelembagaan",
        "Program dan kegiatan",
        "Data dan informasi",
        "Hasil",
    ]
    names = " ".join(period.criteria.values_list("name", flat=True))
    for topic in (
        "Sekretariat",
        "Rumah DataKu",
        "Pokja",
        "Sumber dana",
        "Regulasi",
        "BKB",
        "UPPKA",
        "PIK-R",
        "Dashat",
        "lintas sektor",
        "KRPPA",
        "Inovasi",
        "data dalam perencanaan",
        "Website",
        "Video profil",
        "CPR",
        "MKJP",
        "Unmet need",
        "Stunting",
    ):
        assert topic in names
    assert sum(c.weight for c in period.criteria.all()) == 100
    for criterion in period.criteria.all():
        assert (criterion.min_score, criterion.max_score) == (1, 4)
        assert "CONTOH" in criterion.description
        assert len(criterion.guidance_lines()) == 4


def test_export_then_import_gives_the_same_rubric(period):
    rubric.load_example_rubric(period)
    criterion = period.criteria.get(code="K1")
    criterion.weight, criterion.max_score = Decimal("2.5"), Decimal("100")
    criterion.save()
    exported = rubric.export_rubric(period)
    other = Period.objects.create(year=2026, name="Evaluasi 2026")

    rubric.import_rubric(other, exported.encode())

    assert rubric_of(other) == rubric_of(period)
    assert (
        exported.splitlines()[0] == "aspek,kode,nama,bobot,nilai_min,nilai_maks,deskripsi,panduan"
    )
    assert "Kelembagaan,K1,Sekretariat Kampung KB,2.5,1,100," in exported
    assert rubric.export_rubric(other) == exported


def test_importing_a_rubric_replaces_the_earlier_one_and_it_is_no_longer_an_example(period):
    rubric.load_example_rubric(period)

    rubric.import_rubric(period, (HEADER + "Hasil,H1,CPR,10,0,100\n").encode())

    period.refresh_from_db()
    assert not period.rubric_is_example
    assert list(period.criteria.values_list("code", flat=True)) == ["H1"]
    assert list(period.aspects.values_list("name", flat=True)) == ["Hasil"]


def test_a_semicolon_file_with_decimal_commas_imports(period):
    text = "aspek;kode;nama;bobot;nilai_min;nilai_maks\nHasil;H1;CPR;7,5;0;10,5\n"
    rubric.import_rubric(period, text.encode("utf-8-sig"))
    criterion = period.criteria.get()
    assert (criterion.weight, criterion.max_score) == (Decimal("7.5"), Decimal("10.5"))


def test_a_bad_rubric_file_lists_every_row_error_and_saves_nothing(period):
    rubric.load_example_rubric(period)
    before = rubric_of(period)
    text = HEADER + (
        "Kelembagaan,K1,Sekretariat,5,1,4\n"
        "Kelembagaan,K2,Rumah DataKu,0,1,4\n"
        "Kelembagaan,K1,Pokja,5,1,4\n"
        ",K4,,5,4,1\n"
        "Hasil,H1,CPR,lima,1,4.005\n"
    )

    with pytest.raises(TableImportError) as caught:
        rubric.import_rubric(period, text.encode())

    assert caught.value.errors == [
        "Baris 3: bobot harus lebih dari 0.",
        "Baris 4: kode \u201cK1\u201d sudah dipakai di baris 2.",
        "Baris 5: kolom aspek kosong; kolom nama kosong; "
        "nilai_min harus lebih kecil dari nilai_maks.",
        "Baris 6: bobot \u201clima\u201d bukan angka; "
        "nilai_maks paling banyak 2 angka di belakang koma.",
    ]
    assert rubric_of(period) == before
    period.refresh_from_db()
    assert period.rubric_is_example


def test_a_rubric_file_without_a_required_column_is_refused(period):
    with pytest.raises(TableImportError) as caught:
        rubric.import_rubric(period, b"aspek,kode,nama,bobot\nHasil,H1,CPR,5\n")
    assert caught.value.errors == ["Baris 1: kolom wajib tidak ada: nilai_min, nilai_maks."]


def test_an_empty_rubric_file_is_refused(period):
    with pytest.raises(TableImportError, match="tidak berisi kriteria"):
        rubric.import_rubric(period, HEADER.encode())


def test_the_rubric_cannot_be_replaced_once_scores_exist(period, juri):
    rubric.load_example_rubric(period)
    Score.objects.create(
        judge=juri,
        unit=KampungKB.objects.get(slug="jenggot"),
        criterion=period.criteria.first(),
        value=3,
    )
    with pytest.raises(TableImportError, match="sudah berisi nilai"):
        rubric.import_rubric(period, (HEADER + "Hasil,H1,CPR,10,0,100\n").encode())
    assert period.criteria.count() == 19


def test_a_final_period_keeps_its_rubric(period):
    rubric.load_example_rubric(period)
    Period.objects.filter(pk=period.pk).update(status=Period.Status.FINAL)
    period.refresh_from_db()
    with pytest.raises(TableImportError, match="terkunci"):
        rubric.import_rubric(period, (HEADER + "Hasil,H1,CPR,10,0,100\n").encode())


def test_a_rubric_is_copied_from_an_earlier_period(period):
    rubric.import_rubric(
        period,
        (
            b"aspek,kode,nama,bobot,nilai_min,nilai_maks,panduan\n"
            b'Kelembagaan,K1,Sekretariat,5,1,4,"4: aktif\n1: belum"\n'
            b"Hasil,H1,CPR,10,0,100,\n"
        ),
    )
    later = services.create_period(2026, "Evaluasi 2026", example_rubric=False)

    assert rubric.copy_rubric(period, later) == 2

    assert rubric_of(later) == rubric_of(period)
    assert later.criteria.get(code="K1").guidance_lines() == ["4: aktif", "1: belum"]
    assert not later.rubric_is_example
    # The copy is independent: the earlier period keeps its own criteria.
    assert set(period.criteria.values_list("pk", flat=True)).isdisjoint(
        later.criteria.values_list("pk", flat=True)
    )


def test_copying_needs_a_source_rubric(period):
    later = Period.objects.create(year=2026, name="Evaluasi 2026")
    with pytest.raises(TableImportError, match="belum punya rubrik"):
        rubric.copy_rubric(later, period)


def test_a_copied_example_rubric_stays_marked_as_example(period):
    rubric.load_example_rubric(period)
    later = Period.objects.create(year=2026, name="Evaluasi 2026")
    rubric.copy_rubric(period, later)
    later.refresh_from_db()
    assert later.rubric_is_example


def test_editing_the_rubric_by_hand_clears_the_example_mark(period):
    rubric.load_example_rubric(period)
    period.refresh_from_db()
    rubric.mark_rubric_adapted(period)
    period.refresh_from_db()
    assert not period.rubric_is_example
