"""Whole-page caching of public pages, invalidated by the saves that change them.

A cached page is stored under its URL and language together with the versions of the
*tags* it was built from ("units", "unit:42", ...). Every save, delete or many-to-many
change of a model a page shows bumps the tags that model feeds, once the transaction
commits; a cached page whose tag versions are no longer current is built again. So the
next visitor after a save sees it, however long `PAGE_CACHE_SECONDS` is. Each app names
its tags and registers the models that bump them (`pagecache.registry`) from its
`AppConfig.ready()`.

Views opt in with `cache_page(<tags>)`. `PageCacheMiddleware`, placed after the
middlewares that add the security headers and before sessions, authentication and CSRF,
serves a stored page without running the rest of the stack, and stores what a decorated
view answered once the inner middlewares have finished with it.

Only anonymous GET/HEAD requests without a session or messages cookie are served from
or stored in the cache: everyone else may see their own name, messages or forms. A
response that sets a cookie (a CSRF token, a message) belongs to one visitor and is never
stored. The cache is off when `PAGE_CACHE_SECONDS` is 0 (development and tests). With
several app server processes it needs a shared cache (CACHE_URL=redis://...): a
per-process memory cache would only invalidate the process that saved.

Bulk writes that send no signals (`QuerySet.update`, `bulk_create`) do not invalidate;
the portal uses them only for rows no public page shows (draft rubrics, judging).
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

logger = logging.getLogger(__name__)

KEY_PREFIX = "halaman"
# The cache alias of pages and tag versions (settings.CACHES), apart from the default one
# that holds login throttles and sessions; a configuration naming only "default" (some
# tests) keeps everything there.
PAGE_CACHE_ALIAS = "pages"


def _cache():
    return caches[PAGE_CACHE_ALIAS if PAGE_CACHE_ALIAS in settings.CACHES else "default"]


# Tags each stored page was built from, remembered by this process so that a hit reads
# the page and its tag versions in one round trip (a unit page's "unit:<pk>" is only
# known once the page has been built). Bounded: forgetting costs one more round trip.
KNOWN_TAGS_LIMIT = 20_000
_known_tags = {}


def _tag_key(tag):
    return f"{KEY_PREFIX}:tag:{tag}"


def _versions(tags):
    """Current version of each tag; a tag never seen (or evicted) starts at the clock,
    so it can never come back to a version an old cached page was stored with."""
    keys = {_tag_key(tag): tag for tag in tags}
    found = _cache().get_many(keys)
    for key in keys.keys() - found.keys():
        _cache().add(key, time.time_ns(), timeout=None)
        found[key] = _cache().get(key)
    return {keys[key]: value for key, value in found.items()}


def bump(*tags):
    """Invalidate every cached page built from any of `tags`."""
    for tag in tags:
        key = _tag_key(tag)
        try:
            try:
                _cache().incr(key)
            except ValueError:  # evicted: restart at the clock, or bump whoever just did
                if not _cache().add(key, time.time_ns(), timeout=None):
                    _cache().incr(key)
        except Exception:  # a cache outage must not fail the save; pages expire anyway
            logger.exception("page cache: could not bump %s", tag)


def bump_on_commit(*tags):
    # After the commit: a page built between the bump and the commit would show the old
    # rows under the new version.
    transaction.on_commit(lambda: bump(*tags))


def add_tags(request, *tags):
    """Let a view say which tags its page depends on beyond the decorator's.

    Call it as soon as the view knows them: their versions are read here, so what the
    view reads afterwards is covered the same way as for the decorator's tags.
    """
    versions = getattr(request, "_page_cache_versions", None)
    if versions is not None:
        try:
            versions.update(_versions([tag for tag in tags if tag not in versions]))
        except Exception:
            logger.exception("page cache unavailable")
            request._page_cache_versions = None


def is_cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _page_key(request):
    # Hashed: a query string may be longer than a cache key should be.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{KEY_PREFIX}:{translation.get_language()}:{path}"


def cache_page(*tags):
    """Let `PageCacheMiddleware` serve the decorated public view from the cache while
    `tags` (and any the view adds with `add_tags`) are unchanged. Only 200 responses
    that set no cookie are stored."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if getattr(request, "_page_cache_key", None) is not None:
                # Versions read before the view runs: a save during rendering makes the
                # stored page stale at once instead of hiding the save.
                try:
                    request._page_cache_versions = _versions(tags)
                except Exception:
                    logger.exception("page cache unavailable")
            return view(request, *args, **kwargs)

        wrapped.page_cache_tags = tags
        return wrapped

    return decorator


@functools.lru_cache(maxsize=4096)
def _view_tags(urlconf, path):
    """The decorator's tags of the view `path` leads to; None when it is not cached."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_tags", None)


class PageCacheMiddleware:
    """Answer from the page cache before sessions, authentication, CSRF, messages and the
    view run; store what a `cache_page` view answered after they ran.

    Place it after the middlewares that add headers on the way out (security headers,
    X-Frame-Options, the CSP, Content-Language), so a hit carries them exactly as a miss
    does, and after the language middleware, whose choice is part of the key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable(request):
            return self.get_response(request)
        tags = _view_tags(settings.ROOT_URLCONF, request.path_info)
        if tags is None:
            return self.get_response(request)
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it for a miss
        key = _page_key(request)
        try:
            hit = _cached_response(key, tags)
        except Exception:
            logger.exception("page cache unavailable")
            return self.get_response(request)
        if hit is not None:
            return hit
        request._page_cache_key = key
        response = self.get_response(request)
        _store(request, key, response)
        return response


def _cached_response(key, tags):
    """The stored page, if every tag it was built from is still at its stored version."""
    tags = _known_tags.get(key, tags)
    tag_keys = {_tag_key(tag): tag for tag in tags}
    found = _cache().get_many([key, *tag_keys])
    entry = found.pop(key, None)
    if entry is None:
        return None
    versions, content, headers = entry
    current = {tag_keys[tag_key]: version for tag_key, version in found.items()}
    unread = [tag for tag in versions if tag not in current and tag not in tags]
    if unread:  # the first hit on this page in this process
        more = _cache().get_many([_tag_key(tag) for tag in unread])
        current.update((tag, more[_tag_key(tag)]) for tag in unread if _tag_key(tag) in more)
        _remember(key, versions)
    if any(current.get(tag) != version for tag, version in versions.items()):
        return None
    return HttpResponse(content, headers=headers)


def _store(request, key, response):
    versions = getattr(request, "_page_cache_versions", None)
    if (
        versions is None
        or response.status_code != 200
        or response.streaming
        or response.cookies  # a CSRF token or a message: this visitor's alone
    ):
        return
    try:
        entry = (versions, response.content, dict(response.items()))
        _cache().set(key, entry, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("page cache: could not store %s", key)
        return
    _remember(key, versions)


def _remember(key, versions):
    if len(_known_tags) >= KNOWN_TAGS_LIMIT:
        _known_tags.clear()
    _known_tags[key] = tuple(versions)
