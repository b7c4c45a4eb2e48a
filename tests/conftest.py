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


PASSWORD = "rahasia-kampung-123"


@pytest.fixture
def make_user(pekalongan):
    """Create a user with a role, bound (for kader) to units given by slug."""
    from villages.accounts import create_user
    from villages.models import KampungKB

    def make(username, role, *slugs):
        units = KampungKB.objects.filter(slug__in=slugs)
        return create_user(username, role, password=PASSWORD, units=units)

    return make


@pytest.fixture
def staf(make_user):
    return make_user("staf1", "staf")


@pytest.fixture
def juri(make_user):
    return make_user("juri1", "juri")


@pytest.fixture
def kader_jenggot(make_user):
    return make_user("kader_jenggot", "kader", "jenggot")


@pytest.fixture
def kader_bandengan(make_user):
    return make_user("kader_bandengan", "kader", "bandengan")


@pytest.fixture
def login(client):
    """Log ``client`` in as a user and return the client."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in
