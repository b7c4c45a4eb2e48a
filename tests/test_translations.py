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


class _SwitcherForm(HTMLParser):
    """The fields of the language switcher form in a page."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}
        self.options = []
        self.labels = []
        self._inside = False
        self._label = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "language-switcher" in (attrs.get("class") or ""):
            self._inside = True
            self.action = attrs["action"]
        elif not self._inside:
            return
        elif tag == "input":
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.fields["select"] = attrs
        elif tag == "option":
            self.options.append(attrs)
        elif tag == "label":
            self._label = [attrs.get("for"), ""]

    def handle_data(self, data):
        if self._label is not None:
            self._label[1] += data

    def handle_endtag(self, tag):
        if tag == "label" and self._label is not None:
            self.labels.append(tuple(self._label))
            self._label = None
        elif tag == "form":
            self._inside = False


def switcher_on(response):
    form = _SwitcherForm()
    form.feed(response.content.decode())
    assert form.action is not None, "no language switcher on the page"
    return form


def switch_language(client, page, language):
    """Use the switcher on `page` as a browser would, CSRF token included."""
    form = switcher_on(client.get(page))
    data = {name: value for name, value in form.fields.items() if name != "select"}
    return client.post(form.action, {**data, "language": language})


@pytest.fixture
def browser(db):
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_switcher_is_a_labelled_form_posting_to_set_language(client):
    form = switcher_on(client.get(reverse("villages:kampung-list") + "?q=jenggot"))

    assert form.action == reverse("set_language")
    assert form.fields["next"] == reverse("villages:kampung-list") + "?q=jenggot"
    assert form.fields["select"]["name"] == "language"
    assert (form.fields["select"]["id"], "Bahasa / Language") in form.labels
    assert [(o["value"], o["lang"]) for o in form.options] == [("id", "id"), ("en", "en")]
    assert "selected" in form.options[0]


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
    page = reverse("villages:kampung-list") + "?kecamatan=pekalongan-barat"

    response = switch_language(browser, page, "en")

    assert response.status_code == 302
    assert response["Location"] == page
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = browser.get(page).content.decode()
    assert '<html lang="en">' in html
    assert "Filter Kampung KB" in html


def test_switching_back_to_indonesian_works(pekalongan, browser):
    switch_language(browser, reverse("villages:home"), "en")

    response = switch_language(browser, reverse("villages:home"), "id")

    assert response.status_code == 302
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    html = browser.get(reverse("villages:home")).content.decode()
    assert '<html lang="id">' in html
    assert "Langsung ke konten utama" in html
    assert "selected" in switcher_on(browser.get(reverse("villages:home"))).options[0]


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
    Client().get(reverse("villages:home"))
    visitor = Client(enforce_csrf_checks=True)

    response = switch_language(visitor, reverse("villages:home"), "en")

    assert response.status_code == 302
    assert visitor.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
