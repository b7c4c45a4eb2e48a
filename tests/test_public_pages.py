import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.views import server_error
from villages.models import City, KampungKB, Kecamatan, Kelurahan, Province

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
    assert response.context["region_level"] == "kecamatan"
    counts = {card.name: card.unit_count for card in response.context["region_cards"]}
    assert counts == {
        "Pekalongan Barat": 7,
        "Pekalongan Timur": 7,
        "Pekalongan Utara": 7,
        "Pekalongan Selatan": 6,
    }
    assert response.context["unit_total"] == 27
    html = response.content.decode()
    assert "27 Kampung KB di setiap kecamatan" in html
    assert "Kecamatan Pekalongan Selatan" in html
    assert 'href="/kampung/?kecamatan=pekalongan-selatan"' in html


def test_home_card_links_lead_to_the_kecamatan_list(client, pekalongan):
    home = client.get("/")
    card = next(c for c in home.context["region_cards"] if c.name == "Pekalongan Utara")
    listed = client.get(card.url).context["page"].paginator.count
    assert listed == card.unit_count == 7


def test_home_leaves_out_unpublished_units(client, pekalongan):
    KampungKB.objects.filter(kelurahan__kecamatan__slug="pekalongan-selatan").update(
        is_published=False
    )
    response = client.get("/")
    names = [card.name for card in response.context["region_cards"]]
    assert names == ["Pekalongan Barat", "Pekalongan Timur", "Pekalongan Utara"]
    assert response.context["unit_total"] == 21


def test_home_shows_cities_when_kecamatan_are_too_many(client, pekalongan):
    _add_kecamatan(60)
    response = client.get("/")
    assert response.context["region_level"] == "kota"
    counts = {card.name: card.unit_count for card in response.context["region_cards"]}
    assert counts == {"Kota Pekalongan": 27, "Kabupaten Uji": 60}
    html = response.content.decode()
    assert "87 Kampung KB di setiap kabupaten/kota" in html
    assert 'href="/kampung/?kota=33.99"' in html
    assert "Kecamatan Uji 1" not in html


def test_home_shows_provinces_when_cities_are_too_many(client, pekalongan):
    _add_cities(60)
    response = client.get("/")
    assert response.context["region_level"] == "provinsi"
    counts = {card.name: card.unit_count for card in response.context["region_cards"]}
    assert counts == {"Jawa Tengah": 27, "Provinsi Uji": 60}
    html = response.content.decode()
    assert "87 Kampung KB di setiap provinsi" in html
    assert 'href="/kampung/?provinsi=98"' in html
    listed = client.get("/kampung/", {"provinsi": "98"}).context["page"].paginator.count
    assert listed == 60


def test_home_runs_the_same_queries_at_every_region_level(
    client, pekalongan, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as kecamatan_cards:
        client.get("/")
    _add_kecamatan(60)
    with django_assert_num_queries(len(kecamatan_cards.captured_queries)):
        assert client.get("/").context["region_level"] == "kota"
    _add_cities(60)
    with django_assert_num_queries(len(kecamatan_cards.captured_queries)):
        assert client.get("/").context["region_level"] == "provinsi"
    assert len(kecamatan_cards.captured_queries) <= QUERY_BUDGET["/"]


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


def _select_options(html, name):
    """The option values of the select called ``name``, or None when it is not shown."""
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if match is None:
        return None
    return re.findall(r'<option value="([^"]*)"', match.group(1))


def _selected(html, name):
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)" selected>', match.group(1))


def _listed(response):
    return {unit.slug for unit in response.context["page"].paginator.object_list}


def test_pekalongan_list_shows_only_the_kecamatan_select(client, pekalongan):
    html = client.get("/kampung/").content.decode()
    assert _select_options(html, "provinsi") is None
    assert _select_options(html, "kota") is None
    assert _select_options(html, "kecamatan") == [
        "",
        "pekalongan-barat",
        "pekalongan-timur",
        "pekalongan-utara",
        "pekalongan-selatan",
    ]
    assert '<label class="form-label" for="id_kecamatan">Kecamatan</label>' in html
    assert "Semua kecamatan" in html


def test_chosen_kecamatan_stays_selected(client, pekalongan):
    html = client.get("/kampung/", {"kecamatan": "pekalongan-utara"}).content.decode()
    assert _selected(html, "kecamatan") == ["pekalongan-utara"]


def test_national_list_starts_with_the_provinces_only(client, pekalongan):
    _add_cities(3, kecamatan_per_city=2)
    response = client.get("/kampung/")
    html = response.content.decode()
    assert _select_options(html, "provinsi") == ["", "33", "98"]
    assert _select_options(html, "kota") is None
    assert _select_options(html, "kecamatan") is None
    assert response.context["page"].paginator.count == 27 + 6


def test_choosing_a_province_shows_its_cities(client, pekalongan):
    _add_cities(3, kecamatan_per_city=2)
    response = client.get("/kampung/", {"provinsi": "98"})
    html = response.content.decode()
    assert _selected(html, "provinsi") == ["98"]
    assert _select_options(html, "kota") == ["", "98.01", "98.02", "98.03"]
    assert _select_options(html, "kecamatan") is None
    assert _listed(response) == {f"uji-{n}" for n in range(6)}


def test_choosing_a_city_implies_its_province_and_shows_its_kecamatan(client, pekalongan):
    _add_cities(3, kecamatan_per_city=2)
    response = client.get("/kampung/", {"kota": "98.02"})
    html = response.content.decode()
    assert _selected(html, "provinsi") == ["98"]
    assert _selected(html, "kota") == ["98.02"]
    assert _select_options(html, "kecamatan") == ["", "uji-kec-2", "uji-kec-3"]
    assert _listed(response) == {"uji-2", "uji-3"}


def test_a_kecamatan_link_selects_every_level_above_it(client, pekalongan):
    _add_cities(3, kecamatan_per_city=2)
    response = client.get("/kampung/", {"kecamatan": "uji-kec-5"})
    html = response.content.decode()
    assert _selected(html, "provinsi") == ["98"]
    assert _selected(html, "kota") == ["98.03"]
    assert _selected(html, "kecamatan") == ["uji-kec-5"]
    assert _listed(response) == {"uji-5"}


def test_changing_the_province_drops_the_old_city_and_kecamatan(client, pekalongan):
    _add_cities(3, kecamatan_per_city=2)
    response = client.get(
        "/kampung/", {"provinsi": "33", "kota": "98.01", "kecamatan": "uji-kec-0"}
    )
    html = response.content.decode()
    assert _selected(html, "provinsi") == ["33"]
    # Jawa Tengah holds one city here, so its kecamatan are offered at once.
    assert _select_options(html, "kota") is None
    assert _select_options(html, "kecamatan")[1:] == [
        "pekalongan-barat",
        "pekalongan-timur",
        "pekalongan-utara",
        "pekalongan-selatan",
    ]
    assert response.context["page"].paginator.count == 27


def test_setting_the_city_back_to_all_drops_the_kecamatan(client, pekalongan):
    _add_cities(3, kecamatan_per_city=2)
    response = client.get("/kampung/", {"provinsi": "98", "kota": "", "kecamatan": "uji-kec-0"})
    html = response.content.decode()
    assert _selected(html, "kota") == []  # "Semua kabupaten/kota", the first option
    assert _select_options(html, "kecamatan") is None
    assert _listed(response) == {f"uji-{n}" for n in range(6)}


def test_unknown_region_codes_are_ignored(client, pekalongan):
    response = client.get("/kampung/", {"provinsi": "77", "kota": "77.01", "kecamatan": "nope"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 27


def test_region_filter_and_search_combine(client, pekalongan):
    _add_cities(3, kecamatan_per_city=2)
    response = client.get("/kampung/", {"kota": "98.02", "q": "uji 3"})
    assert _listed(response) == {"uji-3"}
    response = client.get("/kampung/", {"kota": "98.02", "q": "kuripan"})
    assert _listed(response) == set()


def test_no_select_lists_more_than_one_regions_children(client, pekalongan):
    _add_cities(60, kecamatan_per_city=2)
    for params in [{}, {"provinsi": "98"}, {"kota": "98.07"}, {"kecamatan": "uji-kec-9"}]:
        html = client.get("/kampung/", params).content.decode()
        assert len(_select_options(html, "provinsi")) == 1 + 2
        kota = _select_options(html, "kota")
        assert kota is None or len(kota) == 1 + 60
        kecamatan = _select_options(html, "kecamatan")
        assert kecamatan is None or len(kecamatan) == 1 + 2


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


def _add_kecamatan(count):
    """``count`` kecamatan in a new Kabupaten Uji (Jawa Tengah), one published unit each."""
    city = City.objects.create(
        province=Province.objects.get(code="33"),
        code="33.99",
        name="Kabupaten Uji",
        kind="kabupaten",
    )
    _fill([city], count)


def _add_cities(count, kecamatan_per_city=1, code="98", tag="Uji"):
    """A new Provinsi <tag> with ``count`` cities, each with ``kecamatan_per_city`` kecamatan
    holding one published unit. Kecamatan and units are numbered 0, 1, ... in code order:
    slugs ``<tag>-kec-<n>`` and ``<tag>-<n>``."""
    province = Province.objects.create(code=code, name=f"Provinsi {tag}")
    cities = City.objects.bulk_create(
        City(
            province=province,
            code=f"{code}.{n + 1:02d}",
            name=f"Kabupaten {tag} {n + 1}",
            kind="kabupaten",
        )
        for n in range(count)
    )
    _fill(cities, kecamatan_per_city, tag)


def _fill(cities, kecamatan_per_city, tag="Uji", first_code=1):
    slug = tag.lower()
    start = Kecamatan.objects.filter(slug__startswith=f"{slug}-kec-").count()
    kecamatan = Kecamatan.objects.bulk_create(
        Kecamatan(
            city=city,
            code=f"{city.code}.{first_code + k:02d}",
            name=f"{tag} {start + n * kecamatan_per_city + k}",
            slug=f"{slug}-kec-{start + n * kecamatan_per_city + k}",
        )
        for n, city in enumerate(cities)
        for k in range(kecamatan_per_city)
    )
    kelurahan = Kelurahan.objects.bulk_create(
        Kelurahan(kecamatan=k, code=f"{k.code}.2001", name=f"Kelurahan {tag} {start + n}")
        for n, k in enumerate(kecamatan)
    )
    KampungKB.objects.bulk_create(
        KampungKB(kelurahan=k, slug=f"{slug}-{start + n}", name=f"Kampung KB {tag} {start + n}")
        for n, k in enumerate(kelurahan)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/kampung/",
        "/kampung/?q=kuripan",
        "/kampung/?kecamatan=pekalongan-selatan",
        "/kampung/jenggot/",
    ],
)
def test_public_pages_run_a_fixed_number_of_queries(
    client, pekalongan, django_assert_num_queries, url
):
    with CaptureQueriesContext(connection) as with_27_units:
        assert client.get(url).status_code == 200
    _add_units(40)
    with django_assert_num_queries(len(with_27_units.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(with_27_units.captured_queries) <= QUERY_BUDGET.get(url, LIST_BUDGET)


# Every public page stays within 10 queries on a miss (docs/benchmarks.md). The home page
# (regions 2, levels 2, city figures 1, top units 1, competition 2, activities 1, recent
# units 1) and the unit page read counts with the rows they belong to: the units carry
# their agency and completeness counts, the activities their first photo. The list's cards
# read their level (one query beyond the page) and completeness (one): 7 queries, 8 with a
# kecamatan; filtered by level (ordered ids, the candidates' levels: three) at most 10.
QUERY_BUDGET = {"/": 10, "/kampung/jenggot/": 10}
LIST_BUDGET = 10


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"provinsi": "98"},
        {"kota": "98.02"},
        {"kecamatan": "uji-kec-3"},
        {"provinsi": "98", "kota": "98.02", "kecamatan": "uji-kec-3", "q": "uji"},
    ],
)
def test_region_cascade_runs_a_fixed_number_of_queries(
    client, pekalongan, django_assert_num_queries, params
):
    _add_cities(3, kecamatan_per_city=2)
    with CaptureQueriesContext(connection) as small_tree:
        assert client.get("/kampung/", params).status_code == 200
    _fill(City.objects.filter(code__in=["98.01", "98.02", "98.03"]), 20, "Tambah", first_code=3)
    _add_cities(50, kecamatan_per_city=10, code="97", tag="Lain")
    with django_assert_num_queries(len(small_tree.captured_queries)):
        assert client.get("/kampung/", params).status_code == 200
    assert len(small_tree.captured_queries) <= LIST_BUDGET


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
