import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from evaluations import services
from evaluations.models import Period, Score, UnitReview
from evaluations.score_import import (
    TableImportError,
    import_scores,
    parse_decimal,
    read_table,
)
from villages.models import KampungKB

HEADER = "juri,kelurahan,kriteria,nilai,catatan\n"
JENGGOT = "33.75.04.1004"


@pytest.fixture
def judges(make_user):
    return [make_user(name, "juri") for name in ("juri_a", "juri_b")]


@pytest.fixture
def period(judges, staf):
    period = services.create_period(2025, "Evaluasi 2025", judges=judges)
    return services.start_scoring(period, staf)


def csv_bytes(*rows):
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def stored_scores():
    return {
        (s.judge.username, s.unit.slug, s.criterion.code): (s.value, s.note)
        for s in Score.objects.select_related("judge", "unit", "criterion")
    }


def test_jenggot_has_the_kemendagri_code_used_here(pekalongan):
    assert KampungKB.objects.get(kelurahan__code=JENGGOT).slug == "jenggot"


def test_a_csv_of_scores_is_imported_by_kelurahan_code_or_slug(period, judges, staf):
    summary = import_scores(
        period,
        csv_bytes(
            f"juri_a,{JENGGOT},K1,4,Sekretariat aktif",
            'juri_a,bandengan,k2,"2,5",',
            "juri_b,Bandengan,K1,3.75,",
        ),
        by=staf,
    )

    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    assert stored_scores() == {
        ("juri_a", "jenggot", "K1"): (Decimal("4"), "Sekretariat aktif"),
        ("juri_a", "bandengan", "K2"): (Decimal("2.5"), ""),
        ("juri_b", "bandengan", "K1"): (Decimal("3.75"), ""),
    }
    record = Score.objects.get(judge__username="juri_b").history.get()
    assert (record.history_user, record.history_change_reason) == (staf, "Impor nilai dari berkas")


def test_an_xlsx_of_scores_is_imported(period, judges):
    data = xlsx_bytes(
        [
            ["juri", "kelurahan", "kriteria", "nilai", "catatan"],
            ["juri_a", JENGGOT, "K1", 4, "Lengkap"],
            [None, None, None, None, None],
            ["juri_b", "jenggot", "K2", 3.5, None],
        ]
    )

    import_scores(period, data)

    assert stored_scores() == {
        ("juri_a", "jenggot", "K1"): (Decimal("4"), "Lengkap"),
        ("juri_b", "jenggot", "K2"): (Decimal("3.5"), ""),
    }
    # Without an importing staff member, history names the judge.
    assert Score.objects.get(judge=judges[1]).history.get().history_user == judges[1]


def test_a_bad_score_file_lists_every_row_error_and_saves_nothing(period, judges, juri):
    KampungKB.objects.get(slug="bandengan").kader.add(judges[1])
    services.declare_conflict(period, judges[0], KampungKB.objects.get(slug="kauman"), "Kerabat.")
    data = csv_bytes(
        f"juri_a,{JENGGOT},K1,4,",
        "siapa,jenggot,K1,4,",
        "juri_a,atlantis,K1,4,",
        "juri_a,jenggot,Z9,4,",
        "juri_a,jenggot,K2,5,",
        "juri_a,jenggot,K3,3.333,",
        "juri_a,jenggot,K4,,",
        "juri1,jenggot,K1,4,",
        "juri_b,bandengan,K1,4,",
        "juri_a,kauman,K1,4,",
        f"juri_a,{JENGGOT},K1,3,",
        "juri_a,jenggot,K5,empat,",
    )

    with pytest.raises(TableImportError) as caught:
        import_scores(period, data)

    assert caught.value.errors == [
        "Baris 3: juri \u201csiapa\u201d tidak dikenal.",
        "Baris 4: kelurahan \u201catlantis\u201d tidak dikenal (isi kode Kemendagri atau slug).",
        "Baris 5: kriteria \u201cZ9\u201d tidak ada di rubrik periode ini.",
        "Baris 6: nilai 5 harus antara 1 dan 4.",
        "Baris 7: nilai 3.333 punya lebih dari 2 angka di belakang koma.",
        "Baris 8: nilai kosong.",
        "Baris 9: juri1 tidak ditugaskan sebagai juri periode ini.",
        "Baris 10: juri_b adalah kader Kampung KB Bandengan dan tidak boleh menilainya.",
        "Baris 11: juri_a menyatakan konflik kepentingan dengan Kampung KB Kauman.",
        "Baris 12: nilai yang sama sudah ada di baris 2.",
        "Baris 13: nilai \u201cempat\u201d bukan angka.",
    ]
    assert not Score.objects.exists()
    assert not UnitReview.objects.exists()


def test_rows_numbers_count_blank_rows_like_the_spreadsheet(period):
    data = xlsx_bytes(
        [
            ["juri", "kelurahan", "kriteria", "nilai"],
            [None, None, None, None],
            ["juri_a", "jenggot", "K1", 9],
        ]
    )
    with pytest.raises(TableImportError) as caught:
        import_scores(period, data)
    assert caught.value.errors == ["Baris 3: nilai 9 harus antara 1 dan 4."]


@pytest.mark.parametrize("status", [Period.Status.FINAL, Period.Status.PUBLISHED])
def test_a_locked_period_refuses_an_import(period, status):
    Period.objects.filter(pk=period.pk).update(status=status)
    period.refresh_from_db()
    with pytest.raises(TableImportError) as caught:
        import_scores(period, csv_bytes("juri_a,jenggot,K1,4,"))
    assert caught.value.errors == ["Periode 2025 sudah final: nilai terkunci."]
    assert not Score.objects.exists()


def test_importing_again_updates_changed_scores_and_keeps_their_history(period, staf):
    import_scores(period, csv_bytes("juri_a,jenggot,K1,2,", "juri_a,jenggot,K2,3,"))

    summary = import_scores(
        period, csv_bytes("juri_a,jenggot,K1,4,diverifikasi", "juri_a,jenggot,K2,3,"), by=staf
    )

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    score = Score.objects.get(criterion__code="K1")
    assert [(h.value, h.history_user) for h in score.history.all()] == [
        (Decimal("4"), staf),
        (Decimal("2"), score.judge),
    ]
    assert score.note == "diverifikasi"


def test_a_file_without_notes_keeps_the_stored_notes(period, judges):
    criterion = period.criteria.get(code="K1")
    jenggot = KampungKB.objects.get(slug="jenggot")
    services.save_unit_scores(period, judges[0], jenggot, {criterion.pk: ("2", "dari lapangan")})

    import_scores(period, b"juri,kelurahan,kriteria,nilai\njuri_a,jenggot,K1,3\n")

    assert Score.objects.get().note == "dari lapangan"


def test_an_import_makes_an_open_score_form_out_of_date(period, judges):
    criterion = period.criteria.get(code="K1")
    jenggot = KampungKB.objects.get(slug="jenggot")
    opened = services.save_unit_scores(period, judges[0], jenggot, {criterion.pk: ("2", "")})

    import_scores(period, csv_bytes("juri_a,jenggot,K1,4,"))

    with pytest.raises(services.StaleScores):
        services.save_unit_scores(
            period, judges[0], jenggot, {criterion.pk: ("1", "")}, expected_version=opened.version
        )
    assert Score.objects.get().value == Decimal("4")


def test_an_import_into_a_new_sheet_gives_it_a_version(period, judges):
    import_scores(period, csv_bytes("juri_b,jenggot,K1,4,"))
    review = UnitReview.objects.get()
    assert review.judge == judges[1]
    assert review.unit.slug == "jenggot"


def test_a_score_file_without_a_required_column_is_refused(period):
    with pytest.raises(TableImportError) as caught:
        import_scores(period, b"juri,kriteria,nilai\njuri_a,K1,4\n")
    assert caught.value.errors == ["Baris 1: kolom wajib tidak ada: kelurahan."]


def test_a_file_that_is_not_text_or_xlsx_is_refused(period):
    with pytest.raises(TableImportError, match="CSV UTF-8 atau XLSX"):
        import_scores(period, b"\xff\xfe\x00garbage\x81")


def test_read_table_reads_an_uploaded_file_object_and_semicolons():
    table = read_table(io.BytesIO("\ufeffJuri;Nilai\njuri_a;3,5\n".encode()))
    assert table.header == ["juri", "nilai"]
    assert table.rows == [(2, {"juri": "juri_a", "nilai": "3,5"})]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", Decimal(3)),
        (" 2,5 ", Decimal("2.5")),
        ("85.25", Decimal("85.25")),
        ("x", None),
        ("NaN", None),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.2.3", None),
    ],
)
def test_parse_decimal_accepts_a_decimal_comma(text, value):
    assert parse_decimal(text) == value
