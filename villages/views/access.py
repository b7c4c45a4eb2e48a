"""Loading objects for the /kelola/ workspace through the one permission gate."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import KampungKB
from ..permissions import MANAGE_UNIT


def get_unit_for_manager(request, slug):
    """The unit at ``slug`` if the user may manage it; 404 if none, 403 if not theirs."""
    unit = get_object_or_404(KampungKB.objects.with_region(), slug=slug)
    if not request.user.has_perm(MANAGE_UNIT, unit):
        raise PermissionDenied
    return unit


def require_perm(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
