""" "Data terakhir diubah" is the last change a signed-in kader or staff member made to a
unit's profile, board, data or activities; rows written without a person never set it."""

import datetime

from django.conf import settings

from villages.models import Activity, ActivityCategory, BoardMember, KampungKB, UnitData

PUBLIC = "/kampung/jenggot/"


def last_edit(slug="jenggot"):
    return KampungKB.objects.get(slug=slug).profile_updated_at


def test_rows_written_without_a_person_leave_the_date_empty(pekalongan):
    unit = KampungKB.objects.get(slug="jenggot")
    unit.description = "Dari skrip"
    unit.save()
    BoardMember.objects.create(unit=unit, name="Ketua", role="ketua")
    UnitData.objects.create(unit=unit, year=2025, month=1, couples=100)
    Activity.objects.create(
        unit=unit, title="Senam", date=datetime.date(2025, 1, 5), category=ActivityCategory.BKL
    )
    assert last_edit() is None


def test_a_kader_adding_a_month_of_data_sets_the_date(client, kader_jenggot, login):
    login(kader_jenggot)
    response = client.post(
        "/kelola/kampung/jenggot/data/tambah/", {"year": "2025", "month": "1", "couples": "900"}
    )
    assert response.status_code == 302
    assert last_edit() is not None
    assert last_edit("bandengan") is None
    assert "Data terakhir diubah" in client.get(PUBLIC).content.decode()


def test_staff_deleting_an_activity_sets_the_date(client, staf, login):
    activity = Activity.objects.create(
        unit=KampungKB.objects.get(slug="jenggot"),
        title="Senam",
        date=datetime.date(2025, 1, 5),
        category=ActivityCategory.BKL,
    )
    login(staf)
    client.post(f"/kelola/kampung/jenggot/kegiatan/{activity.pk}/hapus/")
    assert not Activity.objects.exists()
    assert last_edit() is not None


def test_empty_sections_and_unknown_answers_read_in_english(client, kader_jenggot, login):
    login(kader_jenggot)
    client.post("/kelola/kampung/jenggot/profil/plkb/", {"field_officer_assigned": "False"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(PUBLIC).content.decode()
    assert "This section has not been filled in yet." in html
    assert "Fill in this section" in html
    assert "<dt>PLKB/PKB assigned</dt><dd>No</dd>" in html
    assert "Data last changed" in html
    form = client.get("/kelola/kampung/jenggot/profil/regulasi/").content.decode()
    assert "Not known yet" in form
