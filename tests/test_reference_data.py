"""The test database's reference data (tests/conftest.py): loaded once, put back after a
transactional test, and removable with `empty_db`."""

import pytest
from django.contrib.auth.models import Permission

from competitions.models import Entry
from tests import conftest
from villages.models import Agency, City, KampungKB, Kecamatan


def test_every_test_starts_with_the_reference_data(db):
    assert KampungKB.objects.count() == 27
    assert Entry.objects.count() == 5


def test_empty_db_keeps_what_migrations_seeded(empty_db):
    assert not KampungKB.objects.exists()
    assert not Kecamatan.objects.exists()
    assert not Entry.objects.exists()
    assert Agency.objects.exists()
    assert Permission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_snapshot_puts_back_a_database_a_test_changed():
    before = sorted(KampungKB.objects.values_list("slug", "name"))
    agencies = Agency.objects.count()
    KampungKB.objects.filter(slug="jenggot").update(name="Diubah")
    Kecamatan.objects.create(code="99.99.99", name="Baru", slug="baru", city=City.objects.get())

    conftest._restore_snapshot()

    assert sorted(KampungKB.objects.values_list("slug", "name")) == before
    assert not Kecamatan.objects.filter(code="99.99.99").exists()
    assert Agency.objects.count() == agencies
    # New rows take ids past the snapshot's: a save adds a history row without a clash.
    KampungKB.objects.get(slug="jenggot").save()
    Kecamatan.objects.create(code="99.99.98", name="Lain", slug="lain", city=City.objects.get())
