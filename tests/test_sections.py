"""The registry through which other apps add sections to the pages villages owns."""

import pytest
from django.template import Context, Engine
from django.test import RequestFactory

from villages import sections
from villages.sections import SectionRegistry


@pytest.fixture
def registry():
    return SectionRegistry()


def test_sections_come_in_order_and_a_none_context_leaves_one_out(registry):
    registry.register(sections.UNIT_PAGE, "b", "b.html", lambda request, unit: {"n": unit})
    registry.register(sections.UNIT_PAGE, "a", "a.html", lambda request, unit: None, order=1)
    registry.register(sections.UNIT_PAGE, "c", "c.html", lambda request, unit: {}, order=1)

    built = registry.sections_for(sections.UNIT_PAGE, RequestFactory().get("/"), unit=7)

    assert [(section.name, section.context) for section in built] == [("c", {}), ("b", {"n": 7})]


def test_registering_a_name_again_replaces_the_section(registry):
    registry.register(sections.HOME, "x", "old.html", lambda request: {})
    registry.register(sections.HOME, "x", "new.html", lambda request: {})

    assert [section.template for section in registry.sections(sections.HOME)] == ["new.html"]


def test_an_unknown_slot_is_refused(registry):
    with pytest.raises(ValueError, match="sidebar"):
        registry.register("sidebar", "x", "x.html", lambda request: {})


def test_a_slot_reads_each_page_cache_tag_of_its_sections_once(registry):
    registry.register(sections.HOME, "a", "a.html", dict, page_cache_tags=("t1", "t2"))
    registry.register(sections.HOME, "b", "b.html", dict, page_cache_tags=("t2",))

    assert registry.page_cache_tags(sections.HOME) == ("t1", "t2")
    assert registry.page_cache_tags(sections.DASHBOARD) == ()


def test_render_sections_gives_each_template_only_its_own_context_and_the_csrf_token():
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {"section.html": "[{{ word }}|{{ csrf_token }}|{{ secret }}]"},
            )
        ],
        libraries={"portal": "villages.templatetags.portal"},
    )
    built = [
        sections.RenderedSection("one", "section.html", {"word": "satu"}),
        sections.RenderedSection("two", "section.html", {"word": "<dua>"}),
    ]
    template = engine.from_string("{% load portal %}{% render_sections built %}")

    html = template.render(Context({"built": built, "secret": "rahasia", "csrf_token": "tkn"}))

    assert html == "[satu|tkn|][&lt;dua&gt;|tkn|]"


def test_evaluations_and_competitions_fill_the_unit_page_and_the_home_page():
    assert [section.name for section in sections.registry.sections(sections.UNIT_PAGE)] == [
        "evaluation-results",
        "competition-achievements",
    ]
    assert [section.name for section in sections.registry.sections(sections.HOME)] == [
        "latest-results",
        "running-selection",
    ]


def test_the_list_offers_villages_sorts_and_the_score_evaluations_adds():
    assert [sort.key for sort in sections.unit_sorts.sorts()] == ["nama", "terbaru", "nilai"]
    assert sections.unit_sorts.get("nilai").page_cache_tags == ("published-results",)
    assert sections.unit_sorts.page_cache_tags() == ("published-results",)


def test_a_unit_sort_registers_and_unregisters_by_key():
    registry = sections.UnitSortRegistry()
    registry.register("b", "B", lambda units: units, position=2)
    registry.register("a", "A", lambda units: units, position=1, page_cache_tags=("t",))

    assert [sort.key for sort in registry.sorts()] == ["a", "b"]
    registry.unregister("a")
    assert registry.get("a") is None
    assert registry.page_cache_tags() == ()
