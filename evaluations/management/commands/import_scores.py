from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from evaluations.score_import import TableImportError, import_scores

from .import_rubric import error_text, get_period


class Command(BaseCommand):
    help = (
        "Mengimpor nilai juri dari berkas CSV atau XLSX "
        "(kolom juri,kelurahan,kriteria,nilai,catatan), semua atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, metavar="TAHUN")
        parser.add_argument("file", metavar="BERKAS")
        parser.add_argument(
            "--oleh", metavar="USERNAME", help="staf yang mengimpor (dicatat di riwayat)"
        )

    def handle(self, year, file, oleh, **options):
        period = get_period(year)
        by = None
        if oleh:
            by = get_user_model().objects.filter(username=oleh).first()
            if by is None:
                raise CommandError(f"Akun tidak dikenal: {oleh}")
        try:
            summary = import_scores(period, file, by=by)
        except PermissionDenied as error:
            raise CommandError(f"{oleh}: {error}") from error
        except (OSError, TableImportError) as error:
            raise CommandError(error_text(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Nilai periode {year}: {summary}"))
