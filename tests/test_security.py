import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

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
    env.update(SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="kampungkb.example.go.id")
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
