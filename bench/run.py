"""`make bench`: the national-scale benchmark, in one command.

1. Creates the bench database (``kampungkb_bench``; never any other) if missing, migrates
   it and generates the synthetic dataset unless it already holds this version and size.
2. Collects static files into a temporary folder and starts gunicorn with production
   settings (DEBUG off, Redis cache, page cache on) on 127.0.0.1.
3. Counts SQL queries per page and times the full ranking in a separate process.
4. Drives each endpoint with locust, headless, 16 users, and prints one table.

Exits non-zero only when the harness itself fails (server does not start, locust or a
measurement crashes), not when a target is missed.

Environment knobs: BENCH_DB, BENCH_UNITS, BENCH_ACTIVITIES, BENCH_USERS (16),
BENCH_SECONDS (20), BENCH_WARMUP (5), BENCH_ENDPOINTS (comma list), BENCH_WORKERS (3),
BENCH_THREADS (2), BENCH_PORT (a free one), PAGE_CACHE_SECONDS (300), BENCH_JSON (path to
write the figures to).
"""

import csv
import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"
ENDPOINTS = [
    "baseline",
    "home",
    "search",
    "search-cold",
    "unit",
    "unit-cold",
    "results",
    "results-cold",
    "activities",
    "activities-cold",
    "activity-feed",
    "comparison",
    "list",
    "list-level",
    "list-score",
    "list-cold",
]
TARGET_P95_MS = 100
TARGET_QUERIES = 10
TARGET_RANKING_S = 2.0
SLOW_PAGE_MS = 5000


def setting(name, default):
    return os.environ.get(name, str(default))


DB = setting("BENCH_DB", "kampungkb_bench")
if not DB.startswith("kampungkb_bench"):
    sys.exit("BENCH_DB must start with kampungkb_bench: the bench never touches other databases.")


def free_port():
    # Another engineer's server may hold any fixed port: ask the kernel for a free one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(setting("BENCH_PORT", 0)) or free_port()
HOST = f"http://127.0.0.1:{PORT}"
USERS = int(setting("BENCH_USERS", 16))
SECONDS = int(setting("BENCH_SECONDS", 20))
WARMUP = int(setting("BENCH_WARMUP", 5))
UNITS = int(setting("BENCH_UNITS", 25000))
ACTIVITIES = int(setting("BENCH_ACTIVITIES", 500000))
YEAR = 2025


def server_env(static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kampungkb.settings",
        DATABASE_URL=f"{PG}/{DB}",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        CACHE_URL="redis://127.0.0.1:6379/2",
        PAGE_CACHE_SECONDS=setting("PAGE_CACHE_SECONDS", 300),
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        BENCH_ROUTES="1",
        PASSWORD_RESET_BY_EMAIL="0",
    )
    env.pop("DEMO", None)
    return env


def run(args, env, **kwargs):
    print("$", " ".join(str(arg) for arg in args), flush=True)
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def ensure_database(env):
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DB}"')
            print(f"created database {DB}")
    connection.close()
    run([BIN / "python", "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.monotonic()
    run(
        [
            BIN / "python",
            "bench/generate.py",
            "--units",
            str(UNITS),
            "--activities",
            str(ACTIVITIES),
        ],
        env,
    )
    return time.monotonic() - started


def start_server(env, log_path):
    workers = setting("BENCH_WORKERS", 3)
    threads = setting("BENCH_THREADS", 2)
    args = [
        BIN / "gunicorn",
        "kampungkb.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        workers,
        "--threads",
        threads,
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    print("$", " ".join(str(arg) for arg in args), flush=True)
    with open(log_path, "w") as log:  # the child keeps its own copy of the file
        server = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited; see its log")
        try:
            with urllib.request.urlopen(f"{HOST}/bench/baseline", timeout=2) as response:
                ours = server.poll() is None and response.read() == b"ok"
            with urllib.request.urlopen(f"{HOST}/healthz", timeout=2) as response:
                if response.status == 200 and ours:
                    return server, f"gunicorn --workers {workers} --threads {threads}"
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def flush_page_cache():
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/2").flushdb()


def locust(endpoint, seconds, env, workdir):
    prefix = workdir / f"locust-{endpoint}-{seconds}"
    args = [
        BIN / "locust",
        "-f",
        ROOT / "bench" / "locustfile.py",
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--run-time",
        f"{seconds}s",
        "--host",
        HOST,
        "--csv",
        prefix,
        "--only-summary",
        "--loglevel",
        "ERROR",
        "--stop-timeout",
        "60",
    ]
    locust_env = dict(env, BENCH_ENDPOINT=endpoint, BENCH_UNITS=str(UNITS), BENCH_YEAR=str(YEAR))
    result = subprocess.run(args, env=locust_env, cwd=ROOT, capture_output=True, text=True)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise RuntimeError(f"locust wrote no stats for {endpoint}")
    with open(stats_file, newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    row = rows.get(endpoint) or rows["Aggregated"]
    count = int(row["Request Count"])
    with open(f"{prefix}_failures.csv", newline="") as handle:
        errors = {row["Error"]: int(row["Occurrences"]) for row in csv.DictReader(handle)}
    return {
        "errors": errors,
        "requests": count,
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"] or 0),
        "p95": float(row["95%"] or 0),
        "p99": float(row["99%"] or 0),
        "bytes": float(row["Average Content Size"] or 0),
    }


def measure(env, urls):
    output = subprocess.run(
        [BIN / "python", "bench/measure.py", json.dumps(urls), str(YEAR)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory[1].split()[1] if len(memory) > 1 else "?",
        "load_before": os.getloadavg(),
        "python": platform.python_version(),
    }


def show(figures):
    print()
    print(
        f"Kampung KB bench, {figures['date']}: {UNITS:,} units, {ACTIVITIES:,} activities, "
        f"{figures['ranking']['scores']:,} scores; {USERS} users, {SECONDS} s per endpoint "
        f"after {WARMUP} s warm-up; {figures['server']}, page cache "
        f"{figures['page_cache_seconds']} s"
    )
    info = figures["machine"]
    print(
        f"machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} RAM, load "
        f"{info['load_before'][0]:.1f} before, {figures['load_after'][0]:.1f} after"
    )
    header = (
        f"{'endpoint':<12} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'fail':>5} {'KB':>7} {'SQL miss':>8} {'SQL hit':>7}  p95<=100"
    )
    print(header)
    print("-" * len(header))
    baseline_rps = figures["load"].get("baseline", {}).get("rps")
    for endpoint, stats in figures["load"].items():
        queries = figures["pages"].get(endpoint.removesuffix("-cold"), {})
        miss = queries.get("miss", {}).get("queries", "")
        hit = queries.get("hit", {}).get("queries", "")
        met = "yes" if stats["p95"] <= TARGET_P95_MS and not stats["failures"] else "NO"
        print(
            f"{endpoint:<12} {stats['rps']:>8.1f} {stats['p50']:>7.0f} {stats['p95']:>7.0f} "
            f"{stats['p99']:>7.0f} {stats['failures']:>5} {stats['bytes'] / 1024:>7.1f} "
            f"{miss!s:>8} {hit!s:>7}  {met}"
        )
    for endpoint, stats in figures["load"].items():
        for error, count in stats["errors"].items():
            print(f"  {endpoint} failures: {count} x {error[:150]}")
    for endpoint, page in figures["pages"].items():
        if endpoint not in figures["load"] and page["miss"]["ms"] >= SLOW_PAGE_MS:
            miss = page["miss"]
            print(
                f"{endpoint:<12} not load-tested: one request takes {miss['ms'] / 1000:.1f} s "
                f"and {miss['bytes'] / 1e6:.1f} MB with {miss['queries']} SQL queries  NO"
            )
    ranking = figures["ranking"]
    print()
    print(
        f"ranking of {ranking['units']:,} units ({ranking['scores']:,} scores, "
        f"period_standings): median {ranking['total_s']:.2f} s of {ranking['runs_s']} "
        f"(target <= {TARGET_RANKING_S} s: "
        f"{'met' if ranking['total_s'] <= TARGET_RANKING_S else 'MISSED'})"
    )
    print(
        f"  full computation with every criterion mean (period_results): "
        f"{ranking['full_s']:.2f} s; same ranks and scores: {ranking['same_as_full']}"
    )
    most = max(page["miss"]["queries"] for page in figures["pages"].values())
    print(
        f"SQL queries per public page (cache miss): at most {most} "
        f"(target <= {TARGET_QUERIES}: {'met' if most <= TARGET_QUERIES else 'MISSED'})"
    )
    unit_rps = figures["load"].get("unit", {}).get("rps")
    if baseline_rps and unit_rps:
        share = unit_rps / baseline_rps
        print(
            f"unit page: {share:.0%} of the baseline view's requests/s "
            f"(target >= 50%: {'met' if share >= 0.5 else 'MISSED'})"
        )


def main():
    endpoints = setting("BENCH_ENDPOINTS", ",".join(ENDPOINTS)).split(",")
    workdir = Path(tempfile.mkdtemp(prefix="kampungkb-bench-"))
    static_root = workdir / "static"
    env = server_env(static_root)
    figures = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "page_cache_seconds": env["PAGE_CACHE_SECONDS"],
        "users": USERS,
        "seconds": SECONDS,
    }
    figures["dataset_seconds"] = round(ensure_database(env), 1)
    run([BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], env)
    flush_page_cache()
    urls = {
        "home": "/",
        "search": "/kampung/?q=Sintetis+0123",
        # The catalogue: cards with level and completeness, filtered by level, by score.
        "list": "/kampung/",
        "list-level": "/kampung/?tingkat=mandiri",
        "list-score": "/kampung/?urut=nilai",
        "unit": "/kampung/sintetis-12345/",
        "results": f"/evaluasi/{YEAR}/",
        "activities": "/kegiatan/",
        "activity-feed": "/kegiatan/feed/",
        "comparison": "/perbandingan/",
    }
    print("counting SQL queries and timing the ranking ...", flush=True)
    figures.update(measure(env, urls))
    flush_page_cache()
    server, figures["server"] = start_server(env, workdir / "gunicorn.log")
    figures["load"] = {}
    try:
        for endpoint in endpoints:
            page = figures["pages"].get(endpoint.removesuffix("-cold"), {})
            if page.get("miss", {}).get("ms", 0) >= SLOW_PAGE_MS:
                # 16 users would only pile up timeouts and hold the shared machine.
                print(f"load: {endpoint} skipped, one request takes {page['miss']['ms']} ms")
                continue
            print(f"load: {endpoint} ...", flush=True)
            if WARMUP:
                locust(endpoint, WARMUP, env, workdir)
            figures["load"][endpoint] = locust(endpoint, SECONDS, env, workdir)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures["load_after"] = os.getloadavg()
    show(figures)
    target = os.environ.get("BENCH_JSON")
    if target:
        Path(target).write_text(json.dumps(figures, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except (subprocess.CalledProcessError, RuntimeError) as error:
        sys.exit(f"bench failed: {error}")
