"""Finalizing and publishing say what they will do: the incomplete sheets before
finalizing, what the public will see before publishing, and no empty publication.
And a judge's own path: after sign-in, their periods in scoring and the next unit."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import rubric, selectors, services
from evaluations.judging import ProgressInput, incomplete_sheets
from evaluations.models import Period, PublishedResult
from evaluations.scoring import UnitResult
from tests.conftest import PASSWORD
from villages.models import KampungKB

SMALL_RUBRIC = (
    "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"
    "Kelembagaan,A1,Sekretariat,2,0,4\n"
    "Kelembagaan,A2,Rumah DataKu,1,0,4\n"
    "Layanan,B1,Posyandu,1,0,10\n"
)
ALL_PAIRS = 2 * 27


@pytest.fixture
def judges(make_user):
    judges = [make_user(name, "juri") for name in ("juri_a", "juri_b")]
    judges[0].first_name, judges[0].last_name = "Rina", "Wati"
    judges[0].save()
    return judges


@pytest.fixture
def period(pekalongan, judges, staf):
    """2025 with a 3-criterion rubric and two judges, open for scoring."""
    period = services.create_period(2025, "Evaluasi 2025", judges=judges, example_rubric=False)
    rubric.import_rubric(period, SMALL_RUBRIC.encode())
    return services.start_scoring(period, staf)


@pytest.fixture
def units(pekalongan):
    return {unit.slug: unit for unit in KampungKB.objects.select_related("kelurahan")}


@pytest.fixture
def staff_client(login, staf):
    return login(staf)


def score(period, judge, unit, **values):
    codes = {c.code: c.pk for c in period.criteria.all()}
    sheet = {codes[code]: (Decimal(value), "") for code, value in values.items()}
    return services.save_unit_scores(period, judge, unit, sheet, "")


def complete(period, judge, unit, value="3"):
    return score(period, judge, unit, A1=value, A2=value, B1=value)


def transition(client, action, **data):
    return client.post(
        reverse("evaluations-manage:period-transition", args=[2025]), {"action": action, **data}
    )


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def kelurahan_order():
    return list(KampungKB.objects.order_by("kelurahan__name", "pk").values_list("slug", flat=True))


# The incomplete sheets (pure)


def test_incomplete_sheets_are_the_owed_pairs_not_complete_in_unit_then_judge_order():
    data = ProgressInput(
        judge_ids=[1, 2],
        unit_ids=[30, 10, 20],
        criterion_count=3,
        excluded=frozenset({(2, 10)}),
        given={(1, 30): 3, (2, 30): 1, (1, 10): 3, (1, 20): 5},
    )

    assert incomplete_sheets(data) == [(30, 2, 1), (20, 2, 0)]


def test_a_rubric_without_criteria_leaves_every_owed_sheet_incomplete():
    data = ProgressInput([1], [10, 20], 0, frozenset({(1, 20)}), {})
    assert incomplete_sheets(data) == [(10, 1, 0)]


def result(unit_id, rank, complete=True):
    return UnitResult(unit_id, rank, Decimal("80"), {}, {}, complete, 0, 2)


def test_the_publication_summary_counts_complete_ranked_and_eligible_units():
    results = [result(1, 1), result(2, 2), result(3, 2), result(4, None, complete=False)]

    summary = selectors.summarize_publication(results, eligible_unit_ids=[2, 3, 4])

    assert (summary.unit_count, summary.complete, summary.ranked) == (4, 3, 3)
    assert (summary.incomplete, summary.eligible) == (1, 2)
    assert summary.nominee.unit_id == 2
    assert summary.refusal is None


def test_a_publication_without_a_complete_unit_is_refused():
    summary = selectors.summarize_publication([result(1, None, complete=False)], [1])

    assert summary.complete == 0 and summary.nominee is None
    assert "Belum ada Kampung KB yang nilainya lengkap" in summary.refusal


# Finalizing


def test_finalize_preview_lists_the_missing_pairs_in_kelurahan_order(period, judges, units):
    complete(period, judges[0], units["jenggot"])
    score(period, judges[1], units["jenggot"], A1="2")
    services.declare_conflict(period, judges[1], units["bandengan"], "Saudara ketua.")

    preview = selectors.finalize_preview(period)

    assert preview.count == ALL_PAIRS - 2
    assert preview.criterion_count == 3
    slugs = [sheet.unit.slug for sheet in preview.sheets]
    assert slugs == sorted(slugs, key=kelurahan_order().index)
    jenggot = [(s.judge, s.scored) for s in preview.sheets if s.unit.slug == "jenggot"]
    assert jenggot == [(judges[1], 1)]
    assert [s.judge for s in preview.sheets if s.unit.slug == "bandengan"] == [judges[0]]
    assert preview.sheets[0].judge_name == "Rina Wati"


def test_finalizing_shows_every_incomplete_pair_and_asks_to_confirm_the_count(
    staff_client, period, judges, units
):
    complete(period, judges[0], units["jenggot"])
    score(period, judges[1], units["jenggot"], A1="2")

    response = transition(staff_client, "finalisasi")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"{ALL_PAIRS - 1} lembar penilaian belum lengkap" in html
    assert f"Saya mengerti {ALL_PAIRS - 1} lembar belum lengkap" in html
    assert f'name="belum_lengkap" value="{ALL_PAIRS - 1}"' in html
    table = html[html.index('id="lembar-belum-lengkap"') :]
    assert table.count("<tr>") == ALL_PAIRS - 1 + 1  # and the header row
    assert "Rina Wati" in table and "juri_b" in table and "1/3" in table
    shown = [str(sheet.unit.display_name) for sheet in response.context["preview"].sheets]
    positions = [table.index(f">{name}</th>") for name in dict.fromkeys(shown)]
    assert positions == sorted(positions)
    assert Period.objects.get(pk=period.pk).status == Period.Status.SCORING


@pytest.mark.parametrize("confirmed", [None, "", "3", "satu"])
def test_finalizing_without_confirming_the_count_is_refused(
    staff_client, period, judges, units, confirmed
):
    data = {"confirm": "1"}
    if confirmed is not None:
        data["belum_lengkap"] = confirmed

    response = transition(staff_client, "finalisasi", **data)

    assert response.status_code == 200
    assert f"{ALL_PAIRS} lembar penilaian belum lengkap. Periksa daftarnya" in (
        response.content.decode()
    )
    assert Period.objects.get(pk=period.pk).status == Period.Status.SCORING


def test_finalizing_with_the_count_confirmed_is_in_the_history(
    staff_client, period, judges, units, staf
):
    complete(period, judges[0], units["jenggot"])

    response = transition(
        staff_client, "finalisasi", confirm="1", belum_lengkap=str(ALL_PAIRS - 1)
    )

    assert response.status_code == 302
    period.refresh_from_db()
    assert period.status == Period.Status.FINAL
    entry = period.history.first()
    assert (entry.status, entry.history_user) == (Period.Status.FINAL, staf)
    assert entry.history_date is not None
    assert entry.history_change_reason == (
        f"Difinalkan dengan {ALL_PAIRS - 1} lembar penilaian belum lengkap, dikonfirmasi."
    )
    hub = staff_client.get(reverse("evaluations-manage:period-detail", args=[2025]))
    assert entry.history_change_reason in hub.content.decode()


def test_the_service_refuses_more_incomplete_sheets_than_confirmed(period, judges, units, staf):
    with pytest.raises(services.IncompleteNotConfirmed) as refused:
        services.finalize_period(period, staf, incomplete_confirmed=ALL_PAIRS - 1)
    assert refused.value.count == ALL_PAIRS
    assert Period.objects.get(pk=period.pk).status == Period.Status.SCORING
    assert period.history.first().status == Period.Status.SCORING


def test_a_period_with_every_sheet_complete_finalizes_without_a_count(period, judges, staf):
    for unit in KampungKB.objects.all():
        for judge in judges:
            complete(period, judge, unit)

    services.finalize_period(period, staf, incomplete_confirmed=0)

    entry = period.history.first()
    assert entry.history_change_reason == "Difinalkan: semua lembar penilaian lengkap."


def test_the_finalize_page_runs_the_same_queries_for_more_missing_sheets(
    staff_client, period, judges, units, make_user
):
    complete(period, judges[0], units["jenggot"])
    with CaptureQueriesContext(connection) as few:
        transition(staff_client, "finalisasi")
    services.assign_judges(period, [make_user("juri_c", "juri")])
    score(period, judges[1], units["bandengan"], A1="1")
    services.declare_conflict(period, judges[1], units["medono"], "Tetangga.")

    with CaptureQueriesContext(connection) as more:
        response = transition(staff_client, "finalisasi")

    assert response.context["preview"].count == 3 * 27 - 2
    assert len(more) == len(few)


# Publishing


def test_publishing_shows_what_the_public_will_see_then_publishes_once_confirmed(
    staff_client, period, judges, units, staf
):
    KampungKB.objects.filter(slug="bandengan").update(formed_on=date(2015, 1, 1))
    KampungKB.objects.filter(slug="jenggot").update(formed_on=date(2024, 1, 1))
    for judge in judges:
        complete(period, judge, units["jenggot"], "4")
        complete(period, judge, units["bandengan"], "3")
    services.finalize_period(period, staf)

    response = transition(staff_client, "publikasikan")

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 dari 27 Kampung KB nilainya lengkap dan mendapat peringkat." in html
    assert "25 Kampung KB belum lengkap: tampil tanpa peringkat." in html
    assert "1 Kampung KB berperingkat memenuhi syarat usia minimal 3 tahun" in html
    assert f"Usulan calon seleksi provinsi: {units['bandengan'].display_name} (peringkat 2)" in (
        html
    )
    assert 'name="confirm"' in html
    assert Period.objects.get(pk=period.pk).status == Period.Status.FINAL
    assert not PublishedResult.objects.exists()

    response = transition(staff_client, "publikasikan", confirm="1")

    assert response.status_code == 302
    period.refresh_from_db()
    assert period.status == Period.Status.PUBLISHED
    entry = period.history.first()
    assert (entry.status, entry.history_user) == (Period.Status.PUBLISHED, staf)
    assert entry.history_change_reason == (
        "Dipublikasikan: 2 dari 27 Kampung KB lengkap dan berperingkat, 1 memenuhi syarat "
        "seleksi provinsi."
    )
    assert PublishedResult.objects.filter(period=period, complete=True).count() == 2


def test_publishing_with_no_complete_unit_is_refused_by_the_service(period, judges, units, staf):
    complete(period, judges[0], units["jenggot"])  # one judge of two: not complete
    services.finalize_period(period, staf)

    with pytest.raises(services.TransitionRefused, match="Belum ada Kampung KB yang nilainya"):
        services.publish_period(period, staf)

    period.refresh_from_db()
    assert period.status == Period.Status.FINAL and period.published_at is None
    assert not PublishedResult.objects.exists()
    assert period.history.first().status == Period.Status.FINAL


def test_publishing_with_no_complete_unit_is_refused_on_the_page(staff_client, period, staf):
    services.finalize_period(period, staf)

    page = transition(staff_client, "publikasikan")
    refused = staff_client.post(
        reverse("evaluations-manage:period-transition", args=[2025]),
        {"action": "publikasikan", "confirm": "1"},
        follow=True,
    )

    html = page.content.decode()
    assert "0 dari 27 Kampung KB nilainya lengkap" in html
    assert "Belum ada Kampung KB yang nilainya lengkap, sehingga tidak ada hasil" in html
    assert 'name="confirm"' not in html
    assert page_messages(refused) == [
        "Belum ada Kampung KB yang nilainya lengkap, sehingga tidak ada hasil yang bisa "
        "dipublikasikan. Buka kembali periode ini dan lengkapi penilaian lebih dulu."
    ]
    assert Period.objects.get(pk=period.pk).status == Period.Status.FINAL


def test_the_admin_action_refuses_an_empty_publication_too(client, period, staf):
    services.finalize_period(period, staf)
    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    client.force_login(admin)

    response = client.post(
        reverse("admin:evaluations_period_changelist"),
        {"action": "publish", "_selected_action": [period.pk]},
        follow=True,
    )

    assert "Belum ada Kampung KB yang nilainya lengkap" in response.content.decode()
    assert Period.objects.get(pk=period.pk).status == Period.Status.FINAL


def test_the_admin_action_does_not_finalize_incomplete_sheets(client, period):
    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    client.force_login(admin)

    response = client.post(
        reverse("admin:evaluations_period_changelist"),
        {"action": "finalize", "_selected_action": [period.pk]},
        follow=True,
    )

    assert f"{ALL_PAIRS} lembar penilaian belum lengkap" in response.content.decode()
    assert Period.objects.get(pk=period.pk).status == Period.Status.SCORING


def test_the_publish_page_runs_the_same_queries_for_more_complete_units(
    staff_client, period, judges, units, staf
):
    for judge in judges:
        complete(period, judge, units["jenggot"])
    services.finalize_period(period, staf)
    with CaptureQueriesContext(connection) as few:
        transition(staff_client, "publikasikan")
    Period.objects.filter(pk=period.pk).update(status=Period.Status.SCORING)
    period.refresh_from_db()
    for unit in list(units.values())[:5]:
        for judge in judges:
            complete(period, judge, unit, "2")
    Period.objects.filter(pk=period.pk).update(status=Period.Status.FINAL)

    with CaptureQueriesContext(connection) as more:
        response = transition(staff_client, "publikasikan")

    assert response.context["preview"].summary.complete >= 5
    assert len(more) == len(few)


# A judge's landing page


def sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, follow=True)


def test_a_judge_lands_on_their_periods_with_progress_and_the_next_unit(
    client, period, judges, units, staf
):
    order = kelurahan_order()
    first, second = units[order[0]], units[order[1]]
    complete(period, judges[0], first)
    score(period, judges[0], second, A1="2")  # begun, not complete: still the next one
    other = services.create_period(2024, "Evaluasi 2024", judges=judges[1:])
    services.start_scoring(other, staf)

    response = sign_in(client, "juri_a")

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("manage:dashboard")
    assert html.index("Tugas penilaian Anda") < html.index("</main>")
    assert "Evaluasi 2025" in html and "Evaluasi 2024" not in html
    assert "1 dari 27 Kampung KB sudah dinilai lengkap" in html
    next_url = reverse("evaluations-manage:score-sheet", args=[2025, second.slug])
    assert f'href="{next_url}"' in html
    assert f"Nilai berikutnya: {second.display_name}" in html
    assert "Kampung KB yang Anda kelola" not in html
    assert "Hubungi staf" not in html


def test_a_judge_who_has_completed_every_sheet_is_told_so(client, period, judges, units):
    for unit in units.values():
        complete(period, judges[0], unit)

    html = sign_in(client, "juri_a").content.decode()

    assert "27 dari 27 Kampung KB sudah dinilai lengkap" in html
    assert "Semua lembar Anda sudah lengkap." in html
    assert "Nilai berikutnya" not in html


def test_a_judge_without_a_period_in_scoring_is_told_so(client, pekalongan, juri):
    html = sign_in(client, "juri1").content.decode()

    assert "Belum ada periode evaluasi dalam tahap penilaian" in html
    assert "Hubungi staf" not in html


def test_the_next_unit_skips_units_the_judge_may_not_score(
    client, period, judges, units, make_user
):
    order = kelurahan_order()
    services.declare_conflict(period, judges[0], units[order[0]], "Keluarga.")

    html = sign_in(client, "juri_a").content.decode()

    assert f"Nilai berikutnya: {units[order[1]].display_name}" in html
    assert "0 dari 26 Kampung KB sudah dinilai lengkap" in html


def test_staff_and_kader_land_where_they_did(client, pekalongan, staf, kader_jenggot):
    html = sign_in(client, "kader_jenggot").content.decode()
    assert "Kampung KB yang Anda kelola" in html
    assert "Tugas penilaian Anda" not in html
    client.post(reverse("logout"))

    html = sign_in(client, "staf1").content.decode()
    assert "Kampung KB yang Anda kelola" in html
    assert "Tugas penilaian Anda" not in html


def test_a_judge_who_is_also_kader_still_sees_their_units(client, period, make_user, staf):
    both = make_user("juri_kader", "kader", "jenggot")
    both.groups.add(*get_user_model().objects.get(username="juri_a").groups.all())
    services.assign_judges(period, [both], by=staf)

    html = sign_in(client, "juri_kader").content.decode()

    assert "Tugas penilaian Anda" in html
    assert "Kampung KB yang Anda kelola" in html


def test_the_judges_dashboard_runs_the_same_queries_for_more_periods_and_sheets(
    login, period, judges, units, staf
):
    client = login(judges[0])
    client.get(reverse("manage:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("manage:dashboard"))
    for unit in list(units.values())[:4]:
        complete(period, judges[0], unit)
    services.declare_conflict(period, judges[0], units["medono"], "Tetangga.")
    services.start_scoring(services.create_period(2024, "Evaluasi 2024", judges=judges), staf)

    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("manage:dashboard"))

    assert "Evaluasi 2024" in response.content.decode()

    assert len(more) == len(few)
