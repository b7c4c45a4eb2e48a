"""The coaching card of a unit's workspace hub.

``{% load coaching_tags %}{% unit_coaching_card unit %}`` renders a ``<div class="col">``.
"""

from django import template

from ..models import CoachingNote

register = template.Library()


@register.inclusion_tag("evaluations/manage/includes/coaching_card.html")
def unit_coaching_card(unit):
    """How many of the unit's coaching notes still wait for follow-up, and the link."""
    return {"unit": unit, "open_count": CoachingNote.objects.open().filter(unit=unit).count()}
