"""Shared fixtures.

The reference data (`load_pekalongan`: the region tree, the 27 Kampung KB and the known
competition results) is loaded once per test database, in `django_db_setup`, not once
per test: loading it took about 0.3 s and most tests need it. Every `db` test runs in a
transaction that is rolled back, so a test that changes the reference data leaves a
clean copy for the next one. A transactional test (`transactional_db`, `live_server`,
`django_db(transaction=True)`) commits and is flushed afterwards, so after it the
database is put back as it was set up (`pytest_runtest_teardown`). Tests that need the
database as migrations leave it, before the reference data, ask for `empty_db`.
"""

import csv
import io
from collections import defaultdict

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from villages.management.commands.load_pekalongan import REGION_CSV

# The models `load_pekalongan` fills, the whole database right after it (as JSON), and
# pytest-django's database blocker.
_reference = {"models": [], "snapshot": None, "blocker": None}


def load_pekalongan():
    call_command("load_pekalongan", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    _reference["blocker"] = django_db_blocker
    with django_db_blocker.unblock():
        filled_before = {model for model in _tables() if model._base_manager.exists()}
        load_pekalongan()
        _reference["models"] = [
            model
            for model in _tables()
            if model not in filled_before and model._base_manager.exists()
        ]
        _reference["snapshot"] = connection.creation.serialize_db_to_string()


def _tables():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _flushes_database(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & set(fixtures)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put the database back as it was set up. Not
    after the last test: the test database is already gone."""
    try:
        return (yield)
    finally:
        if nextitem is not None and _reference["snapshot"] and _flushes_database(item):
            with _reference["blocker"].unblock():
                _restore_snapshot()


def _restore_snapshot():
    """What `deserialize_db_from_string` does, in one INSERT per table instead of two
    queries per row. Like a transactional test's own flush, it keeps the sequences past
    the snapshot's ids, and skips post_migrate: content types and permissions come back
    from the snapshot with their own ids."""
    call_command(
        "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
    )
    rows, links = defaultdict(list), defaultdict(list)
    for deserialized in serializers.deserialize("json", _reference["snapshot"]):
        instance = deserialized.object
        rows[type(instance)].append(instance)
        for name, targets in (deserialized.m2m_data or {}).items():
            field = type(instance)._meta.get_field(name)
            through = field.remote_field.through
            links[through].extend(
                through(**{field.m2m_column_name(): instance.pk, field.m2m_reverse_name(): pk})
                for pk in targets
            )
    # Foreign keys are checked at commit, so the order of the tables does not matter.
    with transaction.atomic():
        for model, instances in [*rows.items(), *links.items()]:
            model._base_manager.bulk_create(instances)


@pytest.fixture
def pekalongan(db):
    """Kota Pekalongan's 4 kecamatan, 27 kelurahan and 27 Kampung KB, as `make run` loads
    them: already in the test database (see above)."""


@pytest.fixture
def empty_db(db):
    """The database as migrations leave it, without the reference data. Rolled back (or,
    in a transactional test, put back) afterwards like any other change."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in _reference["models"]:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@pytest.fixture
def jenggot(pekalongan):
    from villages.models import KampungKB

    return KampungKB.objects.get(slug="jenggot")


@pytest.fixture
def bandengan(pekalongan):
    from villages.models import KampungKB

    return KampungKB.objects.get(slug="bandengan")


@pytest.fixture
def kelurahan_rows():
    with open(REGION_CSV, newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["tingkat"] == "kelurahan"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: no login failures or reset requests counted
    (portal.throttle) by an earlier test from the same test client address, and no page
    stored by one."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Indonesian: a request with the English cookie activates English
    for the rest of the thread, which would leak into whatever test runs next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


PASSWORD = "rahasia-kampung-123"


def make_pdf(pages=1, javascript=None):
    """A real PDF (pypdf writes it), as an upload would be: blank pages, and optionally a
    script run when it opens."""
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if javascript:
        writer.add_open_action(JavaScript(javascript))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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
