"""Fill the bench database with a synthetic, national-scale Kampung KB dataset.

Run by `bench/run.py` (``make bench``) with DATABASE_URL pointing at the bench database,
after `migrate`. The rows go in with PostgreSQL COPY: 25,000 units in a synthetic region
tree (10 provinces × 50 kota × 10 kecamatan × 5 kelurahan), 500,000 activities, board
members, figures, and one published evaluation period scored by 3 judges on 30 criteria
(2,250,000 scores), with its standings frozen as publishing does. History tables are
left empty, as bulk loads leave them.

A row in ``bench_dataset`` records what was generated; `dataset_is_current()` lets the
runner skip generation when the database already holds this version at this size.
"""

import datetime
import io
import json
import random
import time
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

# Bump when the generated rows change shape, so an old bench database is rebuilt.
DATASET_VERSION = 6
PROVINCES = 10
CITIES_PER_PROVINCE = 50
KECAMATAN_PER_CITY = 10
KELURAHAN_PER_KECAMATAN = 5
ASPECTS = 5
CRITERIA_PER_ASPECT = 6
JUDGES = 3
PERIOD_YEAR = 2025
BENCH_PASSWORD = "bench-sandi-rahasia-123"
BENCH_KADER = "bench_kader"
# Province codes 40-49 exist nowhere in Kemendagri's list, so nothing collides with 33.
FIRST_PROVINCE_CODE = 40


@dataclass(frozen=True)
class Size:
    units: int = PROVINCES * CITIES_PER_PROVINCE * KECAMATAN_PER_CITY * KELURAHAN_PER_KECAMATAN
    activities: int = 500_000

    @property
    def scores(self):
        return self.units * ASPECTS * CRITERIA_PER_ASPECT * JUDGES


def dataset_is_current(size):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT version, units, activities, scores FROM bench_dataset")
        return cursor.fetchone() == (DATASET_VERSION, size.units, size.activities, size.scores)


def generated_info():
    with connection.cursor() as cursor:
        cursor.execute("SELECT generated_at, seconds FROM bench_dataset")
        return cursor.fetchone()


def _text(value):
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value)
    value = str(value)
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


class Copier:
    """COPY rows of one model: fields not given take the model's defaults."""

    def __init__(self, model, **fixed):
        self.model = model
        now = timezone.now()
        self.columns = []
        self.defaults = {}
        for field in model._meta.concrete_fields:
            self.columns.append(field.column)
            if field.name in fixed:
                self.defaults[field.attname] = fixed[field.name]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.defaults[field.attname] = now
            elif field.has_default():
                self.defaults[field.attname] = field.get_default()
            elif field.null:
                self.defaults[field.attname] = None
            elif isinstance(field, models.CharField | models.TextField | models.FileField):
                self.defaults[field.attname] = ""
            else:
                self.defaults[field.attname] = None
        self.attnames = [field.attname for field in model._meta.concrete_fields]

    def copy(self, rows, batch=200_000):
        """``rows`` yields dicts keyed by attname; every row must give ``id``."""
        buffer, count = io.StringIO(), 0
        for row in rows:
            values = self.defaults | row
            buffer.write("\t".join(_text(values[name]) for name in self.attnames))
            buffer.write("\n")
            count += 1
            if count % batch == 0:
                self._flush(buffer)
                buffer = io.StringIO()
        self._flush(buffer)
        return count

    def _flush(self, buffer):
        buffer.seek(0)
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


def _report(stdout, label, count, started):
    stdout.write(f"  {label:<22} {count:>10,} rows  {time.monotonic() - started:6.1f} s\n")


def generate(size=Size(), seed=20251, stdout=None):
    """Empty the tables this dataset fills, then COPY the dataset in. Returns seconds."""
    import sys

    from django.contrib.auth import get_user_model

    from evaluations.models import Aspect, Criterion, JudgeAssignment, Period, Score
    from villages.accounts import create_user
    from villages.figures import REPORT_FIELDS
    from villages.models import (
        Activity,
        ActivityCategory,
        ActivityPhoto,
        Agency,
        BoardMember,
        City,
        KampungKB,
        Kecamatan,
        Kelurahan,
        Province,
        UnitData,
    )

    stdout = stdout or sys.stdout
    rng = random.Random(seed)
    started = time.monotonic()
    user_model = get_user_model()
    filled = [
        Province,
        City,
        Kecamatan,
        Kelurahan,
        KampungKB,
        Agency,
        Activity,
        ActivityPhoto,
        BoardMember,
        UnitData,
        Period,
        Aspect,
        Criterion,
        JudgeAssignment,
        Score,
    ]
    with transaction.atomic():
        with connection.cursor() as cursor:
            tables = [model._meta.db_table for model in filled] + [
                Activity.agencies.through._meta.db_table,
                KampungKB.kader.through._meta.db_table,
            ]
            cursor.execute("TRUNCATE " + ", ".join(tables) + " CASCADE")
            user_model.objects.filter(username__startswith="bench_").delete()
            # Rows are consistent by construction; skipping per-row foreign key triggers
            # makes the 2.25 million scores load in seconds instead of minutes.
            cursor.execute("SET LOCAL session_replication_role = replica")

        step = time.monotonic()
        provinces, cities, kecamatan, kelurahan = [], [], [], []
        for p in range(PROVINCES):
            p_code = f"{FIRST_PROVINCE_CODE + p:02d}"
            provinces.append({"id": p + 1, "code": p_code, "name": f"Provinsi Sintetis {p_code}"})
            for c in range(CITIES_PER_PROVINCE):
                city_id = len(cities) + 1
                c_code = f"{p_code}.{c + 1:02d}"
                kind = "kota" if c % 5 == 0 else "kabupaten"
                label = "Kota" if kind == "kota" else "Kabupaten"
                cities.append(
                    {
                        "id": city_id,
                        "province_id": p + 1,
                        "code": c_code,
                        "name": f"{label} Sintetis {c_code}",
                        "kind": kind,
                    }
                )
                for k in range(KECAMATAN_PER_CITY):
                    kec_id = len(kecamatan) + 1
                    k_code = f"{c_code}.{k + 1:02d}"
                    kecamatan.append(
                        {
                            "id": kec_id,
                            "city_id": city_id,
                            "code": k_code,
                            "name": f"Sintetis {kec_id:05d}",
                            "slug": f"sintetis-kec-{kec_id:05d}",
                        }
                    )
                    for v in range(KELURAHAN_PER_KECAMATAN):
                        kel_id = len(kelurahan) + 1
                        kelurahan.append(
                            {
                                "id": kel_id,
                                "kecamatan_id": kec_id,
                                "code": f"{k_code}.{2001 + v}",
                                "name": f"Kelurahan Sintetis {kel_id:05d}",
                            }
                        )
        kelurahan = kelurahan[: size.units]
        Copier(Province).copy(provinces)
        Copier(City).copy(cities)
        Copier(Kecamatan).copy(kecamatan)
        Copier(Kelurahan).copy(kelurahan)
        _report(stdout, "wilayah", len(kelurahan), step)

        step = time.monotonic()
        now = timezone.now()
        frequencies = ["bulanan", "triwulan", "semester", "tahunan", "tidak", ""]
        funding = ["apbn", "apbd", "dana_kelurahan", "csr", "swadaya"]

        def units():
            for row in kelurahan:
                number = row["id"]
                yield {
                    "id": number,
                    "kelurahan_id": number,
                    "name": f"Kampung KB Sintetis {number:05d}" if number % 3 else "",
                    "slug": f"sintetis-{number:05d}",
                    "formed_on": datetime.date(2016 + number % 9, 1 + number % 12, 1),
                    "coverage": "kelurahan",
                    "secretariat_address": f"Jalan Sintetis No. {number % 200 + 1}",
                    "description": (
                        f"Kampung KB sintetis nomor {number} untuk uji beban portal. " * 4
                    ),
                    "has_bkb": number % 2 == 0,
                    "has_bkr": number % 3 == 0,
                    "has_bkl": True,
                    "has_uppka": number % 4 == 0,
                    "has_pikr": number % 5 != 0,
                    "has_secretariat": True,
                    "funding_sources": rng.sample(funding, 1 + number % 3),
                    "pokja_exists": number % 7 != 0,
                    "pokja_member_count": 5 + number % 20,
                    "pokja_trained": number % 2 == 1,
                    "field_officer_name": f"PKB Sintetis {number % 997:03d}",
                    "regulation_lurah": f"SK Lurah {number}/2020" if number % 2 else "",
                    "planning_data_sources": ["pk"] if number % 2 else ["pk", "rutin_bkkbn"],
                    "routine_planning_meeting": frequencies[number % 6],
                    "routine_coordination": frequencies[(number + 1) % 6],
                    "routine_socialisation": "bulanan",
                    "routine_monitoring": frequencies[(number + 2) % 6],
                    "routine_reporting": "bulanan",
                    "is_published": number % 50 != 0,
                    "profile_updated_at": (
                        now - datetime.timedelta(minutes=number) if number % 4 == 0 else None
                    ),
                }

        count = Copier(KampungKB).copy(units())
        _report(stdout, "Kampung KB", count, step)

        step = time.monotonic()
        agencies = ["Puskesmas", "Kelurahan", "PKK", "Babinsa", "Dinas Pendidikan"]
        Copier(Agency).copy({"id": i + 1, "name": name} for i, name in enumerate(agencies))
        categories = ActivityCategory.values
        start = datetime.date(2016, 1, 1).toordinal()
        days = (datetime.date(PERIOD_YEAR, 12, 31).toordinal()) - start
        unit_count = len(kelurahan)
        # Busy units have many activities, most have a handful: a skewed spread.
        weights = [1 + (i * 7919 % 97) ** 2 / 200 for i in range(unit_count)]
        unit_of_activity = rng.choices(
            range(1, unit_count + 1), weights=weights, k=size.activities
        )

        def activities():
            for number, unit_id in enumerate(unit_of_activity, start=1):
                yield {
                    "id": number,
                    "unit_id": unit_id,
                    "title": f"Kegiatan sintetis {number:06d}",
                    "date": datetime.date.fromordinal(start + rng.randrange(days)),
                    "place": "Balai Kelurahan",
                    "description": "Uraian kegiatan sintetis untuk uji beban.",
                    "category": categories[number % len(categories)],
                    "target_group": "Keluarga",
                }

        count = Copier(Activity).copy(activities())
        _report(stdout, "kegiatan", count, step)

        step = time.monotonic()
        through = Activity.agencies.through
        Copier(through).copy(
            {"id": i + 1, "activity_id": activity_id, "agency_id": 1 + activity_id % 5}
            for i, activity_id in enumerate(range(1, size.activities + 1, 10))
        )
        # A few photo rows with file names but no files: pages must only build their URLs.
        count = Copier(ActivityPhoto).copy(
            {
                "id": i + 1,
                "activity_id": activity_id,
                "image": f"kegiatan/sintetis/{activity_id}.jpg",
                "thumbnail": f"kegiatan/sintetis/{activity_id}-kecil.jpg",
                "caption": f"Foto kegiatan sintetis {activity_id}",
            }
            for i, activity_id in enumerate(range(1, size.activities + 1, 50))
        )
        _report(stdout, "foto (tanpa berkas)", count, step)

        step = time.monotonic()
        count = Copier(BoardMember).copy(
            {
                "id": 2 * (unit_id - 1) + offset + 1,
                "unit_id": unit_id,
                "name": f"{role.title()} Sintetis {unit_id:05d}",
                "role": role,
                "position": offset,
            }
            for unit_id in range(1, unit_count + 1)
            for offset, role in enumerate(("ketua", "sekretaris"))
        )
        _report(stdout, "pengurus", count, step)

        step = time.monotonic()

        def unit_data():
            number = 0
            for unit_id in range(1, unit_count + 1):
                periods = [(PERIOD_YEAR - 1, None)]
                if unit_id % 10 == 0:
                    periods += [(PERIOD_YEAR, month) for month in range(1, 13)]
                for year, month in periods:
                    number += 1
                    couples = 300 + unit_id % 200
                    active = couples * 2 // 3
                    # A complete report (every figure the unit page reads), as the page
                    # shows figures from complete reports only.
                    yield dict.fromkeys(REPORT_FIELDS, 10) | {
                        "id": number,
                        "unit_id": unit_id,
                        "year": year,
                        "month": month,
                        "families": 400 + unit_id % 300,
                        "couples": couples,
                        "active_users": active,
                        "users_iud": active // 10,
                        "users_implant": active // 10,
                        "users_injection": active // 3,
                        "users_pill": active // 5,
                        "unmet_need": couples // 12,
                        "bkb_target": 80,
                        "bkb_members": 40 + unit_id % 40,
                        "under_fives": 120,
                        "stunting_cases": unit_id % 25,
                    }

        count = Copier(UnitData).copy(unit_data())
        _report(stdout, "data Kampung KB", count, step)

        step = time.monotonic()
        judges = [
            create_user(f"bench_juri{n}", "juri", password=BENCH_PASSWORD)
            for n in range(1, JUDGES + 1)
        ]
        create_user(
            BENCH_KADER, "kader", password=BENCH_PASSWORD, units=KampungKB.objects.filter(pk=1)
        )
        Copier(Period).copy(
            [
                {
                    "id": 1,
                    "year": PERIOD_YEAR,
                    "name": f"Evaluasi Kampung KB Sintetis {PERIOD_YEAR}",
                    "status": Period.Status.PUBLISHED,
                    "min_unit_age_years": 3,
                    "finalized_at": now,
                    "published_at": now,
                }
            ]
        )
        Copier(Aspect).copy(
            {"id": a + 1, "period_id": 1, "name": f"Aspek sintetis {a + 1}", "position": a}
            for a in range(ASPECTS)
        )
        criteria = [
            {
                "id": a * CRITERIA_PER_ASPECT + c + 1,
                "aspect_id": a + 1,
                "period_id": 1,
                "code": f"{a + 1}.{c + 1}",
                "name": f"Kriteria sintetis {a + 1}.{c + 1}",
                "weight": Decimal(1 + (a + c) % 4),
                "min_score": Decimal(0),
                "max_score": Decimal(4),
                "position": c,
            }
            for a in range(ASPECTS)
            for c in range(CRITERIA_PER_ASPECT)
        ]
        Copier(Criterion).copy(criteria)
        Copier(JudgeAssignment).copy(
            {"id": n + 1, "period_id": 1, "user_id": judge.pk} for n, judge in enumerate(judges)
        )
        values = [f"{quarter / 4:.2f}" for quarter in range(4, 17)]
        step = time.monotonic()

        def scores():
            number = 0
            for unit_id in range(1, unit_count + 1):
                for judge in judges:
                    for criterion in criteria:
                        number += 1
                        yield {
                            "id": number,
                            "period_id": 1,
                            "judge_id": judge.pk,
                            "unit_id": unit_id,
                            "criterion_id": criterion["id"],
                            "value": values[rng.randrange(len(values))],
                        }

        count = Copier(Score).copy(scores())
        _report(stdout, "nilai", count, step)

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [*filled, Activity.agencies.through]
            ):
                cursor.execute(sql)
    step = time.monotonic()
    # Publishing freezes every unit's standing, as `services.publish_period` does.
    from evaluations.services import freeze_results

    freeze_results(Period.objects.get(pk=1))
    _report(stdout, "hasil dipublikasikan", size.units, step)
    step = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _report(stdout, "ANALYZE", 0, step)
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_dataset")
        cursor.execute(
            "CREATE TABLE bench_dataset (version int, units int, activities int, scores int, "
            "generated_at timestamptz, seconds double precision)"
        )
        cursor.execute(
            "INSERT INTO bench_dataset VALUES (%s, %s, %s, %s, now(), %s)",
            [DATASET_VERSION, size.units, size.activities, size.scores, seconds],
        )
    return seconds


def main():
    import argparse
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=Size.units)
    parser.add_argument("--activities", type=int, default=Size.activities)
    parser.add_argument("--force", action="store_true", help="regenerate even when current")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampungkb.settings")
    django.setup()
    size = Size(units=args.units, activities=args.activities)
    if not args.force and dataset_is_current(size):
        generated_at, seconds = generated_info()
        print(f"dataset v{DATASET_VERSION} {asdict(size)} already present ({generated_at:%c})")
        return
    print(f"generating dataset v{DATASET_VERSION}: {asdict(size)}, {size.scores:,} scores")
    seconds = generate(size)
    print(f"generated in {seconds:.1f} s")


if __name__ == "__main__":
    main()
