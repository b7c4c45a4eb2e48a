import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kampungkb.views import server_error
from villages.models import City, KampungKB, Kecamatan, Kelurahan

SLUGS_WITH_PLACE = [
    ("jenggot", "Jenggot", "Pekalongan Selatan"),
    ("bandengan", "Bandengan", "Pekalongan Utara"),
]


def test_every_unit_page_shows_its_kelurahan_and_kecamatan(client, pekalongan):
    units = KampungKB.objects.with_region()
    assert len(units) == 27
    for unit in units:
        response = client.get(f"/kampung/{unit.slug}/")
        assert response.status_code == 200, unit.slug
        html = response.content.decode()
        assert unit.kelurahan.name in html
        assert unit.kelurahan.kecamatan.name in html


@pytest.mark.parametrize(("slug", "kelurahan", "kecamatan"), SLUGS_WITH_PLACE)
def test_profile_page_names_the_place(client, pekalongan, slug, kelurahan, kecamatan):
    html = client.get(f"/kampung/{slug}/").content.decode()
    assert f"Kelurahan {kelurahan}, Kecamatan {kecamatan}, Kota Pekalongan" in html


def test_unknown_fields_say_not_filled_in(client, pekalongan):
    html = client.get("/kampung/medono/").content.decode()
    assert "belum diisi" in html
    assert "Kampung KB Medono" in html


def test_known_formation_date_is_shown(client, pekalongan):
    html = client.get("/kampung/bandengan/").content.decode()
    assert "5 Februari 2016" in html


def test_unpublished_unit_is_not_found(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(is_published=False)
    assert client.get("/kampung/jenggot/").status_code == 404
    assert "jenggot" not in client.get("/kampung/").content.decode()


def test_home_counts_units_per_kecamatan(client, pekalongan):
    response = client.get("/")
    assert response.status_code == 200
    counts = {k.name: k.unit_count for k in response.context["kecamatan_list"]}
    assert counts == {
        "Pekalongan Barat": 7,
        "Pekalongan Timur": 7,
        "Pekalongan Utara": 7,
        "Pekalongan Selatan": 6,
    }
    assert response.context["unit_total"] == 27


def test_list_shows_all_27(client, pekalongan):
    response = client.get("/kampung/")
    assert response.context["page"].paginator.count == 27
    assert "27 Kampung KB ditemukan" in response.content.decode()


def test_list_filters_by_kecamatan(client, pekalongan):
    response = client.get("/kampung/", {"kecamatan": "pekalongan-selatan"})
    names = {unit.kelurahan.name for unit in response.context["page"]}
    assert names == {
        "Banyurip",
        "Buaran Kradenan",
        "Jenggot",
        "Kuripan Kertoharjo",
        "Kuripan Yosorejo",
        "Sokoduwet",
    }


def test_list_searches_text(client, pekalongan):
    response = client.get("/kampung/", {"q": "mandiri utama"})
    assert [unit.slug for unit in response.context["page"]] == ["jenggot"]
    response = client.get("/kampung/", {"q": "kuripan"})
    assert {unit.slug for unit in response.context["page"]} == {
        "kuripan-kertoharjo",
        "kuripan-yosorejo",
    }


def test_unknown_page_is_a_styled_indonesian_404(client, pekalongan, settings):
    settings.DEBUG = False
    response = client.get("/kampung/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_server_error_page_is_indonesian(client, pekalongan, settings):
    settings.DEBUG = False
    response = server_error(None)
    assert response.status_code == 500
    assert "Terjadi gangguan" in response.content.decode()


def _add_units(count):
    city = City.objects.get(code="33.75")
    kecamatan = Kecamatan.objects.create(city=city, code="33.75.99", name="Uji", slug="uji")
    for number in range(count):
        kelurahan = Kelurahan.objects.create(
            kecamatan=kecamatan, code=f"33.75.99.{2000 + number}", name=f"Uji {number}"
        )
        KampungKB.objects.create(kelurahan=kelurahan, slug=f"uji-{number}")


@pytest.mark.parametrize("url", ["/", "/kampung/", "/kampung/?q=kuripan", "/kampung/jenggot/"])
def test_public_pages_run_a_fixed_number_of_queries(
    client, pekalongan, django_assert_num_queries, url
):
    with CaptureQueriesContext(connection) as with_27_units:
        assert client.get(url).status_code == 200
    _add_units(40)
    with django_assert_num_queries(len(with_27_units.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(with_27_units.captured_queries) <= 10


def test_list_page_paginates(client, pekalongan):
    _add_units(40)
    response = client.get(reverse("villages:kampung-list"), {"halaman": 2})
    assert response.context["page"].number == 2
    assert "Halaman 2 dari 3" in response.content.decode()


def test_pages_stay_indonesian_for_an_english_browser(client, pekalongan):
    html = client.get("/kampung/bandengan/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert "5 Februari 2016" in html.decode()


def test_home_lists_recent_activities_and_profile_updates(client, pekalongan):
    from django.utils import timezone

    from villages.models import Activity

    jenggot = KampungKB.objects.get(slug="jenggot")
    Activity.objects.create(
        unit=jenggot, title="Panen Kebun Pikatu", date="2026-11-01", category="dashat"
    )
    KampungKB.objects.filter(slug="bandengan").update(profile_updated_at=timezone.now())
    html = client.get("/").content.decode()
    assert "Panen Kebun Pikatu" in html
    assert "Kampung KB Bandengan" in html


def test_map_link_uses_a_decimal_point(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(latitude="-6.913500", longitude="109.681200")
    html = client.get("/kampung/jenggot/").content.decode()
    assert "mlat=-6.913500&amp;mlon=109.681200" in html
