"""Restart PostgreSQL under load and check the portal rides it out.

    .venv/bin/python bench/resilience.py      (after `make bench` has built the bench DB)

While locust drives the unit page, a poller asks /healthz every 0.5 s and a kader saves
the "Gambaran umum" profile section of a bench unit in a loop, through the real
workspace form. PostgreSQL is stopped, left down for 5 s and started again; gunicorn is
not touched. Afterwards: /healthz must have answered 503 while the database was down
and 200 after, gunicorn must be the same process, and every save that was acknowledged
(the form's redirect) must be in the database. Exits non-zero when a check fails.

The restart interrupts every PostgreSQL client on the machine: it refuses to run while a
pytest process has DATABASE_URL set.
"""

import http.cookiejar
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as harness  # noqa: E402  (bench/run.py: settings, gunicorn, locust)

DOWN_SECONDS = 5
UNIT = "sintetis-00001"
CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect"]


def postgres_version():
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pytest_on_postgres():
    """Pids of pytest processes whose environment sets DATABASE_URL."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            if b"pytest" not in cmdline:
                continue
            if b"DATABASE_URL=" in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


class Poller(threading.Thread):
    def __init__(self, stop):
        super().__init__(daemon=True)
        self.stop, self.samples = stop, []

    def run(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"{harness.HOST}/healthz", timeout=2) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                status = f"error: {error}"
            self.samples.append((time.monotonic(), status))
            time.sleep(max(0, 0.5 - (time.monotonic() - started)))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Saver(threading.Thread):
    """A kader saving the profile section again and again; records what was acknowledged."""

    def __init__(self, stop, run_id):
        super().__init__(daemon=True)
        self.stop, self.run_id = stop, run_id
        self.attempted, self.acknowledged, self.failed = [], [], 0
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def post(self, path, fields):
        fields = dict(fields, csrfmiddlewaretoken=self.csrf())
        request = urllib.request.Request(
            harness.HOST + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": harness.HOST + path},
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def log_in(self):
        self.opener.open(harness.HOST + "/akun/masuk/", timeout=10).read()
        status, location = self.post(
            "/akun/masuk/",
            {"username": "bench_kader", "password": "bench-sandi-rahasia-123"},
        )
        if status != 302:
            raise RuntimeError(f"bench_kader could not log in ({status})")

    def run(self):
        self.log_in()
        number = 0
        path = f"/kelola/kampung/{UNIT}/profil/gambaran/"
        while not self.stop.is_set():
            number += 1
            text = f"Uji ketahanan {self.run_id} nomor {number}"
            self.attempted.append(text)
            try:
                status, location = self.post(path, {"description": text, "krppa_linkage": ""})
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status, location = None, ""
            if status == 302 and location.rstrip("/").endswith(f"/kelola/kampung/{UNIT}"):
                self.acknowledged.append(text)
            else:
                self.failed += 1
            time.sleep(0.2)


def saved_descriptions(run_id):
    import psycopg2

    connection = psycopg2.connect(f"{harness.PG}/{harness.DB}")
    with connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT h.description FROM villages_historicalkampungkb h "
            "JOIN villages_kampungkb u ON u.id = h.id WHERE u.slug = %s "
            "AND h.description LIKE %s",
            [UNIT, f"Uji ketahanan {run_id} %"],
        )
        history = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT description FROM villages_kampungkb WHERE slug = %s", [UNIT])
        current = cursor.fetchone()[0]
    connection.close()
    return history, current


def main():
    busy = pytest_on_postgres()
    if busy:
        sys.exit(f"pytest runs against PostgreSQL (pids {busy}); not restarting it now.")
    workdir = Path(tempfile.mkdtemp(prefix="kampungkb-resilience-"))
    env = harness.server_env(workdir / "static")
    harness.ensure_database(env)
    harness.run([harness.BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], env)
    server, description = harness.start_server(env, workdir / "gunicorn.log")
    run_id = str(int(time.time()))
    stop = threading.Event()
    poller, saver = Poller(stop), Saver(stop, run_id)
    load = threading.Thread(
        target=lambda: load_result.append(harness.locust("unit-cold", 35, env, workdir)),
        daemon=True,
    )
    load_result = []
    t0 = time.monotonic()
    poller.start()
    saver.start()
    load.start()
    time.sleep(8)
    version = postgres_version()
    busy = pytest_on_postgres()
    if busy:
        stop.set()
        server.terminate()
        sys.exit(f"pytest started against PostgreSQL (pids {busy}); not restarting it.")
    stopping = time.monotonic()
    subprocess.run([*CLUSTER, version, "main", "stop"], check=True)
    stopped = time.monotonic()
    time.sleep(DOWN_SECONDS)
    starting = time.monotonic()
    subprocess.run([*CLUSTER, version, "main", "start"], check=True)
    started = time.monotonic()
    load.join(timeout=90)
    time.sleep(2)
    stop.set()
    saver.join(timeout=15)
    poller.join(timeout=5)
    same_server = server.poll() is None
    server.terminate()
    server.wait(timeout=30)

    samples = [(at - t0, status) for at, status in poller.samples]
    down = [at for at, status in samples if status == 503]
    other = [(at, status) for at, status in samples if status not in (200, 503)]
    after = [status for at, status in samples if at > started - t0 + 3]
    history, current = saved_descriptions(run_id)
    lost = [text for text in saver.acknowledged if text not in history]
    last_ack = saver.acknowledged[-1] if saver.acknowledged else None
    tail = saver.attempted[saver.attempted.index(last_ack) :] if last_ack else []
    print()
    print(
        f"PostgreSQL {version}: stop at {stopping - t0:.1f} s ({stopped - stopping:.1f} s), "
        f"start at {starting - t0:.1f} s (up after {started - starting:.1f} s)"
    )
    last_down = max(down, default=0)
    back = next((at for at, status in samples if status == 200 and at > last_down), 0)
    print(
        f"/healthz: {len(samples)} polls; 503 from {min(down, default=0):.1f} s to "
        f"{last_down:.1f} s ({len(down)} polls); other answers: {other or 'none'}; "
        f"200 again from {back:.1f} s"
    )
    print(f"gunicorn still the same process: {same_server} ({description})")
    if load_result:
        stats = load_result[0]
        print(
            f"load (unit-cold, 35 s): {stats['requests']} requests, {stats['failures']} failed, "
            f"{stats['rps']:.1f} req/s, p95 {stats['p95']:.0f} ms"
        )
        for error, count in stats["errors"].items():
            print(f"  load failures: {count} x {error[:150]}")
    print(
        f"saves: {len(saver.attempted)} attempted, {len(saver.acknowledged)} acknowledged, "
        f"{saver.failed} refused or failed; acknowledged but missing: {len(lost)}; "
        f"current text is the last acknowledged or a later attempt: {current in tail}"
    )
    checks = {
        "503 while down": bool(down),
        "200 after restart": bool(after) and all(status == 200 for status in after),
        "gunicorn not restarted": same_server,
        "no lost acknowledged save": not lost and bool(saver.acknowledged),
        "latest save kept": current in tail,
    }
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    if not all(checks.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
