"""Sections other apps add to the pages villages owns, without villages knowing them.

An app registers a section in its ``AppConfig.ready()``: a slot (which page and where on
it), a template and a context function. The villages view asks `sections_for` and its
template renders the result in order with ``{% load portal %}{% render_sections ... %}``.

The context function receives the request and the page's objects as keyword arguments
(``unit=`` on the unit page and the unit's workspace hub) and returns the template's
context, or None to leave the section out. A section names the page-cache tags its
content depends on beyond those of the page, so a cached page is rebuilt when they change.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

HOME = "home"
UNIT_PAGE = "unit-page"
DASHBOARD_LINKS = "dashboard-links"
DASHBOARD = "dashboard"
UNIT_HOME = "unit-home"
SLOTS = (HOME, UNIT_PAGE, DASHBOARD_LINKS, DASHBOARD, UNIT_HOME)


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable
    order: int = 100
    page_cache_tags: tuple = ()


@dataclass(frozen=True)
class RenderedSection:
    """One section ready for its template: the template name and its context."""

    name: str
    template: str
    context: dict = field(default_factory=dict)


class SectionRegistry:
    def __init__(self):
        self._slots = {slot: {} for slot in SLOTS}

    def register(self, slot, name, template, context, *, order=100, page_cache_tags=()):
        """Add (or replace, by name) a section of `slot`."""
        if slot not in self._slots:
            raise ValueError(f"Unknown section slot {slot!r}; known: {', '.join(SLOTS)}")
        self._slots[slot][name] = Section(name, template, context, order, tuple(page_cache_tags))

    def unregister(self, slot, name):
        self._slots[slot].pop(name, None)

    def sections(self, slot):
        return sorted(self._slots[slot].values(), key=lambda s: (s.order, s.name))

    def page_cache_tags(self, slot):
        return tuple(dict.fromkeys(tag for s in self.sections(slot) for tag in s.page_cache_tags))

    def sections_for(self, slot, request, **objects):
        """Each section of `slot` with the context its function built, in order."""
        rendered = []
        for section in self.sections(slot):
            context = section.context(request, **objects)
            if context is not None:
                rendered.append(RenderedSection(section.name, section.template, context))
        return rendered


registry = SectionRegistry()
register = registry.register
sections_for = registry.sections_for
page_cache_tags = registry.page_cache_tags


@dataclass(frozen=True)
class UnitSort:
    """One way to order the public list of units: ``order`` takes the KampungKB queryset
    and returns it ordered (annotated in the same query, so a page costs nothing more);
    ``value``, if given, turns a unit of that queryset into the text its card shows under
    ``value_label`` (the score the units are ordered by)."""

    key: str
    label: str
    order: Callable
    position: int = 100
    page_cache_tags: tuple = ()
    value: Callable | None = None
    value_label: str = ""


class UnitSortRegistry:
    """The orders `/kampung/` offers. Villages registers its own (name, latest update);
    another app adds one it owns (the latest published score) from its ``ready()``."""

    def __init__(self):
        self._sorts = {}

    def register(
        self,
        key,
        label,
        order,
        *,
        position=100,
        page_cache_tags=(),
        value=None,
        value_label="",
    ):
        self._sorts[key] = UnitSort(
            key, label, order, position, tuple(page_cache_tags), value, value_label
        )

    def unregister(self, key):
        self._sorts.pop(key, None)

    def sorts(self):
        return sorted(self._sorts.values(), key=lambda s: (s.position, s.key))

    def get(self, key):
        return self._sorts.get(key)

    def page_cache_tags(self):
        return tuple(dict.fromkeys(tag for s in self.sorts() for tag in s.page_cache_tags))


unit_sorts = UnitSortRegistry()
register_unit_sort = unit_sorts.register
