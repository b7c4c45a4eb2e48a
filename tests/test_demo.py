import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from competitions.models import Entry
from evaluations.models import Period
from evaluations.scoring import eligibility
from tests.test_settings import setting_value
from villages.figures import complete_records
from villages.models import Activity, KampungKB, UnitData


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
    # Every sample month is a complete report, so the sample pages show their figures.
    assert complete_records(UnitData.objects.all()).count() == UnitData.objects.count() > 0
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
        assert '<div class="demo-banner" role="region" aria-label="DATA CONTOH">' in html, url
        assert "<title>[DATA CONTOH]" in html, url


def test_real_site_has_no_sample_banner(client, pekalongan):
    assert "demo-banner" not in client.get("/").content.decode()


def test_demo_judges_have_a_period_to_practise_on_and_the_published_one_stays(
    client, pekalongan, settings
):
    settings.DEMO = True
    call_command("load_demo_data", stdout=io.StringIO())

    assert Period.objects.get(year=2025).status == Period.Status.PUBLISHED
    practice = Period.objects.get(year=2026)
    assert practice.status == Period.Status.SCORING
    assert practice.rubric_is_example
    assert sorted(practice.judges.values_list("username", flat=True)) == [
        "demo-juri1",
        "demo-juri2",
        "demo-juri3",
    ]
    criteria = practice.criteria.count()
    sheets = {
        (judge, unit): count
        for judge, unit, count in practice.scores.values("judge__username", "unit_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("judge__username", "unit_id", "count")
    }
    juri1 = sorted(count for (judge, _unit), count in sheets.items() if judge == "demo-juri1")
    assert juri1 == [5, criteria, criteria]  # two sheets done, one begun
    assert not any(judge == "demo-juri3" for judge, _unit in sheets)

    response = client.post(
        "/akun/masuk/", {"username": "demo-juri1", "password": "contoh-kampung-kb"}, follow=True
    )
    html = response.content.decode()
    third = KampungKB.objects.select_related("kelurahan").order_by("kelurahan__name", "pk")[2]
    assert "2 dari 27 Kampung KB sudah dinilai lengkap" in html
    assert f"/kelola/evaluasi/2026/menilai/{third.slug}/" in html
    assert "Hubungi staf" not in html


def reference_formations():
    """Each unit's formation as the reference data set it, before any sample data."""
    return {
        unit.slug: (unit.formed_on, unit.formed_year, unit.formed_precision, unit.formed_source)
        for unit in KampungKB.objects.all()
        if unit.formation is not None
    }


def known_history():
    return sorted(
        (
            entry.pk,
            entry.unit.slug,
            entry.year,
            entry.level,
            entry.result,
            entry.source,
            tuple(entry.stages.values_list("name", "outcome", "date", "source")),
        )
        for entry in Entry.objects.select_related("unit")
    )


def test_no_sample_fact_contradicts_the_reference_data(client, pekalongan, settings):
    sourced = reference_formations()
    history = known_history()
    settings.DEMO = True

    call_command("load_demo_data", stdout=io.StringIO())

    # Sourced formations and the known results are untouched.
    assert {slug: facts for slug, facts in reference_formations().items() if slug in sourced} == (
        sourced
    )
    assert known_history() == history
    # No unit is formed after its first known competition entry.
    for entry in Entry.objects.filter(year__isnull=False).select_related("unit"):
        assert entry.unit.formation.year <= entry.year, entry
    # Every sample formation says it is a sample.
    for unit in KampungKB.objects.exclude(slug__in=sourced):
        assert unit.formed_source.startswith("[DATA CONTOH]"), unit
    # Jenggot, the real 2025 champion, is eligible and first in the sample evaluation.
    jenggot = KampungKB.objects.get(slug="jenggot")
    assert eligibility(jenggot.formation, 2025).eligible is True
    response = client.get("/evaluasi/2025/")
    assert response.context["table"].nominee.unit == jenggot
    assert "tidak memenuhi syarat" not in response.content.decode()
    # Its Rumah DataKu, its 2022 flagship, is not answered "no".
    assert jenggot.has_rumah_dataku is not False


def test_the_sample_marker_appears_once_in_each_title_in_the_active_language(
    client, pekalongan, settings
):
    settings.DEMO = True
    call_command("load_demo_data", stdout=io.StringIO())
    activity = Activity.objects.filter(unit__slug="jenggot").first()
    pages = ["/", "/kampung/jenggot/", "/evaluasi/2025/", activity.get_absolute_url()]

    for url in pages:
        title = client.get(url).content.decode().split("<title>")[1].split("</title>")[0]
        assert title.count("DATA CONTOH") == 1, (url, title)
        assert title.startswith("[DATA CONTOH] "), (url, title)

    client.cookies["django_language"] = "en"
    for url in pages:
        title = client.get(url).content.decode().split("<title>")[1].split("</title>")[0]
        assert title.startswith("[SAMPLE DATA] "), (url, title)
        assert "DATA CONTOH" not in title, (url, title)


def test_sample_data_is_no_edit_by_a_person(client, pekalongan, settings):
    settings.DEMO = True
    call_command("load_demo_data", stdout=io.StringIO())
    assert not KampungKB.objects.exclude(profile_updated_at=None).exists()
    assert "Data terakhir diubah" not in client.get("/kampung/jenggot/").content.decode()


def test_sample_formations_agree_with_the_citys_growth_figures(pekalongan, settings):
    settings.DEMO = True
    call_command("load_demo_data", stdout=io.StringIO())

    units = [unit for unit in KampungKB.objects.all() if unit.formation is not None]
    by_2022 = [unit for unit in units if unit.formation.year <= 2022]
    # "6-7 Kampung KB by 2022": the five the 2022 source names, no sample one among them.
    assert len(by_2022) <= 7
    assert all(not unit.formed_source.startswith("[DATA CONTOH]") for unit in by_2022)
    assert all(unit.formation.year <= 2025 for unit in units)
