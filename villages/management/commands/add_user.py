import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from villages.accounts import create_user
from villages.models import KampungKB
from villages.permissions import KADER, ROLES


class Command(BaseCommand):
    help = "Membuat akun portal dengan peran staf, juri, atau kader."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument(
            "--kampung", nargs="+", default=[], metavar="SLUG", help="Kampung KB (untuk kader)"
        )
        parser.add_argument("--password", help="tanpa opsi ini kata sandi ditanyakan")
        parser.add_argument("--email", default="")

    def handle(self, username, role, kampung, password, email, **options):
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"Pengguna {username!r} sudah ada.")
        units = list(KampungKB.objects.filter(slug__in=kampung))
        unknown = sorted(set(kampung) - {unit.slug for unit in units})
        if unknown:
            raise CommandError(f"Kampung KB tidak dikenal: {', '.join(unknown)}")
        if role == KADER and not units:
            raise CommandError("Kader harus terikat pada minimal satu Kampung KB (--kampung).")
        if password is None:
            password = self.ask_password()
        try:
            validate_password(password, get_user_model()(username=username, email=email))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        create_user(username, role, password=password, units=units, email=email)
        self.stdout.write(self.style.SUCCESS(f"Akun {username} ({role}) dibuat."))

    def ask_password(self):
        password = getpass.getpass("Kata sandi: ")
        if password != getpass.getpass("Ulangi kata sandi: "):
            raise CommandError("Kata sandi tidak sama.")
        return password
