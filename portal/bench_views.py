"""A view that does as little as a Django view can, to measure the server's ceiling.

`make bench` compares every public page with it: same gunicorn, same middleware, no
database, no template.
"""

from django.http import HttpResponse


def baseline(request):
    return HttpResponse("ok", content_type="text/plain")
