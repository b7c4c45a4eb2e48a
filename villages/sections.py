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
