"""A kader, on a 360 px phone, fills in their unit and sees it on the public page.

Issue 3 is done when a kader account created with `add_user` logs in on a 360 px wide
screen, completes its unit's profile, posts an activity with photos and enters a month of
data, and the public page shows all of it with the computed level; no other unit can be
touched. This test walks exactly that, through the real forms.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.text import capfirst

from villages.models import MONTH_NAMES, KampungKB, UnitData
from villages.unit_classification import unit_classification

from . import MONTH_FIGURES, PHONE_WIDTH, expect, jpeg_bytes, loaded_width, log_in, required

pytestmark = pytest.mark.browser

DESCRIPTION = "Kampung KB Jenggot menggerakkan 12 kelompok BKB dan posyandu remaja."
ACTIVITY_TITLE = "Penyuluhan gizi balita di posyandu Melati"
PHOTO_CAPTION = "Kader memasak bersama ibu balita"
POKTAN_NOTES = "12 kelompok, pertemuan tiap bulan"
POKJA_DECREE = "SK Lurah No. 12/2020"


def last_month(today):
    """The last month that has ended: data can only be entered for months gone by."""
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.year, end.month


def expect_message(page, message):
    """The flash message shown after a save (the page may hold other status lines)."""
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()


def open_form(phone, scope, title):
    """Follow the link named ``title`` to the form headed the same, and check the form
    fits the phone's screen."""
    scope.get_by_role("link", name=title, exact=True).click()
    expect(phone.page.get_by_role("heading", level=1)).to_have_text(title)
    phone.assert_fits_width(PHONE_WIDTH)


def save_section(page, title):
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect_message(page, f"Bagian “{title}” disimpan.")


def fill_profile(phone):
    page = phone.page
    profile = page.get_by_role("region", name="Profil", exact=True)

    open_form(phone, profile, "Identitas dan pembentukan")
    page.get_by_label("Tanggal pencanangan", exact=True).fill("2019-05-17")
    page.get_by_label("Nomor SK pembentukan").fill("SK Lurah No. 411/17/2019")
    page.get_by_role("group", name="Cakupan wilayah").get_by_label("Seluruh kelurahan").check()
    save_section(page, "Identitas dan pembentukan")

    open_form(phone, profile, "Gambaran umum dan KRPPA")
    page.get_by_label("Gambaran umum").fill(DESCRIPTION)
    save_section(page, "Gambaran umum dan KRPPA")

    open_form(phone, profile, "Poktan dan sarana")
    for poktan in ("BKB (Bina Keluarga Balita)", "BKR (Bina Keluarga Remaja)", "Sekretariat"):
        page.get_by_role("group", name=poktan, exact=True).get_by_label("Ya").check()
    page.get_by_label("Keterangan BKB").fill(POKTAN_NOTES)
    save_section(page, "Poktan dan sarana")

    open_form(phone, profile, "Pendanaan")
    funding = page.get_by_role("group", name="Sumber dana")
    funding.get_by_label("APBD").check()
    funding.get_by_label("Dana Kelurahan").check()
    save_section(page, "Pendanaan")

    open_form(phone, profile, "Pokja")
    page.get_by_role("group", name="Pokja sudah dibentuk?").get_by_label("Ya").check()
    page.get_by_label("Nomor SK Pokja").fill(POKJA_DECREE)
    page.get_by_label("Jumlah anggota Pokja").fill("15")
    page.get_by_role("group", name="Pokja sudah dilatih?").get_by_label("Ya").check()
    save_section(page, "Pokja")


def post_activity(phone, photo_paths, date):
    page = phone.page
    open_form(phone, page, "Tambah kegiatan")
    page.get_by_label(required("Judul")).fill(ACTIVITY_TITLE)
    page.get_by_label(required("Tanggal")).fill(date.isoformat())
    page.get_by_label("Tempat").fill("Posyandu Melati RW 03")
    page.get_by_label(required("Kategori")).select_option(
        label="Dashat (Dapur Sehat Atasi Stunting)"
    )
    page.get_by_label("Uraian").fill("Demo masak menu bergizi untuk 30 keluarga balita.")
    agencies = page.get_by_role("group", name="Instansi/sektor terlibat")
    agencies.get_by_label("Puskesmas").check()
    agencies.get_by_label("TP PKK").check()
    page.get_by_label("Foto kegiatan").set_input_files(photo_paths)
    page.get_by_label("Keterangan foto").fill(PHOTO_CAPTION)
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect_message(page, f"Kegiatan “{ACTIVITY_TITLE}” disimpan.")


def enter_month(phone, year, month):
    page = phone.page
    open_form(phone, page, "Tambah data")
    page.get_by_label(required("Tahun")).fill(str(year))
    page.get_by_label("Bulan").select_option(label=str(MONTH_NAMES[month - 1]))
    for name, value in MONTH_FIGURES.items():
        label = str(capfirst(UnitData._meta.get_field(name).verbose_name))
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_role("button", name="Simpan").click()
    expect_message(page, f"Data {MONTH_NAMES[month - 1]} {year} disimpan.")


def expect_loaded(image):
    expect(image).to_be_attached()
    assert loaded_width(image) > 0


def test_kader_fills_in_their_unit_on_a_phone_and_the_public_sees_it(
    open_page, kader_siti, tmp_path
):
    phone = open_page("360px")
    page = phone.page
    photo_paths = []
    for number, colour in enumerate([(200, 120, 40), (40, 120, 200)], start=1):
        path = tmp_path / f"posyandu-{number}.jpg"
        path.write_bytes(jpeg_bytes(size=(1200, 900), colour=colour))
        photo_paths.append(path)
    today = timezone.localdate()
    year, month = last_month(today)
    period = f"{MONTH_NAMES[month - 1]} {year}"

    log_in(page, *kader_siti)
    phone.assert_fits_width(PHONE_WIDTH)
    page.get_by_role("link", name="Kelola", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kampung KB Mandiri Utama")
    phone.assert_fits_width(PHONE_WIDTH)
    fill_profile(phone)
    post_activity(phone, photo_paths, today - datetime.timedelta(days=7))
    phone.assert_fits_width(PHONE_WIDTH)
    page.get_by_role("link", name="Kampung KB Mandiri Utama").click()
    enter_month(phone, year, month)

    page.goto("/kampung/jenggot/")
    expect(page.get_by_text(DESCRIPTION)).to_be_visible()
    identity = page.get_by_role("region", name="Identitas", exact=True)
    expect(identity).to_contain_text("17 Mei 2019")
    expect(identity).to_contain_text("Seluruh kelurahan")
    expect(page.get_by_role("region", name="Poktan dan sarana", exact=True)).to_contain_text(
        POKTAN_NOTES
    )
    expect(page.get_by_role("region", name="Pendanaan", exact=True)).to_contain_text(
        "Dana Kelurahan"
    )
    expect(page.get_by_role("region", name="Pokja", exact=True)).to_contain_text(POKJA_DECREE)

    activities = page.get_by_role("region", name="Kegiatan terbaru", exact=True)
    expect(activities.get_by_role("link", name=ACTIVITY_TITLE)).to_be_visible()
    expect_loaded(activities.get_by_role("img", name=PHOTO_CAPTION))
    gallery = page.get_by_role("region", name="Galeri foto", exact=True)
    expect(gallery.get_by_role("img", name=PHOTO_CAPTION)).to_have_count(2)
    for image in gallery.get_by_role("img").all():
        expect_loaded(image)

    expect(page.get_by_text(f"Data bulan {period}, laporan lengkap terakhir.")).to_be_visible()
    # Each figure table folds under its heading (issue 13: the page is short on a phone).
    page.get_by_text("Penduduk menurut kelompok umur dan jenis kelamin", exact=True).click()
    page.get_by_text("Peserta KB aktif per metode", exact=True).click()
    population = page.get_by_role("table", name=f"Penduduk per kelompok umur, {period}")
    expect(population.get_by_role("row", name="0-4 tahun")).to_contain_text("408")
    methods = page.get_by_role("table", name=f"Peserta KB aktif per metode, {period}")
    expect(methods.get_by_role("row", name="Suntik")).to_contain_text("300")

    # PLKB/PKB, regulation, planning data and routines are not filled in: no public level,
    # and the kader sees what is missing and the provisional level.
    jenggot = KampungKB.objects.get(slug="jenggot")
    level = unit_classification(jenggot, today)
    assert level.public_level is None
    expect(page.locator("header .level-badge")).to_have_text("Belum dapat diklasifikasi")
    missing = page.locator(".missing-indicators")
    expect(missing).to_contain_text(f"{level.level.label} (sementara)")
    expect(missing.get_by_role("link", name="Mekanisme operasional")).to_be_visible()
    phone.assert_fits_width(PHONE_WIDTH)
    phone.assert_no_errors()

    response = page.goto("/kelola/kampung/bandengan/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Akses ditolak")
    csrf_token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/kelola/kampung/bandengan/profil/gambaran/",
        form={"description": "Diubah oleh kader lain", "krppa_linkage": ""},
        headers={"X-CSRFToken": csrf_token},
    )
    assert response.status == 403
    assert "Akses ditolak" in response.text()
    assert KampungKB.objects.get(slug="bandengan").description == ""


def test_workspace_data_list_fits_a_360px_screen(open_page, kader_siti):
    jenggot = KampungKB.objects.get(slug="jenggot")
    UnitData.objects.create(unit=jenggot, year=2025, month=3, **MONTH_FIGURES)
    phone = open_page("360px")
    log_in(phone.page, *kader_siti)

    phone.page.goto("/kelola/kampung/jenggot/data/")

    expect(phone.page.get_by_role("table")).to_contain_text("Maret 2025")
    phone.assert_fits_width(PHONE_WIDTH)
