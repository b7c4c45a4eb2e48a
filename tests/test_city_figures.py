"""City figures with their sources, and flagship innovations, from the reference data."""

import io
from decimal import Decimal

from django.core.management import call_command

from villages.models import CityFigure, Innovation

SOURCE_2025 = (
    "https://pekalongankota.go.id/berita/pemkot-pekalongan-genjot-persiapan-kampung-kb-"
    "mandiri-utama-jenggot-hadapi-seleksi-nasional.html"
)


def stunting_2024():
    return CityFigure.objects.filter(indicator="prevalensi_stunting", year=2024)


def test_the_three_disagreeing_stunting_figures_are_kept_apart(pekalongan):
    values = sorted(stunting_2024().values_list("value", flat=True))

    assert values == [Decimal("17.68"), Decimal("17.80"), Decimal("17.86")]
    assert stunting_2024().values("source").distinct().count() == 3


def test_loading_the_reference_data_again_adds_no_city_figure(pekalongan):
    before = CityFigure.objects.count()

    call_command("load_pekalongan", stdout=io.StringIO())

    assert CityFigure.objects.count() == before == 8


def test_the_home_page_shows_each_stunting_figure_with_its_source(client, pekalongan):
    html = client.get("/").content.decode()
    section = html.split('id="judul-angka-kota"')[1].split("</section>")[0]

    for value in ("17,86 %", "17,68 %", "17,8 %"):
        assert value in section
    assert "SSGI 2024" in section
    assert "Pemberitaan media" in section
    # No averaged figure: (17.86 + 17.68 + 17.8) / 3.
    assert "17,78" not in section
    assert "12 %" in section
    assert "6–7 unit" in section
    assert "27 unit" in section and "April 2025" in section


def test_the_home_page_in_english_names_the_figures_in_english(client, pekalongan):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()

    assert "Stunting prevalence" in html
    assert "17.86 %" in html
    assert "27 units" in html and "27 unit<" not in html
    assert "1 unit" in html and "1 units" not in html


def test_kebun_pikatu_is_on_jenggots_page_with_its_source(client, pekalongan):
    html = client.get("/kampung/jenggot/").content.decode()
    section = html.split('id="judul-inovasi"')[1].split("</section>")[0]

    assert "Kebun Pikatu" in section
    assert f'href="{SOURCE_2025}"' in section
    assert "Rumah DataKu" in section
    assert Innovation.objects.filter(unit__slug="jenggot").count() == 2


def test_a_unit_without_innovations_shows_no_empty_innovation_section(client, pekalongan):
    html = client.get("/kampung/bandengan/").content.decode()

    assert 'id="judul-inovasi"' not in html


def test_the_unit_page_shows_a_formation_at_the_latest_with_its_source(client, pekalongan):
    html = client.get("/kampung/setono/").content.decode()

    assert "paling lambat 2022" in html
    assert "berita17248" in html


FIGURE_LIST = "/kelola/angka-kota/"
FIGURE_CREATE = "/kelola/angka-kota/tambah/"


def figure_form(**changes):
    data = {
        "indicator": "prevalensi_stunting",
        "value": "16,5",
        "unit": "%",
        "year": "2025",
        "source": "https://contoh.example/ssgi-2025",
    }
    return data | changes


def test_staff_add_a_figure_as_people_type_it_and_its_history_is_kept(login, staf, client):
    response = login(staf).post(FIGURE_CREATE, figure_form())

    assert response.status_code == 302
    figure = CityFigure.objects.get(year=2025, indicator="prevalensi_stunting")
    assert figure.value == Decimal("16.5")
    assert figure.city.code == "33.75"
    assert figure.history.count() == 1
    client.post(f"/kelola/angka-kota/{figure.pk}/ubah/", figure_form(value="16,4"))
    figure.refresh_from_db()
    assert figure.value == Decimal("16.4")
    assert figure.history.count() == 2
    assert "16,4 %" in client.get(FIGURE_LIST).content.decode()


def test_a_figure_without_a_source_or_with_a_reversed_range_is_refused(login, staf):
    before = CityFigure.objects.count()
    response = login(staf).post(
        FIGURE_CREATE, figure_form(source=" ", value="7", value_max="6", year="20x")
    )

    errors = response.context["form"].errors
    assert errors["source"] == [
        "Sebutkan sumbernya: tautan berita resmi, dokumen, atau nama survei."
    ]
    assert errors["value_max"] == ["Nilai tertinggi harus lebih besar dari nilai."]
    assert errors["year"] == ["Tulis tahun dengan angka, misalnya 2024."]
    assert CityFigure.objects.count() == before


def test_only_staff_keep_city_figures(login, kader_jenggot, juri):
    for user in (kader_jenggot, juri):
        client = login(user)
        assert client.get(FIGURE_LIST).status_code == 403
        assert client.post(FIGURE_CREATE, figure_form()).status_code == 403
