"""A period's whole history: rubric changes, judges assigned and removed, conflicts of
interest declared and withdrawn (kept, not deleted), and recommendations, each with who,
when, what and (where a reason is asked) why, on /kelola/evaluasi/<tahun>/riwayat/."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import rubric, services
from evaluations.history import PeriodTimeline, period_history
from evaluations.models import Aspect, Conflict, Criterion, Score
from evaluations.permissions import (
    ScoringTarget,
    conflict_keys,
    forget_cached_rules,
    scoring_facts,
)
from evaluations.selectors import (
    excluded_pairs,
    judge_sheets,
    periods_with_progress,
    progress_input,
)

SMALL_RUBRIC = (
    "aspek,kode,nama,bobot,nilai_min,nilai_maks\n"
    "Kelembagaan,A1,Sekretariat,2,0,4\n"
    "Layanan,B1,Posyandu,1,0,4\n"
)


def url(name, *args):
    return reverse(f"evaluations-manage:{name}", args=args)


@pytest.fixture
def judges(make_user):
    return [make_user("juri_a", "juri"), make_user("juri_b", "juri")]


@pytest.fixture
def draft(pekalongan, staf):
    period = services.create_period(2025, "Evaluasi 2025", example_rubric=False, by=staf)
    rubric.import_rubric(period, SMALL_RUBRIC.encode(), by=staf)
    return period


@pytest.fixture
def scoring(draft, judges, staf):
    services.assign_judges(draft, judges, by=staf)
    return services.start_scoring(draft, staf)


def entries(period, **match):
    """The period's entries whose attributes equal `match`, newest first."""
    found = period_history(period, limit=500)
    return [e for e in found if all(getattr(e, k) == v for k, v in match.items())]


def full(period, value="3"):
    return {criterion.pk: (value, "") for criterion in Criterion.objects.filter(period=period)}


# Rubric


def test_rubric_aspect_and_criterion_changes_are_in_the_history(login, staf, draft):
    client = login(staf)
    client.post(url("aspect-create", 2025), {"name": "Kemitraan", "position": 5})
    aspect = Aspect.objects.get(period=draft, name="Kemitraan")
    client.post(url("aspect-update", 2025, aspect.pk), {"name": "Kemitraan desa", "position": 5})
    criterion = Criterion.objects.get(period=draft, code="A1")
    client.post(
        url("criterion-update", 2025, criterion.pk),
        {
            "aspect": criterion.aspect_id,
            "code": "A1",
            "name": "Sekretariat",
            "description": "",
            "weight": "3,5",
            "min_score": "0",
            "max_score": "5",
            "guidance": "",
            "position": 0,
        },
    )
    client.post(url("criterion-delete", 2025, Criterion.objects.get(code="B1").pk))
    client.post(url("aspect-delete", 2025, aspect.pk))

    created = entries(draft, object_type="Aspek penilaian", kind="+", object_label="Kemitraan")
    assert [(e.who, e.kind_label) for e in created] == [("staf1", "dibuat")]
    [renamed] = entries(draft, object_type="Aspek penilaian", kind="~")
    assert [(c.label, c.old, c.new) for c in renamed.changes] == [
        ("Nama aspek", "Kemitraan", "Kemitraan desa")
    ]
    [edited] = entries(draft, object_type="Kriteria penilaian", kind="~")
    assert edited.object_label == "A1 Sekretariat"
    assert {(c.label, c.old, c.new) for c in edited.changes} == {
        ("Bobot", "2,00", "3,50"),
        ("Nilai maksimum", "4,00", "5,00"),
    }
    [deleted] = entries(draft, object_type="Kriteria penilaian", kind="-")
    assert (deleted.object_label, deleted.who) == ("B1 Posyandu", "staf1")
    assert entries(draft, object_type="Aspek penilaian", kind="-", object_label="Kemitraan desa")


def test_importing_or_copying_a_rubric_is_in_the_history_with_its_reason(staf, draft):
    created = entries(draft, object_type="Kriteria penilaian", kind="+")
    assert {(e.object_label, e.who, e.reason) for e in created} == {
        ("A1 Sekretariat", "staf1", "Rubrik diimpor dari berkas"),
        ("B1 Posyandu", "staf1", "Rubrik diimpor dari berkas"),
    }
    later = services.create_period(2026, "Evaluasi 2026", example_rubric=False, by=staf)
    rubric.copy_rubric(draft, later, by=staf)
    assert {e.reason for e in entries(later, kind="+", object_type="Kriteria penilaian")} == {
        "Rubrik disalin dari periode 2025"
    }


# Judges


def test_judge_assignment_and_removal_are_in_the_history(login, staf, draft, judges):
    client = login(staf)
    client.post(url("judges", 2025), {"users": [judges[0].pk, judges[1].pk]})
    client.post(url("judge-remove", 2025), {"user": judges[1].pk, "confirm": "1"})

    assigned = entries(draft, object_type="Penugasan juri", kind="+")
    assert {(e.object_label, e.who, e.kind_label) for e in assigned} == {
        ("juri_a", "staf1", "ditugaskan"),
        ("juri_b", "staf1", "ditugaskan"),
    }
    [removed] = entries(draft, object_type="Penugasan juri", kind="-")
    assert (removed.object_label, removed.who, removed.kind_label) == (
        "juri_b",
        "staf1",
        "dilepas",
    )


# Conflicts of interest


def test_conflict_declaration_and_withdrawal_are_in_the_history_and_the_conflict_is_kept(
    login, scoring, judges, jenggot
):
    client = login(judges[0])
    client.post(url("conflict-declare", 2025, jenggot.slug), {"reason": "Ipar ketua pokja."})
    client.post(url("conflict-withdraw", 2025, jenggot.slug))

    conflict = Conflict.objects.get(period=scoring, judge=judges[0], unit=jenggot)
    assert conflict.withdrawn_at is not None and conflict.withdrawn_by == judges[0]
    withdrawn, declared = entries(scoring, object_type="Konflik kepentingan")
    label = f"juri_a – {jenggot.display_name}"
    assert (declared.object_label, declared.who, declared.kind_label, declared.reason) == (
        label,
        "juri_a",
        "dinyatakan",
        "Ipar ketua pokja.",
    )
    assert (withdrawn.object_label, withdrawn.who, withdrawn.kind_label) == (
        label,
        "juri_a",
        "ditarik",
    )

    services.declare_conflict(scoring, judges[0], jenggot, "Ternyata memang ipar.")
    again = entries(scoring, object_type="Konflik kepentingan")[0]
    assert (again.kind_label, again.reason) == ("dinyatakan lagi", "Ternyata memang ipar.")
    assert Conflict.objects.count() == 1

    response = client.post(
        url("conflict-declare", 2025, jenggot.slug),
        {"reason": "Ipar kandung ketua pokja."},
        follow=True,
    )
    changed = entries(scoring, object_type="Konflik kepentingan")[0]
    assert changed.kind_label == "alasan diubah"
    assert [(c.old, c.new) for c in changed.changes] == [
        ("Ternyata memang ipar.", "Ipar kandung ketua pokja.")
    ]
    assert "Alasan konflik kepentingan dengan" in response.content.decode()


def test_a_withdrawn_conflict_is_listed_and_no_longer_excludes_the_judge(
    scoring, judges, jenggot, staf
):
    judge = judges[0]
    services.declare_conflict(scoring, judge, jenggot, "Ipar ketua pokja.")
    services.save_unit_scores(scoring, judges[1], jenggot, full(scoring))
    services.withdraw_conflict(scoring, judge, jenggot)
    forget_cached_rules(judge)

    # Still listed in the history.
    assert [e.kind_label for e in entries(scoring, object_type="Konflik kepentingan")] == [
        "ditarik",
        "dinyatakan",
    ]
    # And no rule reads it any more.
    pair = (judge.pk, jenggot.pk)
    assert pair not in excluded_pairs(scoring)
    assert pair not in progress_input(scoring).excluded
    assert (scoring.pk, jenggot.pk) not in conflict_keys(judge)
    assert not scoring_facts(judge, ScoringTarget(scoring, jenggot)).has_conflict
    assert services.scoring_refusal(scoring, judge, jenggot) is None
    assert next(p for p in periods_with_progress() if p.pk == scoring.pk).excluded_count == 0
    [row] = [
        r for r in judge_sheets([scoring], judge, [jenggot])[scoring.pk].rows if r.unit == jenggot
    ]
    assert row.status == "belum"
    services.save_unit_scores(scoring, judge, jenggot, full(scoring))
    assert Score.objects.filter(judge=judge, unit=jenggot).counted().count() == 2


# Recommendations


def test_a_recommendation_written_and_changed_is_in_the_history(login, scoring, judges, jenggot):
    services.save_unit_scores(scoring, judges[0], jenggot, full(scoring))
    review = services.save_unit_scores(
        scoring,
        judges[0],
        jenggot,
        full(scoring, "4"),
        "Lengkapi papan data.",
        review_version(scoring, judges[0], jenggot),
    )
    services.save_unit_scores(
        scoring,
        judges[0],
        jenggot,
        full(scoring, "2"),
        "Lengkapi papan data.",
        review.updated_at,
    )
    services.save_unit_scores(
        scoring,
        judges[0],
        jenggot,
        full(scoring, "2"),
        "Lengkapi papan data dan Rumah DataKu.",
        review_version(scoring, judges[0], jenggot),
    )

    changed, written = entries(scoring, object_type="Rekomendasi pembinaan")
    assert (written.who, written.kind_label) == ("juri_a", "ditulis")
    assert [(c.label, c.new) for c in written.changes] == [
        ("Rekomendasi pembinaan", "Lengkapi papan data.")
    ]
    assert (changed.kind_label, changed.object_label) == (
        "diubah",
        f"juri_a – {jenggot.display_name}",
    )
    assert [(c.old, c.new) for c in changed.changes] == [
        ("Lengkapi papan data.", "Lengkapi papan data dan Rumah DataKu.")
    ]


def review_version(period, judge, unit):
    return judge.evaluation_reviews.get(period=period, unit=unit).updated_at


# The page


def test_the_history_page_shows_who_when_what_and_why(login, staf, scoring, judges, jenggot):
    services.declare_conflict(scoring, judges[0], jenggot, "Ipar ketua pokja.")
    services.save_unit_scores(scoring, judges[1], jenggot, full(scoring), "Buat papan data.")
    services.finalize_period(scoring, staf)
    staf.user_permissions.add(Permission.objects.get(codename="reopen_period"))
    reopener = type(staf).objects.get(pk=staf.pk)
    services.reopen_period(scoring, reopener, "Nilai juri B salah input")

    response = login(staf).get(url("period-history", 2025))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Dibuka kembali: Nilai juri B salah input",
        "Ipar ketua pokja.",
        "Buat papan data.",
        "Ditugaskan",
        "Kriteria penilaian: A1 Sekretariat",
        "oleh juri_a",
        "oleh staf1",
    ):
        assert text in html, text
    assert '<time datetime="' in html
    detail = login(staf).get(url("period-detail", 2025)).content.decode()
    assert url("period-history", 2025) in detail


def test_judges_and_kader_may_not_open_the_history(login, scoring, judges, kader_jenggot):
    for user in (judges[0], kader_jenggot):
        assert login(user).get(url("period-history", 2025)).status_code == 403


def test_the_history_page_runs_the_same_queries_for_more_entries(
    login, staf, scoring, judges, make_user, jenggot, bandengan, django_assert_num_queries
):
    services.declare_conflict(scoring, judges[0], jenggot, "Ipar.")
    services.save_unit_scores(scoring, judges[1], jenggot, full(scoring), "Papan data.")
    client = login(staf)
    with CaptureQueriesContext(connection) as few:
        client.get(url("period-history", 2025))
    services.assign_judges(scoring, [make_user(f"juri_{n}", "juri") for n in range(4)], by=staf)
    services.declare_conflict(scoring, judges[1], bandengan, "Kerabat.")
    services.withdraw_conflict(scoring, judges[0], jenggot)
    services.save_unit_scores(scoring, judges[0], bandengan, full(scoring), "Rapikan arsip.")

    with django_assert_num_queries(len(few)):
        response = client.get(url("period-history", 2025))
    assert len(response.context["page"].object_list) > 10


def test_saving_scores_without_changing_the_recommendation_adds_no_history(
    scoring, judges, jenggot
):
    review = services.save_unit_scores(scoring, judges[0], jenggot, full(scoring), "Catatan.")
    services.save_unit_scores(
        scoring, judges[0], jenggot, full(scoring, "4"), "Catatan.", review.updated_at
    )

    assert review.history.count() == 1
    assert len(entries(scoring, object_type="Rekomendasi pembinaan")) == 1
    assert PeriodTimeline(scoring).count() == len(period_history(scoring, limit=500))


def test_a_weight_edit_from_the_browser_records_only_the_weight(login, staf, draft):
    criterion = Criterion.objects.get(period=draft, code="A1")
    criterion.guidance = "Baris satu\nBaris dua"
    criterion.save()
    login(staf).post(
        url("criterion-update", 2025, criterion.pk),
        {
            "aspect": criterion.aspect_id,
            "code": "A1",
            "name": criterion.name,
            "description": criterion.description,
            "weight": "6",
            "min_score": str(criterion.min_score),
            "max_score": str(criterion.max_score),
            # As a browser sends a textarea: lines end with CR LF.
            "guidance": "Baris satu\r\nBaris dua",
            "position": criterion.position,
        },
    )

    edited = entries(draft, object_type="Kriteria penilaian", kind="~", who="staf1")
    assert [{c.label for c in entry.changes} for entry in edited] == [{"Bobot"}]


def test_starting_scoring_records_no_change_of_the_example_flag(staf, pekalongan, judges):
    period = services.create_period(2026, "Evaluasi 2026", example_rubric=True, by=staf)
    services.assign_judges(period, judges, by=staf)
    services.start_scoring(period, staf)

    changes = [
        {change.name for change in entry.changes}
        for entry in entries(period, kind="~")
        if entry.who == "staf1"
    ]
    # The example flag is recorded when the example rubric was loaded, not with the start.
    assert {"status"} in changes
    assert {"rubric_is_example"} in changes
