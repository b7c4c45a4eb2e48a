from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reports import STRONG_MARCH, answer_every_profile_indicator
from tests.test_public_pages import _add_units
from villages.models import Activity, Agency, KampungKB, UnitData


def test_staff_see_every_unit_with_completeness_and_level(login, staf):
    response = login(staf).get("/kelola/ikhtisar/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 27
    jenggot = next(row for row in rows if row["unit"].slug == "jenggot")
    assert jenggot["completeness"].percent < 100
    # Nothing is known yet: no level, only the provisional one the national rule gives.
    assert jenggot["classification"].public_level is None
    html = response.content.decode()
    assert "Kampung KB Mandiri Utama" in html
    assert "12 indikator belum diisi; sementara: Dasar" in html


def test_overview_shows_the_level_of_a_unit_with_every_indicator_known(login, staf):
    unit = KampungKB.objects.get(slug="jenggot")
    answer_every_profile_indicator(unit)
    UnitData.objects.create(unit=unit, year=2025, month=3, **STRONG_MARCH)
    activity = Activity.objects.create(
        unit=unit, title="Rapat", date=timezone.localdate() - timedelta(days=1), category="bkb"
    )
    activity.agencies.set(Agency.objects.all()[:2])
    rows = login(staf).get("/kelola/ikhtisar/").context["rows"]
    jenggot = next(row for row in rows if row["unit"].slug == "jenggot")
    assert str(jenggot["classification"].public_level.label) == "Mandiri"


def test_overview_sorts_least_complete_first(login, staf):
    KampungKB.objects.filter(slug="bandengan").update(
        description="Kampung KB pertama di Kota Pekalongan.", decree_number="SK 1/2016"
    )
    rows = login(staf).get("/kelola/ikhtisar/", {"urut": "kelengkapan"}).context["rows"]
    assert rows[-1]["unit"].slug == "bandengan"


def test_overview_is_for_staff_only(login, client, kader_jenggot, juri):
    assert login(kader_jenggot).get("/kelola/ikhtisar/").status_code == 403
    assert login(juri).get("/kelola/ikhtisar/").status_code == 403
    client.logout()
    assert client.get("/kelola/ikhtisar/").status_code == 302


def test_overview_runs_a_fixed_number_of_queries(login, staf, django_assert_num_queries):
    client = login(staf)
    with CaptureQueriesContext(connection) as with_27:
        client.get("/kelola/ikhtisar/")
    _add_units(10)
    Activity.objects.create(
        unit=KampungKB.objects.get(slug="jenggot"),
        title="Posyandu",
        date="2026-10-01",
        category="bkb",
    )
    with django_assert_num_queries(len(with_27.captured_queries)):
        client.get("/kelola/ikhtisar/")


def test_staff_dashboard_shows_the_evaluation_progress(login, staf, juri):
    from evaluations import services

    period = services.create_period(2025, "Evaluasi dan Pembinaan Kampung KB 2025", judges=[juri])
    html = login(staf).get("/kelola/").content.decode()
    assert "Evaluasi: Evaluasi dan Pembinaan Kampung KB 2025" in html
    assert "juri1: 0 dari 27 Kampung KB lengkap" in html
    assert f"/kelola/evaluasi/{period.year}/" in html


def test_kader_dashboard_has_no_evaluation_panel(login, kader_jenggot, staf):
    from evaluations import services

    services.create_period(2025, "Evaluasi 2025")
    assert "judul-panel-evaluasi" not in login(kader_jenggot).get("/kelola/").content.decode()


def test_staff_dashboard_links_every_staff_area(login, staf):
    html = login(staf).get("/kelola/").content.decode()
    for url in [
        "/kelola/ikhtisar/",
        "/kelola/evaluasi/",
        "/kelola/evaluasi/lomba/",
        "/kelola/akun/",
    ]:
        assert f'href="{url}"' in html, url


def test_public_menu_links_results_and_achievements(client, pekalongan):
    html = client.get("/").content.decode()
    assert 'href="/evaluasi/"' in html
    assert 'href="/prestasi/"' in html
