"""Send anonymous page views to a read replica when one is configured.

Everything a signed-in user does, and every write, stays on the primary, so nobody sees a
page older than their own save. The public, anonymous GET traffic is the bulk of the load
when a province or the nation uses the portal, and a replica lag of a second is harmless
there.
"""

from contextvars import ContextVar

from django.conf import settings

_reading_from_replica = ContextVar("reading_from_replica", default=False)

REPLICA = "replica"


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaForAnonymousReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = REPLICA in settings.DATABASES

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        token = _reading_from_replica.set(is_anonymous_read(request))
        try:
            return self.get_response(request)
        finally:
            _reading_from_replica.reset(token)


def is_anonymous_read(request):
    # A session cookie may mean a signed-in user; treat it as such without a lookup.
    return (
        request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )
