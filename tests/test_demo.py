import io

import pytest
from django.core.management import CommandError, call_command

from tests.test_settings import setting_value
from villages.models import Activity


def test_demo_data_is_refused_outside_demo_mode(pekalongan):
    with pytest.raises(CommandError, match="DEMO=1"):
        call_command("load_demo_data", stdout=io.StringIO())
    assert not Activity.objects.exists()


def test_demo_mode_never_uses_the_real_database():
    value = setting_value(
        "settings.DATABASES['default']['NAME'], settings.MEDIA_ROOT.name",
        DEMO="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/kampungkb",
    )
    assert value.endswith("db-demo.sqlite3 media-demo")


def test_demo_site_is_filled_and_every_page_says_sample_data(client, pekalongan, settings):
    settings.DEMO = True
    call_command("load_demo_data", stdout=io.StringIO())
    assert Activity.objects.filter(title__startswith="[DATA CONTOH]").count() == 27 * 4
    for url in [
        "/",
        "/kampung/",
        "/kampung/jenggot/",
        "/kampung/jenggot/kegiatan/",
        "/evaluasi/2025/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<div class="demo-banner" role="note">' in html, url
        assert "<title>[DATA CONTOH]" in html, url


def test_real_site_has_no_sample_banner(client, pekalongan):
    assert "demo-banner" not in client.get("/").content.decode()
