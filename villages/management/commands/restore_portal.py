import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from villages.models import KampungKB

from .backup_portal import extract_data


def moved_model_labels():
    """Labels an older archive uses for models that have since moved to another app and
    kept their table (the table still names the old app), mapped to today's labels."""
    installed_apps = {config.label for config in apps.get_app_configs()}
    installed_models = {model._meta.label_lower for model in apps.get_models()}
    labels = {}
    for model in apps.get_models():
        old_app, _sep, old_name = model._meta.db_table.partition("_")
        old_label = f"{old_app}.{old_name}"
        if (
            old_app != model._meta.app_label
            and old_app in installed_apps
            and old_label not in installed_models
        ):
            labels[old_label] = model._meta.label_lower
    return labels


def relabel_moved_models(data_file):
    labels = moved_model_labels()
    rows = json.loads(data_file.read_text(encoding="utf-8"))
    moved = [row for row in rows if row.get("model") in labels]
    for row in moved:
        row["model"] = labels[row["model"]]
    if moved:
        data_file.write_text(json.dumps(rows), encoding="utf-8")


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
        relabel_moved_models(data_file)
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
