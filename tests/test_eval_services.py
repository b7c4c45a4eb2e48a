from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations import selectors, services
from evaluations.judging import judge_progress
from evaluations.models import (
    CoachingNote,
    Conflict,
    Period,
    PublishedResult,
    Score,
    UnitReview,
)
from evaluations.scoring import compute_results
from villages.models import KampungKB, Kecamatan, Kelurahan


@pytest.fixture
def judges(make_user):
    return [make_user(name, "juri") for name in ("juri_a", "juri_b", "juri_c")]


@pytest.fixture
def period(judges, staf):
    period = services.create_period(
        2025,
        "Evaluasi dan Pembinaan Kampung KB 2025",
        held_on=date(2025, 4, 29),
        judges=judges,
    )
    return services.start_scoring(period, staf)


def fresh(user):
    """The user as the next request would load it, without cached permission data."""
    return get_user_model().objects.get(pk=user.pk)


def full_sheet(period, value="3", note=""):
    return {criterion.pk: (value, note) for criterion in period.criteria.all()}


def test_save_unit_scores_saves_every_score_and_the_recommendation(period, judges, jenggot):
    criteria = list(period.criteria.order_by("id"))
    values = full_sheet(period)
    values[criteria[0].pk] = (Decimal("4"), "Sekretariat rapi dan aktif.")
    values[criteria[1].pk] = ("2,5", "")

    review = services.save_unit_scores(
        period, judges[0], jenggot, values, "Lengkapi Rumah DataKu."
    )

    scores = {s.criterion_id: s for s in Score.objects.filter(judge=judges[0], unit=jenggot)}
    assert len(scores) == len(criteria) == 19
    assert scores[criteria[0].pk].value == Decimal("4")
    assert scores[criteria[0].pk].note == "Sekretariat rapi dan aktif."
    assert scores[criteria[1].pk].value == Decimal("2.5")
    assert review.recommendation == "Lengkapi Rumah DataKu."
    assert review.updated_by == judges[0]


def test_save_unit_scores_reports_every_bad_field_and_saves_nothing(period, judges, jenggot):
    criteria = list(period.criteria.order_by("id"))
    values = full_sheet(period)
    values[criteria[0].pk] = ("5", "")
    values[criteria[1].pk] = ("3.125", "")
    values[criteria[2].pk] = ("tiga", "")
    values[criteria[3].pk] = ("", "catatan tanpa nilai")

    with pytest.raises(ValidationError) as caught:
        services.save_unit_scores(period, judges[0], jenggot, values, "Rekomendasi")

    errors = caught.value.message_dict
    assert set(errors) == {criteria[0].pk, criteria[1].pk, criteria[2].pk, criteria[3].pk}
    assert errors[criteria[0].pk] == ["Nilai 5 harus antara 1 dan 4."]
    assert errors[criteria[1].pk] == ["Nilai 3.125 punya lebih dari 2 angka di belakang koma."]
    assert errors[criteria[2].pk] == ["Nilai “tiga” bukan angka."]
    assert "catatan" in errors[criteria[3].pk][0]
    assert not Score.objects.exists()
    assert not UnitReview.objects.exists()


def test_a_blank_value_removes_an_earlier_score(period, judges, jenggot):
    criterion = period.criteria.order_by("id").first()
    review = services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))

    services.save_unit_scores(
        period, judges[0], jenggot, {criterion.pk: (None, "")}, expected_version=review.version
    )

    assert not Score.objects.filter(criterion=criterion).exists()
    assert Score.objects.filter(judge=judges[0], unit=jenggot).count() == 18


@pytest.mark.parametrize("status", [Period.Status.FINAL, Period.Status.PUBLISHED])
def test_a_locked_period_refuses_scores(period, judges, jenggot, status):
    Period.objects.filter(pk=period.pk).update(status=status)
    period.refresh_from_db()

    with pytest.raises(services.ScoringRefused, match="terkunci"):
        services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))
    assert not Score.objects.exists()


def test_a_draft_period_refuses_scores(judges, jenggot):
    period = services.create_period(2026, "Evaluasi 2026", judges=judges)
    with pytest.raises(services.ScoringRefused, match="belum masuk tahap penilaian"):
        services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))


def test_a_judge_who_is_kader_of_the_unit_cannot_score_it(period, judges, jenggot):
    jenggot.kader.add(judges[0])

    with pytest.raises(services.ScoringRefused, match="kader"):
        services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))
    assert not Score.objects.exists()


def test_a_judge_with_a_declared_conflict_cannot_score_the_unit(period, judges, jenggot):
    services.declare_conflict(period, judges[0], jenggot, "Saudara kandung ketua Pokja.")

    with pytest.raises(services.ScoringRefused, match="konflik kepentingan"):
        services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))


def test_a_conflict_needs_a_reason(period, judges, jenggot):
    with pytest.raises(ValidationError):
        services.declare_conflict(period, judges[0], jenggot, "  ")
    assert not Conflict.objects.exists()


def test_an_unassigned_judge_cannot_score(period, juri, jenggot):
    with pytest.raises(services.ScoringRefused, match="tidak ditugaskan"):
        services.save_unit_scores(period, juri, jenggot, full_sheet(period))


def test_staff_may_enter_a_judges_paper_sheet_but_another_judge_may_not(
    period, judges, staf, jenggot
):
    review = services.save_unit_scores(period, judges[0], jenggot, full_sheet(period), by=staf)
    assert review.updated_by == staf
    assert (
        Score.objects.get(criterion__code="K1", judge=judges[0]).history.first().history_user
        == staf
    )

    with pytest.raises(services.ScoringRefused):
        services.save_unit_scores(
            period,
            judges[0],
            jenggot,
            full_sheet(period),
            expected_version=review.version,
            by=judges[1],
        )


def test_a_save_from_a_form_opened_before_the_last_save_is_refused(period, judges, jenggot):
    first = services.save_unit_scores(period, judges[0], jenggot, full_sheet(period, "2"))
    opened_version = first.version
    # The same sheet saved again from another tab.
    services.save_unit_scores(
        period, judges[0], jenggot, full_sheet(period, "4"), expected_version=opened_version
    )

    with pytest.raises(services.StaleScores) as caught:
        services.save_unit_scores(
            period, judges[0], jenggot, full_sheet(period, "1"), expected_version=opened_version
        )

    assert "juri_a" in caught.value.message
    assert "muat ulang" in caught.value.message
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal("4")}


def test_a_first_save_is_refused_when_the_sheet_was_created_meanwhile(period, judges, jenggot):
    services.save_unit_scores(period, judges[0], jenggot, full_sheet(period, "4"))

    with pytest.raises(services.StaleScores):
        services.save_unit_scores(
            period, judges[0], jenggot, full_sheet(period, "1"), expected_version=None
        )
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal("4")}


def test_a_blank_sheet_writes_no_review_and_no_score(period, judges, jenggot):
    blank = full_sheet(period, "")

    assert services.save_unit_scores(period, judges[0], jenggot, blank, "  ") is None

    assert not UnitReview.objects.filter(judge=judges[0]).exists()
    assert not Score.objects.filter(judge=judges[0]).exists()
    # A recommendation alone is something the judge wrote: it is kept.
    review = services.save_unit_scores(period, judges[0], jenggot, blank, "Perbaiki arsip.")
    assert review.recommendation == "Perbaiki arsip."


def test_clearing_a_saved_sheet_still_checks_its_version_and_removes_the_scores(
    period, judges, jenggot
):
    first = services.save_unit_scores(period, judges[0], jenggot, full_sheet(period, "2"))
    services.save_unit_scores(
        period, judges[0], jenggot, full_sheet(period, "3"), expected_version=first.version
    )
    blank = full_sheet(period, "")

    with pytest.raises(services.StaleScores):
        services.save_unit_scores(
            period, judges[0], jenggot, blank, expected_version=first.version
        )
    assert Score.objects.filter(judge=judges[0]).count() == 19

    current = UnitReview.objects.get(judge=judges[0], unit=jenggot)
    services.save_unit_scores(period, judges[0], jenggot, blank, expected_version=current.version)
    assert not Score.objects.filter(judge=judges[0]).exists()


def test_a_blank_sheet_clears_imported_scores_that_have_no_review(period, judges, jenggot):
    criterion = period.criteria.get(code="K1")
    Score.objects.create(
        period=period, judge=judges[0], unit=jenggot, criterion=criterion, value=3
    )

    services.save_unit_scores(period, judges[0], jenggot, full_sheet(period, ""))

    assert not Score.objects.filter(judge=judges[0]).exists()


def test_a_score_change_is_kept_in_history_with_who_and_old_and_new_value(
    period, judges, staf, jenggot
):
    criterion = period.criteria.get(code="K1")
    review = services.save_unit_scores(period, judges[0], jenggot, {criterion.pk: ("2", "")})
    services.save_unit_scores(
        period,
        judges[0],
        jenggot,
        {criterion.pk: ("3.5", "naik setelah verifikasi")},
        expected_version=review.version,
        by=staf,
    )

    newest, oldest = Score.objects.get(criterion=criterion).history.all()
    assert (oldest.value, oldest.history_user) == (Decimal("2"), judges[0])
    assert (newest.value, newest.history_user) == (Decimal("3.5"), staf)
    change = newest.diff_against(oldest).changes
    assert {(c.field, c.old, c.new) for c in change} == {
        ("value", Decimal("2.00"), Decimal("3.50")),
        ("note", "", "naik setelah verifikasi"),
        # Staff saving for the judge: the score records who typed it.
        ("entered_by", None, staf.pk),
    }


def test_saving_unchanged_scores_adds_no_history(period, judges, jenggot):
    review = services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))
    services.save_unit_scores(
        period, judges[0], jenggot, full_sheet(period), expected_version=review.version
    )
    assert Score.history.count() == 19


def test_starting_scoring_needs_a_rubric_and_judges(staf, judges):
    no_rubric = services.create_period(2024, "Evaluasi 2024", judges=judges, example_rubric=False)
    with pytest.raises(services.TransitionRefused, match="kriteria"):
        services.start_scoring(no_rubric, staf)

    no_judges = services.create_period(2026, "Evaluasi 2026")
    with pytest.raises(services.TransitionRefused, match="juri"):
        services.start_scoring(no_judges, staf)


def test_only_staff_move_a_period_along(period, judges):
    with pytest.raises(PermissionDenied):
        services.finalize_period(period, judges[0])
    period.refresh_from_db()
    assert period.status == Period.Status.SCORING


def test_finalize_locks_scores_and_gathers_recommendations_for_the_kader(
    period, judges, staf, jenggot
):
    services.save_unit_scores(period, judges[0], jenggot, full_sheet(period), "Bentuk PIK-R.")
    services.save_unit_scores(period, judges[1], jenggot, full_sheet(period), "")

    services.finalize_period(period, staf)

    period.refresh_from_db()
    assert period.status == Period.Status.FINAL
    assert period.finalized_by == staf
    assert period.finalized_at is not None
    notes = list(CoachingNote.objects.filter(period=period))
    assert [(n.unit, n.judge, n.text, n.status) for n in notes] == [
        (jenggot, judges[0], "Bentuk PIK-R.", CoachingNote.Status.NOT_STARTED)
    ]
    with pytest.raises(services.ScoringRefused):
        services.save_unit_scores(period, judges[2], jenggot, full_sheet(period))


def test_finalizing_twice_is_refused(period, staf):
    services.finalize_period(period, staf)
    with pytest.raises(services.TransitionRefused):
        services.finalize_period(period, staf)


def test_publish_needs_a_final_period(period, staf, judges, jenggot):
    with pytest.raises(services.TransitionRefused):
        services.publish_period(period, staf)
    for judge in judges:
        services.save_unit_scores(period, judge, jenggot, full_sheet(period))
    services.finalize_period(period, staf)

    services.publish_period(period, staf)

    assert list(Period.objects.published()) == [period]
    assert period.published_at is not None


def test_staff_alone_cannot_reopen_a_final_period(period, staf):
    services.finalize_period(period, staf)
    with pytest.raises(PermissionDenied):
        services.reopen_period(period, fresh(staf), "salah ketik nilai")
    period.refresh_from_db()
    assert period.status == Period.Status.FINAL


def test_reopening_with_the_permission_is_logged_with_who_and_why(period, staf):
    services.finalize_period(period, staf)
    staf.user_permissions.add(Permission.objects.get(codename="reopen_period"))

    services.reopen_period(period, fresh(staf), "Nilai juri B salah ketik.")

    assert period.status == Period.Status.SCORING
    assert period.finalized_at is None
    entry = period.history.first()
    assert entry.status == Period.Status.SCORING
    assert entry.history_user == staf
    assert entry.history_change_reason == "Dibuka kembali: Nilai juri B salah ketik."


def test_reopening_needs_a_reason(period, staf, make_user):
    services.finalize_period(period, staf)
    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    with pytest.raises(ValidationError):
        services.reopen_period(period, admin, " ")
    period.refresh_from_db()
    assert period.status == Period.Status.FINAL


def test_recommendations_carry_over_as_open_notes_into_the_next_period(
    judges, staf, jenggot, pekalongan
):
    earlier = services.start_scoring(
        services.create_period(2024, "Evaluasi 2024", judges=judges), staf
    )
    services.save_unit_scores(earlier, judges[0], jenggot, full_sheet(earlier), "Bentuk UPPKA.")
    services.save_unit_scores(earlier, judges[1], jenggot, full_sheet(earlier), "Buat video.")
    services.finalize_period(earlier, staf)
    later = services.create_period(2025, "Evaluasi 2025", judges=judges)
    uppka, video = sorted(CoachingNote.objects.all(), key=lambda note: note.text)

    services.update_coaching_follow_up(video, CoachingNote.Status.DONE, "Video tayang.", staf)
    services.update_coaching_follow_up(uppka, CoachingNote.Status.IN_PROGRESS, "", staf)

    carried = CoachingNote.objects.open_for_unit(jenggot, before=later)
    assert [(note.text, note.status) for note in carried] == [
        ("Bentuk UPPKA.", CoachingNote.Status.IN_PROGRESS)
    ]
    assert not CoachingNote.objects.open_for_unit(KampungKB.objects.get(slug="bandengan"))


def test_a_kader_updates_the_follow_up_of_their_unit_only(
    period, judges, staf, jenggot, kader_jenggot, kader_bandengan
):
    services.save_unit_scores(period, judges[0], jenggot, full_sheet(period), "Bentuk PIK-R.")
    services.finalize_period(period, staf)
    note = CoachingNote.objects.get()

    with pytest.raises(PermissionDenied):
        services.update_coaching_follow_up(note, "sedang", "", kader_bandengan)
    services.update_coaching_follow_up(note, "sedang", "Rapat pembentukan.", kader_jenggot)

    note.refresh_from_db()
    assert (note.status, note.follow_up) == ("sedang", "Rapat pembentukan.")
    assert note.history.first().history_user == kader_jenggot


def test_create_period_refuses_a_year_that_exists(period):
    with pytest.raises(ValidationError):
        services.create_period(2025, "Lagi")


def test_only_juri_or_staf_accounts_can_be_judges(period, kader_jenggot):
    with pytest.raises(ValidationError, match="kader_jenggot"):
        services.assign_judges(period, [kader_jenggot])
    assert not period.judges.filter(pk=kader_jenggot.pk).exists()


def fill_scores(period, judges, units, value=Decimal(3)):
    criteria = list(period.criteria.all())
    Score.objects.bulk_create(
        Score(period=period, judge=judge, unit=unit, criterion=criterion, value=value)
        for judge in judges
        for unit in units
        for criterion in criteria
    )


def add_units(count):
    kecamatan = Kecamatan.objects.first()
    units = []
    for number in range(count):
        kelurahan = Kelurahan.objects.create(
            kecamatan=kecamatan, code=f"33.75.09.90{number:02d}", name=f"Uji {number}"
        )
        units.append(KampungKB.objects.create(kelurahan=kelurahan, slug=f"uji-{number}"))
    return units


def test_results_input_reads_a_period_in_a_fixed_number_of_queries(
    period, judges, jenggot, django_assert_num_queries
):
    fill_scores(period, judges, KampungKB.objects.all())
    services.declare_conflict(period, judges[2], jenggot, "Tetangga ketua.")
    KampungKB.objects.get(slug="bandengan").kader.add(judges[1])
    with django_assert_num_queries(6):
        data = selectors.results_input(period)
    assert len(data.units) == 27

    fill_scores(period, judges, add_units(5))
    with django_assert_num_queries(6):
        data = selectors.results_input(period)

    assert len(data.units) == 32
    assert len(data.scores) == 32 * 3 * 19
    bandengan = KampungKB.objects.get(slug="bandengan")
    assert data.excluded == {(judges[2].pk, jenggot.pk), (judges[1].pk, bandengan.pk)}


def test_period_results_feed_compute_results_with_exclusions(period, judges, jenggot):
    fill_scores(period, judges[:2], [jenggot], Decimal(4))
    # The third judge's low scores must not count: a declared conflict.
    fill_scores(period, judges[2:], [jenggot], Decimal(1))
    services.declare_conflict(period, judges[2], jenggot, "Kerabat kader.")

    results, data = selectors.period_results(period)

    by_unit = {result.unit_id: result for result in results}
    assert by_unit[jenggot.pk].final_score == Decimal("100.00")
    assert by_unit[jenggot.pk].complete
    assert by_unit[jenggot.pk].judge_count == 2
    assert by_unit[jenggot.pk].rank == 1
    assert results == compute_results(
        data.unit_refs(), data.criterion_refs(), data.judge_ids, data.scores, data.excluded
    )


def test_judge_progress_counts_the_units_a_judge_may_score(period, judges, jenggot):
    fill_scores(period, judges[:1], KampungKB.objects.all())
    services.declare_conflict(period, judges[1], jenggot, "Warga Jenggot.")

    progress = {p.judge_id: p for p in judge_progress(selectors.progress_input(period))}
    from_rows = judge_progress(selectors.results_input(period).progress_input())
    assert from_rows == list(progress.values())

    assert progress[judges[0].pk].done
    assert progress[judges[0].pk].units_complete == 27
    assert progress[judges[1].pk].units_expected == 26
    assert progress[judges[1].pk].expected == 26 * 19
    assert progress[judges[1].pk].scored == 0


def test_an_excluded_judges_recommendation_is_not_gathered(period, judges, staf, jenggot):
    services.save_unit_scores(period, judges[0], jenggot, full_sheet(period), "Tambah poktan.")
    services.declare_conflict(period, judges[0], jenggot, "Baru tahu: saudara ketua.")

    services.finalize_period(period, staf)

    assert not CoachingNote.objects.exists()


def test_version_token_round_trips_through_a_form(period, judges, jenggot):
    review = services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))
    review = UnitReview.objects.get(pk=review.pk)
    later = services.save_unit_scores(
        period, judges[0], jenggot, full_sheet(period, "4"), expected_version=review.version
    )
    assert later.updated_at - review.updated_at < timedelta(minutes=1)
    assert later.updated_at > review.updated_at


def test_publishing_freezes_each_units_rank_and_reopening_removes_it(
    period, judges, staf, jenggot
):
    bandengan = KampungKB.objects.get(slug="bandengan")
    for judge in judges:
        services.save_unit_scores(period, judge, jenggot, full_sheet(period, "4"))
        services.save_unit_scores(period, judge, bandengan, full_sheet(period, "3"))
    services.finalize_period(period, staf)

    services.publish_period(period, staf)

    frozen = {row.unit.slug: row for row in PublishedResult.objects.select_related("unit")}
    assert len(frozen) == 27
    # Every criterion at its maximum 4 gives 100; at 3 of 4 gives 75.
    assert (frozen["jenggot"].rank, frozen["jenggot"].final_score) == (1, Decimal("100.00"))
    assert (frozen["bandengan"].rank, frozen["bandengan"].final_score) == (2, Decimal("75.00"))
    assert not frozen["medono"].complete and frozen["medono"].rank is None

    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    services.reopen_period(period, admin, "Koreksi nilai.")
    assert not PublishedResult.objects.exists()


def test_a_refused_reopen_keeps_the_frozen_results(period, staf, judges, jenggot):
    for judge in judges:
        services.save_unit_scores(period, judge, jenggot, full_sheet(period))
    services.finalize_period(period, staf)
    services.publish_period(period, staf)
    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    with pytest.raises(ValidationError):
        services.reopen_period(period, admin, " ")
    assert PublishedResult.objects.count() == 27
