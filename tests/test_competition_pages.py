import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competitions.competition import NationalRegion
from competitions.models import Entry, EntryDocument, EntryStage
from competitions.services import add_default_stages
from evaluations import services
from tests.conftest import make_pdf
from villages.models import KampungKB

PDF = make_pdf()


def manage_url(name, *args):
    return reverse(f"competitions-manage:{name}", args=args)


def known(year, level, slug="jenggot"):
    return Entry.objects.get(unit__slug=slug, year=year, level=level)


@pytest.fixture
def national(pekalongan):
    """The known 2025 national entry with the level's usual stages, as staff set it up
    (the reference data holds only the stage its source names)."""
    entry = known(2025, Entry.Level.NATIONAL)
    entry.stages.all().delete()
    add_default_stages(entry)
    entry.stages.filter(name="Administrasi").update(outcome=EntryStage.Outcome.PASSED)
    return entry


def add_entries(count):
    """`count` more entries, each with three stages, on units without known results."""
    units = list(KampungKB.objects.exclude(competition_entries__isnull=False).order_by("pk"))
    for index in range(count):
        entry = Entry.objects.create(
            unit=units[index % 20],
            year=2000 + index,
            level=Entry.Level.PROVINCIAL,
            category=Entry.Category.KOTA,
            source=f"https://berita.example/{index}",
        )
        EntryStage.objects.bulk_create(
            EntryStage(entry=entry, position=position, name=f"Tahap {position}")
            for position in (1, 2, 3)
        )


def render(source, **context):
    return Template("{% load competition_tags %}" + source).render(Context(context))


# Public pages


def test_the_public_list_runs_three_queries_with_4_or_20_entries(
    client, pekalongan, django_assert_num_queries
):
    url = reverse("competitions:list")
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200

    add_entries(16)
    assert Entry.objects.count() == 21
    with django_assert_num_queries(3):
        response = client.get(url)
    assert len(response.context["entries"]) == 21


def test_the_public_list_puts_the_newest_first_national_before_provincial(client, pekalongan):
    entries = list(client.get(reverse("competitions:list")).context["entries"])

    assert [(e.year, e.level) for e in entries] == [
        (2025, "nasional"),
        (2025, "provinsi"),
        (2023, "provinsi"),
        (2022, "provinsi"),
        (None, "provinsi"),
    ]


def test_the_public_list_shows_unit_link_region_and_stage_reached(client, pekalongan):
    html = client.get(reverse("competitions:list")).content.decode()

    assert 'href="/kampung/jenggot/"' in html
    assert "Regional 1 (Jawa, Bali, Sumatera)" in html
    assert "Video profil" in html


def test_the_public_list_ignores_an_unknown_filter_value(client, pekalongan):
    response = client.get(reverse("competitions:list") + "?tahun=1999&tingkat=nasional")

    assert len(response.context["entries"]) == 1


def test_entries_of_an_unpublished_unit_are_not_public(client, pekalongan):
    KampungKB.objects.filter(slug="padukuhan-kraton").update(is_published=False)
    entry = known(2023, Entry.Level.PROVINCIAL, "padukuhan-kraton")

    assert len(client.get(reverse("competitions:list")).context["entries"]) == 3  # Jenggot
    assert client.get(reverse("competitions:detail", args=[entry.pk])).status_code == 404


def test_the_public_detail_lists_the_stages(client, national):
    html = client.get(reverse("competitions:detail", args=[national.pk])).content.decode()

    assert "Hasil belum tercatat" in html
    stages = html.split('id="judul-tahapan"')[1]
    assert stages.index("Administrasi") < stages.index("Video profil") < stages.index("Wawancara")


# Tags on other apps' pages


def test_unit_achievements_lists_jenggots_results_in_two_queries(
    pekalongan, django_assert_num_queries
):
    jenggot = KampungKB.objects.get(slug="jenggot")

    with django_assert_num_queries(2):
        html = render("{% unit_achievements unit %}", unit=jenggot)

    assert "2025 &middot; Tingkat Nasional" in html
    assert "2025 &middot; Tingkat Provinsi" in html
    assert "2022 &middot; Tingkat Provinsi" in html
    assert "Juara 1" in html and "Juara 2" in html
    assert "Hasil belum tercatat" in html


def test_running_selection_shows_the_stage_reached_and_the_next_date(
    national, django_assert_num_queries
):
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    national.stages.filter(name="Video profil").update(date=next_week)

    # One read for the running entries, the newest year per level and the latest results
    # (issue 13), one for their stages.
    with django_assert_num_queries(2):
        html = render("{% running_selection %}")

    assert "Seleksi tingkat Nasional 2025" in html
    assert "Tahap tercapai: Video profil" in html
    assert f"Video profil, {next_week.day} " in html
    # The latest results are listed below it.
    assert "Juara 1" in html and "Juara 2" in html


def test_home_entries_reads_the_same_entries_as_the_three_separate_definitions(national):
    """The home page's one read agrees with `running()`, the newest year and the three
    newest results, as each is defined on its own; unpublished units stay out."""
    from competitions.templatetags.competition_tags import RECENT_RESULTS, home_entries

    add_entries(6)  # provincial entries 2000-2005 without result, one knocked out
    knocked_out = Entry.objects.get(year=2003)
    knocked_out.stages.filter(position=1).update(outcome=EntryStage.Outcome.NOT_PASSED)
    for year, result in ((2001, Entry.Result.WINNER_2), (2002, Entry.Result.HONOURABLE_1)):
        Entry.objects.filter(year=year).update(result=result)
    hidden = Entry.objects.get(year=2004)
    KampungKB.objects.filter(pk=hidden.unit_id).update(is_published=False)

    public = Entry.objects.public()
    newest_year = public.exclude(year=None).order_by("-year").first().year
    expected = {
        "is_running": set(public.running().values_list("pk", flat=True)),
        "is_current": set(public.filter(year=newest_year).values_list("pk", flat=True)),
        "is_recent_result": [
            entry.pk
            for entry in public.beyond_city().exclude(result="").newest_first()[:RECENT_RESULTS]
        ],
    }
    entries = home_entries()
    assert {e.pk for e in entries if e.is_running} == expected["is_running"]
    assert {e.pk for e in entries if e.is_current} == expected["is_current"]
    assert [e.pk for e in entries if e.is_recent_result] == expected["is_recent_result"]
    assert knocked_out.pk not in expected["is_running"] and hidden.pk not in {
        e.pk for e in entries
    }
    assert national.pk in expected["is_running"]
    assert [e.pk for e in entries] == [
        e.pk for e in public.filter(pk__in=[e.pk for e in entries]).newest_first()
    ]


def test_running_selection_drops_an_entry_once_its_result_is_known(national):
    national.result = Entry.Result.FINALIST
    national.save()

    html = render("{% running_selection %}")

    assert "Tahap tercapai" not in html
    assert "Enam besar/finalis" in html


def test_staff_panel_shows_stage_dates_of_the_next_60_days(national, staf):
    today = timezone.localdate()
    national.stages.filter(name="Video profil").update(date=today + datetime.timedelta(days=10))
    national.stages.filter(name="Wawancara").update(date=today + datetime.timedelta(days=61))

    html = render("{% staff_competition_panel %}", user=staf)

    assert "Video profil" in html
    assert "Wawancara" not in html.split("Entri yang sedang berjalan")[0]
    assert "Kesiapan: " in html


def test_staff_panel_is_empty_for_a_kader(national, kader_jenggot):
    assert render("{% staff_competition_panel %}", user=kader_jenggot).strip() == ""


def test_readiness_card_shows_the_open_entry_to_the_units_kader(national, kader_jenggot):
    html = render("{% unit_readiness_card unit %}", unit=national.unit, user=kader_jenggot)

    assert "Seleksi tingkat Nasional 2025" in html
    assert manage_url("entry-readiness", national.pk) in html


def test_readiness_card_is_empty_for_a_kader_of_another_unit(national, kader_bandengan):
    html = render("{% unit_readiness_card unit %}", unit=national.unit, user=kader_bandengan)

    assert html.strip() == ""


# Staff pages


def test_staff_list_shows_every_entry_with_its_readiness(login, staf, national):
    response = login(staf).get(manage_url("entry-list"))

    html = response.content.decode()
    assert len(response.context["rows"]) == 5
    assert manage_url("entry-readiness", national.pk) in html
    assert "dari 8 hijau" in html


def test_staff_list_queries_do_not_grow_with_more_entries(login, staf, pekalongan):
    client = login(staf)
    url = manage_url("entry-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    add_entries(16)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["rows"]) == 21
    assert len(many) == len(few)


def test_staff_see_the_checklist_on_the_entry_page(login, staf, national):
    html = login(staf).get(manage_url("entry-detail", national.pk)).content.decode()

    assert "Kesiapan menghadapi juri" in html
    assert "Video profil tertaut, paling lama 3 menit" in html
    assert "Kegiatan Dashat 12 bulan terakhir" in html


def test_staff_move_the_national_entry_through_its_stages(login, staf, national):
    client = login(staf)
    video = national.stages.get(name="Video profil")

    response = client.post(
        manage_url("entry-stage-update", national.pk, video.pk),
        {"name": "Video profil", "date": "2025-08-15", "outcome": "lolos", "notes": ""},
    )

    assert response.status_code == 302
    video.refresh_from_db()
    assert (video.outcome, video.date) == ("lolos", datetime.date(2025, 8, 15))
    assert known(2025, "nasional").stage_reached().name == "Penilaian website"
    assert video.history.first().history_user == staf


def test_staff_reorder_add_and_delete_stages(login, staf, national):
    client = login(staf)
    interview = national.stages.get(name="Wawancara")

    client.post(manage_url("entry-stage-move", national.pk, interview.pk), {"arah": "naik"})
    client.post(
        manage_url("entry-stage-create", national.pk),
        {"name": "Presentasi", "outcome": "dijadwalkan"},
    )
    client.post(manage_url("entry-stage-delete", national.pk, interview.pk))

    names = list(national.stages.values_list("name", flat=True))
    assert names == [
        "Administrasi",
        "Video profil",
        "Penilaian website",
        "Enam besar",
        "Verifikasi lapangan",
        "Pengumuman",
        "Presentasi",
    ]
    assert list(national.stages.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6, 7]


def test_moving_a_stage_needs_post(login, staf, national):
    stage = national.stages.first()

    response = login(staf).get(manage_url("entry-stage-move", national.pk, stage.pk))

    assert response.status_code == 405


def test_staff_create_an_entry_with_category_from_the_city(login, staf, pekalongan):
    bandengan = KampungKB.objects.get(slug="bandengan")

    response = login(staf).post(
        manage_url("entry-create"),
        {"unit": bandengan.pk, "year": 2026, "level": "provinsi", "news_links": ""},
    )

    entry = Entry.objects.get(unit=bandengan, year=2026)
    assert response.status_code == 302
    assert entry.category == Entry.Category.KOTA
    assert entry.stages.count() == 5


def test_a_hand_made_provincial_entry_follows_the_age_rule(login, staf, pekalongan):
    kauman = KampungKB.objects.get(kelurahan__name="Kauman")

    response = login(staf).post(
        manage_url("entry-create"), {"unit": kauman.pk, "year": 2025, "level": "provinsi"}
    )

    assert response.status_code == 200
    assert (
        "Isi alasan bila tetap diusulkan" in response.context["form"].errors["override_reason"][0]
    )
    assert not Entry.objects.filter(unit=kauman).exists()


def test_a_bad_news_link_is_refused_on_its_field(login, staf, national):
    response = login(staf).post(
        manage_url("entry-update", national.pk),
        {"category": "kota", "news_links": "https://berita.example/a\nbukan tautan"},
    )

    assert response.status_code == 200
    assert "Baris 2 bukan tautan" in response.context["form"].errors["news_links"][0]


def test_staff_override_the_region_and_it_stays(login, staf, national):
    response = login(staf).post(
        manage_url("entry-update", national.pk),
        {"category": "kota", "region": "regional_2", "video_seconds": "170"},
    )

    assert response.status_code == 302
    national.refresh_from_db()
    assert national.region == NationalRegion.REGIONAL_2
    assert national.video_seconds == 170
    assert national.year == 2025


def test_staff_create_the_national_entry_from_a_provincial_win(login, staf, pekalongan):
    provincial = known(2025, "provinsi")
    national = known(2025, "nasional")
    national.delete()

    response = login(staf).post(manage_url("entry-national", provincial.pk))

    national = known(2025, "nasional")
    assert response["Location"] == manage_url("entry-detail", national.pk)
    assert national.region == NationalRegion.REGIONAL_1
    assert national.category == Entry.Category.KOTA


def test_a_second_place_offers_no_national_entry(login, staf, pekalongan):
    second = known(2022, "provinsi")
    client = login(staf)

    assert (
        "Buat entri nasional"
        not in client.get(manage_url("entry-detail", second.pk)).content.decode()
    )
    client.post(manage_url("entry-national", second.pk))
    assert not Entry.objects.filter(year=2022, level="nasional").exists()


def test_staff_upload_a_pdf_and_a_non_pdf_is_refused(login, staf, national):
    client = login(staf)
    url = manage_url("entry-document-create", national.pk)

    refused = client.post(
        url, {"title": "Profil", "file": SimpleUploadedFile("x.pdf", b"<html></html>")}
    )
    accepted = client.post(url, {"title": "Profil", "file": SimpleUploadedFile("profil.pdf", PDF)})

    assert "bukan PDF yang sah" in refused.context["form"].errors["file"][0]
    assert accepted.status_code == 302
    document = EntryDocument.objects.get(entry=national)
    assert document.file.name.endswith(".pdf") and "profil" not in document.file.name


@pytest.fixture
def final_period(pekalongan, staf, juri):
    # Jenggot's formation cleared: its eligibility cannot be determined, so Bandengan
    # is the suggested nominee and Jenggot goes only with a reason.
    KampungKB.objects.filter(slug="jenggot").update(
        formed_on=None, formed_year=None, formed_precision="", formed_source=""
    )
    period = services.create_period(2026, "Evaluasi dan Pembinaan Kampung KB 2026", judges=[juri])
    services.start_scoring(period, staf)
    for slug, value in (("jenggot", "4"), ("bandengan", "3")):
        unit = KampungKB.objects.get(slug=slug)
        sheet = {criterion.pk: (value, "") for criterion in period.criteria.all()}
        services.save_unit_scores(period, juri, unit, sheet)
    return services.finalize_period(period, staf)


def test_the_nomination_page_preselects_the_suggested_eligible_unit(login, staf, final_period):
    bandengan = KampungKB.objects.get(slug="bandengan")

    response = login(staf).get(manage_url("entry-nominate", 2026))

    html = response.content.decode()
    assert response.context["suggested_id"] == bandengan.pk
    assert f'value="{bandengan.pk}" id="usul-{bandengan.pk}" checked' in html
    assert "Tanggal pencanangan belum diisi" in html
    assert "Belum dapat ditentukan" in html


def test_nominating_an_ineligible_unit_needs_a_reason(login, staf, final_period):
    jenggot = KampungKB.objects.get(slug="jenggot")
    client = login(staf)
    url = manage_url("entry-nominate", 2026)

    refused = client.post(url, {"unit": jenggot.pk, "override_reason": ""})
    accepted = client.post(url, {"unit": jenggot.pk, "override_reason": "Keputusan rapat."})

    assert "Isi alasan bila tetap diusulkan" in refused.content.decode()
    entry = Entry.objects.get(year=2026, unit=jenggot)
    assert accepted["Location"] == manage_url("entry-detail", entry.pk)
    assert entry.override_reason == "Keputusan rapat."
    assert entry.period == final_period


def test_a_period_still_being_scored_has_no_nomination_page(login, staf, final_period):
    final_period.status = "penilaian"
    final_period.save()

    assert login(staf).get(manage_url("entry-nominate", 2026)).status_code == 404


# Permissions


def test_the_units_kader_see_what_to_fix(login, kader_jenggot, national):
    response = login(kader_jenggot).get(manage_url("entry-readiness", national.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/kelola/kampung/jenggot/kegiatan/tambah/"' in html
    assert 'href="/kelola/kampung/jenggot/data/tambah/"' in html
    assert 'href="/kelola/kampung/jenggot/profil/gambaran/"' in html


def staff_pages(entry):
    stage, document = (
        entry.stages.first(),
        EntryDocument.objects.create(entry=entry, title="Profil", file="lomba/profil.pdf"),
    )
    return [
        manage_url("entry-list"),
        manage_url("entry-create"),
        manage_url("entry-nominate", 2025),
        manage_url("entry-detail", entry.pk),
        manage_url("entry-update", entry.pk),
        manage_url("entry-national", entry.pk),
        manage_url("entry-stage-create", entry.pk),
        manage_url("entry-stage-update", entry.pk, stage.pk),
        manage_url("entry-stage-move", entry.pk, stage.pk),
        manage_url("entry-stage-delete", entry.pk, stage.pk),
        manage_url("entry-document-create", entry.pk),
        manage_url("entry-document-delete", entry.pk, document.pk),
    ]


@pytest.mark.parametrize("user", ["kader_jenggot", "kader_bandengan", "juri"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_staff_open_the_staff_pages(request, login, national, user, method):
    client = login(request.getfixturevalue(user))
    stages_before = list(national.stages.values_list("pk", "position", "outcome"))

    for url in staff_pages(national):
        assert getattr(client, method)(url).status_code == 403, url

    assert list(national.stages.values_list("pk", "position", "outcome")) == stages_before
    assert Entry.objects.count() == 5


@pytest.mark.parametrize("user", ["kader_bandengan", "juri"])
def test_others_may_not_see_an_entrys_readiness(request, login, national, user):
    client = login(request.getfixturevalue(user))

    assert client.get(manage_url("entry-readiness", national.pk)).status_code == 403


def test_anonymous_is_sent_to_login(client, national):
    for url in [*staff_pages(national), manage_url("entry-readiness", national.pk)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/akun/masuk/?next="), url
