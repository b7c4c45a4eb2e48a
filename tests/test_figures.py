"""A unit's figures: the plausibility rules, the data form and who may use the workspace."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from villages.figures import COUNT_FIELDS, data_problems, derived_rates
from villages.models import UnitData

TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1

# A plausible month: every rule passes.
VALID = {
    "year": 2025,
    "month": 3,
    "population_male_0_4": 210,
    "population_female_0_4": 198,
    "families": 1400,
    "couples": 1000,
    "active_users": 600,
    "users_iud": 60,
    "users_mow": 40,
    "users_mop": 5,
    "users_implant": 70,
    "users_injection": 300,
    "users_pill": 100,
    "users_condom": 25,
    "non_users_pregnant": 40,
    "non_users_want_child_soon": 60,
    "non_users_want_child_later": 80,
    "non_users_no_more_children": 70,
    "unmet_need": 90,
    "bkb_target": 350,
    "bkb_members": 120,
    "bkr_target": 300,
    "bkr_members": 80,
    "under_fives": 408,
    "stunting_cases": 25,
}


def post_data(**changes):
    values = {**VALID, **changes}
    return {name: "" if value is None else value for name, value in values.items()}


def create_url(slug="jenggot"):
    return f"/kelola/kampung/{slug}/data/tambah/"


def problems(**changes):
    with override("id"):
        return data_problems({**VALID, **changes}, today=TODAY)


def test_plausible_figures_have_no_problems():
    assert problems() == {}


def test_unreported_figures_are_not_compared():
    assert problems(couples=None, under_fives=None, bkb_target=None) == {}


def test_methods_summing_past_active_users_is_a_problem_on_active_users():
    found = problems(couples=2000, active_users=1200, users_injection=1300)
    assert found == {
        "active_users": "Jumlah peserta per metode (1.600) melebihi peserta KB aktif (1.200)."
    }


def test_two_problems_on_one_field_are_both_told():
    found = problems(couples=500, users_injection=10_000)
    assert "Jumlah peserta per metode" in found["active_users"]
    assert "melebihi jumlah PUS (500)" in found["active_users"]


def test_non_user_sum_goes_on_the_first_reported_reason():
    found = problems(non_users_pregnant=None, non_users_want_child_soon=500, unmet_need=None)
    assert found == {
        "non_users_want_child_soon": (
            "Peserta KB aktif ditambah bukan peserta KB (1.250) melebihi jumlah PUS (1.000)."
        )
    }


def test_a_negative_figure_is_not_compared_further():
    assert problems(active_users=-1) == {"active_users": "Jumlah tidak boleh negatif."}


def test_yearly_record_for_next_year_is_allowed_but_not_a_future_month():
    assert problems(year=NEXT_YEAR, month=None) == {}
    assert "month" in problems(year=NEXT_YEAR, month=1)


def test_derived_rates_of_a_record():
    rates = derived_rates(UnitData(**VALID))
    assert rates.cpr == Decimal("60.00")
    assert rates.mkjp == Decimal("29.17")  # 175 of 600
    assert rates.unmet_need == Decimal("9.00")
    # BKB 120/350 = 34.29%, BKR 80/300 = 26.67%; groups without a target are left out.
    assert rates.participation == Decimal("30.48")
    assert rates.stunting == Decimal("6.13")


def test_derived_rates_without_figures_are_none():
    rates = derived_rates(UnitData(year=2025))
    assert (rates.cpr, rates.mkjp, rates.unmet_need, rates.participation, rates.stunting) == (
        None,
        None,
        None,
        None,
        None,
    )


RULES = [
    pytest.param({"families": -5}, "families", "Jumlah tidak boleh negatif.", id="negative"),
    pytest.param(
        {"couples": 2000, "active_users": 1200, "users_injection": 950},
        "active_users",
        "Jumlah peserta per metode (1.250) melebihi peserta KB aktif (1.200).",
        id="methods-above-active-users",
    ),
    pytest.param(
        {
            "couples": 550,
            "non_users_pregnant": None,
            "non_users_want_child_soon": None,
            "non_users_want_child_later": None,
            "non_users_no_more_children": None,
            "unmet_need": None,
        },
        "active_users",
        "Peserta KB aktif (600) melebihi jumlah PUS (550).",
        id="active-users-above-couples",
    ),
    pytest.param(
        {"non_users_pregnant": 300},
        "non_users_pregnant",
        "Peserta KB aktif ditambah bukan peserta KB (1.110) melebihi jumlah PUS (1.000).",
        id="active-plus-non-users-above-couples",
    ),
    pytest.param(
        {"unmet_need": 401},
        "unmet_need",
        "Unmet need (401) melebihi PUS dikurangi peserta KB aktif (400).",
        id="unmet-need",
    ),
    pytest.param(
        {"bkb_members": 351},
        "bkb_members",
        "Anggota BKB (351) melebihi sasaran BKB (350).",
        id="bkb-members",
    ),
    pytest.param(
        {"bkr_members": 301},
        "bkr_members",
        "Anggota BKR (301) melebihi sasaran BKR (300).",
        id="bkr-members",
    ),
    pytest.param(
        {"bkl_target": 10, "bkl_members": 11},
        "bkl_members",
        "Anggota BKL (11) melebihi sasaran BKL (10).",
        id="bkl-members",
    ),
    pytest.param(
        {"uppka_target": 10, "uppka_members": 12},
        "uppka_members",
        "Anggota UPPKA (12) melebihi sasaran UPPKA (10).",
        id="uppka-members",
    ),
    pytest.param(
        {"pikr_target": 1000, "pikr_members": 1001},
        "pikr_members",
        "Anggota PIK-R (1.001) melebihi sasaran PIK-R (1.000).",
        id="pikr-members",
    ),
    pytest.param(
        {"stunting_cases": 409},
        "stunting_cases",
        "Balita stunting (409) melebihi jumlah balita (408).",
        id="stunting",
    ),
    pytest.param(
        {"year": 2014}, "year", f"Tahun harus antara 2015 dan {NEXT_YEAR}.", id="year-too-early"
    ),
    pytest.param(
        {"year": NEXT_YEAR + 1},
        "year",
        f"Tahun harus antara 2015 dan {NEXT_YEAR}.",
        id="year-too-late",
    ),
    pytest.param(
        {"month": 13},
        "month",
        "Bulan harus 1 sampai 12, atau kosong untuk data tahunan.",
        id="month-13",
    ),
    pytest.param(
        {"month": 0},
        "month",
        "Bulan harus 1 sampai 12, atau kosong untuk data tahunan.",
        id="month-0",
    ),
    pytest.param(
        {"year": NEXT_YEAR, "month": 1},
        "month",
        f"Januari {NEXT_YEAR} belum berjalan; data hanya dapat diisi untuk bulan yang sudah "
        "lewat.",
        id="future-month",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), RULES)
def test_form_refuses_impossible_figures_on_the_right_field(
    login, kader_jenggot, changes, field, message
):
    response = login(kader_jenggot).post(create_url(), post_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert not UnitData.objects.exists()


@pytest.mark.parametrize(("changes", "field", "message"), RULES)
def test_data_problems_tells_the_same_as_the_form(changes, field, message):
    assert problems(**changes) == {field: message}


def test_form_saves_plausible_figures_with_who_entered_them(login, kader_jenggot, jenggot):
    response = login(kader_jenggot).post(create_url(), post_data())
    assert response.status_code == 302
    assert response.url == "/kelola/kampung/jenggot/data/"
    record = UnitData.objects.get()
    assert (record.unit, record.year, record.month) == (jenggot, 2025, 3)
    assert record.couples == 1000
    assert record.population_male_5_14 is None
    assert record.created_by == kader_jenggot


def test_form_saves_a_yearly_record(login, staf, jenggot):
    login(staf).post(create_url(), post_data(month=None))
    assert UnitData.objects.get().month is None


def test_form_refuses_a_period_already_entered(login, kader_jenggot, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=3)
    response = login(kader_jenggot).post(create_url(), post_data())
    assert response.context["form"].errors == {
        "month": ["Data Maret 2025 sudah ada. Ubah data tersebut dari daftar data."]
    }
    assert UnitData.objects.count() == 1


def test_form_refuses_a_yearly_record_already_entered(login, kader_jenggot, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025)
    response = login(kader_jenggot).post(create_url(), post_data(month=None))
    assert response.context["form"].errors == {
        "month": ["Data Tahun 2025 sudah ada. Ubah data tersebut dari daftar data."]
    }


def test_same_period_in_another_unit_is_fine(login, kader_jenggot, bandengan):
    UnitData.objects.create(unit=bandengan, year=2025, month=3)
    assert login(kader_jenggot).post(create_url(), post_data()).status_code == 302


def test_form_inputs_are_numeric_and_grouped(login, kader_jenggot, jenggot):
    html = login(kader_jenggot).get(create_url()).content.decode()
    assert html.count('inputmode="numeric"') == 1 + 37  # year and every count
    for legend in (
        "Penduduk",
        "Keluarga & PUS",
        "Peserta KB per metode",
        "Bukan peserta KB",
        "Poktan",
        "Balita & stunting",
    ):
        assert f"<legend>{legend}</legend>" in html
    for name in ("year", "month", *COUNT_FIELDS):
        assert re.search(rf'<label\s+for="id_{name}"', html), name


def test_editing_a_record_keeps_history_with_the_user(login, kader_jenggot, staf, jenggot):
    record = UnitData.objects.create(unit=jenggot, created_by=staf, **VALID)
    response = login(kader_jenggot).post(
        f"/kelola/kampung/jenggot/data/{record.pk}/ubah/", post_data(couples=1100)
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.couples == 1100
    assert record.created_by == staf
    change = record.history.first()
    assert change.history_type == "~"
    assert change.history_user == kader_jenggot
    assert change.couples == 1100


def test_editing_keeps_its_own_period_free(login, kader_jenggot, jenggot):
    record = UnitData.objects.create(unit=jenggot, **VALID)
    response = login(kader_jenggot).post(
        f"/kelola/kampung/jenggot/data/{record.pk}/ubah/", post_data()
    )
    assert response.status_code == 302


def test_editing_into_another_taken_period_is_refused(login, kader_jenggot, jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=4)
    record = UnitData.objects.create(unit=jenggot, **VALID)
    response = login(kader_jenggot).post(
        f"/kelola/kampung/jenggot/data/{record.pk}/ubah/", post_data(month=4)
    )
    assert "sudah ada" in response.context["form"].errors["month"][0]
    record.refresh_from_db()
    assert record.month == 3


def test_list_shows_periods_newest_first(login, kader_jenggot, jenggot, bandengan):
    UnitData.objects.create(unit=jenggot, year=2024, month=12, couples=800, active_users=400)
    UnitData.objects.create(unit=jenggot, year=2025, month=2)
    UnitData.objects.create(unit=jenggot, year=2024)
    UnitData.objects.create(unit=bandengan, year=2023, month=5)
    response = login(kader_jenggot).get("/kelola/kampung/jenggot/data/")
    html = response.content.decode()
    assert [row["record"].period_label for row in response.context["records"]] == [
        "Februari 2025",
        "Tahun 2024",
        "Desember 2024",
    ]
    assert "Mei 2023" not in html
    assert "50,00%" in html  # CPR of December 2024


def test_unit_hub_card_shows_latest_period_and_links(login, kader_jenggot, jenggot):
    client = login(kader_jenggot)
    assert "Belum ada data yang diisi." in client.get("/kelola/kampung/jenggot/").content.decode()
    UnitData.objects.create(unit=jenggot, year=2025, month=2)
    UnitData.objects.create(unit=jenggot, year=2025, month=5)
    html = client.get("/kelola/kampung/jenggot/").content.decode()
    assert "Periode terakhir diisi: Mei 2025." in html
    for url in ("/data/", "/data/tambah/", "/data/impor/"):
        assert f'href="/kelola/kampung/jenggot{url}"' in html


def test_template_csv_is_a_download(login, kader_jenggot, jenggot):
    response = login(kader_jenggot).get("/kelola/kampung/jenggot/data/templat.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().startswith("tahun,bulan,penduduk_lk_0_4,")


@pytest.fixture
def jenggot_urls(jenggot):
    record = UnitData.objects.create(unit=jenggot, year=2025, month=1)
    base = "/kelola/kampung/jenggot/data/"
    return [
        base,
        f"{base}tambah/",
        f"{base}{record.pk}/ubah/",
        f"{base}impor/",
        f"{base}templat.csv",
    ]


def test_kader_of_another_unit_is_refused_every_data_url(login, kader_bandengan, jenggot_urls):
    client = login(kader_bandengan)
    for url in jenggot_urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, post_data()).status_code == 403, url
    assert UnitData.objects.count() == 1
    assert UnitData.objects.get().couples is None


def test_record_of_another_unit_is_not_found_under_own_slug(login, kader_bandengan, jenggot):
    record = UnitData.objects.create(unit=jenggot, year=2025, month=1)
    client = login(kader_bandengan)
    url = f"/kelola/kampung/bandengan/data/{record.pk}/ubah/"
    assert client.get(url).status_code == 404
    assert client.post(url, post_data()).status_code == 404
    record.refresh_from_db()
    assert record.couples is None


def test_anonymous_is_sent_to_login(client, jenggot_urls):
    for url in jenggot_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/akun/masuk/?next="), url


def test_juri_is_refused_every_data_url(login, juri, jenggot_urls):
    client = login(juri)
    for url in jenggot_urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, post_data()).status_code == 403, url


def test_own_kader_and_staf_may_open_every_data_url(login, kader_jenggot, staf, jenggot_urls):
    for user in (kader_jenggot, staf):
        client = login(user)
        for url in jenggot_urls:
            assert client.get(url).status_code == 200, (user, url)


def test_list_queries_do_not_grow_with_records(login, kader_jenggot, staf, jenggot):
    client = login(kader_jenggot)
    UnitData.objects.create(unit=jenggot, year=2024, created_by=staf)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/kelola/kampung/jenggot/data/").status_code == 200
        return len(queries)

    before = count()
    for month in range(1, 13):
        UnitData.objects.create(unit=jenggot, year=2025, month=month, created_by=kader_jenggot)
    assert count() == before
