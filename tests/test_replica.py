from django.test import RequestFactory

from portal.db import PrimaryReplicaRouter, _reading_from_replica, is_anonymous_read
from tests.test_settings import setting_value
from villages.models import KampungKB

factory = RequestFactory()


def test_anonymous_page_views_may_read_from_the_replica():
    assert is_anonymous_read(factory.get("/kampung/jenggot/"))
    assert is_anonymous_read(factory.head("/"))


def test_signed_in_users_and_writes_stay_on_the_primary():
    with_session = factory.get("/kelola/")
    with_session.COOKIES["sessionid"] = "abc"
    assert not is_anonymous_read(with_session)
    assert not is_anonymous_read(factory.post("/akun/masuk/"))


def test_router_reads_from_the_replica_only_inside_an_anonymous_read():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(KampungKB) == "default"
    token = _reading_from_replica.set(True)
    try:
        assert router.db_for_read(KampungKB) == "replica"
        assert router.db_for_write(KampungKB) == "default"
    finally:
        _reading_from_replica.reset(token)
    assert not router.allow_migrate("replica", "villages")


def test_a_replica_url_adds_the_replica_and_the_router():
    value = setting_value(
        "sorted(settings.DATABASES), settings.DATABASE_ROUTERS",
        DATABASE_REPLICA_URL="postgres://lihat@replika.internal:5432/kampungkb",
    )
    assert value == "['default', 'replica'] ['portal.db.PrimaryReplicaRouter']"


def test_without_a_replica_there_is_one_database():
    assert setting_value("sorted(settings.DATABASES)") == "['default']"
