"""Who may do what in an evaluation period, built on the predicates of `villages.permissions`.

Views ask ``user.has_perm(PERM, obj)`` and templates ``{% has_perm PERM user obj as ok %}``.
Per-unit scoring rules take a `ScoringTarget` (period and unit) as the object; coaching
rules take the unit. `services` asks the same rules again before it writes anything.
"""

from typing import NamedTuple

import rules
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from villages.models import KampungKB
from villages.permissions import is_kader_of_unit, is_staf, kader_unit_ids

from .judging import ScoringFacts, judges_unit, scoring_refusal, sees_others_scores
from .models import Conflict, Criterion, JudgeAssignment, Period, Score

MANAGE_PERIOD = "evaluations.manage_period"
JUDGE_PERIOD = "evaluations.judge_period"
SCORE_UNIT = "evaluations.score_unit"
DECLARE_CONFLICT = "evaluations.declare_conflict"
VIEW_UNIT_SCORES = "evaluations.view_unit_scores"
VIEW_ALL_SCORES = "evaluations.view_all_scores"
# The same name as the Django permission in Period.Meta, so it can be granted in the admin.
REOPEN_PERIOD = "evaluations.reopen_period"
VIEW_COACHING = "evaluations.view_coaching"
UPDATE_COACHING = "evaluations.update_coaching"


class ScoringTarget(NamedTuple):
    """The object of the per-unit scoring rules: one unit in one period."""

    period: Period
    unit: KampungKB


def assigned_period_ids(user):
    """Ids of the periods the user judges, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_eval_period_ids"):
        user._eval_period_ids = frozenset(
            JudgeAssignment.objects.filter(user=user).values_list("period_id", flat=True)
        )
    return user._eval_period_ids


def conflict_keys(user):
    """(period id, unit id) of the user's declared conflicts, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_eval_conflicts"):
        user._eval_conflicts = frozenset(
            Conflict.objects.active().filter(judge=user).values_list("period_id", "unit_id")
        )
    return user._eval_conflicts


def require(user, perm, obj=None):
    """The check every write service makes: PermissionDenied unless `user` has `perm`."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("Anda tidak berwenang melakukan ini."))


def require_unless_trusted(by, perm, obj=None):
    """`require`, except for `by=None`: a trusted caller with no user (manage.py, loading
    data). Views always pass the signed-in user."""
    if by is not None:
        require(by, perm, obj)


def forget_cached_rules(user):
    """Drop what this module cached on the user, after assigning or declaring something."""
    for name in ("_eval_period_ids", "_eval_conflicts", "_kkb_unit_ids"):
        user.__dict__.pop(name, None)


def scoring_facts(user, target):
    """The facts `judging.scoring_refusal` decides on, from this request's cached reads."""
    period, unit = target
    return ScoringFacts(
        period_status=period.status,
        is_active=user.is_active,
        is_assigned=period.pk in assigned_period_ids(user),
        # Any user listed as kader of the unit, whatever their role: a judge may be both.
        is_kader=unit.pk in kader_unit_ids(user),
        has_conflict=(period.pk, unit.pk) in conflict_keys(user),
    )


def scoring_refusal_for(user, target):
    """Why `user` may not score `target` (a ScoringTarget) now, addressed to them, or None."""
    return scoring_refusal(scoring_facts(user, target))


@rules.predicate
def is_active(user):
    return user.is_active


@rules.predicate
def judges_period(user, period):
    return period is not None and period.pk in assigned_period_ids(user)


@rules.predicate
def is_assigned_judge(user, target):
    return target is not None and target.period.pk in assigned_period_ids(user)


@rules.predicate
def period_is_locked(user, target):
    return target is not None and target.period.is_locked


@rules.predicate
def may_score_unit(user, target):
    return target is not None and scoring_refusal_for(user, target) is None


def own_sheet_counts(user, target):
    """(criteria scored by `user` for the unit, criteria in the rubric), in one query."""
    period, unit = target
    mine = Score.objects.filter(criterion=OuterRef("pk"), judge=user, unit=unit)
    counts = Criterion.objects.filter(period=period).aggregate(
        total=Count("pk"), scored=Count("pk", filter=Exists(mine))
    )
    return counts["scored"], counts["total"]


@rules.predicate
def has_completed_own_sheet(user, target):
    """`judging.sees_others_scores`: the judge's own sheet for the unit is complete."""
    if target is None or not user.is_authenticated:
        return False
    scored, total = own_sheet_counts(user, target)
    return sees_others_scores(scoring_facts(user, target), scored, total)


def judged_unit_facts(user, unit):
    """The `ScoringFacts` of `unit` in each period `user` is assigned to, from this
    request's cached reads (no query after the first rule asked)."""
    return [
        ScoringFacts(
            period_status="",
            is_active=user.is_active,
            is_kader=unit.pk in kader_unit_ids(user),
            has_conflict=(period_id, unit.pk) in conflict_keys(user),
        )
        for period_id in assigned_period_ids(user)
    ]


@rules.predicate
def is_judge_of_unit(user, unit):
    """`judging.judges_unit`: assigned to a period in which they may judge `unit`."""
    return unit is not None and judges_unit(judged_unit_facts(user, unit))


def reads_coaching_as_judge(user, unit):
    """Whether `user` reads `unit`'s coaching notes only because they judge it (neither
    staff nor its kader): they read the notes of published periods only."""
    return not (is_staf(user) or is_kader_of_unit(user, unit))


@rules.predicate
def has_reopen_permission(user):
    # Asked of the model backend directly: superusers, or users given the permission.
    return ModelBackend().has_perm(user, REOPEN_PERIOD)


# Who may take each status step of `Period.TRANSITIONS`.
ACTION_PERMISSIONS = {
    Period.Action.START: MANAGE_PERIOD,
    Period.Action.FINALIZE: MANAGE_PERIOD,
    Period.Action.PUBLISH: MANAGE_PERIOD,
    Period.Action.REOPEN: REOPEN_PERIOD,
}

rules.add_perm(MANAGE_PERIOD, is_staf)
# The judging pages of a period: its judges, and staff (who see every sheet read-only).
rules.add_perm(JUDGE_PERIOD, judges_period | is_staf)
rules.add_perm(SCORE_UNIT, may_score_unit)
rules.add_perm(DECLARE_CONFLICT, is_active & is_assigned_judge & ~period_is_locked)
# Blind until complete: a judge sees the others' scores and notes for a unit only once
# their own sheet for it is complete. Every page and export that shows another judge's
# scores asks this (or VIEW_ALL_SCORES, staff only).
rules.add_perm(VIEW_UNIT_SCORES, is_staf | has_completed_own_sheet)
rules.add_perm(VIEW_ALL_SCORES, is_staf)
rules.add_perm(REOPEN_PERIOD, is_active & has_reopen_permission)
# Coaching notes: staff, the unit's kader, and the judges who judge the unit (the notes
# say the next evaluation's judges look at them again).
rules.add_perm(VIEW_COACHING, is_staf | is_kader_of_unit | is_judge_of_unit)
rules.add_perm(UPDATE_COACHING, is_staf | is_kader_of_unit)
