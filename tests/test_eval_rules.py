"""Each judging rule at its single home, and every caller of the rule agreeing with it.

| rule                         | home                                   |
| may this judge score a unit  | `judging.scoring_refusal`              |
| excluded judge/unit pairs    | `selectors.excluded_pairs`             |
| scores that count            | `Score.objects.counted()`              |
| a judge's progress           | `judging.progress_of`                  |
| the period's state machine   | `Period.TRANSITIONS`, `Period.can`     |
| may the rubric change        | `Period.rubric_refusal`                |
| status badges                | `Period.status_badge`, `CoachingNote.status_badge` |
"""

from collections import Counter
from importlib import import_module

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import resolve, reverse

import villages.manage_urls
from evaluations import rubric, selectors, services
from evaluations.judging import (
    JudgeProgress,
    ProgressInput,
    RefusalKind,
    ScoringFacts,
    SheetStatus,
    judge_progress,
    period_progress,
    progress_of,
    scoring_refusal,
    sees_others_scores,
)
from evaluations.models import CoachingNote, Criterion, Period, Score
from evaluations.permissions import (
    SCORE_UNIT,
    ScoringTarget,
    forget_cached_rules,
    scoring_refusal_for,
)
from evaluations.results import results_table
from evaluations.score_import import TableImportError, import_scores
from evaluations.selectors import (
    counted_score_counts,
    judge_sheets,
    periods_with_progress,
    progress_summary,
    unit_score_table,
)
from evaluations.views.periods import available_actions
from villages.models import KampungKB
from villages.permissions import MANAGE_UNIT, VIEW_HISTORY

SCORING = Period.Status.SCORING


@pytest.fixture
def judges(make_user):
    return [make_user(name, "juri") for name in ("juri_a", "juri_b", "juri_c")]


@pytest.fixture
def period(judges, staf):
    period = services.create_period(2025, "Evaluasi 2025", judges=judges)
    return services.start_scoring(period, staf)


def full_sheet(period, value="3"):
    return {criterion.pk: (value, "") for criterion in period.criteria.all()}


def score_csv(judge, unit, period):
    code = period.criteria.order_by("id").first().code
    return f"juri,kelurahan,kriteria,nilai\n{judge.username},{unit.slug},{code},3\n".encode()


# May this judge score this unit?


@pytest.mark.parametrize(
    ("facts", "kind"),
    [
        (ScoringFacts(SCORING), None),
        (ScoringFacts(SCORING, is_active=False), RefusalKind.INACTIVE),
        (ScoringFacts(SCORING, is_assigned=False), RefusalKind.NOT_ASSIGNED),
        (ScoringFacts(SCORING, is_kader=True), RefusalKind.KADER),
        (ScoringFacts(SCORING, has_conflict=True), RefusalKind.CONFLICT),
        (ScoringFacts(Period.Status.FINAL), RefusalKind.LOCKED),
        (ScoringFacts(Period.Status.PUBLISHED), RefusalKind.LOCKED),
        (ScoringFacts(Period.Status.DRAFT), RefusalKind.NOT_OPEN),
        # The judge first: a kader never reads their own unit's sheet, even once final.
        (ScoringFacts(Period.Status.FINAL, is_kader=True), RefusalKind.KADER),
        (ScoringFacts(Period.Status.DRAFT, is_assigned=False), RefusalKind.NOT_ASSIGNED),
    ],
)
def test_scoring_refusal_names_the_first_rule_broken(facts, kind):
    refusal = scoring_refusal(facts)
    assert (refusal.kind if refusal else None) == kind
    if refusal:
        assert refusal.viewable == (kind == RefusalKind.LOCKED)
        assert refusal.message.startswith(("Anda", "Akun Anda", "Periode ini"))


@pytest.mark.parametrize(
    ("facts", "scored", "sees"),
    [
        (ScoringFacts(SCORING), 0, False),  # blank
        (ScoringFacts(SCORING), 4, False),  # partial
        (ScoringFacts(SCORING), 19, True),  # complete
        (ScoringFacts(Period.Status.FINAL), 19, True),  # locked, complete
        (ScoringFacts(Period.Status.FINAL), 18, False),  # locked, partial
        (ScoringFacts(SCORING, has_conflict=True), 19, False),
        (ScoringFacts(SCORING, is_kader=True), 19, False),
        (ScoringFacts(SCORING, is_assigned=False), 19, False),
        (ScoringFacts(SCORING, is_active=False), 19, False),
    ],
)
def test_a_judge_sees_the_others_scores_only_once_their_sheet_is_complete(facts, scored, sees):
    assert sees_others_scores(facts, scored, 19) is sees
    assert sees_others_scores(facts, 0, 0) is False  # an empty rubric reveals nothing


def test_scoring_refusal_about_a_named_judge_names_them_the_unit_and_the_year():
    kader = scoring_refusal(
        ScoringFacts(SCORING, is_kader=True), judge_name="juri_a", unit_name="KKB X", year=2025
    )
    locked = scoring_refusal(ScoringFacts(Period.Status.FINAL), judge_name="juri_a", year=2025)

    assert kader.message == "juri_a adalah kader KKB X dan tidak boleh menilainya."
    assert locked.message == "Periode 2025 sudah final: nilai terkunci."


KINDS = [
    None,
    RefusalKind.INACTIVE,
    RefusalKind.NOT_ASSIGNED,
    RefusalKind.KADER,
    RefusalKind.CONFLICT,
    RefusalKind.LOCKED,
    RefusalKind.NOT_OPEN,
]


def arrange(kind, period, judges, juri, jenggot):
    """Set up the database so that the judge is refused `kind` for jenggot; the judge."""
    judge = judges[0]
    if kind == RefusalKind.INACTIVE:
        judge.is_active = False
        judge.save()
    elif kind == RefusalKind.NOT_ASSIGNED:
        judge = juri
    elif kind == RefusalKind.KADER:
        jenggot.kader.add(judge)
    elif kind == RefusalKind.CONFLICT:
        services.declare_conflict(period, judge, jenggot, "Kerabat.")
    elif kind == RefusalKind.LOCKED:
        Period.objects.filter(pk=period.pk).update(status=Period.Status.FINAL)
    elif kind == RefusalKind.NOT_OPEN:
        Period.objects.filter(pk=period.pk).update(status=Period.Status.DRAFT)
    forget_cached_rules(judge)
    period.refresh_from_db()
    return judge


@pytest.mark.parametrize("kind", KINDS)
def test_the_sheet_the_permission_the_save_and_the_import_refuse_alike(
    kind, period, judges, juri, jenggot
):
    judge = arrange(kind, period, judges, juri, jenggot)
    target = ScoringTarget(period, jenggot)

    sheet = scoring_refusal_for(judge, target)
    service = services.scoring_refusal(period, judge, jenggot)
    assert (sheet.kind if sheet else None) == kind
    assert (service.kind if service else None) == kind
    assert judge.has_perm(SCORE_UNIT, target) == (kind is None)

    if kind is None:
        services.save_unit_scores(period, judge, jenggot, full_sheet(period))
        import_scores(period, score_csv(judge, jenggot, period))
        return
    with pytest.raises(services.ScoringRefused) as saved:
        services.save_unit_scores(period, judge, jenggot, full_sheet(period))
    with pytest.raises(TableImportError) as imported:
        import_scores(period, score_csv(judge, jenggot, period))
    assert str(saved.value) == service.message
    [error] = imported.value.errors
    assert service.message.rstrip(".") in error
    assert not Score.objects.exists()


def test_the_sheet_page_refuses_what_the_rule_refuses(login, period, judges, jenggot):
    jenggot.kader.add(judges[0])
    client = login(judges[0])
    url = reverse("evaluations-manage:score-sheet", args=[period.year, jenggot.slug])

    response = client.post(url, {})

    refusal = scoring_refusal(ScoringFacts(SCORING, is_kader=True))
    assert response.status_code == 403
    assert refusal.message in response.content.decode()


# Excluded pairs


def test_excluded_pairs_are_the_conflicts_and_the_kader_links_of_the_judges(
    period, judges, juri, jenggot, bandengan
):
    jenggot.kader.add(judges[0])
    jenggot.kader.add(juri)  # not a judge of the period
    services.declare_conflict(period, judges[1], bandengan, "Kerabat.")

    pairs = selectors.excluded_pairs(period)

    assert pairs == {(judges[0].pk, jenggot.pk), (judges[1].pk, bandengan.pk)}
    assert pairs.kader == {(judges[0].pk, jenggot.pk)}
    assert pairs.conflicts == {(judges[1].pk, bandengan.pk)}
    assert selectors.excluded_pairs(period, unit=bandengan) == {(judges[1].pk, bandengan.pk)}


def test_every_caller_excludes_the_same_pairs(period, judges, jenggot, bandengan):
    jenggot.kader.add(judges[0])
    services.declare_conflict(period, judges[1], bandengan, "Kerabat.")
    pairs = selectors.excluded_pairs(period)
    units = list(KampungKB.objects.all())

    assert selectors.results_input(period).excluded == pairs
    assert selectors.progress_input(period).excluded == pairs
    for judge in judges:
        forget_cached_rules(judge)
        sheets = judge_sheets([period], judge, units)[period.pk]
        for row in sheets.rows:
            excluded = (judge.pk, row.unit.pk) in pairs
            assert (row.status not in SheetStatus.COUNTED) == excluded
            refusal = scoring_refusal_for(judge, ScoringTarget(period, row.unit))
            assert (refusal is not None and refusal.kind in RefusalKind.OF_PAIR) == excluded
    for unit in (jenggot, bandengan):
        criteria = list(Criterion.objects.filter(period=period).in_rubric_order())
        table = unit_score_table(period, unit, criteria)
        for column in table.judges:
            assert column.counted == ((column.user.pk, unit.pk) not in pairs)


# Scores that count


@pytest.fixture
def mixed_scores(period, judges, juri, jenggot, bandengan, staf):
    """Scores by a judge who counts, a kader judge, a conflicted one and a removed one."""
    for judge in judges:
        for unit in (jenggot, bandengan):
            services.save_unit_scores(period, judge, unit, full_sheet(period))
    jenggot.kader.add(judges[0])
    services.declare_conflict(period, judges[1], bandengan, "Kerabat.")
    services.remove_judge(period, judges[2])
    return {(judges[0].pk, bandengan.pk), (judges[1].pk, jenggot.pk)}


def counted_pairs(scores):
    return {(score.judge_id, score.unit_id) for score in scores}


def test_only_scores_of_an_assigned_judge_free_of_the_unit_count(period, mixed_scores):
    assert counted_pairs(Score.objects.counted()) == mixed_scores
    flags = {(s.judge_id, s.unit_id): s.is_counted for s in Score.objects.with_counted()}
    assert {pair for pair, counted in flags.items() if counted} == mixed_scores
    assert len(flags) == 6


def test_every_caller_counts_the_same_scores(period, mixed_scores):
    counted = Score.objects.filter(period=period).counted()
    per_criterion = Counter((s.unit_id, s.criterion_id) for s in counted)

    data = selectors.results_input(period)
    assert {(row.judge_id, row.unit_id) for row in data.counted_scores} == mixed_scores
    assert len(data.scores) == 6 * len(per_criterion) // 2
    assert counted_score_counts(data) == per_criterion
    # The pure results rule leaves out exactly the same rows.
    results, _data = selectors.period_results(period, data)
    judge_counts = {result.unit_id: result.judge_count for result in results}
    assert [judge_counts[unit_id] for _judge_id, unit_id in sorted(mixed_scores)] == [1, 1]
    raw = results_table(period, data).raw_scores()
    assert {(s.judge_id, s.unit_id) for s, is_counted in raw if is_counted} == mixed_scores
    given = selectors.progress_input(period).given
    assert sum(given.values()) == counted.count()
    listed = periods_with_progress().get(pk=period.pk)
    assert listed.score_count == counted.count()


# Progress


def test_progress_of_leaves_out_excluded_units_and_counts_complete_ones():
    sheets = [
        (SheetStatus.COMPLETE, 3),
        (SheetStatus.PARTIAL, 1),
        (SheetStatus.NOT_STARTED, 0),
        (SheetStatus.KADER, 3),
        (SheetStatus.CONFLICT, 0),
    ]
    progress = progress_of(7, sheets, 3)
    assert progress == JudgeProgress(
        judge_id=7, scored=4, expected=9, units_complete=1, units_expected=3
    )
    assert (progress.units.complete, progress.units.expected, progress.units.percent) == (
        1,
        3,
        33,
    )


def test_judge_progress_applies_progress_of_to_each_judge():
    data = ProgressInput(
        judge_ids=[1, 2],
        unit_ids=[10, 11],
        criterion_count=2,
        excluded=frozenset({(2, 11)}),
        given={(1, 10): 2, (1, 11): 1, (2, 10): 2},
    )
    one, two = judge_progress(data)
    assert (one.scored, one.expected, one.units_complete, one.units_expected) == (3, 4, 1, 2)
    assert (two.scored, two.expected, two.units_complete, two.units_expected) == (2, 2, 1, 1)
    assert two.done and not one.done


def test_every_progress_shown_agrees_with_judge_progress(period, judges, mixed_scores):
    data = selectors.progress_input(period)
    progress = {p.judge_id: p for p in judge_progress(data)}
    units = list(KampungKB.objects.all())

    for judge in judges[:2]:
        forget_cached_rules(judge)
        sheets = judge_sheets([period], judge, units)[period.pk]
        assert sheets.progress == progress[judge.pk].units
    from_rows = judge_progress(selectors.results_input(period).progress_input())
    assert from_rows == list(progress.values())
    listed = periods_with_progress().get(pk=period.pk)
    assert progress_summary(listed, len(units)) == (
        sum(p.scored for p in progress.values()),
        sum(p.expected for p in progress.values()),
    )
    assert period_progress(
        judge_count=2, unit_count=3, excluded_count=1, criterion_count=2, scored=20
    ) == (10, 10)


# The period's state machine


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (Period.Status.DRAFT, [Period.Action.START]),
        (Period.Status.SCORING, [Period.Action.FINALIZE]),
        (Period.Status.FINAL, [Period.Action.PUBLISH, Period.Action.REOPEN]),
        (Period.Status.PUBLISHED, [Period.Action.REOPEN]),
    ],
)
def test_the_transitions_say_which_steps_each_status_allows(status, actions):
    period = Period(year=2025, status=status)
    assert period.available_actions() == actions
    assert [a for a in Period.TRANSITIONS if period.can(a)] == actions
    assert not period.can("terbang")


STEPS = {
    Period.Action.START: lambda period, by: services.start_scoring(period, by),
    Period.Action.FINALIZE: lambda period, by: services.finalize_period(period, by),
    Period.Action.PUBLISH: lambda period, by: services.publish_period(period, by),
    Period.Action.REOPEN: lambda period, by: services.reopen_period(period, by, "Koreksi."),
}


@pytest.mark.parametrize("status", Period.Status.values)
@pytest.mark.parametrize("action", list(STEPS))
def test_the_services_and_the_page_allow_exactly_the_declared_steps(
    status, action, period, staf, judges, jenggot
):
    # One complete unit, so that publishing has something to publish.
    for judge in judges:
        services.save_unit_scores(period, judge, jenggot, full_sheet(period))
    staf.user_permissions.add(Permission.objects.get(codename="reopen_period"))
    staf = type(staf).objects.get(pk=staf.pk)
    Period.objects.filter(pk=period.pk).update(status=status)
    period.refresh_from_db()
    allowed = period.can(action)

    assert (action in available_actions(period, staf)) == allowed
    if allowed:
        STEPS[action](period, staf)
        assert period.status == Period.TRANSITIONS[action].target
    else:
        with pytest.raises(services.TransitionRefused):
            STEPS[action](period, staf)


# May the rubric change


@pytest.mark.parametrize(
    ("status", "with_score", "refused_with"),
    [
        (Period.Status.DRAFT, False, None),
        (Period.Status.DRAFT, True, "sudah berisi nilai"),
        (Period.Status.SCORING, False, "hanya bisa diubah selama periode berstatus draf"),
        (Period.Status.SCORING, True, "sudah berisi nilai"),
        (Period.Status.FINAL, False, "rubrik terkunci"),
        (Period.Status.PUBLISHED, True, "rubrik terkunci"),
    ],
)
def test_the_rubric_changes_only_while_draft_and_without_scores(
    status, with_score, refused_with, period, judges, jenggot, staff_client
):
    if with_score:
        services.save_unit_scores(period, judges[0], jenggot, full_sheet(period))
    Period.objects.filter(pk=period.pk).update(status=status)
    period.refresh_from_db()

    refusal = period.rubric_refusal()

    assert (refused_with in refusal) if refused_with else refusal is None
    assert period.rubric_is_editable == (refusal is None)
    # Every caller follows it: the import, the copy, the edit pages and the rubric page.
    earlier = services.create_period(2020, "Evaluasi 2020")
    if refusal:
        with pytest.raises(TableImportError, match=refused_with):
            rubric.copy_rubric(earlier, period)
        with pytest.raises(TableImportError, match=refused_with):
            rubric.import_rubric(period, rubric.EXAMPLE_RUBRIC_CSV)
    else:
        assert rubric.copy_rubric(earlier, period) == 19
    page = staff_client.get(reverse("evaluations-manage:rubric", args=[period.year]))
    add_aspect = reverse("evaluations-manage:aspect-create", args=[period.year])
    assert (add_aspect in page.content.decode()) == (refusal is None)
    edit = staff_client.get(add_aspect)
    assert edit.status_code == (302 if refusal else 200)


@pytest.fixture
def staff_client(login, staf):
    return login(staf)


# Status badges


@pytest.mark.parametrize("status", Period.Status.values)
def test_each_period_status_has_one_badge_used_by_the_include(status):
    period = Period(year=2025, status=status)
    html = render_to_string("evaluations/manage/includes/status_badge.html", {"period": period})
    assert f'class="badge {period.status_badge}"' in html
    assert str(period.get_status_display()) in html


def test_each_coaching_status_has_a_badge():
    for status in CoachingNote.Status.values:
        assert CoachingNote(status=status).status_badge.startswith("text-bg-")


# Writes check their permission


def test_every_write_service_refuses_a_user_without_the_permission(
    period, judges, juri, jenggot, staf
):
    judge = judges[0]
    draft = services.create_period(2026, "Evaluasi 2026", by=staf)
    earlier = services.create_period(2020, "Evaluasi 2020")
    refused = [
        lambda: services.create_period(2027, "Evaluasi 2027", by=judge),
        lambda: services.assign_judges(period, [juri], by=judge),
        lambda: services.remove_judge(period, judges[1], by=judge),
        lambda: services.start_scoring(draft, judge),
        lambda: services.finalize_period(period, judge),
        lambda: services.reopen_period(period, judge, "Koreksi."),
        lambda: services.publish_period(period, judge),
        lambda: services.add_coaching_note(period, jenggot, "Catatan.", judge),
        lambda: services.save_unit_scores(period, judges[1], jenggot, {}, by=judge),
        lambda: import_scores(period, score_csv(judge, jenggot, period), by=judge),
        lambda: rubric.import_rubric(draft, rubric.EXAMPLE_RUBRIC_CSV, by=judge),
        lambda: rubric.copy_rubric(earlier, draft, by=judge),
        lambda: rubric.mark_rubric_adapted(draft, by=judge),
        # A judge declares only their own conflicts, and only for periods they judge.
        lambda: services.declare_conflict(draft, juri, jenggot, "Kerabat."),
        lambda: services.withdraw_conflict(draft, juri, jenggot),
    ]
    for write in refused:
        with pytest.raises(PermissionDenied):
            write()
    assert not period.assignments.filter(user=juri).exists()
    assert not Score.objects.exists()


def test_an_inactive_judge_cannot_declare_a_conflict(period, judges, jenggot):
    judges[0].is_active = False
    with pytest.raises(PermissionDenied):
        services.declare_conflict(period, judges[0], jenggot, "Kerabat.")


# One permission gate for the views


@pytest.mark.parametrize(
    "urls_module, count",
    [("evaluations.manage_urls", 34), ("competitions.manage_urls", 13)],
)
def test_every_workspace_view_of_evaluations_and_competitions_passes_the_one_gate(
    urls_module, count
):
    views = [pattern.callback for pattern in import_module(urls_module).urlpatterns]
    assert len(views) == count
    ungated = [view.__name__ for view in views if not hasattr(view, "required_permission")]
    assert ungated == []


# The workspace views that need no more than a login. None: even the dashboard every
# signed-in role sees asks for USE_WORKSPACE.
LOGIN_ONLY_VILLAGES_VIEWS = []


def test_every_workspace_view_of_villages_passes_the_one_gate():
    views = [pattern.callback for pattern in villages.manage_urls.urlpatterns]
    assert len(views) == 27  # issue 10: innovations (4) and city figures (3)
    ungated = [view.__name__ for view in views if not hasattr(view, "required_permission")]
    assert ungated == LOGIN_ONLY_VILLAGES_VIEWS


@pytest.mark.parametrize(
    "name, perm",
    [
        ("unit", MANAGE_UNIT),
        ("data-list", MANAGE_UNIT),
        ("activity-list", MANAGE_UNIT),
        ("board", MANAGE_UNIT),
        ("unit-history", VIEW_HISTORY),
    ],
)
def test_the_villages_gate_sends_visitors_to_login_then_finds_the_unit_then_asks(
    name, perm, client, login, juri, staf, jenggot
):
    unknown = reverse(f"manage:{name}", args=["tidak-ada"])
    known = reverse(f"manage:{name}", args=[jenggot.slug])

    assert resolve(known).func.required_permission == perm
    assert client.get(unknown).status_code == 302
    assert login(juri).get(unknown).status_code == 404
    assert login(juri).get(known).status_code == 403
    assert login(staf).get(unknown).status_code == 404


@pytest.mark.parametrize(
    "name", ["judge-home", "score-import", "period-detail", "period-history", "results"]
)
def test_the_gate_sends_visitors_to_login_then_finds_the_period_then_asks(
    name, client, login, juri, staf, period
):
    unknown = reverse(f"evaluations-manage:{name}", args=[1999])
    known = reverse(f"evaluations-manage:{name}", args=[period.year])

    assert client.get(unknown).status_code == 302
    assert login(juri).get(known).status_code == 403
    assert login(staf).get(unknown).status_code == 404
