"""Loading objects for the /kelola/ workspace through the one permission gate."""

from functools import wraps

from django.contrib.auth.decorators import login_required
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


def permission_required(perm, fn=None):
    """The one permission gate of the workspace views.

    In this order, so an outsider learns nothing: anonymous visitors go to the login page
    (302); `fn(request, *args, **kwargs)`, when given, loads the object the permission is
    about (and may raise 404); a user without `perm` on it gets 403. Method checks
    (`require_POST`...) go under this decorator so they come after it.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def checked(request, *args, **kwargs):
            obj = fn(request, *args, **kwargs) if fn is not None else None
            require_perm(request, perm, obj)
            return view(request, *args, **kwargs)

        checked.required_permission = perm
        return checked

    return decorator
