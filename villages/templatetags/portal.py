from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..sample import SAMPLE_MARKER

register = template.Library()


@register.filter
def or_not_filled(value):
    """The value, or a visible "belum diisi" marker for a profile field nobody filled in."""
    if value in (None, ""):
        return format_html('<span class="not-filled">{}</span>', _("belum diisi"))
    return value


@register.filter
def yes_no(value):
    """A yes/no fact as "Ya" or "Tidak", and None as the "belum diisi" marker."""
    if value is None:
        return or_not_filled(None)
    return _("Ya") if value else _("Tidak")


@register.simple_tag(takes_context=True)
def render_sections(context, sections):
    """The sections `villages.sections.sections_for` built, in order.

    Each template sees only its section's context (and the CSRF token), as an inclusion
    tag's template would.
    """
    csrf_token = context.get("csrf_token")
    html = []
    for section in sections:
        section_context = context.new(section.context)
        if csrf_token is not None:
            section_context["csrf_token"] = csrf_token
        html.append(context.template.engine.get_template(section.template).render(section_context))
    return mark_safe("".join(html))


@register.filter(is_safe=True)
def without_sample_marker(value):
    """The text without the sample-data marker: the title's prefix already says it, in
    the active language. Removes a literal text from escaped output, so nothing new can
    become markup."""
    return mark_safe(str(value).replace(SAMPLE_MARKER, "").replace(SAMPLE_MARKER.strip(), ""))
