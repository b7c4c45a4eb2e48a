"""The home page as the city at a glance: units by level, the programme's growth, the
latest evaluation's best units, where the competition entries stand, new activities."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competitions.models import Entry
from tests.glance import make_mandiri, publish_results
from tests.reports import complete
from villages.city_overview import kampung_kb_growth, level_counts, units_by_level
from villages.classification import Level
from villages.models import Activity, CityFigure, KampungKB, UnitData
from villages.unit_classification import classifications_for, public_levels


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def level_table(html):
    return section(html, "judul-tingkat")


def test_level_counts_put_units_without_a_level_in_their_own_row():
    rows = level_counts([Level.MANDIRI, None, None, Level.DASAR])

    assert [(row.code, row.count) for row in rows] == [
        ("dasar", 1),
        ("berkembang", 0),
        ("mandiri", 1),
        ("berkelanjutan", 0),
        ("", 2),
    ]
    assert rows[-1].label == "Belum dapat diklasifikasi"


def test_the_27_units_without_every_indicator_are_counted_as_not_classifiable(client, pekalongan):
    html = client.get("/").content.decode()
    table = level_table(html)

    assert sum(row.count for row in units_by_level()) == 27
    assert "Belum dapat diklasifikasi" in table
    assert ">27</td>" in table
    # Nothing to draw while no unit has a level: the table alone.
    assert "data-grafik-tingkat" not in html


def test_a_classified_unit_is_counted_at_its_level_and_drawn(client, jenggot):
    make_mandiri(jenggot)

    response = client.get("/")
    html = response.content.decode()
    counts = {row.label: row.count for row in response.context["level_counts"]}

    assert counts["Mandiri"] == 1
    assert counts["Belum dapat diklasifikasi"] == 26
    assert 'id="data-grafik-tingkat"' in html
    assert response.context["level_chart"]["labels"] == [
        "Dasar",
        "Berkembang",
        "Mandiri",
        "Berkelanjutan",
    ]
    assert response.context["level_chart"]["datasets"][0]["data"] == [0, 0, 1, 0]


def test_growth_runs_from_the_first_recorded_count_with_unknown_years_unknown(pekalongan):
    growth = kampung_kb_growth()

    assert [year.year for year in growth] == list(range(2016, 2026))
    known = {year.year: [f.display_value for f in year.figures] for year in growth}
    assert known[2016] == ["1 unit"]
    assert known[2022] == ["6–7 unit"]
    assert known[2023] == ["19 unit"]
    assert known[2025] == ["27 unit"]
    assert [year for year, values in known.items() if not values] == [
        2017,
        2018,
        2019,
        2020,
        2021,
        2024,
    ]


def test_the_home_page_shows_the_growth_with_its_sources(client, pekalongan):
    table = section(client.get("/").content.decode(), "judul-pertumbuhan")

    assert "Februari 2016" in table and "Juli 2023" in table and "April 2025" in table
    assert "6–7 unit" in table
    assert table.count(">tidak diketahui<") == 6
    assert "Bandengan dicanangkan 5 Februari 2016" in table


def test_no_growth_section_without_a_recorded_count(client, pekalongan):
    CityFigure.objects.filter(indicator=CityFigure.Indicator.KAMPUNG_KB_COUNT).delete()

    assert 'id="judul-pertumbuhan"' not in client.get("/").content.decode()


def test_the_latest_published_evaluation_shows_its_five_best_units(client, pekalongan):
    units = list(KampungKB.objects.order_by("slug")[:7])
    publish_results(2023, {units[6]: 99})
    publish_results(2024, {unit: 80 + n for n, unit in enumerate(units[:6])})

    top = section(client.get("/").content.decode(), "judul-evaluasi-terakhir")

    assert "Evaluasi Kampung KB 2024" in top
    assert units[5].display_name in top and "85,00" in top
    assert units[1].display_name in top
    # The sixth is left out; the older period's unit too.
    assert units[0].display_name not in top
    assert units[6].display_name not in top
    assert 'href="/evaluasi/2024/"' in top


def test_no_evaluation_section_before_a_period_is_published(client, pekalongan):
    assert 'id="judul-evaluasi-terakhir"' not in client.get("/").content.decode()


def test_the_newest_competition_year_shows_each_level(client, pekalongan):
    table = client.get("/").content.decode().split('class="table table-sm current-competition"')[1]
    table = table.split("</table>")[0]

    assert "Posisi Kampung KB Kota Pekalongan dalam lomba 2025" in table
    for level in ("Kota", "Provinsi", "Nasional"):
        assert f'<th scope="row">{level}</th>' in table
    assert Entry.objects.filter(year=2025, level="nasional").exists()
    assert KampungKB.objects.get(slug="jenggot").display_name in table


def test_a_level_without_an_entry_in_the_newest_year_says_so(client, pekalongan):
    jenggot = KampungKB.objects.get(slug="jenggot")
    Entry.objects.create(unit=jenggot, year=2031, level="kota", category="kota")

    html = client.get("/").content.decode()
    table = html.split('class="table table-sm current-competition"')[1].split("</table>")[0]

    assert "lomba 2031" in table
    assert table.count("belum ada entri") == 2


def test_without_a_kota_entry_the_published_city_evaluation_stands_for_the_kota_level(
    client, pekalongan
):
    """The city's evaluation is its selection: a walk found "Kota: belum ada entri" beside
    the 2025 winner. A published period of the newest year is linked instead; a draft one
    is not."""
    assert not Entry.objects.filter(year=2025, level="kota").exists()
    period = publish_results(2025, {KampungKB.objects.get(slug="jenggot"): 90})

    def kota_row():
        html = client.get("/").content.decode()
        table = html.split('class="table table-sm current-competition"')[1]
        return table.split('<th scope="row">Kota</th>')[1].split("</tr>")[0]

    assert '<a href="/evaluasi/2025/">Hasil penilaian Kampung KB tingkat kota 2025</a>' in (
        kota_row()
    )
    period.status = period.Status.DRAFT
    period.save()
    assert "belum ada entri" in kota_row() and "/evaluasi/2025/" not in kota_row()


def test_the_top_units_name_their_kelurahan_beside_an_official_name(client, pekalongan):
    """A walk could not tell that "Kampung KB Mandiri Utama" is Jenggot's."""
    publish_results(
        2025, {KampungKB.objects.get(slug="jenggot"): 90, KampungKB.objects.get(slug="degayu"): 80}
    )
    top = client.get("/").content.decode().split('class="list-group mb-2 home-top-units"')[1]
    top = top.split("</ul>")[0]
    assert 'Kampung KB Mandiri Utama</a> <span class="small text-body-secondary">(Jenggot)' in top
    assert "(Degayu)" not in top  # no official name: its label already names the kelurahan


def test_the_home_page_lists_the_newest_activities_of_every_unit(client, pekalongan):
    for slug, title in (("jenggot", "Senam pagi"), ("bandengan", "Kelas balita")):
        Activity.objects.create(
            unit=KampungKB.objects.get(slug=slug),
            title=title,
            date=datetime.date.today(),
            category="bkb",
        )

    html = client.get("/").content.decode()

    assert "Senam pagi" in html and "Kelas balita" in html


def _grow():
    """More of everything the home page reads."""
    units = list(KampungKB.objects.order_by("slug"))
    for unit in units[:5]:
        make_mandiri(unit)
    for n, unit in enumerate(units[5:15]):
        UnitData.objects.create(unit=unit, year=2024, month=1 + n % 12, **complete(couples=100))
        Activity.objects.create(
            unit=unit, title=f"Kegiatan {n}", date=datetime.date.today(), category="bkr"
        )
    publish_results(2024, {unit: 70 + n for n, unit in enumerate(units[:10])})
    Entry.objects.create(unit=units[3], year=2030, level="provinsi", category="kota")
    Entry.objects.create(unit=units[4], year=2030, level="kota", category="kota")
    CityFigure.objects.create(
        city_id=units[0].kelurahan.kecamatan.city_id,
        indicator=CityFigure.Indicator.KAMPUNG_KB_COUNT,
        value=27,
        unit="unit",
        year=2026,
        source="Uji",
    )


def test_the_home_page_runs_a_fixed_number_of_queries_while_data_grows(
    client, pekalongan, django_assert_num_queries
):
    # One activity to start with, so that the newest activities are shown (their first
    # photo is read in their own query).
    Activity.objects.create(
        unit=KampungKB.objects.get(slug="jenggot"),
        title="Kegiatan awal",
        date=datetime.date.today(),
        category="bkb",
    )
    with CaptureQueriesContext(connection) as before:
        assert client.get("/").status_code == 200
    _grow()
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get("/")
    assert response.context["level_chart"] is not None
    # Regions: 2 (kecamatan and kota holding units, the cards); levels: 2 (candidates with
    # their agency counts, their latest complete reports); city figures and growth: 1;
    # top units: 1; competition: 2 (entries, stages); activities: 1; recent units: 1.
    assert len(before.captured_queries) == 10


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_glance_sections_read_in_both_languages(client, jenggot, language):
    make_mandiri(jenggot)
    publish_results(2024, {jenggot: 88.5})
    client.cookies["django_language"] = language

    html = client.get("/").content.decode()

    if language == "en":
        assert "Kampung KB by level" in html
        assert "Cannot be classified yet" in html
        assert "Growth of Kampung KB" in html
        assert "unknown" in html
        assert "Kampung KB evaluation 2024: top ranked" in html
        assert "88.50" in html
        assert "Standing of Kota Pekalongan" in html
    else:
        assert "Kampung KB menurut tingkat" in html
        assert "88,50" in html


def test_public_levels_agree_with_classifying_every_unit(pekalongan):
    units = list(KampungKB.objects.order_by("slug"))
    make_mandiri(units[0])
    make_mandiri(units[1])
    # A complete report but no activity in the last 12 months: no agency count.
    UnitData.objects.filter(unit=units[1]).update(year=2020)
    Activity.objects.filter(unit=units[1]).update(date=datetime.date(2019, 1, 1))
    UnitData.objects.create(unit=units[2], year=2024, **complete(couples=10))

    every = classifications_for(KampungKB.objects.all())
    expected = {pk: c.public_level for pk, c in every.items() if c.public_level is not None}

    assert public_levels(KampungKB.objects.all()) == expected == {units[0].pk: Level.MANDIRI}


def test_units_tied_with_the_fifth_are_shown_with_it(client, pekalongan):
    from evaluations.models import PublishedResult

    units = list(KampungKB.objects.order_by("slug")[:7])
    period = publish_results(2024, {unit: 90 - n for n, unit in enumerate(units)})
    # The fifth and sixth share rank 5.
    PublishedResult.objects.filter(period=period, unit=units[5]).update(rank=5, final_score=86)

    top = section(client.get("/").content.decode(), "judul-evaluasi-terakhir")

    assert units[4].display_name in top and units[5].display_name in top
    assert units[6].display_name not in top
