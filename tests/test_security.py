import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
PUBLIC_PAGES = [
    "/",
    "/kampung/",
    "/kampung/jenggot/",
    "/kampung/jenggot/kegiatan/",
    "/akun/masuk/",
]


def test_production_settings_pass_check_deploy():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="kampungkb.example.go.id",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        AXES_PROXY_COUNT="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_a_strict_content_security_policy(client, pekalongan, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_no_inline_script_or_style(client, pekalongan, url):
    html = client.get(url).content.decode()
    assert not INLINE_SCRIPT.findall(html)
    assert not INLINE_STYLE.findall(html)


def test_login_locks_out_after_five_failures(client, kader_jenggot):
    for _ in range(4):
        response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": "salah"})
        assert response.status_code == 200
    response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": "salah"})
    assert response.status_code == 429
    # Now even the right password is refused until the cool-off ends.
    response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": PASSWORD})
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(client, kader_jenggot):
    for _ in range(4):
        client.post("/akun/masuk/", {"username": "kader_jenggot", "password": "salah"})
    client.post("/akun/masuk/", {"username": "kader_jenggot", "password": PASSWORD})
    client.post("/akun/keluar/")
    for _ in range(4):
        client.post("/akun/masuk/", {"username": "kader_jenggot", "password": "salah"})
    response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": PASSWORD})
    assert response.status_code == 302


# The client address behind the proxy of docs/deploy.md, and the throttles per address

BEHIND_NGINX = override_settings(
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
)


def sign_in(client, password, forwarded_for=None, username="kader_jenggot"):
    extra = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/akun/masuk/", {"username": username, "password": password}, **extra)


def test_behind_the_proxy_the_client_address_comes_from_x_forwarded_for():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT)",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kampungkb.settings", "DEBUG": "1"}
        | {"AXES_PROXY_COUNT": "1"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') None", result.stderr


@BEHIND_NGINX
def test_failures_from_one_client_do_not_lock_the_user_out_from_another(client, kader_jenggot):
    for _ in range(4):
        assert sign_in(client, "salah", "203.0.113.5").status_code == 200
    assert sign_in(client, "salah", "203.0.113.5").status_code == 429
    assert sign_in(client, PASSWORD, "203.0.113.5").status_code == 429
    assert sign_in(client, PASSWORD, "198.51.100.7").status_code == 302


def test_without_a_proxy_a_forged_header_does_not_escape_the_lock(client, kader_jenggot):
    for number in range(5):
        sign_in(client, "salah", f"203.0.113.{number}")
    assert sign_in(client, PASSWORD, "198.51.100.7").status_code == 429


@BEHIND_NGINX
@override_settings(LOGIN_FAILURES_PER_IP=3)
def test_one_address_failing_for_many_usernames_is_throttled(client, kader_jenggot):
    for username in ("ani", "budi", "citra"):
        assert sign_in(client, "salah", "203.0.113.5", username=username).status_code == 200
    response = sign_in(client, PASSWORD, "203.0.113.5")
    assert response.status_code == 429
    assert "alamat jaringan ini" in response.content.decode()
    assert sign_in(client, PASSWORD, "198.51.100.7").status_code == 302


def ask_reset(client, email, address="203.0.113.5"):
    return client.post(
        "/akun/sandi/reset/",
        {"email": email},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


@BEHIND_NGINX
def test_the_sixth_reset_request_for_an_address_is_refused_politely(
    client, kader_jenggot, mailoutbox
):
    kader_jenggot.email = "siti@example.org"
    kader_jenggot.save()
    for number in range(5):
        assert ask_reset(client, "siti@example.org", f"203.0.113.{number}").status_code == 302
    response = ask_reset(client, "SITI@example.org", "198.51.100.7")
    assert response.status_code == 429
    assert "terlalu banyak permintaan" in response.content.decode()
    assert len(mailoutbox) == 5


@BEHIND_NGINX
def test_the_sixth_reset_request_from_one_client_is_refused(client, pekalongan, mailoutbox):
    for number in range(5):
        assert ask_reset(client, f"orang{number}@example.org").status_code == 302
    assert ask_reset(client, "lain@example.org").status_code == 429
    assert ask_reset(client, "lain@example.org", "198.51.100.7").status_code == 302


def test_reset_mail_switched_off_says_whom_to_ask_and_sends_nothing(
    client, kader_jenggot, mailoutbox, settings
):
    settings.PASSWORD_RESET_BY_EMAIL = False
    kader_jenggot.email = "siti@example.org"
    kader_jenggot.save()
    assert "Hubungi staf" in client.get("/akun/sandi/reset/").content.decode()
    client.post("/akun/sandi/reset/", {"email": "siti@example.org"})
    assert mailoutbox == []


# Headers of private pages, the admin's policy, the benchmark route


@pytest.mark.parametrize("url", ["/kelola/", "/kelola/kampung/jenggot/", "/akun/sandi/ubah/"])
def test_workspace_and_account_pages_are_never_stored(login, kader_jenggot, url):
    response = login(kader_jenggot).get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_login_page_and_a_lockout_are_never_stored(client, kader_jenggot):
    assert "no-store" in client.get("/akun/masuk/")["Cache-Control"]
    for _ in range(5):
        response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": "x"})
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]


def test_public_pages_may_still_be_cached(client, pekalongan):
    assert "no-store" not in client.get("/kampung/").get("Cache-Control", "")


ADMIN_PAGES = [
    "/admin/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/villages/kampungkb/",
    "/admin/villages/kampungkb/{unit}/change/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_admin_works_under_the_strict_content_security_policy(client, jenggot, url):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)
    client.force_login(admin)
    response = client.get(url.format(unit=jenggot.pk))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.findall(html)
    assert not INLINE_STYLE.findall(html)


def test_the_benchmark_route_is_404_outside_the_benchmark(client, db, settings):
    assert client.get("/bench/baseline").status_code == 404
    settings.BENCH_ROUTES = True
    assert client.get("/bench/baseline").content == b"ok"


def test_no_template_carries_an_inline_style_the_csp_would_block():
    # Pages that only signed-in users or rare data reach (an innovation photo) are not in
    # PUBLIC_PAGES, so every template is read: a blocked style silently breaks the layout.
    templates = Path(settings.BASE_DIR, "templates")
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r"\sstyle\s*=", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "url",
    ["/kampung/?kecamatan=%00", "/kampung/?%00=1", "/kelola/evaluasi/2025/entri/%00/jenggot/"],
)
def test_a_nul_character_in_the_request_gets_the_400_page(client, pekalongan, url):
    response = client.get(url)
    assert response.status_code == 400


def test_a_nul_character_is_refused_without_a_logged_traceback(client, pekalongan, caplog):
    with caplog.at_level("INFO"):
        response = client.get("/kampung/?kecamatan=%00")

    assert response.status_code == 400
    assert [record for record in caplog.records if record.levelname in {"ERROR", "CRITICAL"}] == []
    assert [record for record in caplog.records if record.exc_info] == []
    assert len([record for record in caplog.records if record.levelname == "WARNING"]) <= 1
