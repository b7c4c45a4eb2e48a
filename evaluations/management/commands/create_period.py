import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from evaluations import services


class Command(BaseCommand):
    help = (
        "Membuat periode evaluasi Kampung KB berstatus draf, dengan rubrik contoh "
        "(kecuali --no-rubric) dan juri yang ditugaskan."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, metavar="TAHUN")
        parser.add_argument("--name", required=True, help="nama kegiatan")
        # "--juri a b c" and "--juri a --juri b --juri c" alike: each use adds to the list.
        parser.add_argument(
            "--juri",
            action="extend",
            nargs="+",
            default=[],
            metavar="USERNAME",
            help="akun juri atau staf; boleh diulang (--juri a --juri b) atau daftar (--juri a b)",
        )
        parser.add_argument("--tanggal", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--tempat", default="")
        parser.add_argument("--usia-minimal", type=int, default=3, dest="min_age")
        parser.add_argument("--no-rubric", action="store_true", help="tanpa rubrik contoh")

    def handle(self, year, name, juri, tanggal, tempat, min_age, no_rubric, **options):
        judges = list(get_user_model().objects.filter(username__in=juri))
        unknown = sorted(set(juri) - {user.username for user in judges})
        if unknown:
            raise CommandError(f"Akun tidak dikenal: {', '.join(unknown)}")
        try:
            period = services.create_period(
                year,
                name,
                held_on=tanggal,
                place=tempat,
                min_unit_age_years=min_age,
                judges=judges,
                example_rubric=not no_rubric,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        rubric_note = (
            "tanpa rubrik" if no_rubric else f"rubrik contoh {period.criteria.count()} kriteria"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Periode {period.year} dibuat ({rubric_note}, {len(judges)} juri)."
            )
        )
