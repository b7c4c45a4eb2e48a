"""Counting requests per client address or per e-mail address in the cache.

Login failures per address (above django-axes' lock of one username on one address) and
password-reset requests are throttled here. With the default per-process memory cache
each gunicorn worker counts on its own; with Redis (``CACHE_URL``) all count together.
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.core.cache import cache


def client_address(request):
    """The client's address as the lockout sees it (django-ipware through axes)."""
    return get_client_ip_address(request) or "unknown"


def _key(scope, subject):
    digest = hashlib.sha256(str(subject).lower().encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def count(scope, subject):
    return cache.get(_key(scope, subject), 0)


def add(scope, subject, window):
    """One more event for ``subject``; the count expires ``window`` seconds after the first."""
    key = _key(scope, subject)
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1
