"""Villages 0007 keeps "Data terakhir diubah" only where a person edited the unit, and
turns a PLKB/PKB name or a decree number into a "yes"; nothing else becomes an answer."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from tests.test_competition_migration import make_unit, migrate
from villages.models import KampungKB

BEFORE = [("villages", "0006_search_trigram_indexes")]
LOADED_AT = timezone.make_aware(datetime.datetime(2026, 11, 30, 8, 0))
EDITED_AT = timezone.make_aware(datetime.datetime(2025, 3, 8, 10, 30))


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_only_edits_by_a_person_and_assumes_no_answer(empty_db):
    old_apps = migrate(BEFORE)
    try:
        kader = old_apps.get_model(settings.AUTH_USER_MODEL).objects.create(username="kader")
        edited = make_unit(old_apps)
        loaded = old_apps.get_model("villages", "KampungKB").objects.create(
            kelurahan=old_apps.get_model("villages", "Kelurahan").objects.create(
                kecamatan=edited.kelurahan.kecamatan, code="33.75.01.1002", name="Kraton"
            ),
            slug="kraton",
            field_officer_name="Siti Aminah",
            regulation_camat="SK Camat 2/2021",
            profile_updated_at=LOADED_AT,
        )
        UnitData = old_apps.get_model("villages", "HistoricalUnitData")
        UnitData.objects.create(
            id=1,
            unit_id=edited.pk,
            year=2025,
            month=3,
            history_date=EDITED_AT,
            history_type="+",
            updated_at=EDITED_AT,
            history_user=kader,
        )
        UnitData.objects.create(
            id=2,
            unit_id=loaded.pk,
            year=2025,
            month=3,
            history_date=LOADED_AT,
            history_type="+",
            updated_at=EDITED_AT,
            history_user=None,
        )
    finally:
        migrate()

    edited, loaded = KampungKB.objects.get(slug="bandengan"), KampungKB.objects.get(slug="kraton")
    assert edited.profile_updated_at == EDITED_AT
    assert loaded.profile_updated_at is None
    assert (edited.field_officer_assigned, edited.regulation_exists) == (None, None)
    assert (loaded.field_officer_assigned, loaded.regulation_exists) == (True, True)
