from django.core.management.base import BaseCommand, CommandError

from evaluations.models import Period
from evaluations.rubric import import_rubric
from evaluations.score_import import TableImportError


def get_period(year):
    try:
        return Period.objects.get(year=year)
    except Period.DoesNotExist as error:
        raise CommandError(f"Periode {year} tidak ada.") from error


class Command(BaseCommand):
    help = (
        "Mengganti rubrik periode dengan isi berkas CSV atau XLSX "
        "(kolom aspek,kode,nama,bobot,nilai_min,nilai_maks, boleh ditambah deskripsi,panduan)."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, metavar="TAHUN")
        parser.add_argument("file", metavar="BERKAS")

    def handle(self, year, file, **options):
        period = get_period(year)
        try:
            count = import_rubric(period, file)
        except (OSError, TableImportError) as error:
            raise CommandError(error_text(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Rubrik periode {year}: {count} kriteria."))


def error_text(error):
    if isinstance(error, TableImportError):
        return "Tidak ada yang disimpan.\n" + "\n".join(error.errors)
    return f"Berkas tidak bisa dibuka: {error}"
