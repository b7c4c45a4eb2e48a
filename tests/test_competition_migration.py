"""Entries made while they lived in `evaluations` are all there after the move to
`competitions` (evaluations 0006, competitions 0001): same ids, fields, links and
history, and their content types follow them."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from competitions.models import Entry, EntryDocument, EntryStage

BEFORE_MOVE = [("evaluations", "0005_published_result_position")]


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None) with a fresh graph."""
    executor = MigrationExecutor(connection)
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def make_unit(apps):
    province = apps.get_model("villages", "Province").objects.create(code="33", name="Jateng")
    city = apps.get_model("villages", "City").objects.create(
        province=province, code="33.75", name="Kota Pekalongan", kind="kota"
    )
    kecamatan = apps.get_model("villages", "Kecamatan").objects.create(
        city=city, code="33.75.01", name="Pekalongan Barat", slug="pekalongan-barat"
    )
    kelurahan = apps.get_model("villages", "Kelurahan").objects.create(
        kecamatan=kecamatan, code="33.75.01.1001", name="Bandengan"
    )
    return apps.get_model("villages", "KampungKB").objects.create(
        kelurahan=kelurahan, name="Kampung KB Uji", slug="bandengan"
    )


def make_old_rows(apps):
    """Entries, a stage, a document and history, through the models as they were."""
    user = apps.get_model(settings.AUTH_USER_MODEL).objects.create(username="staf-lama")
    unit = make_unit(apps)
    period = apps.get_model("evaluations", "Period").objects.create(
        year=2024, name="Evaluasi 2024", status="final"
    )
    OldEntry = apps.get_model("evaluations", "Entry")
    provincial = OldEntry.objects.create(
        unit=unit,
        year=2024,
        level="provinsi",
        category="kota",
        period=period,
        result="juara_1",
        score=Decimal("87.50"),
        source="https://contoh.id/berita",
        override_reason="Tetap diusulkan.",
        created_by=user,
    )
    national = OldEntry.objects.create(
        unit=unit, year=2024, level="nasional", category="kota", region="regional_1"
    )
    stage = apps.get_model("evaluations", "EntryStage").objects.create(
        entry=provincial,
        position=2,
        name="Wawancara",
        date=datetime.date(2024, 8, 1),
        outcome="lolos",
        notes="Lancar.",
    )
    document = apps.get_model("evaluations", "EntryDocument").objects.create(
        entry=provincial, title="Profil", file="lomba/profil.pdf"
    )
    apps.get_model("evaluations", "HistoricalEntry").objects.create(
        id=provincial.pk,
        unit_id=unit.pk,
        year=2024,
        level="provinsi",
        category="kota",
        created_at=provincial.created_at,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Diusulkan dari Evaluasi 2024.",
        history_user=user,
    )
    apps.get_model("evaluations", "HistoricalEntryStage").objects.create(
        id=stage.pk, entry_id=provincial.pk, name="Wawancara", history_date=timezone.now()
    )
    return {
        "user": user,
        "unit": unit,
        "period": period,
        "provincial": provincial,
        "national": national,
        "stage": stage,
        "document": document,
    }


@pytest.mark.django_db(transaction=True)
def test_entries_from_before_the_move_are_all_there_afterwards(empty_db):
    old_apps = migrate(BEFORE_MOVE)
    try:
        old = make_old_rows(old_apps)
        content_type_ids = {
            model: ContentType.objects.get_or_create(app_label="evaluations", model=model)[0].pk
            for model in ["entry", "entrystage", "entrydocument"]
        }
    finally:
        migrate()
    ContentType.objects.clear_cache()

    provincial = Entry.objects.get(pk=old["provincial"].pk)
    assert (provincial.unit_id, provincial.period_id, provincial.created_by_id) == (
        old["unit"].pk,
        old["period"].pk,
        old["user"].pk,
    )
    assert (provincial.year, provincial.level, provincial.category, provincial.result) == (
        2024,
        Entry.Level.PROVINCIAL,
        Entry.Category.KOTA,
        Entry.Result.WINNER_1,
    )
    assert provincial.score == Decimal("87.50")
    assert provincial.source == "https://contoh.id/berita"
    assert provincial.override_reason == "Tetap diusulkan."
    assert provincial.created_at == old["provincial"].created_at
    assert list(provincial.period.entries.all()) == [provincial]
    assert list(provincial.unit.competition_entries.order_by("pk")) == list(
        Entry.objects.order_by("pk")
    )

    national = Entry.objects.get(pk=old["national"].pk)
    assert (national.level, national.region, national.period_id) == (
        "nasional",
        "regional_1",
        None,
    )

    stage = EntryStage.objects.get(pk=old["stage"].pk)
    assert (
        stage.entry_id,
        stage.position,
        stage.name,
        stage.date,
        stage.outcome,
        stage.notes,
    ) == (
        provincial.pk,
        2,
        "Wawancara",
        datetime.date(2024, 8, 1),
        EntryStage.Outcome.PASSED,
        "Lancar.",
    )
    document = EntryDocument.objects.get(pk=old["document"].pk)
    assert (document.entry_id, document.title, document.file.name) == (
        provincial.pk,
        "Profil",
        "lomba/profil.pdf",
    )
    assert provincial.stage_reached() == stage

    record = provincial.history.get()
    assert (record.history_type, record.history_user_id, record.history_change_reason) == (
        "+",
        old["user"].pk,
        "Diusulkan dari Evaluasi 2024.",
    )
    assert EntryStage.history.get().entry_id == provincial.pk

    moved = ContentType.objects.filter(app_label="competitions")
    assert {ct.model: ct.pk for ct in moved if ct.model in content_type_ids} == content_type_ids
    assert not ContentType.objects.filter(app_label="evaluations", model="entry").exists()

    # The moved models still work as before: a new entry takes the next id.
    Entry.objects.create(unit=provincial.unit, year=2025, level="provinsi", category="kota")
    assert Entry.objects.count() == 3
