"""EXPLAIN ANALYZE every SQL query the public pages run, against the bench database.

    .venv/bin/python bench/explain.py '{"home": "/"}' [--full]

Prints, per query, its execution time and the plan's first lines (all of it with
--full): how the indexes of `villages/migrations/0004_*` were checked.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main():
    import tempfile

    import django
    import run  # bench/run.py: the bench database and production-like settings

    if "DATABASE_URL" not in os.environ:
        os.environ.update(run.server_env(Path(tempfile.gettempdir()) / "kampungkb-bench"))
        os.environ["DEBUG"] = "1"  # plain static file URLs: no collectstatic needed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampungkb.settings")
    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    urls = json.loads(sys.argv[1])
    full = "--full" in sys.argv
    client = Client(HTTP_HOST="127.0.0.1")
    for name, url in urls.items():
        with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as q:
            client.get(url)
        print(f"== {name} {url}: {len(q.captured_queries)} queries")
        for query in q.captured_queries:
            sql = query["sql"]
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            print(f"-- {plan[-1].strip()}  |  {sql[:160]}")
            for line in plan if full else plan[:6]:
                print("   " + line)


if __name__ == "__main__":
    main()
