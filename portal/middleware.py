from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.defaults import bad_request


class ChosenLanguageMiddleware:
    """Indonesian unless the visitor picked another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    Indonesian phones are set to English; the portal's default must stay Indonesian.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The language comes from a cookie: a shared cache must keep one copy per cookie.
        patch_vary_headers(response, ("Cookie",))
        return response


class DatabaseUnavailableMiddleware:
    """A lost database connection is an outage, not a bug: answer 503 with a page that
    says so (and when to retry) instead of the generic 500 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        response = HttpResponse(
            loader.get_template("503.html").render(), status=503, content_type="text/html"
        )
        response["Retry-After"] = "30"
        return response


class PrivatePagesMiddleware:
    """Workspace, account and admin pages are never kept by a browser or a proxy: they hold
    one person's data, and a shared computer's back button must not show them."""

    PREFIXES = ("/kelola/", "/akun/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response


class NullCharacterInRequest(SuspiciousOperation):
    pass


class RefuseNullCharactersMiddleware:
    """A NUL character in the path or the query string is refused with the 400 page: no
    database accepts it in a string, and nobody types one (forms already refuse it).

    The 400 page is answered here rather than by raising SuspiciousOperation, which
    Django logs as an error with a full traceback: scanners send these by the thousand.
    The one "Bad Request" warning line Django writes for every 4xx response is enough."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request, NullCharacterInRequest("NUL character in the request"))
        return self.get_response(request)
