"""Region levels: which level the home page's cards show, and the kampung list's cascade."""

import pytest
from django.http import QueryDict

from villages.models import City, KampungKB, Kecamatan, Province
from villages.regions import (
    CITY,
    HOME_REGION_CARDS,
    KECAMATAN,
    PROVINCE,
    RegionCascade,
    home_card_level,
    home_region_cards,
)

from .test_public_pages import _add_cities, _add_kecamatan


def test_home_cards_limit_is_fifty():
    assert HOME_REGION_CARDS == 50


@pytest.mark.parametrize(
    ("kecamatan", "cities", "level"),
    [
        (0, 0, KECAMATAN),
        (4, 1, KECAMATAN),
        (50, 1, KECAMATAN),
        (51, 1, CITY),
        (51, 50, CITY),
        (51, 51, PROVINCE),
        (5000, 500, PROVINCE),
    ],
)
def test_home_card_level_is_the_deepest_that_fits(kecamatan, cities, level):
    assert home_card_level(kecamatan, cities) == level


def test_home_card_level_takes_another_limit():
    assert home_card_level(5, 2, limit=4) == CITY
    assert home_card_level(5, 5, limit=4) == PROVINCE


def test_pekalongan_cards_are_its_kecamatan_in_code_order(pekalongan, django_assert_num_queries):
    with django_assert_num_queries(2):
        level, cards = home_region_cards()
    assert level == KECAMATAN
    assert [(card.name, card.unit_count) for card in cards] == [
        ("Pekalongan Barat", 7),
        ("Pekalongan Timur", 7),
        ("Pekalongan Utara", 7),
        ("Pekalongan Selatan", 6),
    ]
    assert cards[3].url == "/kampung/?kecamatan=pekalongan-selatan"


def test_sixty_kecamatan_make_city_cards(pekalongan, django_assert_num_queries):
    _add_kecamatan(60)
    with django_assert_num_queries(2):
        level, cards = home_region_cards()
    assert level == CITY
    assert [(card.name, card.unit_count, card.url) for card in cards] == [
        ("Kota Pekalongan", 27, "/kampung/?kota=33.75"),
        ("Kabupaten Uji", 60, "/kampung/?kota=33.99"),
    ]


def test_sixty_cities_make_province_cards(pekalongan, django_assert_num_queries):
    _add_cities(60)
    with django_assert_num_queries(2):
        level, cards = home_region_cards()
    assert level == PROVINCE
    assert [(card.name, card.unit_count, card.url) for card in cards] == [
        ("Jawa Tengah", 27, "/kampung/?provinsi=33"),
        ("Provinsi Uji", 60, "/kampung/?provinsi=98"),
    ]


def test_regions_without_published_units_do_not_count(pekalongan):
    _add_kecamatan(60)
    KampungKB.objects.filter(kelurahan__kecamatan__city__code="33.99").update(is_published=False)
    level, cards = home_region_cards()
    assert level == KECAMATAN
    assert len(cards) == 4


def test_a_smaller_limit_moves_pekalongan_up_to_its_city(pekalongan):
    level, cards = home_region_cards(limit=3)
    assert level == CITY
    assert [(card.name, card.unit_count) for card in cards] == [("Kota Pekalongan", 27)]


def cascade(query):
    return RegionCascade(QueryDict(query))


def shown(cascade):
    return {select.level.parameter: select for select in cascade.selects}


def test_pekalongan_cascade_offers_only_its_kecamatan(pekalongan, django_assert_num_queries):
    with django_assert_num_queries(
        3
    ):  # provinces, Jawa Tengah's cities, Kota Pekalongan's kecamatan
        selects = shown(cascade(""))
    assert list(selects) == [KECAMATAN]
    assert [value for value, _label in selects[KECAMATAN].options] == [
        "pekalongan-barat",
        "pekalongan-timur",
        "pekalongan-utara",
        "pekalongan-selatan",
    ]
    assert selects[KECAMATAN].selected == ""


def test_a_kecamatan_alone_implies_its_city_and_province(pekalongan):
    _add_cities(2, kecamatan_per_city=2)
    regions = cascade("kecamatan=uji-kec-3")
    assert [region.name for region in regions.chosen] == [
        "Provinsi Uji",
        "Kabupaten Uji 2",
        "Uji 3",
    ]
    selects = shown(regions)
    assert (selects[PROVINCE].selected, selects[CITY].selected, selects[KECAMATAN].selected) == (
        "98",
        "98.02",
        "uji-kec-3",
    )
    assert [value for value, _label in selects[KECAMATAN].options] == ["uji-kec-2", "uji-kec-3"]


def test_a_city_outside_the_chosen_province_is_dropped(pekalongan):
    _add_cities(2)
    regions = cascade("provinsi=33&kota=98.01")
    assert [region.code for region in regions.chosen] == ["33"]


def test_a_kecamatan_outside_the_chosen_city_is_dropped(pekalongan):
    _add_cities(2, kecamatan_per_city=2)
    regions = cascade("kota=98.01&kecamatan=uji-kec-3")
    assert [region.code for region in regions.chosen] == ["98", "98.01"]


def test_a_kecamatan_outside_the_chosen_province_is_dropped(pekalongan):
    _add_cities(2)
    assert [r.code for r in cascade("provinsi=33&kecamatan=uji-kec-1").chosen] == ["33"]
    assert [r.code for r in cascade("provinsi=98&kecamatan=uji-kec-1").chosen] == [
        "98",
        "98.02",
        "98.02.01",
    ]


def test_a_parent_set_back_to_all_drops_its_children(pekalongan):
    _add_cities(2)
    assert cascade("provinsi=&kota=98.01&kecamatan=uji-kec-0").chosen == []
    assert [r.code for r in cascade("provinsi=98&kota=&kecamatan=uji-kec-0").chosen] == ["98"]


def test_cascade_filters_units_by_the_deepest_choice(pekalongan):
    _add_cities(2, kecamatan_per_city=2)
    units = KampungKB.objects.all()
    assert cascade("").filter_units(units).count() == 27 + 4
    assert cascade("provinsi=98").filter_units(units).count() == 4
    assert cascade("kota=98.02").filter_units(units).count() == 2
    slugs = (
        cascade("kecamatan=pekalongan-utara").filter_units(units).values_list("slug", flat=True)
    )
    assert "bandengan" in slugs
    assert len(slugs) == 7


def test_a_city_with_one_kecamatan_hides_the_kecamatan_select(pekalongan):
    _add_cities(2)
    selects = shown(cascade("kota=98.01"))
    assert list(selects) == [PROVINCE, CITY]


def test_cascade_queries_do_not_grow_with_the_tree(pekalongan, django_assert_num_queries):
    _add_cities(3, kecamatan_per_city=2)
    query = "provinsi=98&kota=98.02&kecamatan=uji-kec-3"
    with django_assert_num_queries(5):
        shown(cascade(query))
    province = Province.objects.create(code="97", name="Provinsi Lain")
    city = City.objects.create(province=province, code="97.01", name="Kota Lain", kind="kota")
    Kecamatan.objects.bulk_create(
        Kecamatan(city=city, code=f"97.01.{n:02d}", name=f"Lain {n}", slug=f"lain-{n}")
        for n in range(80)
    )
    with django_assert_num_queries(5):
        shown(cascade(query))
