import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from villages.formation import FormationPrecision
from villages.models import City, CityFigure, Innovation, KampungKB, Kecamatan, Kelurahan, Province
from villages.signals import reference_data_loaded

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
REGION_CSV = DATA_DIR / "pekalongan_wilayah.csv"
FACTS_CSV = DATA_DIR / "kampung_kb_fakta.csv"
INNOVATIONS_CSV = DATA_DIR / "inovasi_unggulan.csv"
CITY_FIGURES_CSV = DATA_DIR / "angka_kota.csv"

LOAD_REASON = "Dimuat dari data rujukan (villages/data)."

# Kemendagri province code 33; not a row of the region CSV, which starts at the city.
PROVINCE = {"code": "33", "name": "Jawa Tengah"}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Command(BaseCommand):
    help = (
        "Loads Kota Pekalongan, its kecamatan and kelurahan, one Kampung KB per kelurahan "
        "and the known facts about them. Safe to run again: it never overwrites what "
        "staff or kader have filled in."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        province, _ = Province.objects.update_or_create(
            code=PROVINCE["code"], defaults={"name": PROVINCE["name"]}
        )
        rows = read_csv(REGION_CSV)
        cities, kecamatan = {}, {}
        for row in rows:
            if row["tingkat"] == "kota":
                cities[row["kode"]], _ = City.objects.update_or_create(
                    code=row["kode"],
                    defaults={"name": row["nama"], "province": province, "kind": City.Kind.KOTA},
                )
        for row in rows:
            if row["tingkat"] == "kecamatan":
                kecamatan[row["kode"]], _ = Kecamatan.objects.update_or_create(
                    code=row["kode"],
                    defaults={
                        "name": row["nama"],
                        "slug": slugify(row["nama"]),
                        "city": cities[row["kode_induk"]],
                    },
                )
        created = 0
        for row in rows:
            if row["tingkat"] != "kelurahan":
                continue
            kelurahan, _ = Kelurahan.objects.update_or_create(
                code=row["kode"],
                defaults={"name": row["nama"], "kecamatan": kecamatan[row["kode_induk"]]},
            )
            _, was_created = KampungKB.objects.get_or_create(
                kelurahan=kelurahan, defaults={"slug": slugify(row["nama"])}
            )
            created += was_created
        self.apply_facts()
        self.load_innovations()
        self.load_city_figures()
        for _receiver, message in reference_data_loaded.send(sender=self.__class__):
            if message:
                self.stdout.write(str(message))
        self.stdout.write(
            self.style.SUCCESS(
                f"Kota Pekalongan: {len(kecamatan)} kecamatan, "
                f"{KampungKB.objects.filter(kelurahan__kecamatan__city__in=cities.values()).count()}"
                f" Kampung KB ({created} baru)."
            )
        )

    def apply_facts(self):
        """Fill empty fields from the sourced facts; never replace what someone entered."""
        for row in read_csv(FACTS_CSV):
            unit = KampungKB.objects.get(kelurahan__code=row["kode_kemendagri"])
            changed = False
            if row["nama"] and not unit.name:
                unit.name, changed = row["nama"], True
            if row["ketelitian_pencanangan"] and (
                unit.formation is None or self._same_day_without_source(unit, row)
            ):
                changed = self._apply_formation(unit, row) or changed
            if row["sumber"] and row["sumber"] not in unit.sources:
                unit.sources = "\n".join(filter(None, [unit.sources, row["sumber"]]))
                changed = True
            if changed:
                unit._change_reason = LOAD_REASON
                unit.save()

    @staticmethod
    def _same_day_without_source(unit, row):
        """A day loaded before formations had a precision and a source: add them."""
        return (
            not unit.formed_source
            and unit.formed_on is not None
            and row["tanggal_pencanangan"] == unit.formed_on.isoformat()
        )

    @staticmethod
    def _apply_formation(unit, row):
        precision = FormationPrecision(row["ketelitian_pencanangan"])
        if precision == FormationPrecision.DAY:
            unit.formed_on = datetime.date.fromisoformat(row["tanggal_pencanangan"])
            unit.formed_year = unit.formed_on.year
        else:
            unit.formed_year = int(row["tahun_pencanangan"])
        unit.formed_precision = precision
        unit.formed_source = row["sumber_pencanangan"]
        return True

    def load_innovations(self):
        """The sourced flagship innovations; one kept as staff or kader left it."""
        for row in read_csv(INNOVATIONS_CSV):
            unit = KampungKB.objects.get(kelurahan__code=row["kode_kemendagri"])
            if unit.innovations.filter(name__iexact=row["nama"]).exists():
                continue
            innovation = Innovation(
                unit=unit,
                name=row["nama"],
                description=row["uraian"],
                since_year=int(row["sejak_tahun"]) if row["sejak_tahun"] else None,
                source=row["sumber"],
                position=unit.innovations.count(),
            )
            innovation._change_reason = LOAD_REASON
            innovation.save()

    def load_city_figures(self):
        """City figures as each source states them: one row per value and source."""
        for row in read_csv(CITY_FIGURES_CSV):
            city = City.objects.get(code=row["kode_kota"])
            CityFigure.objects.get_or_create(
                city=city,
                indicator=row["indikator"],
                year=int(row["tahun"]),
                source=row["sumber"],
                defaults={
                    "value": Decimal(row["nilai"]),
                    "value_max": Decimal(row["nilai_tertinggi"])
                    if row["nilai_tertinggi"]
                    else None,
                    "unit": row["satuan"],
                    "month": int(row["bulan"]) if row["bulan"] else None,
                    "note": row["catatan"],
                },
            )
