"""Numbers as Indonesians (and English speakers) type them: the one reading rule
`villages.numbers.parse_number`, the localized fields built on it, and every form and
import that reads a number through them."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from evaluations import services
from evaluations.models import Criterion, Score
from evaluations.score_import import TableImportError, parse_decimal, parse_scores
from villages.figure_forms import parse_data_csv
from villages.forms_numbers import LocalizedDecimalField, LocalizedIntegerField, NumberTextInput
from villages.models import KampungKB, UnitData
from villages.numbers import format_number, parse_number, parse_whole

# The rule


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", Decimal("3.5")),  # Indonesian decimal comma
        ("3.5", Decimal("3.5")),  # a dot, as on an English keyboard or a map app
        (" 3,5 ", Decimal("3.5")),
        ("4", Decimal("4")),
        ("0,25", Decimal("0.25")),
        (",5", Decimal("0.5")),
        ("-6,8891", Decimal("-6.8891")),  # a latitude as typed
        ("-6.8891", Decimal("-6.8891")),  # the same latitude copied from a map
        ("\u22126,8891", Decimal("-6.8891")),  # the minus sign some keyboards give
        ("109.675", Decimal("109.675")),  # one dot and three digits: still a decimal point
        ("1.500", Decimal("1.5")),
        ("1.234,5", Decimal("1234.5")),  # both signs: the last one is the decimal point
        ("1,234.5", Decimal("1234.5")),
        ("1.500.000", Decimal("1500000")),  # repeated: thousands
        ("1 500,5", Decimal("1500.5")),
        ("+2", Decimal("2")),
        ("", None),
        ("tiga", None),
        ("3,5,1", None),
        ("1.2.3", None),
        ("3,", None),
        ("1,23.456,7", None),
        ("1.234,5.6", None),
        ("NaN", None),
        ("1e3", None),
        ("--3", None),
    ],
)
def test_a_number_with_decimals_takes_a_lone_comma_or_dot_as_the_decimal_point(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1500", 1500),
        ("1.500", 1500),  # Indonesian thousands
        ("1,500", 1500),  # English thousands
        ("1.500.000", 1500000),
        ("12.345", 12345),
        ("1.234,0", 1234),
        ("12,0", 12),
        ("1 500", 1500),
        ("0", 0),
        ("-5", -5),  # a negative count is read; the plausibility rule refuses it
        ("3,5", None),  # not a whole number
        ("3.5", None),
        ("1.50", None),
        ("12.3456", None),
        ("enam ratus", None),
        ("", None),
    ],
)
def test_a_whole_number_reads_groups_of_three_as_thousands(text, value):
    assert parse_whole(text) == value


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rule_is_the_same_in_both_languages(language):
    with override(language):
        assert parse_number("3,5") == parse_number("3.5") == Decimal("3.5")
        assert parse_whole("1.500") == parse_whole("1,500") == 1500


def test_the_imports_read_numbers_by_the_same_rule():
    for text in ("3,5", "3.5", "1.234,5", "109.675", "tiga", "3,5,1"):
        assert parse_decimal(text) == parse_number(text)


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("id", Decimal("3.50"), "3,5"),
        ("en", Decimal("3.50"), "3.5"),
        ("id", Decimal("-6.889100"), "-6,8891"),
        ("en", Decimal("-6.889100"), "-6.8891"),
        ("id", Decimal("100"), "100"),
        ("id", Decimal("1E+2"), "100"),
        ("id", 1500, "1500"),
    ],
)
def test_a_number_is_shown_as_it_is_typed_in_the_active_language(language, value, shown):
    with override(language):
        assert format_number(value) == shown
        typed_back = parse_number(shown, whole=isinstance(value, int))
        assert typed_back == value


# The fields


def test_the_input_is_text_with_a_number_keyboard_and_no_autocomplete():
    decimal = NumberTextInput().render("nilai", None)
    whole = NumberTextInput(whole=True).render("jumlah", None)
    assert 'type="text"' in decimal and 'inputmode="decimal"' in decimal
    assert 'type="text"' in whole and 'inputmode="numeric"' in whole
    assert 'autocomplete="off"' in decimal and 'autocomplete="off"' in whole


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [("id", "3,5", Decimal("3.5")), ("id", "3.5", Decimal("3.5")), ("en", "3.5", Decimal("3.5"))],
)
def test_the_decimal_field_reads_the_typed_number(language, text, value):
    with override(language):
        assert LocalizedDecimalField().clean(text) == value


@pytest.mark.parametrize(("language", "text"), [("id", "1.500"), ("en", "1,500")])
def test_the_whole_number_field_reads_thousands(language, text):
    with override(language):
        assert LocalizedIntegerField().clean(text) == 1500


def test_the_fields_refuse_with_the_typed_text():
    with override("id"), pytest.raises(ValidationError) as decimal:
        LocalizedDecimalField().clean("tiga")
    with override("id"), pytest.raises(ValidationError) as whole:
        LocalizedIntegerField().clean("3,5")
    assert decimal.value.messages == ["“tiga” bukan angka."]
    assert whole.value.messages == ["“3,5” bukan bilangan bulat."]


# The score sheet


@pytest.fixture
def judge(make_user):
    return make_user("juri_angka", "juri")


@pytest.fixture
def period(judge, staf):
    period = services.create_period(
        2025, "Evaluasi dan Pembinaan Kampung KB 2025", held_on=date(2025, 4, 29), judges=[judge]
    )
    return services.start_scoring(period, staf)


def sheet_url(period, unit):
    return reverse("evaluations-manage:score-sheet", args=[period.year, unit.slug])


def first_criterion(period):
    return Criterion.objects.filter(period=period).in_rubric_order().first()


def sheet_value(html, criterion):
    field = re.search(rf'<input[^>]*id="id_nilai_{criterion.pk}"[^>]*>', html).group(0)
    match = re.search(r'value="([^"]*)"', field)
    return match.group(1) if match else None


def post_one(client, period, unit, criterion, typed):
    return client.post(
        sheet_url(period, unit),
        {f"nilai_{criterion.pk}": typed, f"catatan_{criterion.pk}": "", "version": ""},
        follow=True,
    )


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [("id", "3,5", "3,5"), ("id", "3.5", "3,5"), ("en", "3.5", "3.5")],
)
def test_a_typed_score_is_saved_as_its_number_and_shown_back_in_the_language(
    login, judge, period, jenggot, language, typed, shown
):
    client = login(judge)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    criterion = first_criterion(period)

    response = post_one(client, period, jenggot, criterion, typed)

    assert response.status_code == 200
    assert Score.objects.get(judge=judge, criterion=criterion).value == Decimal("3.5")
    assert sheet_value(response.content.decode(), criterion) == shown


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("id", "4,5", "Nilai 4,5 harus antara 1 dan 4."),
        ("id", "35", "Nilai 35 harus antara 1 dan 4."),
        ("en", "4.5", "Score 4.5 must be between 1 and 4."),
        ("id", "3,125", "Nilai 3,125 punya lebih dari 2 angka di belakang koma."),
        # "1.500" may mean one thousand five hundred: not silently read as 1,5.
        ("id", "1.500", "Nilai 1.500 punya lebih dari 2 angka di belakang koma."),
        ("en", "1,500", "Score 1,500 has more than 2 decimal places."),
        ("id", "tiga", "Nilai “tiga” bukan angka."),
    ],
)
def test_a_refused_score_is_named_as_it_was_typed(
    login, judge, period, jenggot, language, typed, message
):
    client = login(judge)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    criterion = first_criterion(period)

    response = post_one(client, period, jenggot, criterion, typed)

    assert response.context["form"].errors[f"nilai_{criterion.pk}"] == [message]
    assert sheet_value(response.content.decode(), criterion) == typed
    assert not Score.objects.exists()


def test_the_score_import_names_a_value_as_it_was_typed(period, judge, jenggot, staf):

    criterion = first_criterion(period)
    table = (
        "juri;kelurahan;kriteria;nilai\n"
        f"{judge.username};{jenggot.slug};{criterion.code};3,5\n"
        f"{judge.username};bandengan;{criterion.code};4,5\n"
    ).encode()
    with pytest.raises(TableImportError) as caught:
        parse_scores(period, table)
    assert caught.value.errors == ["Baris 3: nilai 4,5 harus antara 1 dan 4."]


# The rubric


def test_a_criterion_reads_a_weight_with_a_decimal_comma_and_shows_it_back(
    login, staf, pekalongan
):
    period = services.create_period(2026, "Evaluasi 2026")
    aspect = period.aspects.first()
    criterion = Criterion.objects.filter(period=period).first()
    client = login(staf)
    url = reverse("evaluations-manage:criterion-update", args=[2026, criterion.pk])
    data = {
        "aspect": aspect.pk,
        "code": criterion.code,
        "name": criterion.name,
        "description": "",
        "weight": "7,5",
        "min_score": "0,5",
        "max_score": "4",
        "guidance": "",
        "position": criterion.position,
    }

    assert client.post(url, data).status_code == 302
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.min_score) == (Decimal("7.5"), Decimal("0.5"))
    html = client.get(url).content.decode()
    assert re.search(r'name="weight" value="7,5"[^>]*inputmode="decimal"', html)

    refused = client.post(url, {**data, "weight": "-1,5", "max_score": "0,25"})
    errors = refused.context["form"].errors
    assert errors["weight"] == ["Bobot -1,5 harus lebih dari 0."]
    assert errors["max_score"] == ["Nilai maksimum 0,25 harus lebih besar dari nilai minimum 0,5."]


# Monthly figures


def test_a_monthly_figure_typed_with_thousands_is_saved_as_its_number(
    login, kader_jenggot, pekalongan
):
    client = login(kader_jenggot)
    response = client.post(
        "/kelola/kampung/jenggot/data/tambah/",
        {"year": "2025", "month": "3", "families": "1.500", "couples": "1,000"},
    )
    assert response.status_code == 302
    record = UnitData.objects.get()
    assert (record.families, record.couples) == (1500, 1000)

    html = client.get(f"/kelola/kampung/jenggot/data/{record.pk}/ubah/").content.decode()
    assert re.search(r'name="families" value="1500"[^>]*inputmode="numeric"', html)


def test_a_monthly_figure_with_decimals_is_refused_as_typed(login, kader_jenggot, pekalongan):
    response = login(kader_jenggot).post(
        "/kelola/kampung/jenggot/data/tambah/",
        {"year": "2025", "month": "3", "families": "12,5"},
    )
    assert response.context["form"].errors["families"] == ["“12,5” bukan bilangan bulat."]
    assert not UnitData.objects.exists()


def test_the_data_import_reads_thousands_like_the_form(pekalongan):
    unit = KampungKB.objects.get(slug="jenggot")
    parsed = parse_data_csv("tahun;bulan;keluarga;pus\n2025;3;1.500;1,000\n", unit)
    assert parsed.errors == []
    assert (parsed.rows[0].values["families"], parsed.rows[0].values["couples"]) == (1500, 1000)


# Coordinates


@pytest.mark.parametrize(
    ("language", "latitude", "longitude", "shown"),
    [
        ("id", "-6,8891", "109,6753", ("-6,8891", "109,6753")),
        ("id", "-6.8891", "109.6753", ("-6,8891", "109,6753")),
        ("en", "-6.8891", "109.6753", ("-6.8891", "109.6753")),
    ],
)
def test_coordinates_are_read_with_a_comma_or_a_dot(
    login, kader_jenggot, pekalongan, language, latitude, longitude, shown
):
    client = login(kader_jenggot)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = "/kelola/kampung/jenggot/profil/sekretariat/"
    response = client.post(
        url, {"secretariat_address": "", "latitude": latitude, "longitude": longitude}
    )
    assert response.status_code == 302
    unit = KampungKB.objects.get(slug="jenggot")
    assert (unit.latitude, unit.longitude) == (Decimal("-6.8891"), Decimal("109.6753"))
    html = client.get(url).content.decode()
    assert f'name="latitude" value="{shown[0]}"' in html
    assert f'name="longitude" value="{shown[1]}"' in html


def test_a_coordinate_out_of_range_is_named_as_typed(login, kader_jenggot, pekalongan):
    response = login(kader_jenggot).post(
        "/kelola/kampung/jenggot/profil/sekretariat/",
        {"secretariat_address": "", "latitude": "-16,5", "longitude": "109,6"},
    )
    assert response.context["form"].errors["latitude"] == [
        "Lintang -16,5 harus di antara -11 dan 6 (wilayah Indonesia)."
    ]


# The other numeric fields


def test_every_other_numeric_field_reads_numbers_the_same_way(pekalongan):
    from competitions.forms import EntryForm
    from villages.profile_forms import PokjaForm

    entry = EntryForm()
    with override("id"):
        assert entry.fields["score"].clean("87,5") == Decimal("87.5")
        assert entry.fields["video_seconds"].clean("1.200") == 1200
        assert PokjaForm().fields["pokja_member_count"].clean("15") == 15
    assert 'inputmode="decimal"' in str(entry["score"])


def test_a_thirty_digit_count_is_read_so_that_the_range_check_can_refuse_it():
    assert parse_number("9" * 30, whole=True) == Decimal("9" * 30)


def test_digits_of_other_scripts_are_not_read_as_numbers():
    assert parse_number("\u0663") is None  # Arabic-Indic three


def test_a_thirty_digit_monthly_figure_gets_the_fields_message_not_an_error_page(
    login, kader_jenggot, pekalongan
):
    response = login(kader_jenggot).post(
        "/kelola/kampung/jenggot/data/tambah/",
        {"year": "2025", "month": "3", "families": "9" * 30},
    )
    assert response.status_code == 200
    assert "tidak masuk akal" in response.context["form"].errors["families"][0]
    assert not UnitData.objects.exists()
