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


def path():
    if ENDPOINT == "baseline":
        return "/bench/baseline"
    if ENDPOINT == "home":
        return "/"
    if ENDPOINT == "search":
        return "/kampung/?q=" + random.choice(SEARCHES).replace(" ", "+")
    if ENDPOINT == "search-cold":
        return f"/kampung/?q=Sintetis+{random.randrange(100_000):05d}"
    if ENDPOINT == "unit":
        return f"/kampung/{random.choice(POPULAR)}/"
    if ENDPOINT == "unit-cold":
        return f"/kampung/{random.choice(SLUGS)}/"
    if ENDPOINT == "results":
        return f"/evaluasi/{YEAR}/"
    if ENDPOINT == "activities":
        return "/kegiatan/"
    if ENDPOINT == "activities-cold":
        return f"/kegiatan/?kecamatan={any_kecamatan()}"
    if ENDPOINT == "list":
        return "/kampung/"
    if ENDPOINT == "list-level":
        return "/kampung/?tingkat=mandiri"
    if ENDPOINT == "list-score":
        return "/kampung/?urut=nilai"
    if ENDPOINT == "list-cold":
        return f"/kampung/?kecamatan={any_kecamatan()}&urut={random.choice(SORTS)}"
    if ENDPOINT == "activity-feed":
        return "/kegiatan/feed/"
    if ENDPOINT == "comparison":
        return "/perbandingan/"
    if ENDPOINT == "results-cold":
        return f"/evaluasi/{YEAR}/?halaman={random.randint(1, -(-UNITS // 50))}"
    raise ValueError(f"unknown BENCH_ENDPOINT {ENDPOINT!r}")


class Visitor(FastHttpUser):
    wait_time = constant(0)
    # Gunicorn answers on one machine; a page that takes longer than this has failed.
    network_timeout = 60.0
    connection_timeout = 10.0

    @task
    def visit(self):
        self.client.get(path(), name=ENDPOINT)
