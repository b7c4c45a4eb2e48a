"""Settings for the Kampung KB portal, read from the environment in one place.

Development defaults are safe; with DEBUG off the portal refuses to start without
a SECRET_KEY.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Set the SECRET_KEY environment variable (a long random string), "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "portal",
    "pagecache",
    "villages",
    "evaluations",
    "competitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "portal.middleware.RefuseNullCharactersMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.db.ReplicaForAnonymousReadsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Everything above the page cache also runs for a page served from it: the headers
    # these add must be on a cached page as on a freshly built one, and the chosen
    # language is part of the cache key.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "pagecache.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kampungkb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "kampungkb.wsgi.application"

# Demo mode (`make demo`) trains kader and staff on sample data: its own database and media
# folder, never the real ones, whatever DATABASE_URL says.
DEMO = env.bool("DEMO", default=False)
if DEMO:
    DATABASES = {
        "default": env.db("DEMO_DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db-demo.sqlite3'}")
    }
else:
    DATABASES = {
        "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    }
# Reuse connections but check them first, so a restarted PostgreSQL is picked up again.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica, if any, serves anonymous page views (see portal/db.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.db.PrimaryReplicaRouter"]

# One machine: memory cache and database sessions. Several app servers: point CACHE_URL at
# Redis (redis://host:6379/0) and set SESSION_ENGINE to the cache backend.
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Public pages get a cache of their own: every query string is another page, so a
    # flood of made-up addresses may evict pages, never the login throttle's counts or
    # sessions. Redis: PAGE_CACHE_URL may name an instance with maxmemory and
    # allkeys-lru (docs/deploy.md); it defaults to CACHE_URL.
    "pages": env.cache(
        "PAGE_CACHE_URL",
        default=env.str("CACHE_URL", default="") or "locmemcache://pages",
    ),
}
for alias in CACHES.values():
    if alias["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        # The same backend, reusing its redis-py client: a page-cache hit is one round trip.
        alias["BACKEND"] = "pagecache.backends.RedisCache"
# Public pages may be cached for this many seconds; saves invalidate them (0 = off).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# The calibration page flags a judge's score this many points (or more) away from the
# other judges' mean for the same unit and criterion, on a 1-4 criterion (scaled with
# the criterion's maximum otherwise). For discussion only: no score changes.
CALIBRATION_FLAG_THRESHOLD = env.float("CALIBRATION_FLAG_THRESHOLD", default=1.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Photos per upload form (activities), and files per request for any form: the request is
# refused before its photos are decoded.
PHOTOS_PER_UPLOAD = env.int("PHOTOS_PER_UPLOAD", default=10)
DATA_UPLOAD_MAX_NUMBER_FILES = PHOTOS_PER_UPLOAD + 5
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
if DEMO:
    MEDIA_ROOT = BASE_DIR / "media-demo"
# Several app servers share uploads through S3-compatible object storage, switched on by
# naming a bucket.
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    }

# Reasons kept in history (a reopened period, an eligibility override) can be long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "manage:dashboard"
LOGOUT_REDIRECT_URL = "villages:home"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="noreply@kampungkb.pekalongankota.go.id"
)
# Reset links must reach the person, not the server's log: in production the portal needs
# a real mail backend, unless reset mail is switched off (staff then set new passwords).
PASSWORD_RESET_BY_EMAIL = env.bool("PASSWORD_RESET_BY_EMAIL", default=True)
MAIL_GOES_NOWHERE = ("console.EmailBackend", "dummy.EmailBackend")
if not DEBUG and PASSWORD_RESET_BY_EMAIL and EMAIL_BACKEND.endswith(MAIL_GOES_NOWHERE):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND is {EMAIL_BACKEND}: password-reset links would never reach anyone. "
        "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, or "
        "PASSWORD_RESET_BY_EMAIL=0 to switch reset mail off."
    )

# Every CSV/XLSX import (web and command) is refused beyond these limits (portal/tables.py):
# the file, the XLSX once unpacked, rows, columns and the characters in one cell.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=60)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=10000)

# The benchmark's bare view (/bench/baseline) answers only when `make bench` turns it on.
BENCH_ROUTES = env.bool("BENCH_ROUTES", default=False)

# Login brute force: lock a username on one client address after repeated failures, so
# failures from elsewhere never lock the real person out; and throttle each address over
# all usernames with a higher limit (portal.throttle, counted in the cache).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=30)
# Reset mails per client address and per e-mail address in the window (portal.throttle).
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", default=5)
PASSWORD_RESET_WINDOW_SECONDS = env.int("PASSWORD_RESET_WINDOW_SECONDS", default=3600)
# The client address (django-ipware, through axes). Behind the nginx of docs/deploy.md
# (AXES_PROXY_COUNT=1) it is the X-Forwarded-For that nginx writes, overwriting whatever
# the client sent (`proxy_set_header X-Forwarded-For $remote_addr`): one address, the one
# nginx saw. Without a proxy (0) only REMOTE_ADDR counts, so a forged header does nothing.
proxy_count = env.int("AXES_PROXY_COUNT", default=0)
if proxy_count not in (0, 1):
    raise ImproperlyConfigured(
        "AXES_PROXY_COUNT must be 0 (no proxy) or 1 (the nginx of docs/deploy.md). Behind "
        "more proxies, let nginx find the client with set_real_ip_from and set 1."
    )
AXES_IPWARE_PROXY_ORDER = "left-most"
# The header holds exactly one address: ipware's proxy count of the header's own entries
# (None: take it as it is), not the number of proxies in front.
AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if proxy_count else ("REMOTE_ADDR",)
)

# The unit map (/peta/) draws tiles from this URL, Leaflet's form with {z}/{x}/{y} and an
# optional {s} subdomain, e.g. https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png. Empty
# (the default, and on an intranet without a tile server): no map, only the list of units
# with coordinates. The tile host is allowed in the CSP's img-src only when set.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_ATTRIBUTION = env.str("MAP_ATTRIBUTION", default="")


def _tile_source(url):
    """The CSP source of a tile URL: its scheme and host, with {s} as a wildcard label."""
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    if scheme not in ("https", "http") or not host or "{" in host:
        raise ImproperlyConfigured(
            "MAP_TILE_URL must be an http(s) URL with a host, such as "
            "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
        )
    return f"{scheme}://{host}"


MAP_TILE_SOURCES = [_tile_source(MAP_TILE_URL)] if MAP_TILE_URL else []
if MAP_TILE_URL and not MAP_ATTRIBUTION:
    raise ImproperlyConfigured(
        "Set MAP_ATTRIBUTION with MAP_TILE_URL: tile providers require their credit on the map."
    )

# No inline script or style anywhere, the Django admin included (its scripts are files and
# read their data from data- attributes): data reaches scripts through json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MAP_TILE_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
