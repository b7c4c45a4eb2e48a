"""Text search over a unit's name, kelurahan and kecamatan (`KampungKBQuerySet.search`), and
the trigram indexes that keep it fast on PostgreSQL (migration 0006)."""

import pytest
from django.core.management import call_command
from django.db import connection

from villages.models import KampungKB, Kecamatan, Kelurahan

TRIGRAM_INDEXES = {
    "villages_kampungkb": "kampungkb_name_trgm",
    "villages_kelurahan": "kelurahan_name_trgm",
    "villages_kecamatan": "kecamatan_name_trgm",
}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)


def slugs(text, units=None):
    units = KampungKB.objects.all() if units is None else units
    return sorted(units.search(text).values_list("slug", flat=True))


def test_finds_a_unit_by_its_own_name_in_any_case(pekalongan):
    assert slugs("MANDIRI utama") == ["jenggot"]


def test_finds_units_by_kelurahan(pekalongan):
    assert slugs("kuripan") == ["kuripan-kertoharjo", "kuripan-yosorejo"]


def test_finds_every_unit_of_a_kecamatan(pekalongan):
    found = slugs("pekalongan selatan")
    assert len(found) == 6
    assert "jenggot" in found


def test_blank_text_keeps_every_unit(pekalongan):
    assert len(slugs("   ")) == 27
    assert len(slugs(None)) == 27


def test_surrounding_spaces_are_ignored(pekalongan):
    assert slugs("  kuripan ") == ["kuripan-kertoharjo", "kuripan-yosorejo"]


def test_a_unit_matching_twice_is_listed_once(pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(name="Kampung KB Selatan Jenggot")
    units = KampungKB.objects.search("selatan")
    assert units.count() == 6
    assert len(list(units)) == 6


def test_like_wildcards_are_plain_characters(pekalongan):
    assert slugs("%") == []
    assert slugs("_") == []
    KampungKB.objects.filter(slug="medono").update(name="Kampung KB 100% Sehat")
    assert slugs("100%") == ["medono"]


def test_search_keeps_the_filters_and_order_of_its_queryset(pekalongan):
    KampungKB.objects.filter(slug="kuripan-yosorejo").update(is_published=False)
    units = KampungKB.objects.published().with_region().filter(pk__gt=0).search("kuripan")
    assert [unit.slug for unit in units] == ["kuripan-kertoharjo"]
    ordered = KampungKB.objects.with_region().search("pekalongan utara")
    names = [unit.kelurahan.name for unit in ordered]
    assert names == sorted(names)
    assert len(names) == 7


def test_search_is_one_query(pekalongan, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(KampungKB.objects.published().with_region().search("kuripan"))


def _index_names(table):
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite behaviour")
@pytest.mark.django_db
def test_trigram_migration_does_nothing_on_sqlite():
    for table, index in TRIGRAM_INDEXES.items():
        assert index not in _index_names(table)


@postgresql_only
@pytest.mark.parametrize("model", [KampungKB, Kelurahan, Kecamatan])
def test_trigram_indexes_match_django_icontains_on_postgresql(pekalongan, model):
    table = model._meta.db_table
    assert TRIGRAM_INDEXES[table] in _index_names(table)
    sql, params = model.objects.filter(name__icontains="kuripan").query.sql_with_params()
    with connection.cursor() as cursor:
        # With 27 rows any scan is cheap; leave the planner only the choice between the
        # trigram index and a (disabled) sequential scan, to prove the index matches the
        # UPPER("name"::text) LIKE UPPER(...) that Django writes for icontains.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {TRIGRAM_INDEXES[table]}" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_trigram_migration_reverses():
    call_command("migrate", "villages", "0005", verbosity=0)
    try:
        for table, index in TRIGRAM_INDEXES.items():
            assert index not in _index_names(table)
    finally:
        call_command("migrate", "villages", verbosity=0)
    expected = connection.vendor == "postgresql"
    for table, index in TRIGRAM_INDEXES.items():
        assert (index in _index_names(table)) is expected
