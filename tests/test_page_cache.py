"""Public pages cached whole (the pagecache app) and invalidated by every save that
changes what they show. Real commits (transactional database), real views and templates,
with the memory cache and, where Redis answers, the shared Redis cache."""

import datetime
import os
import uuid

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.test import Client, override_settings

from pagecache import cache as page_cache
from tests.conftest import PASSWORD
from tests.reports import complete
from villages.models import Activity, BoardMember, KampungKB, Kecamatan, UnitData

UNIT_PAGE = "/kampung/jenggot/"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def _locmem():
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pc"}


def _redis():
    if not redis_answers():
        pytest.skip("Redis tidak menjawab di 127.0.0.1:6379.")
    return {"BACKEND": "pagecache.backends.RedisCache", "LOCATION": REDIS_URL}


@pytest.fixture(params=["locmem", "redis"])
def page_caching(request, transactional_db):
    """The page cache on for 60 s, in a cache of its own (its own key prefix in Redis, so
    test runs side by side never read each other's pages)."""
    backend = _locmem() if request.param == "locmem" else _redis()
    backend["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES={"default": backend}, PAGE_CACHE_SECONDS=60):
        yield


@pytest.fixture
def visitor():
    return Client()


def page(client, url=UNIT_PAGE):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def jenggot():
    return KampungKB.objects.get(slug="jenggot")


def test_a_cached_page_is_served_without_touching_the_database(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    first = page(visitor)
    with django_assert_num_queries(0):
        assert page(visitor) == first


def test_a_kader_profile_save_shows_on_the_next_public_visit(
    page_caching, pekalongan, kader_jenggot, visitor
):
    assert "Kampung batik yang rukun" not in page(visitor)
    kader = Client()
    kader.post("/akun/masuk/", {"username": "kader_jenggot", "password": PASSWORD})
    response = kader.post(
        "/kelola/kampung/jenggot/profil/gambaran/",
        {"description": "Kampung batik yang rukun.", "krppa_linkage": ""},
    )
    assert response.status_code == 302
    assert "Kampung batik yang rukun" in page(visitor)


def test_a_new_activity_shows_on_the_unit_page_and_the_home_page(
    page_caching, pekalongan, visitor
):
    assert "Senam lansia bersama" not in page(visitor)
    assert "Senam lansia bersama" not in page(visitor, "/")
    Activity.objects.create(
        unit=jenggot(),
        title="Senam lansia bersama",
        date=datetime.date.today(),
        category="bkl",
    )
    assert "Senam lansia bersama" in page(visitor)
    assert "Senam lansia bersama" in page(visitor, "/")


def test_board_and_figures_saves_show_on_the_unit_page(page_caching, pekalongan, visitor):
    assert "Bu Sri Rahayu" not in page(visitor)
    BoardMember.objects.create(unit=jenggot(), name="Bu Sri Rahayu", role="ketua")
    assert "Bu Sri Rahayu" in page(visitor)
    before = page(visitor)
    UnitData.objects.create(unit=jenggot(), year=2024, **complete(couples=1234, active_users=1000))
    after = page(visitor)
    assert after != before
    assert "1.234" in after or "1234" in after


def test_deleting_an_activity_removes_it_from_the_cached_pages(page_caching, pekalongan, visitor):
    activity = Activity.objects.create(
        unit=jenggot(), title="Posyandu remaja", date=datetime.date.today(), category="pikr"
    )
    assert "Posyandu remaja" in page(visitor)
    activity.delete()
    assert "Posyandu remaja" not in page(visitor)


def test_renaming_a_kecamatan_shows_on_the_list_and_unit_pages(page_caching, pekalongan, visitor):
    unit = jenggot()
    assert "Kecamatan Batik Raya" not in page(visitor, "/kampung/")
    assert "Batik Raya" not in page(visitor)
    kecamatan = Kecamatan.objects.get(pk=unit.kelurahan.kecamatan_id)
    kecamatan.name = "Batik Raya"
    kecamatan.save()
    assert "Batik Raya" in page(visitor, "/kampung/")
    assert "Batik Raya" in page(visitor)


def test_a_save_while_the_page_renders_is_shown_on_the_next_visit(
    page_caching, pekalongan, visitor, monkeypatch
):
    from villages.views import public

    real_figures_context = public.figures_context

    def figures_context_with_a_save_meanwhile(unit, **options):
        # The board was already read for this page when the kader's save commits.
        BoardMember.objects.create(unit=unit, name="Pak Tono Saat Render", role="ketua")
        return real_figures_context(unit, **options)

    monkeypatch.setattr(public, "figures_context", figures_context_with_a_save_meanwhile)
    assert "Pak Tono Saat Render" not in page(visitor)
    monkeypatch.setattr(public, "figures_context", real_figures_context)
    assert "Pak Tono Saat Render" in page(visitor)


def test_publishing_and_reopening_a_period_shows_on_the_unit_page(
    page_caching, pekalongan, visitor
):
    from django.db import transaction

    from evaluations.models import Period, PublishedResult

    assert "Hasil Evaluasi dan Pembinaan" not in page(visitor)
    # As services.publish_period does: the status and the frozen results in one commit.
    with transaction.atomic():
        period = Period.objects.create(
            year=2024, name="Evaluasi Uji 2024", status=Period.Status.PUBLISHED
        )
        PublishedResult.objects.bulk_create(
            [PublishedResult(period=period, unit=jenggot(), rank=1, final_score=91, complete=True)]
        )
    assert "Hasil Evaluasi dan Pembinaan" in page(visitor)
    with transaction.atomic():
        period.status = Period.Status.SCORING
        period.save()
        PublishedResult.objects.filter(period=period).delete()
    assert "Hasil Evaluasi dan Pembinaan" not in page(visitor)


def test_a_competition_entry_and_its_stage_show_on_the_unit_page(
    page_caching, pekalongan, visitor
):
    from competitions.models import Entry, EntryStage

    assert "Seleksi berkas uji" not in page(visitor)
    assert "2016 &middot; Tingkat" not in page(visitor)
    entry = Entry.objects.create(unit=jenggot(), year=2016, level="nasional", category="kota")
    assert "2016 &middot; Tingkat" in page(visitor)
    EntryStage.objects.create(entry=Entry.objects.get(pk=entry.pk), name="Seleksi berkas uji")
    assert "Seleksi berkas uji" in page(visitor)


def test_a_national_selection_under_way_shows_on_the_home_page(page_caching, pekalongan, visitor):
    from competitions.models import Entry

    assert "Seleksi tingkat Nasional 2030" not in page(visitor, "/")
    Entry.objects.create(unit=jenggot(), year=2030, level="nasional", category="kota")
    assert "Seleksi tingkat Nasional 2030" in page(visitor, "/")


def test_unpublishing_a_unit_makes_its_cached_page_a_404(page_caching, pekalongan, visitor):
    page(visitor)
    unit = jenggot()
    unit.is_published = False
    unit.save()
    assert visitor.get(UNIT_PAGE).status_code == 404


def test_a_save_to_another_unit_keeps_this_unit_page_cached(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    page(visitor)
    BoardMember.objects.create(
        unit=KampungKB.objects.get(slug="bandengan"), name="Pak Darmo", role="ketua"
    )
    with django_assert_num_queries(0):
        page(visitor)


def test_a_unit_save_shows_even_where_this_process_never_served_the_page(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    """As on another app server: the process learns the page's unit tag from the stored
    entry, so a bump of that tag alone still invalidates it."""
    first = page(visitor)
    page_cache._known_tags.clear()
    with django_assert_num_queries(0):
        assert page(visitor) == first
    page_cache._known_tags.clear()
    BoardMember.objects.create(unit=jenggot(), name="Bu Warsini", role="ketua")
    assert "Bu Warsini" in page(visitor)


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
)


def test_a_cached_page_carries_every_header_of_a_freshly_built_one(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    with override_settings(
        SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
    ):
        fresh = visitor.get(UNIT_PAGE, secure=True)
        with django_assert_num_queries(0):
            cached = visitor.get(UNIT_PAGE, secure=True)

    assert [name for name in SECURITY_HEADERS if not cached.has_header(name)] == []
    assert cached["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert cached["X-Frame-Options"] == "DENY"
    assert cached["X-Content-Type-Options"] == "nosniff"
    assert cached["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in cached["Content-Security-Policy"]
    assert cached["Content-Language"] == "id"
    assert dict(cached.headers) == dict(fresh.headers)
    assert cached.content == fresh.content


def test_security_headers_are_set_for_each_cached_response_not_replayed(
    page_caching, pekalongan, visitor
):
    assert visitor.get(UNIT_PAGE)["X-Frame-Options"] == "DENY"
    with override_settings(X_FRAME_OPTIONS="SAMEORIGIN"):
        assert visitor.get(UNIT_PAGE)["X-Frame-Options"] == "SAMEORIGIN"


def test_public_pages_carry_no_csrf_token_and_set_no_cookie(page_caching, pekalongan, visitor):
    for url in ("/", "/kampung/", UNIT_PAGE):
        fresh, cached = visitor.get(url), visitor.get(url)
        for response in (fresh, cached):
            assert "csrfmiddlewaretoken" not in response.content.decode()
            assert dict(response.cookies) == {}


def test_a_page_that_sets_a_cookie_is_not_stored_for_the_next_visitor(
    page_caching, pekalongan, monkeypatch
):
    from villages.views import public

    real_render = public.render

    def render_with_a_form(request, *args, **kwargs):
        get_token(request)  # as a page with a POST form does
        return real_render(request, *args, **kwargs)

    monkeypatch.setattr(public, "render", render_with_a_form)
    assert "csrftoken" in Client().get(UNIT_PAGE).cookies
    KampungKB.objects.filter(slug="jenggot").update(description="Diubah tanpa sinyal")
    assert "Diubah tanpa sinyal" in page(Client())


def test_a_cached_page_is_served_before_sessions_and_authentication_run(
    page_caching, pekalongan, visitor, monkeypatch
):
    first = page(visitor)

    def must_not_run(middleware, request):
        raise AssertionError(f"{type(middleware).__name__} ran for a cached page")

    monkeypatch.setattr(SessionMiddleware, "process_request", must_not_run)
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", must_not_run)
    assert page(visitor) == first


@pytest.fixture
def cache_reads(monkeypatch):
    """The cache's read methods the portal called, in order (not those a backend's
    get_many calls itself)."""
    backend, reads, depth = caches["default"], [], [0]

    def counting(name):
        real = getattr(backend, name)

        def read(*args, **kwargs):
            if not depth[0]:
                reads.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        return read

    for name in ("get", "get_many", "has_key"):
        monkeypatch.setattr(backend, name, counting(name))
    return reads


def test_a_cached_page_costs_one_cache_read(page_caching, pekalongan, visitor, cache_reads):
    page(visitor)
    cache_reads.clear()
    page(visitor)
    assert cache_reads == ["get_many"]


def test_pages_that_are_never_cached_make_no_cache_read(
    page_caching, pekalongan, visitor, cache_reads, settings
):
    settings.BENCH_ROUTES = True
    assert visitor.get("/bench/baseline").status_code == 200
    assert visitor.get("/akun/masuk/").status_code == 200
    assert visitor.get("/tidak-ada/").status_code == 404
    assert cache_reads == []


def test_a_cached_page_is_refused_to_a_host_not_allowed(page_caching, pekalongan, visitor):
    page(visitor)
    assert visitor.get(UNIT_PAGE, HTTP_HOST="evil.example").status_code == 400


def test_pages_are_built_fresh_while_the_cache_is_down(
    page_caching, pekalongan, visitor, monkeypatch
):
    page(visitor)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(caches["default"], name, down)
    KampungKB.objects.filter(slug="jenggot").update(description="Dibangun tanpa cache")
    assert "Dibangun tanpa cache" in page(visitor)


def test_search_results_are_cached_per_query_string(page_caching, pekalongan, visitor):
    kuripan = page(visitor, "/kampung/?q=kuripan")
    assert page(visitor, "/kampung/?q=jenggot") != kuripan
    assert page(visitor, "/kampung/?q=kuripan") == kuripan


def test_signed_in_users_get_their_own_page_not_the_cached_one(
    page_caching, pekalongan, kader_jenggot, visitor
):
    page(visitor)
    kader = Client()
    kader.force_login(kader_jenggot)
    response = kader.get(UNIT_PAGE)
    assert "Ruang kerja" in response.content.decode()
    assert "Ruang kerja" not in page(visitor)


def test_a_messages_cookie_bypasses_the_cache(page_caching, pekalongan, visitor):
    page(visitor)
    visitor.cookies["messages"] = "anything"
    unit = jenggot()
    KampungKB.objects.filter(pk=unit.pk).update(description="Diubah tanpa sinyal")
    assert "Diubah tanpa sinyal" in page(visitor)


def test_the_cache_is_off_when_page_cache_seconds_is_zero(
    pekalongan, visitor, django_assert_num_queries
):
    with override_settings(PAGE_CACHE_SECONDS=0):
        page(visitor)
        KampungKB.objects.filter(slug="jenggot").update(description="Tanpa cache")
        assert "Tanpa cache" in page(visitor)


def test_a_bumped_tag_that_was_evicted_never_matches_an_old_version(page_caching):
    from django.core.cache import cache

    old = page_cache._versions(["units"])["units"]
    cache.delete("halaman:tag:units")
    assert page_cache._versions(["units"])["units"] > old
    page_cache.bump("units")
    assert page_cache._versions(["units"])["units"] > old + 1


def test_activity_pages_are_cached_and_show_an_edited_activity(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    activity = Activity.objects.create(
        unit=jenggot(), title="Kelas parenting", date=datetime.date.today(), category="bkb"
    )
    list_url = "/kampung/jenggot/kegiatan/"
    detail_url = f"/kampung/jenggot/kegiatan/{activity.pk}/"
    assert "Kelas parenting" in page(visitor, list_url)
    assert "Kelas parenting" in page(visitor, detail_url)
    with django_assert_num_queries(0):
        page(visitor, list_url)
        page(visitor, detail_url)

    activity.title = "Kelas pengasuhan anak"
    activity.save()

    assert "Kelas pengasuhan anak" in page(visitor, list_url)
    assert "Kelas pengasuhan anak" in page(visitor, detail_url)


def test_competition_pages_are_cached_and_show_a_new_stage(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    from competitions.models import Entry, EntryStage

    entry = Entry.objects.create(unit=jenggot(), year=2016, level="nasional", category="kota")
    detail_url = f"/prestasi/{entry.pk}/"
    assert "Seleksi berkas uji" not in page(visitor, detail_url)
    list_before = page(visitor, "/prestasi/")
    with django_assert_num_queries(0):
        page(visitor, "/prestasi/")
        page(visitor, detail_url)

    EntryStage.objects.create(entry=Entry.objects.get(pk=entry.pk), name="Seleksi berkas uji")

    assert "Seleksi berkas uji" in page(visitor, detail_url)
    assert page(visitor, "/prestasi/") != list_before


def test_the_city_activity_list_and_feeds_are_cached_and_show_a_new_activity(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    urls = ["/kegiatan/", "/kegiatan/feed/", "/kampung/jenggot/kegiatan/feed/"]
    for url in urls:
        assert "Kelas parenting" not in page(visitor, url)
    with django_assert_num_queries(0):
        for url in urls:
            page(visitor, url)

    Activity.objects.create(
        unit=jenggot(), title="Kelas parenting", date=datetime.date.today(), category="bkb"
    )

    for url in urls:
        assert "Kelas parenting" in page(visitor, url)
    # The month select offers the new activity's month at once.
    today = datetime.date.today()
    assert f'<option value="{today.year}-{today.month:02}">' in page(visitor, "/kegiatan/")


def test_the_city_activity_list_drops_a_unit_that_is_unpublished(
    page_caching, pekalongan, visitor
):
    Activity.objects.create(
        unit=jenggot(), title="Kelas parenting", date=datetime.date.today(), category="bkb"
    )
    selatan = "/kegiatan/?kecamatan=pekalongan-selatan"
    assert "Kelas parenting" in page(visitor, "/kegiatan/")
    assert 'value="jenggot"' in page(visitor, selatan)
    unit = jenggot()
    unit.is_published = False
    unit.save()
    assert "Kelas parenting" not in page(visitor, "/kegiatan/")
    # Neither offered in the unit select nor its month in the month select any longer.
    html = page(visitor, selatan)
    assert 'value="jenggot"' not in html
    assert f'value="{datetime.date.today():%Y-%m}"' not in html


def test_the_comparison_is_cached_and_shows_a_saved_report(
    page_caching, pekalongan, visitor, django_assert_num_queries
):
    assert "Maret 2025" not in page(visitor, "/perbandingan/")
    with django_assert_num_queries(0):
        page(visitor, "/perbandingan/")

    UnitData.objects.create(unit=jenggot(), year=2025, month=3, **complete(couples=10))

    assert "Maret 2025" in page(visitor, "/perbandingan/")


@pytest.mark.django_db
def test_a_flood_of_page_variants_evicts_pages_only_never_the_login_throttle(
    client, pekalongan, settings
):
    """An outside walk sent 400 requests /peta/?junk=N and the 30-per-address login
    throttle was gone: pages and throttle counts shared one memory cache of 300 entries.
    Pages now have a cache of their own (settings.CACHES["pages"])."""
    from portal import throttle
    from portal.auth_views import LOGIN_FAILURES

    settings.PAGE_CACHE_SECONDS = 60
    for _ in range(5):
        throttle.add(LOGIN_FAILURES, "203.0.113.9", 3600)
    for n in range(400):
        assert client.get(f"/peta/?junk={n}").status_code == 200
    assert throttle.count(LOGIN_FAILURES, "203.0.113.9") == 5
    # The pages went to their own cache, which the flood filled instead.
    stored = [key for key in caches["pages"]._cache if ":halaman:" in key]
    assert stored and not [key for key in caches["default"]._cache if ":halaman:" in key]
