"""Sample data for the training site (`make demo`). Refuses to run outside demo mode.

Sample data never contradicts the real reference data: it fills only what the reference
data left empty, a sample formation date is never later than the unit's first known
competition entry, and the real results and their sources are left as they are. A unit
with a known provincial entry in the sample evaluation's year ranks first in it.
"""

import datetime
import io
import random
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from evaluations import services
from evaluations.models import Period
from villages.accounts import create_user
from villages.figures import POPULATION_FIELDS
from villages.formation import FormationPrecision
from villages.models import (
    Activity,
    ActivityCategory,
    ActivityPhoto,
    Agency,
    BoardMember,
    Frequency,
    FundingSource,
    KampungKB,
    PlanningDataSource,
    UnitData,
)
from villages.sample import SAMPLE_MARKER

DEMO_PASSWORD = "contoh-kampung-kb"
SAMPLE = SAMPLE_MARKER
# The sources name every unit that existed by May 2022 (five) and say 13 more came in
# 2023 and all 27 by April 2025: a unit without a sourced formation was formed in 2023 or
# later, and the sample says so rather than contradict the city's growth figures.
SAMPLE_FORMATION_YEARS = (2023, 2024)
# Competition entries are read through the unit's reverse relation (competitions owns
# them; evaluations does not import competitions): "provinsi" is Entry.Level.PROVINCIAL.
PROVINCIAL_LEVEL = "provinsi"
DEMO_YEAR = 2025
# The period judges practise on: open for scoring, some sheets done, some begun.
PRACTICE_YEAR = DEMO_YEAR + 1
CATEGORIES = [
    ActivityCategory.DASHAT,
    ActivityCategory.BKB,
    ActivityCategory.BKR,
    ActivityCategory.BKL,
    ActivityCategory.UPPKA,
    ActivityCategory.PIKR,
    ActivityCategory.FAMILY_PLANNING,
    ActivityCategory.ECONOMY,
]


class Command(BaseCommand):
    help = "Mengisi situs latihan dengan data contoh (hanya dalam mode DEMO)."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Perintah ini hanya berjalan dengan DEMO=1 (make demo).")
        if not KampungKB.objects.exists():
            raise CommandError("Jalankan load_pekalongan lebih dulu.")
        if Period.objects.filter(year=DEMO_YEAR).exists():
            self.stdout.write("Data contoh sudah ada.")
            return
        rng = random.Random(2025)
        with transaction.atomic():
            staf, judges = self.accounts()
            units = list(KampungKB.objects.select_related("kelurahan"))
            agencies = list(Agency.objects.all())
            for unit in units:
                self.profile(unit, rng)
                self.activities(unit, rng, agencies)
                self.figures(unit, rng)
            self.evaluation(staf, judges, units, rng)
            self.practice_period(staf, judges, units, rng)
        self.stdout.write(
            self.style.SUCCESS(
                "Data contoh dimuat. Masuk sebagai demo-staf, demo-juri1..3 (periode "
                f"{PRACTICE_YEAR} terbuka untuk latihan menilai), atau demo-kader-<slug> "
                f"(misalnya demo-kader-jenggot), kata sandi: {DEMO_PASSWORD}"
            )
        )

    def accounts(self):
        staf = create_user("demo-staf", "staf", password=DEMO_PASSWORD, full_name="Staf Contoh")
        judges = [
            create_user(f"demo-juri{n}", "juri", password=DEMO_PASSWORD, full_name=f"Juri {n}")
            for n in (1, 2, 3)
        ]
        for unit in KampungKB.objects.all():
            create_user(f"demo-kader-{unit.slug}", "kader", password=DEMO_PASSWORD, units=[unit])
        return staf, judges

    def profile(self, unit, rng):
        """Sample answers for what the reference data left empty; real facts stay."""

        def fill(field, value):
            if getattr(unit, field) in (None, "", []):
                setattr(unit, field, value)

        fill(
            "description",
            SAMPLE
            + (
                f"Gambaran umum contoh untuk Kampung KB {unit.kelurahan.name}: kegiatan "
                "poktan, Dashat, dan pendataan keluarga dijalankan bersama lintas sektor."
            ),
        )
        fill("secretariat_address", SAMPLE + f"Balai Kelurahan {unit.kelurahan.name}")
        fill("decree_number", SAMPLE + f"SK Lurah No. {rng.randint(1, 99)}/{DEMO_YEAR - 3}")
        fill("coverage", KampungKB.Coverage.KELURAHAN)
        for field in ("has_bkb", "has_bkr", "has_bkl", "has_uppka", "has_pikr"):
            fill(field, rng.random() < 0.8)
        fill("has_secretariat", True)
        # A unit whose recorded innovation is its Rumah DataKu has one (Jenggot, 2022).
        has_dataku = unit.innovations.filter(name__iexact="Rumah DataKu").exists()
        fill("has_rumah_dataku", has_dataku or rng.random() < 0.6)
        fill("funding_sources", rng.sample([choice.value for choice in FundingSource], 3))
        fill("pokja_exists", True)
        fill("pokja_member_count", rng.randint(8, 25))
        fill("pokja_trained", rng.random() < 0.6)
        fill("field_officer_name", SAMPLE + "PKB Contoh")
        fill("regulation_lurah", SAMPLE + "SK Lurah tentang Pokja Kampung KB")
        fill("planning_data_sources", rng.sample([c.value for c in PlanningDataSource], 2))
        for field in (
            "routine_planning_meeting",
            "routine_coordination",
            "routine_socialisation",
            "routine_monitoring",
            "routine_reporting",
        ):
            fill(field, rng.choice([Frequency.MONTHLY, Frequency.QUARTERLY]))
        fill("krppa_linkage", SAMPLE + "Pojok konsultasi keluarga bersama KRPPA kelurahan.")
        if unit.formation is None:
            year = sample_formation_year(unit, rng)
            unit.formed_on = datetime.date(year, 6, 1)
            unit.formed_year = year
            unit.formed_precision = FormationPrecision.DAY
            unit.formed_source = SAMPLE + "Tanggal contoh untuk latihan; isi dari SK pembentukan."
        # No profile_updated_at: sample data is not an edit by a kader or staff member.
        unit.save()
        BoardMember.objects.create(unit=unit, name=SAMPLE + "Ketua Contoh", role="ketua")
        BoardMember.objects.create(
            unit=unit, name=SAMPLE + "Sekretaris Contoh", role="sekretaris", position=1
        )

    def activities(self, unit, rng, agencies):
        today = timezone.localdate()
        for number in range(4):
            category = rng.choice(CATEGORIES)
            activity = Activity.objects.create(
                unit=unit,
                title=SAMPLE + f"{category.label} di {unit.kelurahan.name}",
                date=today - datetime.timedelta(days=rng.randint(5, 330)),
                place=f"Balai RW {rng.randint(1, 12):02d}",
                description=SAMPLE + "Uraian kegiatan contoh untuk latihan kader.",
                category=category,
                target_group="Keluarga sasaran",
            )
            activity.agencies.set(rng.sample(agencies, rng.randint(1, 4)))
            if number == 0:
                image, thumbnail = sample_image(unit.kelurahan.name, rng)
                photo = ActivityPhoto(activity=activity, caption=SAMPLE + "Foto contoh")
                photo.image.save("contoh.jpg", image, save=False)
                photo.thumbnail.save("contoh_thumb.jpg", thumbnail, save=False)
                photo.save()

    def figures(self, unit, rng):
        """Twelve complete monthly reports: every figure the public page and the level
        read, so the sample unit pages show figures and, with a full profile, a level."""
        couples = rng.randint(600, 1500)
        population = {field: rng.randint(150, 1200) for field in POPULATION_FIELDS}
        for month in range(1, 13):
            active = int(couples * rng.uniform(0.55, 0.75))
            methods = split(active, 7, rng)
            UnitData.objects.create(
                unit=unit,
                year=DEMO_YEAR,
                month=month,
                **population,
                families=int(couples * 1.4),
                couples=couples,
                active_users=active,
                users_iud=methods[0],
                users_mow=methods[1],
                users_mop=methods[2],
                users_implant=methods[3],
                users_injection=methods[4],
                users_pill=methods[5],
                users_condom=methods[6],
                unmet_need=int(couples * rng.uniform(0.05, 0.12)),
                bkb_target=120,
                bkb_members=rng.randint(20, 60),
                bkr_target=90,
                bkr_members=rng.randint(10, 40),
                bkl_target=80,
                bkl_members=rng.randint(10, 40),
                uppka_target=40,
                uppka_members=rng.randint(5, 30),
                pikr_target=100,
                pikr_members=rng.randint(10, 50),
                under_fives=rng.randint(150, 300),
                stunting_cases=rng.randint(5, 40),
            )

    def evaluation(self, staf, judges, units, rng):
        period = services.create_period(
            DEMO_YEAR,
            SAMPLE + f"Evaluasi dan Pembinaan Kampung KB {DEMO_YEAR}",
            held_on=datetime.date(DEMO_YEAR, 4, 29),
            judges=judges,
            by=staf,
        )
        services.start_scoring(period, staf)
        criteria = list(period.criteria.all())
        # The unit that really went to the provincial selection that year ranks first.
        real_nominees = set(
            KampungKB.objects.filter(
                competition_entries__year=DEMO_YEAR,
                competition_entries__level=PROVINCIAL_LEVEL,
            ).values_list("pk", flat=True)
        )
        for unit in units:
            quality = rng.uniform(0.4, 0.7)
            for judge in judges:
                values = {
                    criterion.pk: (
                        criterion.max_score
                        if unit.pk in real_nominees
                        else score_for(criterion, quality, rng),
                        "",
                    )
                    for criterion in criteria
                }
                services.save_unit_scores(
                    period, judge, unit, values, SAMPLE + "Lengkapi data rutin bulanan."
                )
        period.refresh_from_db()
        services.finalize_period(period, staf)
        services.publish_period(Period.objects.get(pk=period.pk), staf)

    def practice_period(self, staf, judges, units, rng):
        """A period in scoring with the example rubric: the first judge has completed two
        sheets and begun a third, the second completed four, the third not started."""
        period = services.create_period(
            PRACTICE_YEAR,
            SAMPLE + f"Evaluasi dan Pembinaan Kampung KB {PRACTICE_YEAR} (latihan)",
            judges=judges,
            by=staf,
        )
        services.start_scoring(period, staf)
        criteria = list(period.criteria.in_rubric_order())
        units = sorted(units, key=lambda unit: (unit.kelurahan.name, unit.pk))
        plan = [(judges[0], units[:2], None), (judges[0], units[2:3], 5)]
        plan.append((judges[1], units[:4], None))
        for judge, judged_units, criterion_count in plan:
            for unit in judged_units:
                quality = rng.uniform(0.4, 1.0)
                values = {
                    criterion.pk: (score_for(criterion, quality, rng), "")
                    for criterion in criteria[:criterion_count]
                }
                services.save_unit_scores(period, judge, unit, values)
        return period


def sample_formation_year(unit, rng):
    """A sample year no later than the unit's first known competition entry: a unit at
    the 2022 provincial selection existed by 2022."""
    first_entry = (
        unit.competition_entries.filter(year__isnull=False)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    years = [y for y in SAMPLE_FORMATION_YEARS if first_entry is None or y <= first_entry]
    return rng.choice(years or [min(SAMPLE_FORMATION_YEARS)])


def score_for(criterion, quality, rng):
    span = criterion.max_score - criterion.min_score
    raw = criterion.min_score + span * Decimal(str(min(1.0, quality * rng.uniform(0.8, 1.1))))
    return raw.quantize(Decimal("1"))


def split(total, parts, rng):
    weights = [rng.random() for _ in range(parts)]
    shares = [int(total * weight / sum(weights)) for weight in weights]
    shares[0] += total - sum(shares)
    return shares


def sample_image(label, rng):
    colour = tuple(rng.randint(60, 200) for _ in range(3))
    image = Image.new("RGB", (800, 600), colour)
    ImageDraw.Draw(image).text((40, 280), f"DATA CONTOH - {label}", fill="white")
    files = []
    for size in ((800, 600), (400, 300)):
        buffer = io.BytesIO()
        image.resize(size).save(buffer, "JPEG", quality=80)
        files.append(ContentFile(buffer.getvalue()))
    return files
