"""Browser tests (Playwright driving Debian's Chromium) and the helpers they share.

Playwright and axe-core's wrapper are imported here, guarded, so these modules still collect
on a machine without them; conftest.py then skips every browser test with a message saying
how to enable them.
"""

import io
import re

from PIL import Image

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError:
    Axe = expect = None

PHONE_WIDTH = 360
# The two screens the public pages are checked on: a phone and a common laptop.
SCREENS = {
    360: {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    1366: {"viewport": {"width": 1366, "height": 768}},
}
# Chromium asks for it on its own; see test_browser_finds_the_site_icon.
FAVICON_PATH = "/favicon.ico"

# One month's figures for a unit, plausible by `villages.figures.data_problems`.
MONTH_FIGURES = {
    "population_male_0_4": 210,
    "population_female_0_4": 198,
    "population_male_5_14": 420,
    "population_female_5_14": 405,
    "population_male_15_24": 380,
    "population_female_15_24": 372,
    "population_male_25_59": 1150,
    "population_female_25_59": 1180,
    "population_male_60_plus": 260,
    "population_female_60_plus": 300,
    "families": 1400,
    "couples": 950,
    "active_users": 620,
    "users_iud": 60,
    "users_mow": 40,
    "users_mop": 5,
    "users_implant": 70,
    "users_injection": 300,
    "users_pill": 100,
    "users_condom": 45,
    "unmet_need": 90,
    "bkb_target": 350,
    "bkb_members": 120,
    "bkr_target": 300,
    "bkr_members": 80,
    "bkl_target": 280,
    "bkl_members": 60,
    "uppka_target": 50,
    "uppka_members": 20,
    "pikr_target": 200,
    "pikr_members": 40,
    "under_fives": 408,
    "stunting_cases": 25,
}


def jpeg_bytes(size=(800, 600), colour=(11, 93, 107)):
    """A real JPEG made by Pillow, as a phone would upload one."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def required(label):
    """Matches a required field's label, to which crispy-forms appends an asterisk."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def log_in(page, username, password):
    """Log in through the real login form and land in the workspace."""
    page.goto("/akun/masuk/")
    page.get_by_label(required("Nama pengguna")).fill(username)
    page.get_by_label(required("Sandi")).fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruang kerja")


def loaded_width(image):
    """The natural width of an <img> once it has loaded (lazy images load when scrolled
    to), or 0 if it failed to load."""
    image.scroll_into_view_if_needed()
    return image.evaluate(
        """image => image.complete ? image.naturalWidth : new Promise(resolve => {
            image.addEventListener("load", () => resolve(image.naturalWidth));
            image.addEventListener("error", () => resolve(0));
        })"""
    )


def assert_fits_width(page, width):
    """No sideways scrolling: the document is no wider than ``width`` CSS pixels.

    On failure, lists the elements that reach past the right edge.
    """
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return
    culprits = page.evaluate(
        """width => [...document.body.querySelectorAll("*")]
            .filter(element => element.getBoundingClientRect().right > width + 0.5)
            .map(element => [element.tagName.toLowerCase(), ...element.classList].join("."))
            .slice(0, 15)""",
        width,
    )
    raise AssertionError(
        f"{page.url} is {scroll_width}px wide on a {width}px screen; "
        f"reaching past the edge: {culprits}"
    )
