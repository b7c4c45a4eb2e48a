from django.db import migrations

MOVED = ["EntryDocument", "EntryStage", "HistoricalEntryStage", "HistoricalEntry", "Entry"]


class Migration(migrations.Migration):
    """Competition entries now belong to the `competitions` app, which keeps their tables:
    this only drops them from the evaluations app's state (see competitions 0001)."""

    dependencies = [
        ('evaluations', '0005_published_result_position'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
