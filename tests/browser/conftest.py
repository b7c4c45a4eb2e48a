"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

No browser is downloaded: the tests use the Chromium that `apt-get install chromium`
puts at /usr/bin/chromium (or ``CHROMIUM_PATH``). Without it, or without Playwright,
every test marked ``browser`` is skipped with a message saying how to enable them; with
``REQUIRE_BROWSER=1`` (CI) they fail instead.
"""

import datetime
import importlib.util
import io
import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from villages.activities import add_photos
from villages.activity_forms import clean_photo
from villages.models import Activity, ActivityCategory, Agency, KampungKB, UnitData

from . import FAVICON_PATH, MONTH_FIGURES, SCREENS, assert_fits_width, jpeg_bytes

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
MISSING_MESSAGE = (
    f"Chromium tidak ditemukan di {CHROMIUM_PATH}: pasang dengan `apt-get install chromium` "
    "untuk menjalankan uji peramban."
)
# Headless as root on a closed network: no sandbox, no GPU, and nothing that phones home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "360px": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
KADER_PASSWORD = "kader-jenggot-2025"


def browser_available():
    return Path(CHROMIUM_PATH).is_file() and all(
        importlib.util.find_spec(name) for name in ("playwright", "axe_playwright_python")
    )


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    # With `pytest -n ... --dist loadgroup` (make test) each module's tests run in one
    # worker, which starts Chromium once for them; the modules spread over the workers.
    for item in browser_items:
        item.add_marker(pytest.mark.xdist_group(f"browser-{item.module.__name__}"))
    if browser_available() or os.environ.get("REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=MISSING_MESSAGE)
    for item in browser_items:
        item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Playwright's sync API keeps an asyncio event loop running on the main thread, so
    Django takes the test's own ORM calls (fixtures, assertions, the flush afterwards) for
    calls from async code and refuses them. They are plain synchronous calls, and the live
    server answers from its own thread. Allowed around each browser test only, setup and
    teardown included: set for the whole session it would reach `check --deploy`
    (async.E001) in the tests that run after."""
    if not item.get_closest_marker("browser"):
        return (yield)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Per module, not per session: while Playwright runs, its event loop makes Django refuse
# ORM calls on the main thread, and other transactional tests run right after these.
@pytest.fixture(scope="module")
def browser():
    if not browser_available():
        pytest.fail(f"REQUIRE_BROWSER=1, tetapi {MISSING_MESSAGE}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def pekalongan_live(transactional_db):
    """The 27 units, committed so the live server's thread sees them: the test database
    holds them from its setup, and after each transactional test's flush they are put
    back (tests/conftest.py). Emptying tables sends no signal, so pages cached by an
    earlier test are dropped here.
    """
    for cache in caches.all():
        cache.clear()


class BrowserPage:
    """A page in its own browser context, keeping every console error and uncaught
    exception. A resource the Content-Security-Policy blocks shows up as a console error.
    Wrap the page before its first ``goto``."""

    def __init__(self, page):
        self.page = page
        self.context = page.context
        self.errors = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _on_console(self, message):
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith(FAVICON_PATH):
            self.errors.append(f"console: {message.text} ({url})")

    def assert_no_errors(self):
        assert self.errors == [], "\n".join(self.errors)

    def assert_fits_width(self, width):
        assert_fits_width(self.page, width)


@pytest.fixture
def open_page(browser, live_server, pekalongan_live):
    """Opens a fresh page on the live server at a viewport, "360px" or "desktop"."""
    contexts = []

    def open_at(viewport):
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", **VIEWPORTS[viewport]
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return BrowserPage(context.new_page())

    yield open_at
    for context in contexts:
        context.close()


@pytest.fixture
def jenggot_with_content(pekalongan_live):
    """Jenggot with a description, an activity with a real photo, and two months of data,
    so its public page shows every section, the gallery and the charts. Returns the
    activity."""
    unit = KampungKB.objects.get(slug="jenggot")
    unit.description = "Kampung KB percontohan di Pekalongan Selatan."
    unit.save()
    activity = Activity.objects.create(
        unit=unit,
        title="Penyuluhan BKB di balai RW 03",
        date=datetime.date(2025, 3, 8),
        category=ActivityCategory.BKB,
        description="Penyuluhan pengasuhan balita untuk 40 keluarga.",
    )
    activity.agencies.set(Agency.objects.filter(name__in=["Puskesmas", "TP PKK"]))
    upload = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    add_photos(activity, [clean_photo(upload)], "Kader BKB menyampaikan materi")
    for month in (1, 2):
        UnitData.objects.create(unit=unit, year=2025, month=month, **MONTH_FIGURES)
    return activity


@pytest.fixture
def kader_siti(pekalongan_live):
    """A kader of Jenggot, created the way staff create one: with `add_user`."""
    call_command(
        "add_user",
        "siti",
        "--role",
        "kader",
        "--kampung",
        "jenggot",
        "--password",
        KADER_PASSWORD,
        stdout=io.StringIO(),
    )
    return "siti", KADER_PASSWORD


@pytest.fixture
def demo_site(pekalongan_live, settings):
    """The training site: Pekalongan's reference data and the demo content (DEMO=1)."""
    settings.DEMO = True
    call_command("load_demo_data", stdout=io.StringIO())


LOCALES = {"id": "id-ID", "en": "en-US"}


@pytest.fixture
def screen(browser, live_server):
    """``screen(width, language="id")``: a new page on one of SCREENS, in the language the
    switcher's cookie chooses (the portal ignores the browser's own language)."""
    contexts = []

    def open_at(width, language="id"):
        context = browser.new_context(
            base_url=live_server.url, locale=LOCALES[language], **SCREENS[width]
        )
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()
