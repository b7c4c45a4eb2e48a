"""Indexes the public pages need at national scale (checked with EXPLAIN ANALYZE by
`bench/explain.py` on the `make bench` dataset; see docs/benchmarks.md).

Plain SQL, valid on SQLite and PostgreSQL, because the models stay as they are: the
autodetector does not see these indexes, so `makemigrations --check` stays clean.
"""

from django.db import migrations

INDEXES = [
    # Home page "Kegiatan terbaru": newest activities of all units, without sorting
    # the whole table (500,000 rows: 1.6 s before, under 1 ms after).
    (
        "activity_newest_first",
        "CREATE INDEX activity_newest_first ON villages_activity (date DESC, id DESC)",
    ),
    # Home page "Profil yang baru diperbarui": only units a person has edited.
    (
        "kampungkb_profile_updated",
        "CREATE INDEX kampungkb_profile_updated ON villages_kampungkb "
        "(profile_updated_at DESC) WHERE profile_updated_at IS NOT NULL",
    ),
]


class Migration(migrations.Migration):
    dependencies = [("villages", "0003_agencies")]

    operations = [
        migrations.RunSQL(sql, reverse_sql=f"DROP INDEX {name}") for name, sql in INDEXES
    ]
