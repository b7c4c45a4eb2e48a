import datetime

import pytest

from villages.history import UnitTimeline, unit_history
from villages.models import Activity, ActivityCategory, Agency, BoardMember, KampungKB, UnitData


@pytest.fixture
def jenggot(pekalongan):
    return KampungKB.objects.with_region().get(slug="jenggot")


def save_as(obj, user, **changes):
    """Save ``obj`` with ``changes`` the way a request by ``user`` does."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def add_one_of_each(unit, user, round_number=1):
    """One change to each tracked model of ``unit``: profile, board, activity, figures."""
    save_as(unit, user, decree_number=f"SK {round_number}")
    save_as(BoardMember(unit=unit, position=round_number), user, name="Siti", role="ketua")
    activity = save_as(
        Activity(unit=unit),
        user,
        title=f"Posyandu {round_number}",
        date=datetime.date(2024, 1, 1),
        category=ActivityCategory.DASHAT,
    )
    activity.agencies.add(Agency.objects.get_or_create(name="Puskesmas")[0])
    save_as(UnitData(unit=unit, year=2000 + round_number), user, families=round_number)


def test_kader_edit_shows_on_the_history_page_with_field_old_and_new_value(
    login, staf, kader_jenggot, jenggot
):
    save_as(jenggot, kader_jenggot, has_bkb=True, coverage=KampungKB.Coverage.RW)

    html = login(staf).get("/kelola/kampung/jenggot/riwayat/").content.decode()

    assert "kader_jenggot" in html
    assert "Diubah" in html
    assert "BKB (Bina Keluarga Balita)" in html
    assert "<del>kosong</del>" in html
    assert "<ins>Ya</ins>" in html
    assert "Cakupan wilayah" in html
    assert "<ins>RW tertentu</ins>" in html


def test_changes_without_a_user_are_shown_as_made_by_the_system(jenggot):
    jenggot.description = "Dibuat oleh impor data"
    jenggot.save()

    [entry] = unit_history(jenggot, limit=1)

    assert str(entry.who) == "sistem"
    assert [(change.label, change.new) for change in entry.changes] == [
        ("Gambaran umum", "Dibuat oleh impor data")
    ]


def test_history_merges_every_tracked_model_newest_first(staf, jenggot):
    add_one_of_each(jenggot, staf)

    entries = unit_history(jenggot, limit=4)

    assert [entry.object_type for entry in entries] == [
        "Data Kampung KB",
        "Kegiatan",
        "Kegiatan",
        "Pengurus",
    ]
    assert [entry.kind for entry in entries] == ["+", "~", "+", "+"]
    assert entries[3].object_label == "Siti (Ketua)"
    assert entries[0].object_label == f"{jenggot.display_name} Tahun 2001"


def test_new_records_list_their_first_values_with_labels(staf, jenggot):
    add_one_of_each(jenggot, staf)

    created_activity = unit_history(jenggot, limit=3)[2]

    assert {change.label: change.new for change in created_activity.changes} == {
        "Judul": "Posyandu 1",
        "Tanggal": "1 Januari 2024",
        "Kategori": "Dashat (Dapur Sehat Atasi Stunting)",
    }


def test_agencies_added_to_an_activity_show_as_a_change(staf, jenggot):
    add_one_of_each(jenggot, staf)

    agencies_added = unit_history(jenggot, limit=2)[1]

    assert agencies_added.object_label == "Posyandu 1"
    assert [(c.label, c.old, c.new) for c in agencies_added.changes] == [
        ("Instansi/sektor terlibat", "kosong", "Puskesmas")
    ]


def test_deleted_records_stay_in_the_history(staf, jenggot):
    member = save_as(BoardMember(unit=jenggot), staf, name="Budi", role="bendahara")
    member._history_user = staf
    member.delete()

    deleted = unit_history(jenggot, limit=1)[0]

    assert deleted.kind == "-"
    assert deleted.kind_label == "dihapus"
    assert deleted.object_label == "Budi (Bendahara)"
    assert deleted.who == "staf1"


def test_long_text_is_truncated(staf, jenggot):
    save_as(jenggot, staf, description="panjang " * 100)

    [change] = unit_history(jenggot, limit=1)[0].changes

    assert len(change.new) <= 120
    assert change.new.endswith("…")


def test_history_of_another_unit_is_not_included(staf, jenggot):
    loaded = UnitTimeline(jenggot).count()

    add_one_of_each(KampungKB.objects.get(slug="bandengan"), staf)

    assert UnitTimeline(jenggot).count() == loaded
    assert all(entry.who == "sistem" for entry in unit_history(jenggot))


def test_kader_cannot_open_the_history_even_of_their_own_unit(login, kader_jenggot):
    response = login(kader_jenggot).get("/kelola/kampung/jenggot/riwayat/")
    assert response.status_code == 403


def test_history_page_is_paginated_by_fifty(login, staf, jenggot):
    loaded = UnitTimeline(jenggot).count()
    for round_number in range(1, 16):
        add_one_of_each(jenggot, staf, round_number)

    client = login(staf)
    first = client.get("/kelola/kampung/jenggot/riwayat/")
    second = client.get("/kelola/kampung/jenggot/riwayat/?halaman=2")

    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == loaded + 15 * 5
    assert len(second.context["page"].object_list) == loaded + 15 * 5 - 50
    assert "Halaman 2 dari 2" in second.content.decode()


def test_history_page_runs_a_fixed_number_of_queries(
    login, staf, jenggot, django_assert_num_queries
):
    client = login(staf)
    add_one_of_each(jenggot, staf)
    with django_assert_num_queries(11):
        client.get("/kelola/kampung/jenggot/riwayat/")

    for round_number in range(2, 25):
        add_one_of_each(jenggot, staf, round_number)
    with django_assert_num_queries(11):
        response = client.get("/kelola/kampung/jenggot/riwayat/")
    assert len(response.context["page"].object_list) == 50


def test_unit_home_links_staff_to_history_and_kader_accounts(login, staf, kader_jenggot):
    staff_html = login(staf).get("/kelola/kampung/jenggot/").content.decode()
    assert "/kelola/kampung/jenggot/riwayat/" in staff_html
    assert "/kelola/akun/?peran=kader&amp;kampung=jenggot" in staff_html

    kader_html = login(kader_jenggot).get("/kelola/kampung/jenggot/").content.decode()
    assert "/riwayat/" not in kader_html
