import dataclasses
import datetime

import pytest

from competitions.competition import (
    NationalRegion,
    ReadinessFacts,
    national_region,
    nomination_problem,
    readiness_checklist,
)
from evaluations.scoring import Eligibility

TODAY = datetime.date(2026, 11, 25)

READY = ReadinessFacts(
    completeness_percent=100,
    missing_items=(),
    video_url="https://video.example/jenggot",
    video_seconds=175,
    last_dashat_on=datetime.date(2026, 9, 1),
    last_empowerment_on=datetime.date(2026, 10, 12),
    latest_data_period=(2026, 9),
    krppa_linkage="Pojok KRPPA di sekretariat.",
    organisation_gaps=(),
    innovation_names=("Kebun Pikatu",),
)


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("11", NationalRegion.REGIONAL_1),  # Aceh
        ("21", NationalRegion.REGIONAL_1),  # Kepulauan Riau
        ("33", NationalRegion.REGIONAL_1),  # Jawa Tengah
        ("36", NationalRegion.REGIONAL_1),  # Banten
        ("51", NationalRegion.REGIONAL_1),  # Bali
        ("52", NationalRegion.REGIONAL_2),  # Nusa Tenggara Barat
        ("53", NationalRegion.REGIONAL_2),  # Nusa Tenggara Timur
        ("64", NationalRegion.REGIONAL_2),  # Kalimantan Timur
        ("73", NationalRegion.REGIONAL_2),  # Sulawesi Selatan
        ("81", NationalRegion.REGIONAL_2),  # Maluku
        ("94", NationalRegion.REGIONAL_2),  # Papua Tengah
    ],
)
def test_national_region_follows_the_province(code, region):
    assert national_region(code) == region


@pytest.mark.parametrize("code", ["", None, "3", "33.75", "xx", "41"])
def test_unknown_province_code_has_no_region(code):
    assert national_region(code) is None


def test_eligible_unit_needs_no_reason():
    assert nomination_problem(Eligibility(True, "ok"), "") is None


def test_ineligible_unit_needs_an_override_reason():
    problem = nomination_problem(Eligibility(False, "Dicanangkan tahun 2023"), "  ")
    assert "Isi alasan" in str(problem)
    assert "2023" in str(problem)


def test_ineligible_unit_with_a_reason_may_be_nominated():
    assert nomination_problem(Eligibility(False, "x"), "Keputusan rapat pimpinan") is None


def items(facts):
    return {item.code: item for item in readiness_checklist(facts, TODAY)}


def test_a_ready_unit_is_green_everywhere():
    checklist = items(READY)
    assert list(checklist) == [
        "profil",
        "video",
        "dashat",
        "pemberdayaan",
        "data",
        "krppa",
        "inovasi",
        "organisasi",
    ]
    assert all(item.ok for item in checklist.values())


@pytest.mark.parametrize(
    ("code", "change", "reason_part"),
    [
        (
            "profil",
            {"completeness_percent": 90, "missing_items": ("Video profil",)},
            "Video profil",
        ),
        ("video", {"video_url": ""}, "Belum ada tautan"),
        ("video", {"video_seconds": None}, "Durasi video belum dicatat"),
        ("video", {"video_seconds": 181}, "3:01"),
        ("dashat", {"last_dashat_on": None}, "Belum ada kegiatan"),
        ("dashat", {"last_dashat_on": datetime.date(2025, 11, 24)}, "2025-11-24"),
        (
            "pemberdayaan",
            {"last_empowerment_on": datetime.date(2025, 1, 1)},
            "lebih dari 12 bulan",
        ),
        ("data", {"latest_data_period": None}, "Belum ada data"),
        ("data", {"latest_data_period": (2026, 7)}, "07/2026"),
        ("data", {"latest_data_period": (2025, None)}, "2025"),
        ("krppa", {"krppa_linkage": "  "}, "KRPPA"),
        ("organisasi", {"organisation_gaps": ("SK Pokja",)}, "SK Pokja"),
    ],
)
def test_each_item_turns_red_with_its_reason(code, change, reason_part):
    item = items(dataclasses.replace(READY, **change))[code]
    assert not item.ok
    assert reason_part in str(item.reason)


def test_video_of_exactly_three_minutes_is_fine():
    assert items(dataclasses.replace(READY, video_seconds=180))["video"].ok


def test_activity_exactly_a_year_ago_still_counts():
    assert items(dataclasses.replace(READY, last_dashat_on=datetime.date(2025, 11, 25)))[
        "dashat"
    ].ok


def test_data_three_months_old_still_counts():
    assert items(dataclasses.replace(READY, latest_data_period=(2026, 8)))["data"].ok


def test_a_unit_without_a_recorded_innovation_is_red_on_that_item():
    item = items(dataclasses.replace(READY, innovation_names=()))["inovasi"]

    assert not item.ok
    assert str(item.label) == "Inovasi unggulan tercatat"
    assert items(READY)["inovasi"].reason == "Tercatat: Kebun Pikatu."
