"""Formation dates with their precision, and the age rule that reads them (issue 10)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests.test_eval_results_pages import Example
from villages.formation import FormationPrecision
from villages.models import KampungKB

CSV_URL = reverse("evaluations:results-csv", args=[2025])


@pytest.fixture
def published(empty_db):
    example = Example()
    example.publish()
    return example


def eligibility_column(client):
    rows = list(csv.DictReader(io.StringIO(client.get(CSV_URL).content.decode())))
    return {row["kelurahan"]: row["memenuhi_syarat"] for row in rows}


def test_paling_lambat_2022_is_eligible_for_2025_and_unknown_is_undetermined_in_the_csv(
    client, published
):
    # Anggrek was formed in 2023 in the example; now a source only says "by 2022".
    KampungKB.objects.filter(slug="anggrek").update(
        formed_on=None, formed_year=2022, formed_precision=FormationPrecision.AT_LATEST
    )

    column = eligibility_column(client)

    assert column["Anggrek"] == "ya"
    assert column["Cempaka"] == "belum dapat ditentukan"  # no formation date at all
    assert column["Bougenville"] == "ya"  # 31 December 2022
    assert "tidak" not in {column["Anggrek"], column["Cempaka"]}
    # The results page agrees, and Anggrek (rank 1) is now the suggested nominee.
    response = client.get(reverse("evaluations:results", args=[2025]))
    assert response.context["table"].nominee.unit.slug == "anggrek"
    assert "Dicanangkan paling lambat tahun 2022" in response.content.decode()


def test_a_unit_formed_in_2023_is_still_not_eligible_for_2025(client, published):
    assert eligibility_column(client)["Anggrek"] == "tidak"


def test_the_five_units_named_in_may_2022_are_formed_at_the_latest_in_2022(pekalongan):
    named = KampungKB.objects.filter(
        slug__in=["jenggot", "setono", "padukuhan-kraton", "pasirkratonkramat"]
    )
    for unit in named:
        assert (unit.formed_year, unit.formed_precision) == (2022, "paling_lambat"), unit
        assert unit.formed_on is None
        assert "berita17248" in unit.formed_source
        assert str(unit.formation) == "paling lambat 2022"
    bandengan = KampungKB.objects.get(slug="bandengan")
    assert str(bandengan.formation) == "5 Februari 2016"  # its exact day is kept
    for slug in ("kauman", "klego", "kuripan-kertoharjo"):
        assert str(KampungKB.objects.get(slug=slug).formation) == "7 Juni 2023"
    assert KampungKB.objects.get(slug="krapyak").formation is None


def identity(**changes):
    data = {"name": "Kampung KB Mandiri Utama", "coverage": ""}
    return data | changes


IDENTITY_URL = reverse("manage:profile-section", args=["jenggot", "identitas"])


@pytest.mark.parametrize(
    ("changes", "recorded"),
    [
        pytest.param(
            {"formed_year": "2021", "formed_source": "SK Lurah 12/2021"},
            (None, 2021, "paling_lambat"),
            id="known-only-as-at-the-latest",
        ),
        # A date agreeing with the known year makes the day known.
        pytest.param(
            {
                "formed_year": "2022",
                "formed_on": "2019-05-17",
                "formed_source": "SK Lurah Jenggot 4/2019",
            },
            (datetime.date(2019, 5, 17), 2019, "tanggal"),
            id="a-date-agreeing-with-the-year",
        ),
    ],
)
def test_staff_record_a_formation_known_at_the_latest(login, staf, changes, recorded):
    response = login(staf).post(
        IDENTITY_URL, identity(formed_precision="paling_lambat", **changes)
    )

    assert response.status_code == 302
    unit = KampungKB.objects.get(slug="jenggot")
    assert (unit.formed_on, unit.formed_year, unit.formed_precision) == recorded
    assert unit.formed_source == changes["formed_source"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"formed_precision": "tanggal"},
            "formed_on",
            "Isi tanggal pencanangan, atau pilih yang lain.",
        ),
        (
            {"formed_precision": "tahun"},
            "formed_year",
            "Isi tahun pencanangan, atau pilih yang lain.",
        ),
        (
            {"formed_precision": "tahun", "formed_year": "2020", "formed_on": "2021-03-01"},
            "formed_on",
            "Tanggal ini tidak jatuh pada tahun pencanangan.",
        ),
        (
            {
                "formed_precision": "paling_lambat",
                "formed_year": "2022",
                "formed_on": "2023-06-07",
            },
            "formed_on",
            "Tanggal ini lebih lambat dari tahun “paling lambat” yang tercatat.",
        ),
        (
            {"formed_precision": "", "formed_year": "2020"},
            "formed_precision",
            "Pilih apakah tahun itu tahun pencanangan atau paling lambat tahun itu.",
        ),
        (
            {"formed_precision": "tahun", "formed_year": "2010"},
            "formed_year",
            "Tahun pencanangan harus antara 2016 dan ",
        ),
        (
            {"formed_precision": "tahun", "formed_year": "dua ribu"},
            "formed_year",
            "Tulis tahun dengan angka, misalnya 2022.",
        ),
    ],
)
def test_an_inconsistent_formation_is_refused_on_the_field(login, staf, changes, field, message):
    response = login(staf).post(IDENTITY_URL, identity(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    unit = KampungKB.objects.get(slug="jenggot")
    assert (unit.formed_year, unit.formed_precision) == (2022, "paling_lambat")


def test_a_formation_without_a_source_is_refused_on_the_source_field(login, staf):
    response = login(staf).post(
        IDENTITY_URL, identity(formed_precision="tahun", formed_year="2019")
    )

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["formed_source"][0]
        .startswith("Sebutkan sumber pencanangan")
    )
    assert KampungKB.objects.get(slug="jenggot").formed_year == 2022


def test_the_founding_decree_number_is_the_source_when_no_other_is_given(login, staf):
    login(staf).post(
        IDENTITY_URL,
        identity(formed_on="2019-05-17", formed_source="", decree_number="411/17/2019"),
    )

    assert KampungKB.objects.get(slug="jenggot").formed_source == "SK pembentukan 411/17/2019"
