"""A judge's own path on the score sheet: the unit's public profile, its earlier coaching
notes (which judges may read for the units they judge, and no others) and "Simpan dan
lanjut" to the next unit."""

from datetime import date

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.judging import ScoringFacts, judges_unit
from evaluations.models import CoachingNote, Criterion, Period
from evaluations.permissions import VIEW_COACHING
from evaluations.selectors import units_in_kelurahan_order


@pytest.fixture
def judges(make_user):
    return [make_user("juri_a", "juri"), make_user("juri_b", "juri")]


@pytest.fixture
def period(judges, staf):
    period = services.create_period(
        2025, "Evaluasi 2025", held_on=date(2025, 4, 29), judges=judges
    )
    return services.start_scoring(period, staf)


@pytest.fixture
def notes(jenggot, judges):
    """Notes from a published 2024 evaluation, one from an unpublished 2023 one."""
    published = Period.objects.create(
        year=2024, name="Evaluasi 2024", status=Period.Status.PUBLISHED
    )
    unpublished = Period.objects.create(year=2023, name="Evaluasi 2023", status="final")
    return {
        "open": CoachingNote.objects.create(
            unit=jenggot, period=published, judge=judges[1], text="Bentuk Pokja dengan SK."
        ),
        "done": CoachingNote.objects.create(
            unit=jenggot,
            period=published,
            text="Pasang papan data.",
            status=CoachingNote.Status.DONE,
            follow_up="Papan dipasang Mei 2024.",
        ),
        "unpublished": CoachingNote.objects.create(
            unit=jenggot, period=unpublished, text="Catatan periode yang belum terbit."
        ),
    }


def sheet_url(period, unit):
    return reverse("evaluations-manage:score-sheet", args=[period.year, unit.slug])


def coaching_url(unit):
    return reverse("evaluations-manage:coaching", args=[unit.slug])


def sheet_post(period, value="3", **extra):
    data = {"recommendation": "", "version": "", **extra}
    for criterion in Criterion.objects.filter(period=period):
        data[f"nilai_{criterion.pk}"] = value
        data[f"catatan_{criterion.pk}"] = ""
    return data


def full_values(period):
    return {criterion.pk: ("3", "") for criterion in Criterion.objects.filter(period=period)}


# The unit's public profile


def test_the_sheet_links_the_units_public_profile_in_a_new_tab(
    login, client, period, judges, jenggot
):
    html = login(judges[0]).get(sheet_url(period, jenggot)).content.decode()

    profile = reverse("villages:kampung-detail", args=[jenggot.slug])
    assert f'<a href="{profile}" target="_blank" rel="noopener" id="profil-kampung">' in html
    assert client.get(profile).status_code == 200


# Earlier coaching notes on the sheet


def test_the_sheet_shows_the_units_earlier_coaching_notes_with_their_follow_up(
    login, period, judges, jenggot, notes
):
    CoachingNote.objects.create(unit=jenggot, period=period, text="Catatan tahun ini.")

    response = login(judges[0]).get(sheet_url(period, jenggot))

    html = response.content.decode()
    section = html[html.index('id="pembinaan-sebelumnya"') :]
    assert "Evaluasi 2024" in section
    assert "Bentuk Pokja dengan SK." in section
    assert "Belum ditindaklanjuti" in section
    assert "Pasang papan data." in section and "Selesai" in section
    assert "Papan dipasang Mei 2024." in section
    assert "Dari juri juri_b" in section
    assert coaching_url(jenggot) in section
    # Not this period's notes, nor (for a judge) those of a period not yet published.
    assert "Catatan tahun ini." not in html
    assert "Catatan periode yang belum terbit." not in html


def test_staff_see_every_earlier_note_on_the_sheet(login, period, staf, jenggot, notes):
    response = login(staf).get(sheet_url(period, jenggot))

    assert "Catatan periode yang belum terbit." in response.content.decode()


def test_the_sheet_says_so_when_the_unit_has_no_earlier_note(login, period, judges, jenggot):
    html = login(judges[0]).get(sheet_url(period, jenggot)).content.decode()

    assert "Belum ada catatan pembinaan dari evaluasi sebelumnya." in html


# Who reads a unit's coaching notes


def test_judges_unit_when_one_period_leaves_the_pair_free_and_none_has_a_conflict():
    free = ScoringFacts(period_status="penilaian")
    conflict = ScoringFacts(period_status="penilaian", has_conflict=True)
    kader = ScoringFacts(period_status="final", is_kader=True)

    assert judges_unit([free])
    # A conflict declared in one period closes the unit's notes to that judge.
    assert not judges_unit([conflict, ScoringFacts(period_status="dipublikasikan")])
    assert judges_unit([kader, ScoringFacts(period_status="dipublikasikan")])
    assert not judges_unit([])
    assert not judges_unit([conflict, kader])
    assert not judges_unit([ScoringFacts(period_status="draf", is_active=False)])


def may_read(client, user, unit, period):
    """The rule, the gate and the sheet: (has_perm, coaching page status, notes on sheet)."""
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    sheet = client.get(sheet_url(period, unit))
    shown = sheet.status_code == 200 and sheet.context["coaching_notes"] is not None
    return user.has_perm(VIEW_COACHING, unit), client.get(coaching_url(unit)).status_code, shown


def test_a_judge_of_the_unit_reads_its_coaching_notes(client, period, judges, jenggot, notes):
    assert may_read(client, judges[0], jenggot, period) == (True, 200, True)
    page = client.get(coaching_url(jenggot))
    assert "Bentuk Pokja dengan SK." in page.content.decode()
    # Read only: the follow-up is the kader's to report.
    assert page.context["may_update"] is False
    assert page.context["add_form"] is None


def test_a_judge_reads_only_the_notes_of_published_periods(client, period, judges, jenggot, notes):
    client.force_login(judges[0])

    html = client.get(coaching_url(jenggot)).content.decode()

    assert "Bentuk Pokja dengan SK." in html
    assert "Catatan periode yang belum terbit." not in html


def test_a_judge_with_a_conflict_with_the_unit_is_refused(client, period, judges, jenggot, notes):
    services.declare_conflict(period, judges[0], jenggot, "Keluarga pengurus.")

    assert may_read(client, judges[0], jenggot, period) == (False, 403, False)


def test_a_withdrawn_conflict_lets_the_judge_read_again(client, period, judges, jenggot, notes):
    services.declare_conflict(period, judges[0], jenggot, "Keluarga pengurus.")
    services.withdraw_conflict(period, judges[0], jenggot)

    assert may_read(client, judges[0], jenggot, period) == (True, 200, True)


def test_a_judge_not_assigned_to_any_period_is_refused(client, period, make_user, jenggot, notes):
    outsider = make_user("juri_lain", "juri")

    assert may_read(client, outsider, jenggot, period) == (False, 403, False)


def test_a_judge_listed_as_kader_of_the_unit_does_not_read_it_as_a_judge(
    client, period, judges, jenggot, notes
):
    jenggot.kader.add(judges[0])

    # Listed as kader, they never judge the unit; only the kader role reads as kader.
    assert may_read(client, judges[0], jenggot, period) == (False, 403, False)


def test_kader_read_only_their_own_units_notes(
    client, period, kader_jenggot, kader_bandengan, jenggot, notes
):
    for kader, status in ((kader_jenggot, 200), (kader_bandengan, 403)):
        client.force_login(kader)
        assert client.get(coaching_url(jenggot)).status_code == status
    client.force_login(kader_jenggot)
    # The kader see every period's notes, published or not.
    assert (
        "Catatan periode yang belum terbit." in client.get(coaching_url(jenggot)).content.decode()
    )


# Simpan dan lanjut


def test_simpan_dan_lanjut_goes_to_the_judges_next_unit_to_score(login, period, judges):
    units = list(units_in_kelurahan_order())
    first, done, conflicted, following = units[:4]
    services.save_unit_scores(period, judges[0], done, full_values(period))
    services.declare_conflict(period, judges[0], conflicted, "Kerabat.")
    client = login(judges[0])

    response = client.post(sheet_url(period, first), sheet_post(period, lanjut="1"))

    assert response.status_code == 302
    assert response["Location"] == sheet_url(period, following)
    assert Criterion.objects.filter(period=period, scores__unit=first).count() == 19


def test_simpan_dan_lanjut_is_the_same_judges_next_unit(login, period, judges):
    units = list(units_in_kelurahan_order())
    # juri_b has done the second unit; juri_a has not.
    services.save_unit_scores(period, judges[1], units[1], full_values(period))

    response = login(judges[0]).post(sheet_url(period, units[0]), sheet_post(period, lanjut="1"))

    assert response["Location"] == sheet_url(period, units[1])


def test_simpan_dan_lanjut_wraps_round_to_units_earlier_in_the_list(login, period, judges):
    units = list(units_in_kelurahan_order())
    for unit in units[1:]:
        if unit != units[-1]:
            services.declare_conflict(period, judges[0], unit, "Kerabat.")

    response = login(judges[0]).post(sheet_url(period, units[-1]), sheet_post(period, lanjut="1"))

    assert response["Location"] == sheet_url(period, units[0])


def test_simpan_dan_lanjut_with_nothing_left_returns_to_the_list_with_a_message(
    login, period, judges
):
    units = list(units_in_kelurahan_order())
    for unit in units[1:]:
        services.declare_conflict(period, judges[0], unit, "Kerabat.")

    response = login(judges[0]).post(
        sheet_url(period, units[0]), sheet_post(period, lanjut="1"), follow=True
    )

    home = reverse("evaluations-manage:judge-home", args=[period.year])
    assert response.redirect_chain[-1][0] == home
    messages = [str(message) for message in response.context["messages"]]
    assert "Tidak ada lagi Kampung KB yang perlu Anda nilai di periode 2025." in messages


def test_plain_simpan_stays_on_the_sheet(login, period, judges, jenggot):
    client = login(judges[0])
    html = client.get(sheet_url(period, jenggot)).content.decode()
    assert 'name="lanjut" value="1"' in html
    assert "Simpan dan lanjut" in html

    response = client.post(sheet_url(period, jenggot), sheet_post(period))

    assert response["Location"] == sheet_url(period, jenggot)
