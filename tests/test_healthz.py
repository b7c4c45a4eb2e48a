from contextlib import contextmanager

import pytest
from django.db import connections


@contextmanager
def database_unreachable():
    """Swap the default connection for one to a database that does not answer."""
    good = connections["default"]
    settings = dict(good.settings_dict)
    if good.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-folder/kampungkb.sqlite3"
    else:
        settings.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    unreachable = good.__class__(settings, "default")
    connections["default"] = unreachable
    try:
        yield
    finally:
        connections["default"] = good
        unreachable.close()


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_pages_answer_503_not_500_while_the_database_is_down(client, settings):
    settings.DEBUG = False
    with database_unreachable():
        response = client.get("/kampung/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Layanan sedang tidak tersedia" in response.content.decode()
