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


def test_load_pekalongan_loads_the_four_known_results(pekalongan):
    assert Entry.objects.count() == 4

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

    kraton = Entry.objects.get(unit__kelurahan__name="Padukuhan Kraton")
    assert (kraton.year, kraton.level, kraton.result) == (
        2023,
        Entry.Level.PROVINCIAL,
        Entry.Result.FINALIST,
    )
    assert "rembangnews.com" in kraton.source


def test_loading_twice_keeps_four_entries_and_their_stages(pekalongan):
    stage_count = EntryStage.objects.count()
    entry = jenggot_entry(2025, Entry.Level.NATIONAL)
    entry.notes = "Diubah staf."
    entry.save()

    load_pekalongan()

    assert Entry.objects.count() == 4
    assert EntryStage.objects.count() == stage_count
    assert jenggot_entry(2025, Entry.Level.NATIONAL).notes == "Diubah staf."


def test_load_pekalongan_reports_the_known_results(empty_db):
    out = io.StringIO()

    call_command("load_pekalongan", stdout=out)

    assert "Prestasi yang diketahui: 4 entri (4 baru)" in out.getvalue()


def test_a_finished_entry_stops_at_the_stage_it_reached(pekalongan):
    entry = jenggot_entry(2022, Entry.Level.PROVINCIAL)
    stages = list(entry.stages.all())

    assert [stage.name for stage in stages] == [
        "Administrasi",
        "Penilaian dokumen dan website",
        "Enam besar",
        "Verifikasi lapangan",
    ]
    assert all(stage.outcome == EntryStage.Outcome.PASSED for stage in stages)
    assert entry.stage_reached().name == "Verifikasi lapangan"
    assert entry.stage_reached().date == datetime.date(2022, 5, 23)


def test_the_running_national_entry_stands_at_the_profile_video(pekalongan):
    entry = jenggot_entry(2025, Entry.Level.NATIONAL)
    stages = list(entry.stages.all())

    assert entry.stage_reached().name == "Video profil"
    assert [stage.outcome for stage in stages[:2]] == [
        EntryStage.Outcome.PASSED,
        EntryStage.Outcome.SCHEDULED,
    ]
    # The later stages wait for staff, without invented dates.
    assert len(stages) == 7
    assert all(stage.date is None for stage in stages)


def test_the_public_page_shows_the_known_results_with_their_sources(client, pekalongan):
    html = client.get(reverse("competitions:list")).content.decode()

    assert "Juara 2" in html
    assert "Juara 1" in html
    assert "Enam besar/finalis" in html
    assert "Hasil belum tercatat" in html
    assert (
        '<a href="https://rkb.pekalongankota.go.id/" rel="nofollow noopener">'
        "https://rkb.pekalongankota.go.id/</a>" in html
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
