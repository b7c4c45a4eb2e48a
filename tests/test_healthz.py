import pytest
from django.db import connections


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    good = connections["default"]
    settings = dict(good.settings_dict)
    if good.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-folder/kampungkb.sqlite3"
    else:
        settings.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    unreachable = good.__class__(settings, "default")
    connections["default"] = unreachable
    try:
        response = client.get("/healthz")
    finally:
        connections["default"] = good
        unreachable.close()
    assert response.status_code == 503


@pytest.mark.django_db
def test_pages_answer_503_not_500_while_the_database_is_down(client, settings):
    settings.DEBUG = False
    good = connections["default"]
    broken = dict(good.settings_dict)
    if good.vendor == "sqlite":
        broken["NAME"] = "/nonexistent-folder/kampungkb.sqlite3"
    else:
        broken.update(HOST="127.0.0.1", PORT="1")
    unreachable = good.__class__(broken, "default")
    connections["default"] = unreachable
    try:
        response = client.get("/kampung/")
    finally:
        connections["default"] = good
        unreachable.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Layanan sedang tidak tersedia" in response.content.decode()
