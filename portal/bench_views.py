"""A view that does as little as a Django view can, to measure the server's ceiling.

`make bench` compares every public page with it: same gunicorn, same middleware, no
database, no template. It answers only under the benchmark's settings (BENCH_ROUTES=1,
set by bench/run.py); anywhere else it is a 404.
"""

from django.conf import settings
from django.http import Http404, HttpResponse


def baseline(request):
    if not settings.BENCH_ROUTES:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")
