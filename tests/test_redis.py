"""The shared-cache and session settings used when several app servers run, against the
machine's Redis. Skipped where no Redis answers, unless REQUIRE_REDIS=1 (CI sets it)."""

import os
import uuid

import pytest
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import caches
from django.test import override_settings

from tests.conftest import PASSWORD

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_CACHES = {"default": {"BACKEND": "pagecache.backends.RedisCache", "LOCATION": REDIS_URL}}


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


pytestmark = pytest.mark.skipif(
    not redis_answers() and os.environ.get("REQUIRE_REDIS") != "1",
    reason="Redis tidak menjawab di 127.0.0.1:6379; jalankan redis-server untuk uji ini.",
)


@override_settings(CACHES=REDIS_CACHES)
def test_cache_url_setting_stores_values_in_redis():
    import redis

    key = f"kampungkb-test-{uuid.uuid4().hex}"
    caches["default"].set(key, {"unit": "jenggot"}, timeout=30)
    assert caches["default"].get(key) == {"unit": "jenggot"}
    assert any(key in name.decode() for name in redis.Redis.from_url(REDIS_URL).keys("*"))
    caches["default"].delete(key)


@override_settings(CACHES=REDIS_CACHES, SESSION_ENGINE="django.contrib.sessions.backends.cache")
def test_sessions_live_in_redis_so_any_app_server_can_read_them(client, kader_jenggot):
    response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": PASSWORD})
    assert response.status_code == 302
    session_key = client.cookies["sessionid"].value
    assert SessionStore(session_key=session_key).get("_auth_user_id") == str(kader_jenggot.pk)
    assert client.get("/kelola/").status_code == 200


def test_settings_read_cache_url_from_the_environment():
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "CACHE_URL": "redis://127.0.0.1:6379/3",
        "DJANGO_SETTINGS_MODULE": "kampungkb.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "pagecache.backends.RedisCache", result.stderr


@override_settings(CACHES=REDIS_CACHES)
def test_the_redis_cache_builds_one_client_not_one_per_call(monkeypatch):
    import redis

    built = []
    real_init = redis.Redis.__init__

    def counting_init(client, *args, **kwargs):
        built.append(client)
        real_init(client, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    key = f"kampungkb-test-{uuid.uuid4().hex}"
    backend = caches["default"]
    backend.set(key, 1, timeout=30)
    for _ in range(10):
        backend.get(key)
        backend.get_many([key, key + "-x"])
    backend.incr(key)
    backend.delete(key)

    assert len(built) == 1


def test_a_page_cache_hit_is_one_redis_command(pekalongan, monkeypatch):
    import redis
    from django.test import Client

    prefix = f"test-{uuid.uuid4().hex}"
    caches_setting = {"default": {**REDIS_CACHES["default"], "KEY_PREFIX": prefix}}
    with override_settings(CACHES=caches_setting, PAGE_CACHE_SECONDS=60):
        visitor = Client()
        first = visitor.get("/kampung/jenggot/")
        commands = []
        real_execute = redis.Redis.execute_command

        def counting_execute(client, *args, **kwargs):
            commands.append(args[0])
            return real_execute(client, *args, **kwargs)

        monkeypatch.setattr(redis.Redis, "execute_command", counting_execute)
        hit = visitor.get("/kampung/jenggot/")

    assert hit.content == first.content
    assert commands == ["MGET"]
