# ruff: noqa: F811  (the page cache fixtures are imported, then requested by name)
"""The home page and the list are cached whole, and rebuilt by the saves that change
their levels, growth, results, entries and cards."""

from django.db import transaction

from tests.glance import make_mandiri, publish_results
from tests.reports import STRONG_MARCH
from tests.test_home_glance import level_table
from tests.test_page_cache import page, page_caching, visitor  # noqa: F401  (fixtures)
from villages.models import CityFigure, UnitData


def test_a_report_that_completes_a_level_shows_on_the_home_page_and_the_list(
    page_caching, visitor, jenggot
):
    unit = make_mandiri(jenggot)
    UnitData.objects.filter(unit=unit).delete()
    assert ">26</td>" not in level_table(page(visitor, "/"))
    assert "jenggot" not in page(visitor, "/kampung/?tingkat=mandiri")

    UnitData.objects.create(unit=unit, year=2020, month=3, **STRONG_MARCH)

    assert ">26</td>" in level_table(page(visitor, "/"))
    assert "/kampung/jenggot/" in page(visitor, "/kampung/?tingkat=mandiri")


def test_a_new_count_of_kampung_kb_shows_in_the_growth(page_caching, visitor, jenggot):
    assert "2026" not in page(visitor, "/").split('id="judul-pertumbuhan"')[1]
    CityFigure.objects.create(
        city_id=jenggot.kelurahan.kecamatan.city_id,
        indicator=CityFigure.Indicator.KAMPUNG_KB_COUNT,
        value=28,
        unit="unit",
        year=2026,
        source="Sumber uji 2026",
    )
    assert "Sumber uji 2026" in page(visitor, "/")


def test_publishing_results_shows_on_the_home_page_and_the_score_sort(
    page_caching, visitor, jenggot
):
    assert 'id="judul-evaluasi-terakhir"' not in page(visitor, "/")
    assert "93,40" not in page(visitor, "/kampung/?urut=nilai")
    with transaction.atomic():
        publish_results(2024, {jenggot: 93.4})
    assert "93,40" in page(visitor, "/")
    assert "93,40" in page(visitor, "/kampung/?urut=nilai")


def test_a_new_entry_shows_in_the_competition_standing(page_caching, visitor, jenggot):
    from competitions.models import Entry

    assert "lomba 2032" not in page(visitor, "/")
    Entry.objects.create(unit=jenggot, year=2032, level="kota", category="kota")
    assert "lomba 2032" in page(visitor, "/")
