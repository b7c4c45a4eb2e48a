from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def or_not_filled(value):
    """The value, or a visible "belum diisi" marker for a profile field nobody filled in."""
    if value in (None, ""):
        return format_html('<span class="not-filled">{}</span>', _("belum diisi"))
    return value
