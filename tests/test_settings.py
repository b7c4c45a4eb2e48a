import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    ignored = {"DEBUG", "SECRET_KEY", "EMAIL_BACKEND", "PASSWORD_RESET_BY_EMAIL"}
    base = {key: value for key, value in os.environ.items() if key not in ignored}
    return subprocess.run(
        [sys.executable, "-c", "import kampungkb.settings"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_production_settings_start_with_a_secret_key():
    result = load_settings(SECRET_KEY="x" * 50, EMAIL_BACKEND=SMTP)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_send_reset_links_to_the_console():
    result = load_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "password-reset links would never reach anyone" in result.stderr


def test_production_starts_without_mail_when_reset_mail_is_switched_off():
    result = load_settings(SECRET_KEY="x" * 50, PASSWORD_RESET_BY_EMAIL="0")
    assert result.returncode == 0, result.stderr


def test_production_refuses_a_proxy_count_it_cannot_honour():
    result = load_settings(SECRET_KEY="x" * 50, EMAIL_BACKEND=SMTP, AXES_PROXY_COUNT="2")
    assert result.returncode != 0
    assert "AXES_PROXY_COUNT must be 0" in result.stderr


def test_development_settings_need_no_secret_key():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr


def setting_value(expression, **env):
    base = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kampungkb.settings", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_media_stays_on_disk_by_default():
    backend = setting_value("settings.STORAGES['default']['BACKEND']")
    assert backend == "django.core.files.storage.FileSystemStorage"


def test_naming_a_bucket_switches_media_to_object_storage():
    expression = (
        "settings.STORAGES['default']['BACKEND'], "
        "settings.STORAGES['default']['OPTIONS']['endpoint_url'], "
        "type(__import__('django.core.files.storage').core.files.storage.storages['default'])"
        ".__name__"
    )
    value = setting_value(
        expression,
        AWS_STORAGE_BUCKET_NAME="kampungkb-media",
        AWS_S3_ENDPOINT_URL="https://objek.example.go.id",
    )
    assert value == "storages.backends.s3.S3Storage https://objek.example.go.id S3Storage"
