"""The one permission gate of the /kelola/ workspace views, and the loader of their unit."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import KampungKB


def loaded_once(request, key, load):
    """`load()` the first time this request asks for `key`, so the gate's ``fn`` and the
    view share one query for the object a URL names."""
    loaded = request.__dict__.setdefault("_loaded_once", {})
    if key not in loaded:
        loaded[key] = load()
    return loaded[key]


def unit_in_url(request, slug, **_kwargs):
    """The unit at ``slug`` (404 if none), read once per request: by the gate, then the view.

    Give it to the gate as ``fn`` with ``MANAGE_UNIT`` (or a stricter permission), so the
    unit is loaded only after login and refused with 403 to a user who may not manage it.
    """
    return loaded_once(
        request, "unit", lambda: get_object_or_404(KampungKB.objects.with_region(), slug=slug)
    )


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
