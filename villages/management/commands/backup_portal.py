import io
import os
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# The archive holds password hashes, e-mail addresses, NIP numbers and judges' notes:
# readable and writable by its owner only.
ARCHIVE_MODE = 0o600

# Rebuilt by migrate or only meaningful on the running server.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class Command(BaseCommand):
    help = (
        "Mencadangkan seluruh data portal (basis data sebagai JSON dan berkas media) ke satu "
        "arsip .tar.gz yang dapat dipulihkan dengan restore_portal di basis data apa pun."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="berkas tujuan, misalnya cadangan-2025-05-01.tar.gz")

    def handle(self, archive, **options):
        data = io.StringIO()
        call_command(
            "dumpdata",
            *[f"--exclude={label}" for label in EXCLUDED],
            "--natural-foreign",
            "--natural-primary",
            indent=None,
            stdout=data,
        )
        payload = data.getvalue().encode("utf-8")
        media_root = Path(settings.MEDIA_ROOT)
        media_files = 0
        # Written beside the target and renamed when complete: never a half archive, and
        # never readable by others, not even while it is written.
        partial = f"{archive}.part"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, ARCHIVE_MODE)
        try:
            os.fchmod(descriptor, ARCHIVE_MODE)
            with (
                os.fdopen(descriptor, "wb") as handle,
                tarfile.open(fileobj=handle, mode="w:gz") as tar,
            ):
                info = tarfile.TarInfo("data.json")
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
                if media_root.is_dir():
                    for path in sorted(media_root.rglob("*")):
                        if path.is_file():
                            tar.add(path, arcname=f"media/{path.relative_to(media_root)}")
                            media_files += 1
            os.replace(partial, archive)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan ditulis ke {archive} ({media_files} berkas media), mode 0600: "
                "hanya pemiliknya yang dapat membaca."
            )
        )


def extract_data(archive):
    """The JSON dump and a folder holding the media files of an archive made above."""
    folder = Path(tempfile.mkdtemp(prefix="kampungkb-restore-"))
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(folder, filter="data")
    return folder / "data.json", folder / "media"
