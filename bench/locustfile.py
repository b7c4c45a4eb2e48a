"""Locust users for `make bench`: one endpoint per run, chosen by BENCH_ENDPOINT.

Closed loop without think time: each of the 16 users sends its next request as soon as
the previous one is answered, so the figures show what the server sustains.

Endpoints: baseline, home, search (a pool of 100 recurring searches), search-cold (a new
search text almost every request), unit (100 popular units), unit-cold (any of the
25,000), results (the first page of the published ranking), results-cold (any of its
500 pages of 50), activities (the city-wide list), activities-cold (it narrowed to any of
the 5,000 kecamatan), activity-feed (its Atom feed), comparison (every unit's latest
complete report), list (the catalogue's first page), list-level (filtered by level),
list-score (sorted by published score), list-cold (any kecamatan, in any of the three
sorts). Every request name is the endpoint, so the stats have one row each.
"""

import os
import random

from locust import FastHttpUser, constant, task

ENDPOINT = os.environ.get("BENCH_ENDPOINT", "baseline")
UNITS = int(os.environ.get("BENCH_UNITS", "25000"))
YEAR = os.environ.get("BENCH_YEAR", "2025")


def published_slugs(count):
    # The generator leaves every 50th unit unpublished.
    return [f"sintetis-{n:05d}" for n in range(1, count + 1) if n % 50]


SLUGS = published_slugs(UNITS)
POPULAR = random.Random(1).sample(SLUGS, min(100, len(SLUGS)))
SEARCHES = [f"Sintetis {n:04d}" for n in random.Random(2).sample(range(2500), 100)]
KECAMATAN = max(1, UNITS // 5)  # five kelurahan, one unit each, per kecamatan
SORTS = ("nama", "terbaru", "nilai")


def any_kecamatan():
    return f"sintetis-kec-{random.randint(1, KECAMATAN):05d}"


PATHS = {
    "baseline": lambda: "/bench/baseline",
    "home": lambda: "/",
    "search": lambda: "/kampung/?q=" + random.choice(SEARCHES).replace(" ", "+"),
    "search-cold": lambda: f"/kampung/?q=Sintetis+{random.randrange(100_000):05d}",
    "unit": lambda: f"/kampung/{random.choice(POPULAR)}/",
    "unit-cold": lambda: f"/kampung/{random.choice(SLUGS)}/",
    "results": lambda: f"/evaluasi/{YEAR}/",
    "results-cold": lambda: f"/evaluasi/{YEAR}/?halaman={random.randint(1, -(-UNITS // 50))}",
    "activities": lambda: "/kegiatan/",
    "activities-cold": lambda: f"/kegiatan/?kecamatan={any_kecamatan()}",
    "activity-feed": lambda: "/kegiatan/feed/",
    "comparison": lambda: "/perbandingan/",
    "list": lambda: "/kampung/",
    "list-level": lambda: "/kampung/?tingkat=mandiri",
    "list-score": lambda: "/kampung/?urut=nilai",
    "list-cold": lambda: f"/kampung/?kecamatan={any_kecamatan()}&urut={random.choice(SORTS)}",
}


def path():
    if ENDPOINT not in PATHS:
        raise ValueError(f"unknown BENCH_ENDPOINT {ENDPOINT!r}")
    return PATHS[ENDPOINT]()


class Visitor(FastHttpUser):
    wait_time = constant(0)
    # Gunicorn answers on one machine; a page that takes longer than this has failed.
    network_timeout = 60.0
    connection_timeout = 10.0

    @task
    def visit(self):
        self.client.get(path(), name=ENDPOINT)
