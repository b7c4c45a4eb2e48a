"""In-process measurements for `make bench`: SQL queries per page and the ranking time.

Run by `bench/run.py` in its own process, against the bench database and settings. Prints
one JSON object. Pages are requested through Django's test client as an anonymous
visitor, first with the page cache off (the queries a cache miss costs, which must stay
at most 10 whatever the data size), then with it on (a hit).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


SLOW_MS = 5000


def _page(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
    return {
        "status": response.status_code,
        "queries": len(queries.captured_queries),
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "bytes": len(body),
    }


def page_queries(urls):
    from django.core.cache import cache
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    pages = {}
    for name, url in urls.items():
        with override_settings(PAGE_CACHE_SECONDS=0):
            # The first request warms the database's buffers and Django's template cache;
            # a page that takes seconds is measured once.
            miss = _page(client, url)
            if miss["ms"] < SLOW_MS:
                miss = _page(client, url)
        cache.clear()
        if miss["ms"] >= SLOW_MS:
            pages[name] = {"url": url, "miss": miss}
            continue
        with override_settings(PAGE_CACHE_SECONDS=300):
            fill = _page(client, url)
            hit = _page(client, url)
        pages[name] = {"url": url, "miss": miss, "fill": fill, "hit": hit}
    return pages


def ranking_times(year, repeat=3):
    """Seconds to fetch the period from the database and to compute the full ranking."""
    from evaluations.models import Period
    from evaluations.services import period_results, results_input

    period = Period.objects.get(year=year)
    fetch, compute, total = [], [], []
    for attempt in range(repeat):
        if attempt and total[0] > 5:
            break  # a slow ranking is timed once
        started = time.perf_counter()
        data = results_input(period)
        fetched = time.perf_counter()
        results, _data = period_results(period, data)
        done = time.perf_counter()
        fetch.append(fetched - started)
        compute.append(done - fetched)
        total.append(done - started)
    return {
        "units": len(results),
        "scores": len(data.scores),
        "ranked": sum(1 for result in results if result.rank is not None),
        "fetch_s": round(statistics.median(fetch), 3),
        "compute_s": round(statistics.median(compute), 3),
        "total_s": round(statistics.median(total), 3),
    }


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampungkb.settings")
    django.setup()
    urls = json.loads(sys.argv[1])
    year = int(sys.argv[2])
    out = {"pages": page_queries(urls), "ranking": ranking_times(year)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
