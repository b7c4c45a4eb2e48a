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
    """Seconds to rank every unit (`selectors.period_standings`: what publishing and the
    staff need), and once, for comparison, the full computation with every criterion
    mean (`selectors.period_results`, which the XLSX export and staff recap still use)."""
    from evaluations.models import Period, Score
    from evaluations.selectors import period_results, period_standings

    period = Period.objects.get(year=year)
    times = []
    for _attempt in range(repeat):
        started = time.perf_counter()
        results = period_standings(period)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    full, _data = period_results(period)
    full_s = time.perf_counter() - started
    same = [(r.unit_id, r.rank, r.final_score) for r in results] == [
        (r.unit_id, r.rank, r.final_score) for r in full
    ]
    return {
        "units": len(results),
        "scores": Score.objects.filter(period=period).count(),
        "ranked": sum(1 for result in results if result.rank is not None),
        "total_s": round(statistics.median(times), 3),
        "runs_s": [round(t, 3) for t in times],
        "full_s": round(full_s, 3),
        "same_as_full": same,
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
