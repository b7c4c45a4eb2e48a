"""A monthly report is complete or not; a partial month never replaces a complete one."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.reports import STRONG_MARCH, answer_every_profile_indicator, complete
from villages.figure_forms import COLUMN_OF_FIELD
from villages.figures import REPORT_FIELDS, complete_records, is_complete, missing_report_fields
from villages.models import Activity, ActivityCategory, Agency, UnitData

DATA_URL = "/kelola/kampung/jenggot/data/"
TODAY = timezone.localdate()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def known_jenggot(unit):
    answer_every_profile_indicator(unit)
    activity = Activity.objects.create(
        unit=unit, title="Rapat", date=TODAY - timedelta(days=3), category=ActivityCategory.BKB
    )
    activity.agencies.set(
        [Agency.objects.get_or_create(name=name)[0] for name in ("Puskesmas", "TP PKK")]
    )
    return unit


def post_values(values):
    return {name: "" if value is None else value for name, value in values.items()}


def test_a_report_is_complete_when_every_report_field_is_filled():
    assert missing_report_fields(complete()) == []
    partial = complete(couples=None, stunting_cases=None)
    assert missing_report_fields(partial) == ["couples", "stunting_cases"]
    assert not is_complete(partial)
    # Figures shown nowhere do not make a report incomplete.
    assert "families" not in REPORT_FIELDS
    assert "non_users_pregnant" not in REPORT_FIELDS


def test_the_database_filter_agrees_with_the_rule(jenggot):
    UnitData.objects.create(unit=jenggot, year=2025, month=1, **complete())
    UnitData.objects.create(unit=jenggot, year=2025, month=2, **complete(users_condom=None))
    UnitData.objects.create(unit=jenggot, year=2025, month=3, couples=10)
    found = {record.month for record in complete_records(jenggot.data.all())}
    assert found == {r.month for r in jenggot.data.all() if is_complete(r)} == {1}


def test_the_kader_data_list_says_which_report_is_public_and_what_is_missing(
    login, kader_jenggot, jenggot
):
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    UnitData.objects.create(unit=jenggot, year=2025, month=4, couples=1000, active_users=100)
    html = login(kader_jenggot).get(DATA_URL).content.decode()
    assert "Halaman publik memakai laporan lengkap terakhir: <strong>Maret 2025</strong>." in html
    assert "Belum lengkap" in html
    assert len(REPORT_FIELDS) == 32
    assert "30 isian kosong" in html
    assert "Laki-laki 0-4 tahun" in html and "Balita stunting" in html
    assert "(tampil di halaman publik)" in html


def test_the_data_form_of_a_partial_month_lists_what_is_missing(login, kader_jenggot, jenggot):
    record = UnitData.objects.create(
        unit=jenggot, year=2025, month=4, **complete(under_fives=None, users_pill=None)
    )
    html = login(kader_jenggot).get(f"{DATA_URL}{record.pk}/ubah/").content.decode()
    assert "Laporan April 2025 belum lengkap: 2 isian kosong." in html
    assert "Pil, Jumlah balita" in html


def test_saving_a_partial_month_after_a_complete_one_warns_and_keeps_the_public_level(
    login, kader_jenggot, jenggot, client
):
    known_jenggot(jenggot)
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    partial = {"year": 2025, "month": 4, "couples": 1000, "active_users": 100, "users_iud": 2}
    response = login(kader_jenggot).post(f"{DATA_URL}tambah/", post_values(partial))
    assert response.status_code == 302
    said = messages_of(response)
    assert said[0] == "Data April 2025 disimpan."
    assert said[1] == (
        "Laporan belum lengkap: April 2025 (29 isian kosong). Laporan ini disimpan, tetapi "
        "halaman publik tetap memakai laporan lengkap terakhir."
    )
    assert not any("Tingkat publik" in message for message in said)
    client.logout()
    html = client.get("/kampung/jenggot/").content.decode()
    assert "Data bulan <strong>Maret 2025</strong>" in html
    assert ">Mandiri</span>" in html


def test_a_save_that_changes_the_public_level_says_from_what_to_what(
    login, kader_jenggot, jenggot
):
    known_jenggot(jenggot)
    client = login(kader_jenggot)
    weak = complete(couples=1000, active_users=100, bkb_target=100, bkb_members=5)
    response = client.post(f"{DATA_URL}tambah/", post_values({"year": 2025, "month": 2, **weak}))
    assert "Tingkat publik berubah dari Belum dapat diklasifikasi menjadi Dasar." in messages_of(
        response
    )
    strong = {"year": 2025, "month": 3, **STRONG_MARCH}
    response = client.post(f"{DATA_URL}tambah/", post_values(strong))
    assert "Tingkat publik berubah dari Dasar menjadi Mandiri." in messages_of(response)
    record = UnitData.objects.get(month=3)
    # MKJP 0% and participation 2.86% score 1: output 2.50, no longer strong.
    response = client.post(
        f"{DATA_URL}{record.pk}/ubah/",
        post_values({**strong, "users_iud": 0, "users_implant": 0, "bkb_members": 10}),
    )
    assert "Tingkat publik berubah dari Mandiri menjadi Dasar." in messages_of(response)


def test_an_import_tells_which_months_are_incomplete_and_the_level_change(
    login, kader_jenggot, jenggot
):
    known_jenggot(jenggot)
    columns = [COLUMN_OF_FIELD[field] for field in ("year", "month", *REPORT_FIELDS)]
    full = [2025, 3, *(STRONG_MARCH[field] for field in REPORT_FIELDS)]
    partial = [2025, 4, *(["1000"] + [""] * (len(REPORT_FIELDS) - 1))]
    text = "\r\n".join(",".join(str(cell) for cell in row) for row in (columns, full, partial))
    file = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    response = login(kader_jenggot).post(f"{DATA_URL}impor/", {"file": file})
    said = messages_of(response)
    assert said[0] == "2 baris data berhasil diimpor."
    assert "April 2025 (31 isian kosong)" in said[1]
    assert said[2] == "Tingkat publik berubah dari Belum dapat diklasifikasi menjadi Mandiri."


def test_a_profile_save_that_completes_the_indicators_says_the_new_public_level(
    login, kader_jenggot, jenggot
):
    known_jenggot(jenggot)
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    jenggot.field_officer_name = ""
    jenggot.save()
    response = login(kader_jenggot).post(
        "/kelola/kampung/jenggot/profil/plkb/",
        {"field_officer_name": "Sri Wahyuni", "field_officer_nip": ""},
    )
    assert response.status_code == 302
    assert "Tingkat publik berubah dari Belum dapat diklasifikasi menjadi Mandiri." in (
        messages_of(response)
    )


def test_the_kader_workspace_says_the_public_level_or_what_is_missing(
    login, kader_jenggot, jenggot
):
    client = login(kader_jenggot)
    html = client.get("/kelola/kampung/jenggot/").content.decode()
    assert "<strong>Belum dapat diklasifikasi</strong>" in html
    assert "12 indikator belum diisi:" in html
    assert "Tingkat sementara: Dasar (sementara)." in html
    assert 'Pokja: <a href="/kelola/kampung/jenggot/profil/pokja/">Pokja</a>' in html

    known_jenggot(jenggot)
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **STRONG_MARCH)
    html = client.get("/kelola/kampung/jenggot/").content.decode()
    assert "Tingkat publik: <strong>Mandiri</strong>." in html
