"""Whole public pages kept in the cache and invalidated by the saves that change them.

Views opt in with `cache_page(*tags)` (and `add_tags` for tags known only inside the
view); each app registers, in its `AppConfig.ready()`, the models whose saves bump its
tags (`register`, `register_m2m`). See `pagecache.cache` for how it works.
"""

from .cache import add_tags, bump, bump_on_commit, cache_page
from .registry import register, register_m2m

__all__ = ["add_tags", "bump", "bump_on_commit", "cache_page", "register", "register_m2m"]
