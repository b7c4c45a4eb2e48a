import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from competitions.competition import NationalRegion
from competitions.models import Entry, EntryStage


def load_pekalongan():
    call_command("load_pekalongan", stdout=io.StringIO())


def jenggot_entry(year, level):
    return Entry.objects.get(unit__slug="jenggot", year=year, level=level)


def test_load_pekalongan_loads_the_five_known_results(pekalongan):
    assert Entry.objects.count() == 5

    provincial_2022 = jenggot_entry(2022, Entry.Level.PROVINCIAL)
    assert provincial_2022.result == Entry.Result.WINNER_2
    assert provincial_2022.category == Entry.Category.KOTA
    assert "https://rkb.pekalongankota.go.id/" in provincial_2022.source
    assert "selisih 0,5 poin" in provincial_2022.notes

    provincial_2025 = jenggot_entry(2025, Entry.Level.PROVINCIAL)
    assert provincial_2025.result == Entry.Result.WINNER_1

    national_2025 = jenggot_entry(2025, Entry.Level.NATIONAL)
    assert national_2025.result == ""
    assert national_2025.region == NationalRegion.REGIONAL_1
    assert national_2025.organiser == "Kemendukbangga/BKKBN"

    kraton = Entry.objects.get(unit__kelurahan__name="Padukuhan Kraton", year=2023)
    assert (kraton.year, kraton.level, kraton.result) == (
        2023,
        Entry.Level.PROVINCIAL,
        Entry.Result.FINALIST,
    )
    assert "rembangnews.com" in kraton.source


def test_loading_twice_keeps_five_entries_and_their_stages(pekalongan):
    stage_count = EntryStage.objects.count()
    entry = jenggot_entry(2025, Entry.Level.NATIONAL)
    entry.notes = "Diubah staf."
    entry.save()

    load_pekalongan()

    assert Entry.objects.count() == 5
    assert EntryStage.objects.count() == stage_count
    assert jenggot_entry(2025, Entry.Level.NATIONAL).notes == "Diubah staf."


def test_load_pekalongan_reports_the_known_results(empty_db):
    out = io.StringIO()

    call_command("load_pekalongan", stdout=out)

    assert "Prestasi yang diketahui: 5 entri (5 baru)" in out.getvalue()


def test_known_entries_mark_no_stage_as_passed_without_a_source(pekalongan):
    stages = EntryStage.objects.filter(entry__unit__slug__in=["jenggot", "padukuhan-kraton"])

    assert stages.exists()
    for stage in stages:
        assert stage.source.startswith("https://"), stage
    # And no stage waits as "dijadwalkan" without a date.
    assert not stages.filter(outcome=EntryStage.Outcome.SCHEDULED, date__isnull=True).exists()


def test_the_2022_entry_has_only_the_stages_its_article_names(pekalongan):
    entry = jenggot_entry(2022, Entry.Level.PROVINCIAL)
    stages = [(s.name, s.outcome, s.date) for s in entry.stages.all()]

    assert stages == [
        (
            "Penilaian administrasi (profil dikirim lewat email)",
            EntryStage.Outcome.PASSED,
            None,
        ),
        ("Enam besar", EntryStage.Outcome.PASSED, None),
        ("Verifikasi lapangan", EntryStage.Outcome.NOT_RECORDED, datetime.date(2022, 5, 23)),
    ]
    assert {s.source for s in entry.stages.all()} == {
        "https://rkb.pekalongankota.go.id/berita17248-1-lolos-6-besar-kampung-kb-utama-"
        "mandiri-ikuti-verifikasi-lapangan.html"
    }


def test_padukuhan_kraton_2023_field_visit_is_not_shown_as_passed(pekalongan):
    entry = Entry.objects.get(unit__slug="padukuhan-kraton", year=2023)
    outcomes = {s.name: (s.outcome, s.date) for s in entry.stages.all()}

    assert outcomes == {
        "Enam besar": (EntryStage.Outcome.PASSED, None),
        "Verifikasi lapangan": (EntryStage.Outcome.NOT_RECORDED, datetime.date(2023, 3, 30)),
    }


def test_the_running_national_entry_has_no_undated_schedule(pekalongan):
    entry = jenggot_entry(2025, Entry.Level.NATIONAL)
    stages = list(entry.stages.all())

    assert [(s.name, s.outcome) for s in stages] == [
        ("Video profil 3 menit", EntryStage.Outcome.NOT_RECORDED)
    ]
    assert entry.stage_reached().name == "Video profil 3 menit"
    assert Entry.objects.running().filter(pk=entry.pk).exists()


def test_a_result_without_a_year_is_kept_with_its_source(client, pekalongan):
    harapan = Entry.objects.get(unit__slug="padukuhan-kraton", year__isnull=True)

    assert harapan.result == Entry.Result.HONOURABLE
    assert "pekalongankota.go.id" in harapan.source
    assert not harapan.stages.exists()
    # Listed after the dated entries, on the list, its page and the unit page.
    assert list(Entry.objects.newest_first())[-1] == harapan
    for url in (
        reverse("competitions:list"),
        harapan.get_absolute_url(),
        reverse("villages:kampung-detail", args=["padukuhan-kraton"]),
    ):
        html = client.get(url).content.decode()
        assert "tahun tidak disebutkan" in html, url
        assert "Juara harapan" in html, url


def test_the_public_entry_page_shows_each_stage_with_its_source(client, pekalongan):
    entry = jenggot_entry(2022, Entry.Level.PROVINCIAL)

    html = client.get(entry.get_absolute_url()).content.decode()

    assert html.count('class="d-block small text-body-secondary text-break stage-source"') == 3
    assert "Diikuti, hasil tahap tidak tercatat" in html
    assert "Dijadwalkan" not in html


def test_a_scheduled_stage_without_a_date_does_not_read_dijadwalkan():
    assert str(EntryStage(outcome=EntryStage.Outcome.SCHEDULED).outcome_label) == (
        "Tanggal belum diketahui"
    )
    dated = EntryStage(outcome=EntryStage.Outcome.SCHEDULED, date=datetime.date(2026, 1, 5))
    assert str(dated.outcome_label) == "Dijadwalkan"


def test_the_public_page_shows_the_known_results_with_their_sources(client, pekalongan):
    html = client.get(reverse("competitions:list")).content.decode()

    assert "Juara 2" in html
    assert "Juara 1" in html
    assert "Enam besar/finalis" in html
    assert "Hasil belum tercatat" in html
    # The 2022 source is the full article address (the reference file was completed).
    assert (
        'href="https://rkb.pekalongankota.go.id/berita17248-1-lolos-6-besar-kampung-kb-'
        'utama-mandiri-ikuti-verifikasi-lapangan.html" rel="nofollow noopener"' in html
    )
    assert 'href="https://rembangnews.com/2023/04/27/"' in html
    assert (
        'href="https://pekalongankota.go.id/berita/pemkot-pekalongan-genjot-persiapan-'
        'kampung-kb-mandiri-utama-jenggot-hadapi-seleksi-nasional.html"' in html
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [("tahun=2025", 2), ("tingkat=nasional", 1), ("tahun=2023&tingkat=provinsi", 1)],
)
def test_the_public_page_filters_by_year_and_level(client, pekalongan, query, expected):
    response = client.get(reverse("competitions:list") + "?" + query)

    assert len(response.context["entries"]) == expected


def test_reloading_replaces_the_stages_an_earlier_loader_made_up(pekalongan):
    entry = Entry.objects.get(unit__slug="padukuhan-kraton", year=2023)
    entry.stages.all().delete()
    # What the earlier loader created: the template up to the field visit, all "Lolos".
    for position, name in enumerate(
        ["Administrasi", "Penilaian dokumen dan website", "Enam besar", "Verifikasi lapangan"],
        start=1,
    ):
        EntryStage.objects.create(
            entry=entry, position=position, name=name, outcome=EntryStage.Outcome.PASSED
        )

    load_pekalongan()

    assert [(s.name, s.outcome) for s in entry.stages.all()] == [
        ("Enam besar", EntryStage.Outcome.PASSED),
        ("Verifikasi lapangan", EntryStage.Outcome.NOT_RECORDED),
    ]


def test_reloading_keeps_stages_a_person_has_edited(login, staf, pekalongan):
    entry = Entry.objects.get(unit__slug="padukuhan-kraton", year=2023)
    entry.stages.all().delete()
    stage = EntryStage.objects.create(entry=entry, position=1, name="Administrasi")
    login(staf).post(
        reverse("competitions-manage:entry-stage-update", args=[entry.pk, stage.pk]),
        {"name": "Administrasi", "date": "2023-02-01", "outcome": "lolos", "notes": ""},
    )

    load_pekalongan()

    assert list(entry.stages.values_list("name", flat=True)) == ["Administrasi"]


def test_each_known_entry_on_the_unit_page_shows_its_source(client, pekalongan):
    html = client.get("/kampung/padukuhan-kraton/").content.decode()
    section = html[html.index('id="judul-prestasi-unit"') :]
    assert section.count("Sumber:") >= 2
    assert 'href="https://pantura.suaramerdeka.com/"' in section
