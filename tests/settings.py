"""Test settings: the real settings with DEBUG on and a throwaway media folder."""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")

from kampungkb.settings import *  # noqa: E402,F403

MEDIA_ROOT = tempfile.mkdtemp(prefix="kampungkb-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
