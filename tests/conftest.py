import csv
import io

import pytest
from django.core.management import call_command

from villages.management.commands.load_pekalongan import REGION_CSV


def load_pekalongan():
    call_command("load_pekalongan", stdout=io.StringIO())


@pytest.fixture
def pekalongan(db):
    """Kota Pekalongan's 4 kecamatan, 27 kelurahan and 27 Kampung KB, as `make run` loads them."""
    load_pekalongan()


@pytest.fixture
def kelurahan_rows():
    with open(REGION_CSV, newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["tingkat"] == "kelurahan"]
