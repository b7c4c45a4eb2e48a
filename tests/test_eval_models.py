from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.utils import translation

from evaluations import services
from evaluations.models import (
    Aspect,
    CoachingNote,
    Conflict,
    Criterion,
    Period,
    Score,
    UnitReview,
    format_number,
)
from evaluations.permissions import (
    DECLARE_CONFLICT,
    MANAGE_PERIOD,
    REOPEN_PERIOD,
    SCORE_UNIT,
    UPDATE_COACHING,
    VIEW_ALL_SCORES,
    VIEW_COACHING,
    VIEW_UNIT_SCORES,
    ScoringTarget,
)
from villages.models import KampungKB


@pytest.fixture
def period(db):
    return Period.objects.create(year=2025, name="Evaluasi dan Pembinaan Kampung KB 2025")


@pytest.fixture
def aspect(period):
    return Aspect.objects.create(period=period, name="Kelembagaan")


def make_criterion(aspect, **fields):
    values = {"code": "K1", "name": "Sekretariat", "weight": 5, "min_score": 1, "max_score": 4}
    return Criterion.objects.create(aspect=aspect, **(values | fields))


def fresh(user):
    """The user as the next request would load it, without cached permission data."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("weight", [0, -1])
def test_a_criterion_weight_must_be_above_zero(aspect, weight):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_criterion(aspect, weight=weight)


@pytest.mark.parametrize(("low", "high"), [(4, 4), (5, 4)])
def test_a_criterion_minimum_must_be_below_its_maximum(aspect, low, high):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_criterion(aspect, min_score=low, max_score=high)


def test_a_criterion_takes_its_period_from_its_aspect(aspect, period):
    assert make_criterion(aspect).period == period


def test_a_criterion_code_is_unique_within_a_period_only(aspect):
    make_criterion(aspect)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_criterion(Aspect.objects.create(period=aspect.period, name="Hasil"))
    other = Period.objects.create(year=2026, name="Evaluasi 2026")
    make_criterion(Aspect.objects.create(period=other, name="Kelembagaan"))
    assert Criterion.objects.filter(code="K1").count() == 2


def test_a_criterion_explains_a_bad_score(aspect):
    criterion = make_criterion(aspect, min_score=0, max_score=Decimal("2.5"))
    assert criterion.score_error(Decimal("2.5")) is None
    assert criterion.score_error(Decimal("2.50")) is None
    assert criterion.score_error(Decimal("2.6")) == "nilai 2,6 harus antara 0 dan 2,5"
    assert criterion.score_error(Decimal("2.6"), " 2.6 ") == "nilai 2.6 harus antara 0 dan 2,5"
    assert criterion.score_error(Decimal("1.005")) == (
        "nilai 1,005 punya lebih dari 2 angka di belakang koma"
    )


def test_guidance_lines_are_one_per_score_level(aspect):
    criterion = make_criterion(aspect, guidance="4: aktif\n\n3: ada\n 2: jarang \n1: belum")
    assert criterion.guidance_lines() == ["4: aktif", "3: ada", "2: jarang", "1: belum"]


def test_numbers_are_written_the_indonesian_way():
    assert format_number(Decimal("100.00")) == "100"
    assert format_number(Decimal("2.50")) == "2,5"


def test_numbers_are_written_the_english_way_in_english():
    with translation.override("en"):
        assert format_number(Decimal("100.00")) == "100"
        assert format_number(Decimal("2.50")) == "2.5"
        assert format_number(Decimal("1E+2")) == "100"


def test_a_conflict_needs_a_reason(period, juri):
    unit = KampungKB.objects.get(slug="jenggot")
    with pytest.raises(IntegrityError), transaction.atomic():
        Conflict.objects.create(period=period, judge=juri, unit=unit, reason="")


def test_a_judge_scores_a_criterion_of_a_unit_once(aspect, juri):
    criterion = make_criterion(aspect)
    unit = KampungKB.objects.get(slug="jenggot")
    Score.objects.create(judge=juri, unit=unit, criterion=criterion, value=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(judge=juri, unit=unit, criterion=criterion, value=4)


def test_a_score_takes_its_period_from_its_criterion(aspect, juri, period):
    score = Score.objects.create(
        judge=juri,
        unit=KampungKB.objects.get(slug="jenggot"),
        criterion=make_criterion(aspect),
        value=3,
    )
    assert score.period == period


def test_published_periods_are_only_those_made_public(db):
    for year, status in [(2023, "dipublikasikan"), (2024, "final"), (2025, "penilaian")]:
        Period.objects.create(year=year, name=f"Evaluasi {year}", status=status)
    assert [p.year for p in Period.objects.published()] == [2023]


def test_status_labels_are_indonesian():
    assert [label for _value, label in Period.Status.choices] == [
        "Draf",
        "Penilaian",
        "Final",
        "Dipublikasikan",
    ]


def test_final_and_published_periods_are_locked():
    assert [Period(status=s).is_locked for s in Period.Status.values] == [
        False,
        False,
        True,
        True,
    ]


def test_open_coaching_notes_exclude_finished_ones_and_later_periods(period, pekalongan):
    unit = KampungKB.objects.get(slug="jenggot")
    earlier = Period.objects.create(year=2024, name="Evaluasi 2024")
    CoachingNote.objects.create(unit=unit, period=earlier, text="Belum", status="belum")
    CoachingNote.objects.create(unit=unit, period=earlier, text="Selesai", status="selesai")
    CoachingNote.objects.create(unit=unit, period=period, text="Tahun ini", status="sedang")

    assert [n.text for n in CoachingNote.objects.open_for_unit(unit)] == ["Belum", "Tahun ini"]
    assert [n.text for n in CoachingNote.objects.open_for_unit(unit, before=period)] == ["Belum"]


@pytest.fixture
def scoring(make_user, staf):
    judge = make_user("juri_a", "juri")
    period = services.create_period(2025, "Evaluasi 2025", judges=[judge])
    services.start_scoring(period, staf)
    return period, judge, ScoringTarget(period, KampungKB.objects.get(slug="jenggot"))


def test_an_assigned_judge_may_score_a_unit_during_scoring(scoring):
    _period, judge, target = scoring
    assert fresh(judge).has_perm(SCORE_UNIT, target)


def test_an_unassigned_juri_may_not_score(scoring, juri):
    assert not fresh(juri).has_perm(SCORE_UNIT, scoring[2])


@pytest.mark.parametrize("status", ["draf", "final", "dipublikasikan"])
def test_nobody_scores_outside_the_scoring_stage(scoring, status):
    period, judge, target = scoring
    Period.objects.filter(pk=period.pk).update(status=status)
    period.refresh_from_db()
    assert not fresh(judge).has_perm(SCORE_UNIT, target)


def test_a_judge_may_not_score_the_unit_they_are_kader_of(scoring):
    _period, judge, target = scoring
    target.unit.kader.add(judge)
    assert not fresh(judge).has_perm(SCORE_UNIT, target)
    bandengan = KampungKB.objects.get(slug="bandengan")
    assert fresh(judge).has_perm(SCORE_UNIT, target._replace(unit=bandengan))


def test_a_judge_with_a_declared_conflict_may_not_score_that_unit(scoring):
    period, judge, target = scoring
    services.declare_conflict(period, judge, target.unit, "Ipar ketua Pokja.")
    assert not fresh(judge).has_perm(SCORE_UNIT, target)


def test_an_inactive_judge_may_not_score(scoring):
    _period, judge, target = scoring
    judge.is_active = False
    judge.save()
    assert not fresh(judge).has_perm(SCORE_UNIT, target)


def test_a_judge_sees_the_others_scores_only_once_their_sheet_is_complete(scoring, staf):
    period, judge, target = scoring
    assert not fresh(judge).has_perm(VIEW_UNIT_SCORES, target)
    assert fresh(staf).has_perm(VIEW_UNIT_SCORES, target)

    criteria = list(period.criteria.all())
    services.save_unit_scores(period, judge, target.unit, {criteria[0].pk: ("3", "")})
    assert not fresh(judge).has_perm(VIEW_UNIT_SCORES, target)

    review = UnitReview.objects.get(judge=judge, unit=target.unit)
    values = {criterion.pk: ("3", "") for criterion in criteria}
    services.save_unit_scores(period, judge, target.unit, values, expected_version=review.version)

    assert fresh(judge).has_perm(VIEW_UNIT_SCORES, target)
    services.declare_conflict(period, judge, target.unit, "Ipar ketua Pokja.")
    assert not fresh(judge).has_perm(VIEW_UNIT_SCORES, target)
    bandengan = KampungKB.objects.get(slug="bandengan")
    assert not fresh(judge).has_perm(VIEW_UNIT_SCORES, target._replace(unit=bandengan))


def test_an_assigned_judge_may_declare_a_conflict_until_the_period_is_final(scoring, juri):
    period, judge, target = scoring
    assert fresh(judge).has_perm(DECLARE_CONFLICT, target)
    assert not fresh(juri).has_perm(DECLARE_CONFLICT, target)
    Period.objects.filter(pk=period.pk).update(status="final")
    period.refresh_from_db()
    assert not fresh(judge).has_perm(DECLARE_CONFLICT, target)


def test_only_staff_manage_periods_and_see_every_score(staf, juri, kader_jenggot):
    assert staf.has_perm(MANAGE_PERIOD) and staf.has_perm(VIEW_ALL_SCORES)
    for user in (juri, kader_jenggot):
        assert not user.has_perm(MANAGE_PERIOD)
        assert not user.has_perm(VIEW_ALL_SCORES)


def test_reopening_needs_its_own_permission_beyond_staff(period, staf):
    assert not fresh(staf).has_perm(REOPEN_PERIOD, period)
    staf.user_permissions.add(Permission.objects.get(codename="reopen_period"))
    assert fresh(staf).has_perm(REOPEN_PERIOD, period)


def test_a_superuser_may_reopen_unless_disabled(period):
    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    assert fresh(admin).has_perm(REOPEN_PERIOD, period)
    admin.is_active = False
    admin.save()
    assert not fresh(admin).has_perm(REOPEN_PERIOD, period)


def test_coaching_is_for_staff_and_the_units_own_kader(staf, juri, kader_jenggot):
    jenggot = KampungKB.objects.get(slug="jenggot")
    bandengan = KampungKB.objects.get(slug="bandengan")
    for perm in (VIEW_COACHING, UPDATE_COACHING):
        assert staf.has_perm(perm, jenggot)
        assert kader_jenggot.has_perm(perm, jenggot)
        assert not kader_jenggot.has_perm(perm, bandengan)
        assert not juri.has_perm(perm, jenggot)


@pytest.mark.parametrize(
    "model", ["period", "aspect", "criterion", "conflict", "score", "unitreview", "coachingnote"]
)
def test_the_admin_lists_evaluation_records(client, scoring, model):
    period, judge, target = scoring
    services.save_unit_scores(
        period, judge, target.unit, {period.criteria.first().pk: ("3", "")}, "Bentuk PIK-R."
    )
    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    client.force_login(admin)

    assert client.get(f"/admin/evaluations/{model}/").status_code == 200


def test_the_admin_finalizes_a_period_through_the_transition_rules(client, scoring):
    period, judge, _target = scoring
    admin = get_user_model().objects.create_superuser("admin", password="x-very-long-1")
    client.force_login(admin)

    assert client.get(f"/admin/evaluations/period/{period.pk}/change/").status_code == 200
    client.post(
        "/admin/evaluations/period/",
        {"action": "publish", "_selected_action": [period.pk]},
    )
    period.refresh_from_db()
    assert period.status == Period.Status.SCORING
    # The admin asks for no confirmation, so it finalizes only with every sheet complete.
    client.post(
        "/admin/evaluations/period/",
        {"action": "finalize", "_selected_action": [period.pk]},
    )
    period.refresh_from_db()
    assert period.status == Period.Status.SCORING
    sheet = {criterion.pk: ("3", "") for criterion in period.criteria.all()}
    for unit in KampungKB.objects.all():
        services.save_unit_scores(period, judge, unit, sheet)
    client.post(
        "/admin/evaluations/period/",
        {"action": "finalize", "_selected_action": [period.pk]},
    )
    period.refresh_from_db()
    assert period.status == Period.Status.FINAL
    assert period.finalized_by == admin
