from django import template
from django.urls import reverse

from ..completeness import BOARD, completeness_for
from ..profile_forms import PROFILE_SECTIONS

register = template.Library()


@register.inclusion_tag("manage/profile_card.html")
def unit_profile_card(unit):
    """The unit hub's "Profil" card: each section, whether it is complete, and the percent."""
    completeness = completeness_for([unit])[unit.pk]
    links = [
        {
            "title": section.title,
            "url": reverse("manage:profile-section", args=[unit.slug, section.key]),
            "done": completeness.section_done(section.key),
        }
        for section in PROFILE_SECTIONS.values()
    ]
    return {
        "unit": unit,
        "completeness": completeness,
        "links": links,
        "board_url": reverse("manage:board", args=[unit.slug]),
        "board_done": completeness.section_done(BOARD),
    }
