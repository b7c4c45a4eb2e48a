"""Staff screens of an evaluation period: the period and its status, rubric, judges, grid."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import rubric, services
from evaluations.models import Aspect, CoachingNote, Conflict, Criterion, JudgeAssignment, Period
from villages.models import KampungKB, Kecamatan, Kelurahan

SMALL_RUBRIC = (
    "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"
    "Kelembagaan,A1,Sekretariat,2,0,4\n"
    "Kelembagaan,A2,Rumah DataKu,1,0,4\n"
    "Layanan,B1,Posyandu,1,0,10\n"
)


def url(name, *args):
    return reverse(f"evaluations-manage:{name}", args=args)


def csv_upload(text, name="rubrik.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def judges(make_user):
    return [make_user(name, "juri") for name in ("juri_a", "juri_b")]


@pytest.fixture
def draft(pekalongan):
    return services.create_period(2025, "Evaluasi dan Pembinaan Kampung KB 2025")


@pytest.fixture
def small_period(pekalongan, judges, staf):
    """A period with a 3-criterion rubric and two judges, open for scoring."""
    period = services.create_period(2025, "Evaluasi 2025", judges=judges, example_rubric=False)
    rubric.import_rubric(period, SMALL_RUBRIC.encode())
    return services.start_scoring(period, staf)


@pytest.fixture
def staff_client(login, staf):
    return login(staf)


def scores(period, judge, unit, **values):
    criteria = {c.code: c.pk for c in period.criteria.all()}
    sheet = {criteria[code]: (Decimal(value), "") for code, value in values.items()}
    return services.save_unit_scores(period, judge, unit, sheet, "")


# Periods


def test_staff_create_a_period_with_the_example_rubric(staff_client):
    response = staff_client.post(
        url("period-create"),
        {
            "year": 2025,
            "name": "Evaluasi dan Pembinaan Kampung KB 2025",
            "held_on": "2025-04-29",
            "place": "Aula Dinsos-P2KB",
            "min_unit_age_years": 3,
            "example_rubric": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("period-detail", 2025)
    period = Period.objects.get(year=2025)
    assert period.held_on == date(2025, 4, 29)
    assert period.status == Period.Status.DRAFT
    assert period.rubric_is_example
    assert period.criteria.count() == 19


def test_a_period_can_start_with_an_empty_rubric(staff_client):
    staff_client.post(
        url("period-create"), {"year": 2026, "name": "Evaluasi 2026", "min_unit_age_years": 3}
    )

    period = Period.objects.get(year=2026)
    assert not period.criteria.exists()
    assert not period.rubric_is_example


def test_a_taken_year_is_refused_on_the_year_field(staff_client, draft):
    response = staff_client.post(
        url("period-create"), {"year": 2025, "name": "Lagi", "min_unit_age_years": 3}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["year"] == [
        "Periode 2025 sudah ada. Buka periode itu, atau pilih tahun lain."
    ]
    assert Period.objects.count() == 1


def test_staff_update_the_period_details(staff_client, draft):
    response = staff_client.post(
        url("period-update", 2025),
        {
            "year": 2025,
            "name": "Evaluasi KKB 2025",
            "place": "Gedung Kesenian",
            "min_unit_age_years": 2,
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.name, draft.place, draft.min_unit_age_years) == (
        "Evaluasi KKB 2025",
        "Gedung Kesenian",
        2,
    )


def test_the_year_stays_once_scoring_started(staff_client, small_period):
    response = staff_client.get(url("period-update", 2025))

    assert "year" not in response.context["form"].fields
    staff_client.post(
        url("period-update", 2025), {"year": 2030, "name": "Baru", "min_unit_age_years": 3}
    )
    assert Period.objects.get(pk=small_period.pk).year == 2025


def test_the_period_list_shows_periods_newest_first_with_judges_and_progress(
    staff_client, small_period, judges, django_assert_num_queries
):
    services.create_period(2024, "Evaluasi 2024", example_rubric=False)
    scores(small_period, judges[0], KampungKB.objects.get(slug="jenggot"), A1=4, A2=3, B1=8)

    response = staff_client.get(url("period-list"))

    content = response.content.decode()
    assert content.index("Evaluasi 2025") < content.index("Evaluasi 2024")
    first = response.context["rows"][0]
    assert first["period"].judge_count == 2
    # 2 judges × 27 units × 3 criteria.
    assert (first["given"], first["expected"]) == (3, 162)
    assert "3 dari 162 nilai" in content
    assert "Buat periode" in content


def test_the_period_list_runs_the_same_queries_for_more_periods(
    staff_client, small_period, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url("period-list"))
    for year in (2021, 2022, 2023):
        services.create_period(year, f"Evaluasi {year}")

    with django_assert_num_queries(len(few)):
        staff_client.get(url("period-list"))


def test_the_period_hub_links_every_part_and_shows_allowed_steps(staff_client, draft):
    response = staff_client.get(url("period-detail", 2025))

    content = response.content.decode()
    for name in ("rubric", "judges", "grid", "period-update"):
        assert url(name, 2025) in content
    assert "Mulai penilaian" in content
    assert "Publikasikan" not in content
    assert "CONTOH" in content


# Status transitions


def test_staff_start_scoring_from_the_hub(staff_client, draft, judges):
    services.assign_judges(draft, judges)

    response = staff_client.post(url("period-transition", 2025), {"action": "mulai"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Period.Status.SCORING


def test_starting_without_judges_is_refused_with_a_message(staff_client, draft):
    response = staff_client.post(url("period-transition", 2025), {"action": "mulai"}, follow=True)

    assert page_messages(response) == ["Belum ada juri yang ditugaskan."]
    draft.refresh_from_db()
    assert draft.status == Period.Status.DRAFT


def test_finalizing_a_draft_is_refused_with_a_message(staff_client, draft):
    response = staff_client.post(
        url("period-transition", 2025), {"action": "finalisasi", "confirm": "1"}, follow=True
    )

    assert response.status_code == 200
    assert page_messages(response) == ["Periode berstatus Draf; langkah ini tidak bisa dilakukan."]
    assert Period.objects.get(pk=draft.pk).status == Period.Status.DRAFT


def test_finalizing_asks_for_confirmation_first(staff_client, small_period):
    response = staff_client.post(url("period-transition", 2025), {"action": "finalisasi"})

    assert response.status_code == 200
    assert "terkunci" in response.content.decode()
    assert Period.objects.get(pk=small_period.pk).status == Period.Status.SCORING


def test_finalizing_locks_the_period_and_gathers_recommendations(
    staff_client, small_period, judges, staf
):
    jenggot = KampungKB.objects.get(slug="jenggot")
    criterion = small_period.criteria.get(code="A1")
    services.save_unit_scores(
        small_period, judges[0], jenggot, {criterion.pk: ("3", "")}, "Perbarui papan data."
    )

    # 2 judges × 27 units, none complete: the confirmation names the 54 sheets.
    response = staff_client.post(
        url("period-transition", 2025),
        {"action": "finalisasi", "confirm": "1", "belum_lengkap": "54"},
    )

    assert response.status_code == 302
    small_period.refresh_from_db()
    assert small_period.status == Period.Status.FINAL
    assert small_period.finalized_by == staf
    assert CoachingNote.objects.get(unit=jenggot).text == "Perbarui papan data."


def test_staff_publish_a_final_period(staff_client, small_period, staf, judges):
    jenggot = KampungKB.objects.get(slug="jenggot")
    for judge in judges:
        scores(small_period, judge, jenggot, A1="3", A2="3", B1="8")
    services.finalize_period(small_period, staf)

    staff_client.post(url("period-transition", 2025), {"action": "publikasikan", "confirm": "1"})

    small_period.refresh_from_db()
    assert small_period.status == Period.Status.PUBLISHED
    assert small_period.published_at is not None


def test_reopening_without_the_permission_is_forbidden(staff_client, small_period, staf):
    services.finalize_period(small_period, staf)

    hub = staff_client.get(url("period-detail", 2025)).content.decode()
    response = staff_client.post(
        url("period-transition", 2025), {"action": "buka-kembali", "reason": "Salah ketik"}
    )

    assert "Buka kembali" not in hub
    assert response.status_code == 403
    assert Period.objects.get(pk=small_period.pk).status == Period.Status.FINAL


@pytest.fixture
def reopener(staf):
    staf.user_permissions.add(Permission.objects.get(codename="reopen_period"))
    return staf


def test_reopening_with_the_permission_logs_who_and_why(login, reopener, small_period):
    services.finalize_period(small_period, reopener)
    client = login(reopener)

    response = client.post(
        url("period-transition", 2025),
        {"action": "buka-kembali", "reason": "Nilai juri B salah input"},
        follow=True,
    )

    small_period.refresh_from_db()
    assert small_period.status == Period.Status.SCORING
    record = small_period.history.first()
    assert record.history_user == reopener
    assert record.history_change_reason == "Dibuka kembali: Nilai juri B salah input"
    assert "Dibuka kembali: Nilai juri B salah input" in response.content.decode()


def test_the_reopening_reason_loses_pasted_control_characters(login, reopener, small_period):
    services.finalize_period(small_period, reopener)

    login(reopener).post(
        url("period-transition", 2025), {"action": "buka-kembali", "reason": "Salah\x07 ketik\x1b"}
    )

    record = Period.objects.get(pk=small_period.pk).history.first()
    assert record.history_change_reason == "Dibuka kembali: Salah ketik"


def test_reopening_needs_a_reason(login, reopener, small_period):
    services.finalize_period(small_period, reopener)

    response = login(reopener).post(
        url("period-transition", 2025), {"action": "buka-kembali", "reason": " "}, follow=True
    )

    assert page_messages(response) == ["Tuliskan alasan membuka kembali periode ini."]
    assert Period.objects.get(pk=small_period.pk).status == Period.Status.FINAL


def test_a_plain_visit_to_the_step_page_goes_back_to_the_period_and_changes_nothing(
    staff_client, draft
):
    response = staff_client.get(url("period-transition", 2025))
    assert response.status_code == 302
    assert response["Location"] == url("period-detail", 2025)
    assert Period.objects.get(pk=draft.pk).status == Period.Status.DRAFT


def test_the_access_denied_page_does_not_speak_to_a_judge_as_a_kader(login, juri, draft):
    response = login(juri).get(url("grid", 2025))
    assert response.status_code == 403
    html = response.content.decode()
    assert "juri untuk penilaian yang ditugaskan" in html
    assert "Kader hanya dapat mengubah" not in html


def test_juri_cannot_open_the_period_screens(login, juri, draft):
    client = login(juri)

    for name in ("period-detail", "rubric", "judges", "grid"):
        assert client.get(url(name, 2025)).status_code == 403


# Rubric


def test_the_rubric_page_lists_criteria_with_guidance_and_the_example_banner(staff_client, draft):
    response = staff_client.get(url("rubric", 2025))

    content = response.content.decode()
    assert "CONTOH" in content
    assert "sesuaikan dengan pedoman resmi terbaru" in content
    assert "Sekretariat Kampung KB" in content
    assert "4: sekretariat tetap, aktif dipakai" in content


def test_marking_the_rubric_adapted_removes_the_banner(staff_client, draft):
    staff_client.post(url("rubric-adapted", 2025))

    assert not Period.objects.get(pk=draft.pk).rubric_is_example
    assert "Rubrik ini contoh" not in staff_client.get(url("rubric", 2025)).content.decode()


def test_a_rubric_file_with_errors_is_refused_by_row_and_nothing_changes(staff_client, draft):
    bad = (
        "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"
        "Kelembagaan,A1,Sekretariat,2,0,4\n"
        "Kelembagaan,A2,Data,0,0,4\n"
        "Layanan,A1,Posyandu,1,5,4\n"
    )

    response = staff_client.post(url("rubric-import", 2025), {"file": csv_upload(bad)})

    assert response.status_code == 200
    errors = response.context["errors"]
    assert errors[0].startswith("Baris 3:") and "bobot harus lebih dari 0" in errors[0]
    assert errors[1].startswith("Baris 4:") and "sudah dipakai di baris 2" in errors[1]
    assert "Baris 3:" in response.content.decode()
    assert draft.criteria.count() == 19
    assert Period.objects.get(pk=draft.pk).rubric_is_example


def test_a_valid_rubric_file_replaces_the_rubric(staff_client, draft):
    response = staff_client.post(url("rubric-import", 2025), {"file": csv_upload(SMALL_RUBRIC)})

    assert response.status_code == 302
    assert list(draft.criteria.order_by("code").values_list("code", flat=True)) == [
        "A1",
        "A2",
        "B1",
    ]
    assert list(draft.aspects.values_list("name", flat=True)) == ["Kelembagaan", "Layanan"]
    assert not Period.objects.get(pk=draft.pk).rubric_is_example


def test_the_exported_rubric_imports_back_the_same(staff_client, draft):
    response = staff_client.get(url("rubric-export", 2025))
    services.create_period(2026, "Evaluasi 2026", example_rubric=False)

    exported = response.content
    assert response["Content-Type"].startswith("text/csv")
    assert "rubrik-2025.csv" in response["Content-Disposition"]
    staff_client.post(
        url("rubric-import", 2026),
        {"file": SimpleUploadedFile("rubrik-2025.csv", exported, content_type="text/csv")},
    )

    assert rubric.rubric_rows(Period.objects.get(year=2026)) == rubric.rubric_rows(draft)
    header = next(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert header[:6] == ["aspek", "kode", "nama", "bobot", "nilai_min", "nilai_maks"]


def test_staff_copy_the_rubric_of_an_earlier_period(staff_client, pekalongan):
    earlier = services.create_period(2024, "Evaluasi 2024", example_rubric=False)
    rubric.import_rubric(earlier, SMALL_RUBRIC.encode())
    services.create_period(2025, "Evaluasi 2025", example_rubric=False)

    response = staff_client.post(url("rubric-copy", 2025), {"source": earlier.pk})

    assert response.status_code == 302
    assert rubric.rubric_rows(Period.objects.get(year=2025)) == rubric.rubric_rows(earlier)


def test_copying_into_a_period_with_scores_is_refused(staff_client, small_period, judges):
    earlier = services.create_period(2024, "Evaluasi 2024")
    scores(small_period, judges[0], KampungKB.objects.get(slug="jenggot"), A1=3)

    response = staff_client.post(url("rubric-copy", 2025), {"source": earlier.pk}, follow=True)

    assert any("sudah berisi nilai" in message for message in page_messages(response))
    assert small_period.criteria.count() == 3


def criterion_data(criterion, **changes):
    data = {
        "aspect": criterion.aspect_id,
        "code": criterion.code,
        "name": criterion.name,
        "description": criterion.description,
        "weight": criterion.weight,
        "min_score": criterion.min_score,
        "max_score": criterion.max_score,
        "guidance": criterion.guidance,
        "position": criterion.position,
    }
    return data | changes


def test_staff_edit_a_criterion_while_draft(staff_client, draft):
    criterion = draft.criteria.get(code="K1")

    response = staff_client.post(
        url("criterion-update", 2025, criterion.pk),
        criterion_data(criterion, name="Sekretariat aktif", weight="7,5"),
    )

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.name, criterion.weight) == ("Sekretariat aktif", Decimal("7.5"))


def test_a_criterion_edit_is_refused_on_the_field(staff_client, draft):
    criterion = draft.criteria.get(code="K1")

    response = staff_client.post(
        url("criterion-update", 2025, criterion.pk),
        criterion_data(criterion, code="K2", weight="0", min_score="4", max_score="4"),
    )

    errors = response.context["form"].errors
    assert errors["code"] == ["Kode kriteria ini sudah dipakai di periode ini."]
    assert errors["weight"] == ["Bobot 0 harus lebih dari 0."]
    assert errors["max_score"] == ["Nilai maksimum 4 harus lebih besar dari nilai minimum 4."]
    assert Criterion.objects.get(pk=criterion.pk).weight == Decimal("5")


def test_a_criterion_edit_is_refused_once_scoring_started(staff_client, small_period):
    criterion = small_period.criteria.get(code="A1")

    page = staff_client.get(url("criterion-update", 2025, criterion.pk), follow=True)
    response = staff_client.post(
        url("criterion-update", 2025, criterion.pk),
        criterion_data(criterion, name="Diubah", weight="9"),
        follow=True,
    )

    assert page.redirect_chain[-1][0] == url("rubric", 2025)
    assert "hanya bisa diubah selama periode berstatus draf" in page_messages(response)[0]
    criterion.refresh_from_db()
    assert (criterion.name, criterion.weight) == ("Sekretariat", Decimal("2"))


def test_staff_add_an_aspect_and_a_criterion_then_delete_the_aspect(staff_client, pekalongan):
    period = services.create_period(2025, "Evaluasi 2025", example_rubric=False)

    staff_client.post(url("aspect-create", 2025), {"name": "Kelembagaan", "position": 0})
    aspect = Aspect.objects.get(period=period)
    staff_client.post(
        url("criterion-create", 2025),
        {
            "aspect": aspect.pk,
            "code": "K1",
            "name": "Sekretariat",
            "weight": "5",
            "min_score": "1",
            "max_score": "4",
            "guidance": "4: aktif\n1: belum ada",
            "position": 0,
        },
    )
    criterion = Criterion.objects.get(period=period)
    assert criterion.guidance_lines() == ["4: aktif", "1: belum ada"]

    staff_client.post(url("aspect-delete", 2025, aspect.pk))
    assert not Aspect.objects.filter(period=period).exists()
    assert not Criterion.objects.filter(period=period).exists()


def test_a_duplicate_aspect_name_is_refused(staff_client, draft):
    response = staff_client.post(
        url("aspect-create", 2025), {"name": "kelembagaan", "position": 9}
    )

    assert response.context["form"].errors["name"]
    assert draft.aspects.count() == 4


def test_deleting_a_criterion_is_refused_once_scoring_started(staff_client, small_period):
    criterion = small_period.criteria.get(code="B1")

    staff_client.post(url("criterion-delete", 2025, criterion.pk))

    assert Criterion.objects.filter(pk=criterion.pk).exists()


# Judges


def test_staff_assign_and_remove_judges(staff_client, draft, judges, make_user):
    make_user("kader_x", "kader", "jenggot")

    page = staff_client.get(url("judges", 2025))
    choices = {user.username for user in page.context["form"].fields["users"].queryset}
    assert choices == {"juri_a", "juri_b", "staf1"}

    staff_client.post(url("judges", 2025), {"users": [judges[0].pk, judges[1].pk]})
    assert set(draft.judges.values_list("username", flat=True)) == {"juri_a", "juri_b"}

    confirm = staff_client.post(url("judge-remove", 2025), {"user": judges[1].pk})
    assert "Lepas juri_b dari periode 2025?" in confirm.content.decode()
    assert draft.judges.count() == 2

    staff_client.post(url("judge-remove", 2025), {"user": judges[1].pk, "confirm": "1"})
    assert list(draft.judges.values_list("username", flat=True)) == ["juri_a"]


def test_removing_a_judge_who_scored_names_the_count_and_needs_a_reason(
    staff_client, small_period, judges
):
    jenggot = KampungKB.objects.get(slug="jenggot")
    scores(small_period, judges[0], jenggot, A1=3, A2=3, B1=7)
    remove = url("judge-remove", 2025)

    confirm = staff_client.post(remove, {"user": judges[0].pk})
    assert "3 nilai yang sudah diisi juri ini tidak lagi dihitung" in confirm.content.decode()
    no_reason = staff_client.post(remove, {"user": judges[0].pk, "confirm": "1"})
    assert no_reason.context["form"].errors["reason"] == [
        "Tuliskan alasan melepas juri yang sudah memberi nilai."
    ]
    assert small_period.judges.count() == 2

    staff_client.post(
        remove, {"user": judges[0].pk, "confirm": "1", "reason": "Sakit, diganti juri lain."}
    )
    assert small_period.judges.count() == 1
    removal = JudgeAssignment.history.filter(history_type="-").get()
    assert removal.history_change_reason == "Sakit, diganti juri lain."


def test_a_refused_removal_reason_is_shown_on_the_confirmation(staff_client, draft, judges):
    draft.judges.add(judges[0])

    response = staff_client.post(
        url("judge-remove", 2025), {"user": judges[0].pk, "confirm": "1", "reason": "x" * 501}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert draft.judges.count() == 1


def test_a_kader_account_cannot_be_assigned(staff_client, draft, kader_jenggot):
    staff_client.post(url("judges", 2025), {"users": [kader_jenggot.pk]})

    assert not draft.judges.exists()


def test_the_judges_page_shows_progress_kader_units_and_conflicts(
    staff_client, small_period, judges
):
    jenggot = KampungKB.objects.get(slug="jenggot")
    bandengan = KampungKB.objects.get(slug="bandengan")
    jenggot.kader.add(judges[1])
    services.declare_conflict(small_period, judges[0], bandengan, "Saudara ketua Pokja.")
    scores(small_period, judges[0], jenggot, A1=3, A2=3, B1=7)

    content = staff_client.get(url("judges", 2025)).content.decode()

    assert "1 dari 26 Kampung KB lengkap" in content
    assert f"tidak menilai: {jenggot.display_name} (kader)" in content
    assert "Saudara ketua Pokja." in content


def test_judges_cannot_change_once_final(staff_client, small_period, judges, staf):
    services.finalize_period(small_period, staf)

    response = staff_client.post(
        url("judge-remove", 2025),
        {"user": judges[0].pk, "confirm": "1", "reason": "x"},
        follow=True,
    )

    assert page_messages(response) == ["Periode sudah final: juri tidak bisa diubah."]
    assert small_period.judges.count() == 2


# Grid


def test_the_grid_shows_each_criterion_mean_and_marks_missing_scores(
    staff_client, small_period, judges
):
    jenggot = KampungKB.objects.get(slug="jenggot")
    bandengan = KampungKB.objects.get(slug="bandengan")
    scores(small_period, judges[0], jenggot, A1=4, A2=3, B1=8)
    scores(small_period, judges[1], jenggot, A1=3, A2=3, B1=7)
    scores(small_period, judges[0], bandengan, A1=2)

    response = staff_client.get(url("grid", 2025))

    rows = {row["unit"].slug: row for row in response.context["rows"]}
    assert [(c["mean"], c["missing"]) for c in rows["jenggot"]["cells"]] == [
        ("3,5", 0),
        ("3", 0),
        ("7,5", 0),
    ]
    # 100 × (2 × 3,5/4 + 1 × 3/4 + 1 × 7,5/10) ÷ 4
    assert rows["jenggot"]["final_score"] == "81,25"
    assert [(c["mean"], c["missing"]) for c in rows["bandengan"]["cells"]] == [
        ("2", 1),
        (None, 2),
        (None, 2),
    ]
    content = response.content.decode()
    assert '<abbr title="Sekretariat">A1</abbr>' in content
    assert '<td>2<abbr title="1 juri belum memberi nilai">*</abbr></td>' in content
    assert "juri_a: 1 dari 27 Kampung KB lengkap" in content
    assert "juri_b: 1 dari 27 Kampung KB lengkap" in content
    assert "table-responsive" in content


def test_the_grid_leaves_out_a_judge_with_a_conflict(staff_client, small_period, judges):
    jenggot = KampungKB.objects.get(slug="jenggot")
    scores(small_period, judges[0], jenggot, A1=4, A2=4, B1=10)
    scores(small_period, judges[1], jenggot, A1=2, A2=2, B1=2)
    services.declare_conflict(small_period, judges[1], jenggot, "Tetangga.")

    response = staff_client.get(url("grid", 2025))

    row = next(r for r in response.context["rows"] if r["unit"].slug == "jenggot")
    assert [(c["mean"], c["missing"]) for c in row["cells"]] == [("4", 0), ("4", 0), ("10", 0)]
    assert row["final_score"] == "100"


def add_units(count):
    kecamatan = Kecamatan.objects.first()
    for number in range(count):
        kelurahan = Kelurahan.objects.create(
            kecamatan=kecamatan, code=f"99.99.99.{number:04d}", name=f"Tambahan {number}"
        )
        KampungKB.objects.create(kelurahan=kelurahan, slug=f"tambahan-{number}")


def test_the_grid_runs_the_same_queries_for_more_units_criteria_and_judges(
    staff_client, small_period, judges, make_user, django_assert_num_queries
):
    jenggot = KampungKB.objects.get(slug="jenggot")
    scores(small_period, judges[0], jenggot, A1=4, A2=3, B1=8)
    with CaptureQueriesContext(connection) as small:
        staff_client.get(url("grid", 2025))

    add_units(5)
    aspect = small_period.aspects.get(name="Layanan")
    for code in ("B2", "B3"):
        Criterion.objects.create(aspect=aspect, code=code, name=code, weight=1, max_score=4)
    more = [make_user(name, "juri") for name in ("juri_c", "juri_d")]
    services.assign_judges(small_period, more)
    for judge in (*judges, *more):
        for unit in KampungKB.objects.all()[:4]:
            scores(small_period, judge, unit, A1=2, B2=3)

    with django_assert_num_queries(len(small)):
        response = staff_client.get(url("grid", 2025))
    assert len(response.context["rows"]) == 32
    assert len(response.context["criteria"]) == 5


def test_the_period_hub_runs_the_same_queries_for_more_judges(
    staff_client, small_period, make_user, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url("period-detail", 2025))
    services.assign_judges(small_period, [make_user(f"juri_{n}", "juri") for n in range(4)])
    Conflict.objects.create(
        period=small_period,
        judge=small_period.judges.first(),
        unit=KampungKB.objects.first(),
        reason="Keluarga.",
    )

    with django_assert_num_queries(len(few)):
        staff_client.get(url("period-detail", 2025))


def test_the_rubric_and_judges_pages_run_the_same_queries_for_more_rows(
    staff_client, draft, judges, make_user, django_assert_num_queries
):
    services.assign_judges(draft, judges[:1])
    few = {}
    for name in ("rubric", "judges"):
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(url(name, 2025))
        few[name] = len(queries)
    services.assign_judges(draft, [*judges, *(make_user(f"juri_{n}", "juri") for n in range(3))])
    KampungKB.objects.get(slug="jenggot").kader.add(judges[0])
    for judge in judges:
        services.declare_conflict(
            draft, judge, KampungKB.objects.get(slug="bandengan"), "Kerabat."
        )
    Criterion.objects.create(
        aspect=draft.aspects.first(), code="X9", name="Tambahan", weight=1, max_score=4
    )

    for name, count in few.items():
        with django_assert_num_queries(count):
            staff_client.get(url(name, 2025))


def test_staff_open_every_page_of_a_draft_period(staff_client, draft):
    aspect = draft.aspects.first()
    criterion = draft.criteria.first()
    pages = [
        url("period-list"),
        url("period-create"),
        url("period-detail", 2025),
        url("period-update", 2025),
        url("rubric", 2025),
        url("rubric-import", 2025),
        url("rubric-copy", 2025),
        url("aspect-create", 2025),
        url("aspect-update", 2025, aspect.pk),
        url("aspect-delete", 2025, aspect.pk),
        url("criterion-create", 2025) + f"?aspek={aspect.pk}",
        url("criterion-update", 2025, criterion.pk),
        url("criterion-delete", 2025, criterion.pk),
        url("judges", 2025),
        url("grid", 2025),
    ]
    for page in pages:
        assert staff_client.get(page).status_code == 200, page


def test_an_unknown_year_is_not_found(staff_client, pekalongan):
    assert staff_client.get(url("period-detail", 1999)).status_code == 404
