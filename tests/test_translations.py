"""The English translation: the committed catalogue is complete and compiled, and the
language switcher changes the language only when a visitor asks for it."""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"  # %s, %d, %%
    r"|\{[^{}]*\}"  # {} and {name}
)
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|&#?\w+;")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE / "django.po"))


def catalogue_entries(entries):
    """(msgctxt, msgid, msgid_plural) -> translation, as msgfmt compiles them."""
    compiled = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            translation = tuple(sorted(entry.msgstr_plural.items()))
            complete = all(form for _, form in translation)
        else:
            translation = entry.msgstr
            complete = bool(translation)
        if complete:  # msgfmt leaves untranslated entries out
            compiled[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = translation
    return compiled


def translations_of(entry):
    if entry.msgid_plural:
        return [
            (entry.msgid if n == 0 else entry.msgid_plural, s)
            for n, s in entry.msgstr_plural.items()
        ]
    return [(entry.msgid, entry.msgstr)]


def test_compiled_mo_file_matches_the_po_file(po):
    mo = polib.mofile(str(CATALOGUE / "django.mo"))

    assert catalogue_entries(po)
    assert catalogue_entries(mo) == catalogue_entries(po)


def test_po_file_has_no_untranslated_or_fuzzy_entries(po):
    assert not po.metadata_is_fuzzy
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


def test_po_file_declares_english_with_two_plural_forms(po):
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_translations_keep_every_placeholder(po):
    changed = [
        (source, translation)
        for entry in po
        if not entry.obsolete
        for source, translation in translations_of(entry)
        if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(translation))
    ]

    assert changed == []


def test_translations_keep_the_html_of_their_msgid(po):
    changed = [
        (source, translation)
        for entry in po
        if not entry.obsolete
        for source, translation in translations_of(entry)
        if Counter(MARKUP.findall(source)) != Counter(MARKUP.findall(translation))
    ]

    assert changed == []


# xgettext copies \u201c-style escapes in Python strings into the msgid literally, and
# such an entry never matches at runtime: write the characters themselves.
def test_no_msgid_holds_an_escape_the_code_never_passes(po):
    escaped = [
        (entry.msgid, entry.occurrences)
        for entry in po
        if not entry.obsolete and re.search(r"\\[uUxN]", entry.msgid)
    ]

    assert escaped == []


class _Switcher(HTMLParser):
    """The language switcher in a page: its label and its links."""

    def __init__(self):
        super().__init__()
        self.nav = None
        self.label = ""
        self.links = []
        self._inside = False
        self._in_label = False
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "language-switcher" in (attrs.get("class") or ""):
            self._inside = True
            self.nav = attrs
        elif self._inside and tag == "a":
            self.links.append({**attrs, "text": ""})
            self._in_link = True
        elif self._inside and attrs.get("id") == self.nav.get("aria-labelledby"):
            self._in_label = True

    def handle_data(self, data):
        if self._in_label:
            self.label += data
        elif self._in_link:
            self.links[-1]["text"] += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self._inside = False
        elif tag == "a" and self._in_link:
            self._in_link = False
        elif self._in_label:
            self._in_label = False


def switcher_on(response):
    switcher = _Switcher()
    switcher.feed(response.content.decode())
    assert switcher.nav is not None, "no language switcher on the page"
    return switcher


def link_to(switcher, language):
    return next(link for link in switcher.links if link["lang"] == language)


def switch_language(client, page, language):
    """Follow the switcher's link on `page` as a browser would."""
    return client.get(link_to(switcher_on(client.get(page)), language)["href"])


@pytest.fixture
def browser(db):
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_switcher_is_a_labelled_list_of_links_to_each_language(client):
    page = reverse("villages:kampung-list") + "?q=jenggot&kecamatan=pekalongan-barat"
    switcher = switcher_on(client.get(page))

    assert switcher.label.strip() == "Bahasa / Language:"
    assert [(link["lang"], link["hreflang"], link["text"]) for link in switcher.links] == [
        ("id", "id", "Bahasa Indonesia"),
        ("en", "en", "English"),
    ]
    assert link_to(switcher, "en")["href"] == (
        reverse("switch-language", args=["en"])
        + "?next=/kampung/%3Fq%3Djenggot%26kecamatan%3Dpekalongan-barat"
    )
    assert link_to(switcher, "id").get("aria-current") == "true"
    assert "aria-current" not in link_to(switcher, "en")


@pytest.mark.django_db
def test_public_pages_carry_no_form_for_the_switcher(client):
    html = client.get(reverse("villages:kampung-list")).content.decode()

    assert "csrfmiddlewaretoken" not in html
    assert "/i18n/setlang/" not in html


def test_home_page_is_indonesian_even_when_the_browser_asks_for_english(pekalongan, client):
    response = client.get(reverse("villages:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()

    assert '<html lang="id">' in html
    assert "Langsung ke konten utama" in html
    assert "Daftar Kampung KB" in html
    assert "Skip to main content" not in html


def test_home_page_is_english_with_the_language_cookie(pekalongan, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("villages:home"))
    html = response.content.decode()

    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "Skip to main content" in html
    assert "List of Kampung KB" in html
    assert "Quality Family Village" in html
    assert "27 Kampung KB in each kecamatan" in html
    assert "Langsung ke konten utama" not in html


def test_switching_to_english_sets_the_cookie_and_returns_to_the_same_page(pekalongan, browser):
    page = reverse("villages:kampung-list") + "?kecamatan=pekalongan-barat&q=a"

    response = switch_language(browser, page, "en")

    assert response.status_code == 302
    assert response["Location"] == page
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = browser.get(page).content.decode()
    assert '<html lang="en">' in html
    assert "Filter Kampung KB" in html
    assert link_to(switcher_on(browser.get(page)), "en").get("aria-current") == "true"


def test_switching_back_to_indonesian_works(pekalongan, browser):
    switch_language(browser, reverse("villages:home"), "en")

    response = switch_language(browser, reverse("villages:home"), "id")

    assert response.status_code == 302
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    html = browser.get(reverse("villages:home")).content.decode()
    assert '<html lang="id">' in html
    assert "Langsung ke konten utama" in html
    switcher = switcher_on(browser.get(reverse("villages:home")))
    assert link_to(switcher, "id").get("aria-current") == "true"


def test_the_language_cookie_is_the_one_djangos_set_language_sets(db, client, rf):
    from django.views.i18n import set_language

    ours = client.get(reverse("switch-language", args=["en"]), {"next": "/"})
    djangos = set_language(rf.post("/", {"language": "en", "next": "/"}))

    name = settings.LANGUAGE_COOKIE_NAME
    assert ours.cookies[name].output() == djangos.cookies[name].output()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/kampung/",
        "http://evil.example",
        "javascript:alert(1)",
        "",
    ],
)
def test_switching_never_leads_to_another_site(db, client, next_url):
    response = client.get(reverse("switch-language", args=["en"]), {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == reverse("villages:home")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_language_is_not_found_and_sets_no_cookie(db, client):
    response = client.get(reverse("switch-language", args=["fr"]), {"next": "/"})

    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_switching_only_answers_get_and_is_never_cached(db, client):
    url = reverse("switch-language", args=["en"])

    assert client.post(url, {"next": "/"}).status_code == 405
    assert "no-store" in client.get(url, {"next": "/"})["Cache-Control"]


def test_a_signed_in_kader_switches_the_workspace_to_english(kader_jenggot, login):
    client = login(kader_jenggot)

    response = switch_language(client, reverse("manage:dashboard"), "en")

    assert response["Location"] == reverse("manage:dashboard")
    assert "Kampung KB you manage" in client.get(reverse("manage:dashboard")).content.decode()


def test_workspace_is_english_for_a_kader_who_chose_english(kader_jenggot, login):
    client = login(kader_jenggot)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("manage:dashboard")).content.decode()

    assert '<html lang="en">' in html
    assert "Log out" in html
    assert "Kampung KB you manage" in html


def test_unknown_language_in_the_cookie_falls_back_to_indonesian(pekalongan, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = client.get(reverse("villages:home")).content.decode()

    assert '<html lang="id">' in html


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_cached_public_page_is_kept_apart_per_language(pekalongan, page_cache_on):
    indonesian, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = reverse("villages:home")

    indonesian.get(home)
    html = english.get(home).content.decode()

    assert '<html lang="en">' in html
    assert '<html lang="id">' in Client().get(home).content.decode()


def test_switcher_works_on_a_page_served_from_the_page_cache(pekalongan, page_cache_on):
    home = reverse("villages:home")
    Client().get(home)
    visitor = Client(enforce_csrf_checks=True)

    response = switch_language(visitor, home, "en")

    assert response.status_code == 302
    assert response["Location"] == home
    assert visitor.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in visitor.get(home).content.decode()


def test_pages_and_feeds_chosen_by_the_language_cookie_say_they_vary_by_cookie(pekalongan, client):
    """An outside walk found the Atom feed in English or Indonesian by cookie, without
    Vary: Cookie, so a shared cache could hand one language to everyone."""
    for url in ("/kegiatan/feed/", "/data/kampung-kb.csv", "/"):
        response = client.get(url)
        assert "Cookie" in response["Vary"], url
