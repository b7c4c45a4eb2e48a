"""The public unit page: classification badge and breakdown, figures as charts and tables."""

import json
import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reports import STRONG_MARCH, answer_every_profile_indicator, complete
from villages.figures_page import bar_chart, figures_context
from villages.models import Activity, ActivityCategory, Agency, UnitData

URL = "/kampung/jenggot/"
TODAY = timezone.localdate()

MARCH = {
    "population_male_0_4": 210,
    "population_female_0_4": 198,
    "population_male_60_plus": 1260,
    "couples": 1000,
    "active_users": 520,
    "users_iud": 50,
    "users_implant": 80,
    "users_injection": 300,
    "unmet_need": 50,
    "bkb_target": 350,
    "bkb_members": 120,
    "under_fives": 408,
    "stunting_cases": 25,
}


def add_record(unit, year, month, **figures):
    """A complete report: every figure not given is 0."""
    return UnitData.objects.create(unit=unit, year=year, month=month, **complete(**figures))


def add_partial(unit, year, month, **figures):
    return UnitData.objects.create(unit=unit, year=year, month=month, **figures)


def add_activity(unit, *agency_names, days_ago=5):
    activity = Activity.objects.create(
        unit=unit,
        title="Posyandu remaja",
        date=TODAY - timedelta(days=days_ago),
        category=ActivityCategory.PIKR,
    )
    activity.agencies.set([Agency.objects.get_or_create(name=name)[0] for name in agency_names])


def json_blocks(html):
    return {
        match.group(1): json.loads(match.group(2))
        for match in re.finditer(
            r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S
        )
    }


def test_unit_without_data_is_not_classified_and_says_data_missing(client, jenggot):
    html = client.get(URL).content.decode()
    assert "Belum dapat diklasifikasi" in html
    assert "12 indikator belum diisi." in html
    assert "level-badge text-bg-secondary" not in html
    assert "Dasar" not in html
    assert "Belum ada laporan data yang lengkap." in html
    # No index is published over unknown indicators, and a missing one has no score.
    assert "indeks 1,00" not in html
    assert "Indeks Input: belum lengkap" in html
    assert "1/4" not in html
    # The breakdown is folded away until the unit can be classified.
    assert '<details class="classification-details">' in html
    assert "Lengkapi data. Naikkan CPR menjadi minimal 30%" in html
    assert "<canvas" not in html
    assert "chart.umd.min.js" not in html


def test_breakdown_shows_every_indicator_with_score_and_next_target(client, jenggot):
    jenggot.pokja_exists = True
    jenggot.pokja_member_count = 7
    jenggot.pokja_trained = False
    jenggot.save()
    add_record(jenggot, 2026, 3, **MARCH)
    add_activity(jenggot, "Puskesmas", "TP PKK")
    response = client.get(URL)
    html = response.content.decode()
    rows = response.context["figures"]["classification_rows"]
    assert [str(group["dimension"].label) for group in rows] == ["Input", "Proses", "Output"]
    assert sum(len(group["indicators"]) for group in rows) == 12
    for group in rows:
        for row in group["indicators"]:
            assert str(row["indicator"].label) in html
    # Pokja exists with members, not trained: 3 of 4, and what would raise it.
    assert "ada; beranggota: ya; terlatih: tidak" in html
    assert '<td class="text-nowrap border-bottom-0 pb-0">3/4</td>' in html
    assert "Untuk naik: Ikutkan pokja dalam pelatihan" in html
    # CPR 52% is already the top score; agencies (2, within 12 months) show the next step.
    assert "52,00%" in html
    assert "Sudah skor tertinggi." in html
    assert "Libatkan minimal 4 sektor" in html
    assert "kegiatan 12 bulan terakhir" in html
    assert "Indeks Output: <strong>4,00</strong>" in html


def test_latest_record_is_shown_in_tables_beside_charts(client, jenggot):
    add_record(jenggot, 2026, 2, couples=900, active_users=300)
    add_record(jenggot, 2026, 3, **MARCH)
    html = client.get(URL).content.decode()
    assert "Data bulan <strong>Maret 2026</strong>, laporan lengkap terakhir." in html
    for caption in (
        "Penduduk per kelompok umur, Maret 2026",
        "Peserta KB aktif per metode, Maret 2026",
        "Anggota dan sasaran poktan, Maret 2026",
        "Balita dan stunting, Maret 2026",
        "CPR per periode, dari yang terlama",
    ):
        assert re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>", html), caption
    assert '<th scope="col" class="text-end">Laki-laki</th>' in html
    assert '<th scope="row" class="fw-normal">60 tahun ke atas</th>' in html
    assert '<td class="text-end">1.260</td>' in html  # grouped the Indonesian way
    assert '<td class="text-end">6,13%</td>' in html  # stunting 25 of 408
    assert html.count('<canvas role="img"') == 5
    assert len(re.findall(r'<canvas role="img" data-chart-data="[^"]+" aria-label="[^"]+">', html))


def test_chart_data_is_json_and_drawn_by_a_static_script_only(client, jenggot):
    add_record(jenggot, 2026, 2, couples=900, active_users=300)
    add_record(jenggot, 2026, 3, **MARCH)
    html = client.get(URL).content.decode()
    charts = json_blocks(html)
    assert set(charts) == {
        "data-grafik-penduduk",
        "data-grafik-metode",
        "data-grafik-poktan",
        "data-grafik-stunting",
        "data-grafik-cpr",
    }
    for chart_id in charts:
        assert f'data-chart-data="{chart_id}"' in html
    assert charts["data-grafik-penduduk"]["datasets"][0]["data"] == [210, 0, 0, 0, 1260]
    assert charts["data-grafik-metode"]["labels"][:2] == ["IUD", "MOW"]
    assert charts["data-grafik-metode"]["datasets"][0]["data"][:4] == [50, 0, 0, 80]
    assert charts["data-grafik-cpr"]["labels"] == ["Februari 2026", "Maret 2026"]
    assert charts["data-grafik-cpr"]["datasets"][0]["data"] == [33.33, 52.0]
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in html
    assert '<script src="/static/js/unit-charts.js" defer></script>' in html


def test_charts_stay_hidden_until_the_script_shows_them(client, jenggot):
    add_record(jenggot, 2026, 3, **MARCH)
    html = client.get(URL).content.decode()
    assert html.count('class="col-md-7 d-none" data-chart-box') == 4


def test_bar_chart_is_none_when_no_value_is_above_zero():
    assert bar_chart(["0-4"], [("L", [None]), ("P", [0])]) is None
    assert bar_chart(["0-4"], [("L", [None]), ("P", [3])])["datasets"][1]["data"] == [3]


def test_a_complete_report_of_zeros_draws_no_chart_and_loads_no_chart_script(client, jenggot):
    add_record(jenggot, 2026, 3)
    html = client.get(URL).content.decode()
    assert "Data bulan <strong>Maret 2026</strong>, laporan lengkap terakhir." in html
    assert "<canvas" not in html
    assert "chart.umd.min.js" not in html
    assert "unit-charts.js" not in html
    assert html.count("data-no-chart>Belum ada laporan data yang lengkap.</p>") == 4
    # The tables still carry what was reported.
    assert re.search(r"<caption[^>]*>Penduduk per kelompok umur, Maret 2026</caption>", html)


def test_only_the_chart_without_data_is_left_out(client, jenggot):
    figures = {key: value for key, value in MARCH.items() if not key.startswith("population_")}
    add_record(jenggot, 2026, 3, **figures)
    html = client.get(URL).content.decode()
    assert 'data-chart-data="data-grafik-penduduk"' not in html
    assert 'id="data-grafik-penduduk"' not in html
    assert html.count('<canvas role="img"') == 3
    assert html.count("data-no-chart>") == 1
    assert "chart.umd.min.js" in html


def test_cpr_trend_needs_at_least_two_records_with_a_cpr(client, jenggot):
    add_record(jenggot, 2026, 2)
    add_record(jenggot, 2026, 3, **MARCH)
    response = client.get(URL)
    assert response.context["figures"]["cpr_trend"] is None
    assert "Perkembangan CPR" not in response.content.decode()


def test_trend_covers_the_last_12_records(client, jenggot):
    for month in range(1, 12):
        add_record(jenggot, 2025, month, couples=100, active_users=month)
    add_record(jenggot, 2025, None, couples=100, active_users=50)
    add_record(jenggot, 2026, 1, couples=100, active_users=60)
    trend = client.get(URL).context["figures"]["cpr_trend"]
    periods = [str(row["period"]) for row in trend["rows"]]
    assert len(periods) == 12
    assert periods[0] == "Februari 2025"
    assert periods[-2:] == ["Tahun 2025", "Januari 2026"]


def test_figures_context_runs_two_queries(jenggot, django_assert_num_queries):
    for month in range(1, 10):
        add_record(jenggot, 2025, month, couples=100, active_users=50)
    add_activity(jenggot, "Puskesmas", "Posyandu")
    with django_assert_num_queries(2):
        figures_context(jenggot)


def count_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_records_and_activities(client, jenggot):
    add_record(jenggot, 2026, 1, **MARCH)
    add_activity(jenggot, "Puskesmas")
    before = count_page_queries(client)

    for month in range(1, 13):
        add_record(jenggot, 2025, month, **MARCH)
    add_record(jenggot, 2026, 2, **MARCH)
    for number in range(8):
        add_activity(jenggot, "Puskesmas", "TP PKK", f"Sektor {number}", days_ago=number)
    assert count_page_queries(client) == before


def known_jenggot(jenggot):
    """Jenggot with every indicator answered: Mandiri (see answer_every_profile_indicator)."""
    answer_every_profile_indicator(jenggot)
    add_record(jenggot, 2026, 3, **STRONG_MARCH)
    add_activity(jenggot, "Puskesmas", "TP PKK")
    return jenggot


def test_a_unit_with_one_missing_indicator_shows_no_level_until_it_is_filled(client, jenggot):
    known_jenggot(jenggot)
    jenggot.has_rumah_dataku = None
    jenggot.save()
    html = client.get(URL).content.decode()
    assert "Belum dapat diklasifikasi" in html
    assert "1 indikator belum diisi." in html
    assert "level-badge text-bg-primary" not in html
    # The public sees neither the provisional level nor the workspace links.
    assert "sementara" not in html
    assert "/kelola/" not in html

    jenggot.has_rumah_dataku = False
    jenggot.save()
    html = client.get(URL).content.decode()
    assert "Belum dapat diklasifikasi" not in html
    # The level sits in the header; the breakdown stays folded so a phone reaches the
    # rest of the page (issue 13).
    assert '<p class="fs-5 mb-0 unit-level">Tingkat: <span class="badge level-badge' in html
    assert '<details class="classification-details">' in html
    assert 'class="badge level-badge text-bg-primary">Mandiri</span>' in html


def test_the_units_kader_sees_what_is_missing_where_to_fill_it_and_a_provisional_level(
    client, jenggot, kader_jenggot, login
):
    known_jenggot(jenggot)
    jenggot.has_rumah_dataku = None
    jenggot.field_officer_name = ""
    jenggot.save()
    html = login(kader_jenggot).get(URL).content.decode()
    assert "2 indikator belum diisi." in html
    assert (
        'Sarana (Sekretariat, Rumah DataKu): <a href="/kelola/kampung/jenggot/profil/poktan/">'
        in html
    )
    assert '<a href="/kelola/kampung/jenggot/profil/plkb/">PLKB/PKB</a>' in html
    assert "Dasar (sementara)" in html


def test_a_partial_month_after_a_complete_one_leaves_the_public_figures_as_they_were(
    client, jenggot
):
    known_jenggot(jenggot)
    # A newer month with only a few figures: MKJP would fall to 2% and CPR to 10%.
    add_partial(jenggot, 2026, 4, couples=1000, active_users=100, users_iud=2, under_fives=400)
    response = client.get(URL)
    html = response.content.decode()
    figures = response.context["figures"]
    assert (figures["latest_data"].year, figures["latest_data"].month) == (2026, 3)
    assert "Data bulan <strong>Maret 2026</strong>, laporan lengkap terakhir." in html
    assert "April 2026" not in html
    assert figures["rates"].mkjp == 25
    assert 'class="badge level-badge text-bg-primary">Mandiri</span>' in html
    assert json_blocks(html)["data-grafik-metode"]["datasets"][0]["data"][0] == 50
