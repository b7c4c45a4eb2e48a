"""Coaching notes of a unit: who sees them, how the follow-up is reported, the hub card."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import services
from evaluations.models import CoachingNote, Period

COACHING_URL = reverse("evaluations-manage:coaching", args=["jenggot"])


def update_url(note):
    return reverse("evaluations-manage:coaching-update", args=[note.pk])


def update_data(note, status, follow_up=""):
    prefix = f"catatan-{note.pk}"
    return {f"{prefix}-status": status, f"{prefix}-follow_up": follow_up}


@pytest.fixture
def notes(jenggot, juri, staf):
    """An open note from 2024 (carried over) and a 2025 note from a judge."""
    earlier = Period.objects.create(year=2024, name="Evaluasi 2024")
    current = Period.objects.create(year=2025, name="Evaluasi 2025")
    return {
        "carried": services.add_coaching_note(
            earlier, jenggot, "Bentuk Pokja dengan SK Lurah.", staf
        ),
        "done": CoachingNote.objects.create(
            unit=jenggot,
            period=earlier,
            text="Pasang papan nama sekretariat.",
            status=CoachingNote.Status.DONE,
        ),
        "current": CoachingNote.objects.create(
            unit=jenggot, period=current, judge=juri, text="Mutakhirkan Rumah DataKu."
        ),
    }


def test_the_kader_of_the_unit_sees_its_notes_newest_period_first(login, kader_jenggot, notes):
    response = login(kader_jenggot).get(COACHING_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Evaluasi 2025") < content.index("Evaluasi 2024")
    assert "Dari juri juri1" in content
    assert "Dari staf" in content
    assert "Mutakhirkan Rumah DataKu." in content
    assert "Bentuk Pokja dengan SK Lurah." in content


def test_open_notes_from_earlier_periods_are_marked_as_carried_over(login, kader_jenggot, notes):
    response = login(kader_jenggot).get(COACHING_URL)

    carried = {
        note.text
        for _period, group in response.context["groups"]
        for note in group
        if note.carried
    }
    assert carried == {"Bentuk Pokja dengan SK Lurah."}
    assert response.content.decode().count("dibawa dari evaluasi 2024") == 1


def test_a_kader_of_another_unit_is_refused(login, kader_bandengan, notes):
    client = login(kader_bandengan)

    assert client.get(COACHING_URL).status_code == 403
    response = client.post(update_url(notes["current"]), update_data(notes["current"], "selesai"))
    assert response.status_code == 403
    assert CoachingNote.objects.get(pk=notes["current"].pk).status == "belum"


def test_a_juri_is_refused(login, juri, notes):
    assert login(juri).get(COACHING_URL).status_code == 403


def test_anonymous_is_sent_to_login(client, notes):
    response = client.get(COACHING_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")


def test_an_unknown_unit_is_not_found(login, staf):
    url = reverse("evaluations-manage:coaching", args=["tidak-ada"])

    assert login(staf).get(url).status_code == 404


def test_the_kader_report_a_follow_up_and_it_is_logged(login, kader_jenggot, notes):
    note = notes["current"]

    response = login(kader_jenggot).post(
        update_url(note), update_data(note, "sedang", "Papan data dipesan.")
    )

    assert response.status_code == 302
    assert response["Location"] == COACHING_URL
    note.refresh_from_db()
    assert (note.status, note.follow_up) == ("sedang", "Papan data dipesan.")
    record = note.history.first()
    assert record.history_user == kader_jenggot
    assert record.status == "sedang"


def test_an_unknown_status_is_refused(login, kader_jenggot, notes):
    note = notes["current"]

    response = login(kader_jenggot).post(update_url(note), update_data(note, "batal"), follow=True)

    assert CoachingNote.objects.get(pk=note.pk).status == "belum"
    assert [str(m) for m in response.context["messages"]] == [
        "Pilih status tindak lanjut yang tersedia."
    ]


def test_the_update_refuses_get(login, kader_jenggot, notes):
    assert login(kader_jenggot).get(update_url(notes["current"])).status_code == 405


def test_staff_add_a_note_and_kader_may_not(login, staf, kader_jenggot, notes, jenggot):
    period = Period.objects.get(year=2025)
    data = {"period": period.pk, "text": "Ajak PKK mengisi data."}

    assert login(kader_jenggot).post(COACHING_URL, data).status_code == 403
    response = login(staf).post(COACHING_URL, data)

    assert response.status_code == 302
    note = CoachingNote.objects.get(text="Ajak PKK mengisi data.")
    assert (note.unit, note.period, note.judge) == (jenggot, period, None)


def test_the_kader_page_has_no_add_form(login, kader_jenggot, notes):
    response = login(kader_jenggot).get(COACHING_URL)

    assert response.context["add_form"] is None
    assert "Tambah catatan dari staf" not in response.content.decode()


def test_notes_never_reach_a_public_page(client, notes, staf):
    period = Period.objects.get(year=2025)
    Period.objects.filter(pk=period.pk).update(status=Period.Status.PUBLISHED)

    pages = [
        reverse("villages:home"),
        reverse("villages:kampung-list"),
        reverse("villages:kampung-detail", args=["jenggot"]),
        "/evaluasi/2025/",
    ]
    for url in pages:
        content = client.get(url).content.decode()
        for note in notes.values():
            assert note.text not in content, url


def test_the_page_runs_the_same_queries_for_more_notes(
    login, kader_jenggot, notes, jenggot, juri, django_assert_num_queries
):
    client = login(kader_jenggot)
    with CaptureQueriesContext(connection) as few:
        client.get(COACHING_URL)
    for year in (2021, 2022, 2023):
        period = Period.objects.create(year=year, name=f"Evaluasi {year}")
        for judge in (juri, None, None):
            CoachingNote.objects.create(unit=jenggot, period=period, judge=judge, text="Catatan")

    with django_assert_num_queries(len(few)):
        client.get(COACHING_URL)


def render_card(unit):
    return Template("{% load coaching_tags %}{% unit_coaching_card unit %}").render(
        Context({"unit": unit})
    )


def test_the_hub_card_counts_open_notes_and_links_the_page(notes, jenggot):
    html = render_card(jenggot)

    assert html.strip().startswith('<div class="col">')
    assert "2 rekomendasi juri belum selesai ditindaklanjuti." in html
    assert COACHING_URL in html


def test_the_hub_card_of_a_unit_without_open_notes(jenggot):
    assert "Tidak ada rekomendasi yang menunggu tindak lanjut." in render_card(jenggot)
