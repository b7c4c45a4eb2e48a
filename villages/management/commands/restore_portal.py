import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from villages.models import KampungKB

from .backup_portal import extract_data


class Command(BaseCommand):
    help = (
        "Memulihkan arsip dari backup_portal ke basis data kosong (sudah dimigrasi) dan "
        "mengembalikan berkas media."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, archive, **options):
        if KampungKB.objects.exists():
            raise CommandError(
                "Basis data tujuan tidak kosong. Pulihkan ke basis data baru yang sudah "
                "dimigrasi (python manage.py migrate) agar tidak ada data yang tertimpa."
            )
        data_file, media = extract_data(archive)
        with transaction.atomic():
            call_command("loaddata", str(data_file), verbosity=0)
        copied = 0
        if media.is_dir():
            media_root = Path(settings.MEDIA_ROOT)
            for path in media.rglob("*"):
                if path.is_file():
                    target = media_root / path.relative_to(media)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
                    copied += 1
        shutil.rmtree(data_file.parent, ignore_errors=True)
        self.stdout.write(self.style.SUCCESS(f"Data dipulihkan; {copied} berkas media disalin."))
