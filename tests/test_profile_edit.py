import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format
from django.utils.timezone import localtime
from PIL import Image

from tests.conftest import make_pdf
from villages.models import BoardMember, KampungKB
from villages.profile_forms import PROFILE_SECTIONS

SECTION_KEYS = list(PROFILE_SECTIONS)
HUB = "/kelola/kampung/jenggot/"
PUBLIC = "/kampung/jenggot/"


def section_url(key, slug="jenggot"):
    return f"/kelola/kampung/{slug}/profil/{key}/"


def board_url(slug="jenggot"):
    return f"/kelola/kampung/{slug}/pengurus/"


def jenggot():
    return KampungKB.objects.get(slug="jenggot")


def jpeg(size=(800, 600), exif=None):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG", exif=exif or Image.Exif())
    return buffer.getvalue()


def photo_upload(size=(800, 600), exif=None, name="sampul.jpg"):
    return SimpleUploadedFile(name, jpeg(size, exif), content_type="image/jpeg")


def pdf_upload(name="rkm.pdf"):
    return SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")


def svg_named_jpg():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return SimpleUploadedFile("sampul.jpg", svg, content_type="image/jpeg")


def phone_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 53.0, 21.0)
    return exif


def unit_row():
    return KampungKB.objects.filter(slug="jenggot").values().get()


# (section, form data, what the public page then shows)
VALID_EDITS = [
    (
        "identitas",
        {
            "name": "Kampung KB Jenggot Sejahtera",
            "formed_on": "2019-03-12",
            "decree_number": "SK Lurah 123/2019",
            "coverage": "rw",
            "coverage_rw": "RW 01, RW 03",
        },
        ["Kampung KB Jenggot Sejahtera", "12 Maret 2019", "SK Lurah 123/2019", "RW 01, RW 03"],
    ),
    (
        "gambaran",
        {"description": "Kampung batik yang rukun.", "krppa_linkage": "Ikut forum anak."},
        ["Kampung batik yang rukun.", "Ikut forum anak."],
    ),
    (
        "sekretariat",
        {
            "secretariat_address": "Balai RW 02 Jenggot",
            "latitude": "-6.913500",
            "longitude": "109.676100",
        },
        ["Balai RW 02 Jenggot", "913500", "676100"],
    ),
    (
        "poktan",
        {
            "has_bkb": "True",
            "bkb_notes": "Pertemuan tiap Selasa",
            "has_bkr": "False",
            "has_bkl": "",
            "has_uppka": "",
            "has_pikr": "",
            "has_secretariat": "True",
            "has_rumah_dataku": "",
        },
        ["Pertemuan tiap Selasa", "<dd>Tidak</dd>"],
    ),
    (
        "pendanaan",
        {"funding_sources": ["csr", "lainnya"], "funding_notes": "Infak masjid"},
        ["CSR", "Infak masjid"],
    ),
    (
        "pokja",
        {
            "pokja_exists": "True",
            "pokja_decree_number": "SK Pokja 7/2021",
            "pokja_member_count": "12",
            "pokja_trained": "True",
        },
        ["SK Pokja 7/2021", "<dd>12</dd>"],
    ),
    (
        "plkb",
        {"field_officer_name": "Siti Aminah", "field_officer_nip": "19800101 200501 2 001"},
        ["Siti Aminah"],
    ),
    (
        "regulasi",
        {
            "regulation_mayor": "",
            "regulation_camat": "SK Camat 4/2020",
            "regulation_lurah": "SK Lurah 9/2020",
        },
        ["SK Camat 4/2020", "SK Lurah 9/2020"],
    ),
    (
        "data-perencanaan",
        {"planning_data_sources": ["potensi_desa", "pk"], "planning_data_notes": "Diperbarui"},
        ["Data Pendataan Keluarga (PK)", "Potensi Desa", "Diperbarui"],
    ),
    (
        "mekanisme",
        {
            "routine_planning_meeting": "bulanan",
            "routine_coordination": "triwulan",
            "routine_socialisation": "insidental",
            "routine_monitoring": "semester",
            "routine_reporting": "tidak",
        },
        ["Setiap bulan", "Setiap triwulan", "Sewaktu-waktu (insidental)", "Tidak dilakukan"],
    ),
    (
        "media",
        {"video_url": "https://www.youtube.com/watch?v=profil", "cover_photo": photo_upload},
        ["https://www.youtube.com/watch?v=profil", "Foto sampul"],
    ),
    (
        "rkm",
        {"rkm_document": pdf_upload, "rkm_year": "2024"},
        ["Unduh RKM tahun 2024 (PDF)", "/media/rkm/"],
    ),
]


def section_of(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def fresh(data):
    """Form data with a new upload object for every post."""
    return {name: value() if callable(value) else value for name, value in data.items()}


def test_every_section_has_a_valid_edit_case():
    assert sorted(key for key, _, _ in VALID_EDITS) == sorted(SECTION_KEYS)


@pytest.mark.parametrize(("section", "data", "shown"), VALID_EDITS, ids=SECTION_KEYS)
def test_kader_edits_a_section_and_the_public_page_shows_it(
    client, kader_jenggot, login, section, data, shown
):
    login(kader_jenggot)
    assert client.get(section_url(section)).status_code == 200

    response = client.post(section_url(section), fresh(data), follow=True)

    assert response.redirect_chain == [(HUB, 302)]
    assert "disimpan" in response.content.decode()
    assert jenggot().profile_updated_at is not None
    html = client.get(PUBLIC).content.decode()
    for text in shown:
        assert text in html


def test_saved_values_are_stored_in_their_own_types(client, kader_jenggot, login):
    login(kader_jenggot)
    for section, data, _shown in VALID_EDITS:
        client.post(section_url(section), fresh(data))
    unit = jenggot()
    assert unit.formed_on == datetime.date(2019, 3, 12)
    assert unit.latitude == Decimal("-6.9135")
    assert unit.has_bkb is True
    assert unit.has_bkr is False
    assert unit.has_bkl is None
    assert unit.funding_sources == ["csr", "lainnya"]
    # Kept in the choices' order whatever order the boxes came in.
    assert unit.planning_data_sources == ["pk", "potensi_desa"]
    assert unit.pokja_member_count == 12
    assert unit.field_officer_nip == "198001012005012001"
    assert unit.field_officer_assigned is True
    assert unit.regulation_exists is True
    assert unit.routine_reporting == "tidak"
    assert unit.rkm_year == 2024


def test_saving_one_section_leaves_the_other_sections_alone(client, kader_jenggot, login):
    KampungKB.objects.filter(slug="jenggot").update(description="Tulisan lama")
    login(kader_jenggot)
    client.post(section_url("plkb"), {"field_officer_name": "Budi", "field_officer_nip": ""})
    unit = jenggot()
    assert unit.description == "Tulisan lama"
    assert unit.name == "Kampung KB Mandiri Utama"


def test_coordinates_copied_from_a_map_app_are_rounded_to_six_decimals(
    client, kader_jenggot, login
):
    login(kader_jenggot)
    client.post(
        section_url("sekretariat"),
        {
            "secretariat_address": "",
            "latitude": "-6.913512345678901",
            "longitude": "109.6761",
        },
    )
    unit = jenggot()
    assert unit.latitude == Decimal("-6.913512")
    assert unit.longitude == Decimal("109.676100")


def test_choosing_whole_kelurahan_coverage_drops_a_stale_rw_list(client, kader_jenggot, login):
    KampungKB.objects.filter(slug="jenggot").update(coverage="rw", coverage_rw="RW 05")
    login(kader_jenggot)
    client.post(section_url("identitas"), {"name": "A", "coverage": "kelurahan"})
    assert jenggot().coverage_rw == ""


def test_public_page_never_shows_the_officers_nip(client, kader_jenggot, login):
    login(kader_jenggot)
    client.post(
        section_url("plkb"),
        {"field_officer_name": "Siti Aminah", "field_officer_nip": "198001012005012001"},
    )
    html = client.get(PUBLIC).content.decode()
    assert "Siti Aminah" in html
    assert "198001012005012001" not in html


# (section, form data, field, Indonesian message on that field)
INVALID_EDITS = [
    (
        "plkb",
        {"field_officer_name": "Siti", "field_officer_nip": "1980 0101"},
        "field_officer_nip",
        "NIP harus terdiri dari tepat 18 angka.",
    ),
    (
        "plkb",
        {"field_officer_name": "Siti", "field_officer_nip": "19800101200501200A"},
        "field_officer_nip",
        "NIP harus terdiri dari tepat 18 angka.",
    ),
    (
        "sekretariat",
        {"secretariat_address": "Balai RW", "latitude": "7.5", "longitude": "109.6"},
        "latitude",
        "Lintang 7.5 harus di antara -11 dan 6 (wilayah Indonesia).",
    ),
    (
        "sekretariat",
        {"secretariat_address": "Balai RW", "latitude": "-6.9", "longitude": "150"},
        "longitude",
        "Bujur 150 harus di antara 94 dan 142 (wilayah Indonesia).",
    ),
    (
        "sekretariat",
        {"secretariat_address": "Balai RW", "latitude": "-6.9", "longitude": ""},
        "longitude",
        "Isi lintang dan bujur bersama-sama.",
    ),
    (
        "identitas",
        {"name": "Nama baru", "coverage": "rw", "coverage_rw": ""},
        "coverage_rw",
        "Sebutkan RW yang dicakup",
    ),
    (
        "identitas",
        {"name": "Nama baru", "formed_on": "2999-01-01"},
        "formed_on",
        "Tanggal pencanangan tidak boleh di masa depan.",
    ),
    (
        "pendanaan",
        {"funding_sources": ["apbd", "lainnya"], "funding_notes": ""},
        "funding_notes",
        "Sebutkan sumber dana lainnya.",
    ),
    (
        "data-perencanaan",
        {"planning_data_sources": ["lainnya"], "planning_data_notes": ""},
        "planning_data_notes",
        "Sebutkan data lain yang dipakai.",
    ),
    (
        "pokja",
        {"pokja_exists": "False", "pokja_member_count": "9", "pokja_trained": ""},
        "pokja_member_count",
        "Isi hanya bila Pokja sudah dibentuk",
    ),
    (
        "pokja",
        {"pokja_exists": "False", "pokja_decree_number": "SK 1", "pokja_trained": "True"},
        "pokja_trained",
        "Isi hanya bila Pokja sudah dibentuk",
    ),
    (
        "plkb",
        {"field_officer_assigned": "False", "field_officer_name": "Siti"},
        "field_officer_name",
        "Isi nama hanya bila ada PLKB/PKB",
    ),
    (
        "regulasi",
        {"regulation_exists": "False", "regulation_lurah": "SK Lurah 9/2020"},
        "regulation_lurah",
        "Isi hanya bila ada regulasi",
    ),
    (
        "rkm",
        {"rkm_document": lambda: SimpleUploadedFile("rkm.pdf", b"<html>bukan pdf</html>")},
        "rkm_document",
        "Berkas ini bukan PDF yang sah.",
    ),
    (
        "rkm",
        {"rkm_document": pdf_upload, "rkm_year": "1990"},
        "rkm_year",
        "Tahun RKM harus di antara 2000 dan",
    ),
    (
        "media",
        {"video_url": "https://video.example/baru", "cover_photo": svg_named_jpg},
        "cover_photo",
        "Berkas ini bukan gambar JPEG, PNG, atau WebP yang sah.",
    ),
]


@pytest.mark.parametrize(
    ("section", "data", "field", "message"),
    INVALID_EDITS,
    ids=[f"{case[0]}-{case[2]}" for case in INVALID_EDITS],
)
def test_invalid_input_shows_the_message_on_its_field_and_changes_nothing(
    client, kader_jenggot, login, section, data, field, message
):
    login(kader_jenggot)
    before = unit_row()
    history_before = jenggot().history.count()

    response = client.post(section_url(section), fresh(data))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors)
    assert message in response.content.decode()
    assert unit_row() == before
    assert jenggot().history.count() == history_before


def test_invalid_input_keeps_the_saved_name_in_the_page_heading(client, kader_jenggot, login):
    login(kader_jenggot)
    response = client.post(section_url("identitas"), {"name": "Nama yang gagal", "coverage": "rw"})
    assert "<title>Identitas dan pembentukan · Kampung KB Mandiri Utama" in (
        response.content.decode()
    )


def test_unknown_section_is_not_found(client, kader_jenggot, login):
    login(kader_jenggot)
    assert client.get(section_url("rahasia")).status_code == 404


def test_stored_cover_photo_has_no_exif_and_is_at_most_1600_pixels(client, kader_jenggot, login):
    login(kader_jenggot)
    upload = photo_upload(size=(4000, 3000), exif=phone_exif())
    assert Image.open(io.BytesIO(jpeg((10, 10), phone_exif()))).getexif()

    client.post(section_url("media"), {"video_url": "", "cover_photo": upload})

    stored = jenggot().cover_photo
    assert stored.name.startswith("sampul/")
    with default_storage.open(stored.name) as handle, Image.open(handle) as image:
        assert max(image.size) <= 1600
        assert image.size == (1600, 1200)
        assert not image.getexif()
        assert "exif" not in image.info


def test_replacing_the_cover_photo_deletes_the_old_file(
    client, kader_jenggot, login, django_capture_on_commit_callbacks
):
    login(kader_jenggot)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(section_url("media"), {"video_url": "", "cover_photo": photo_upload()})
    old = jenggot().cover_photo.name
    assert default_storage.exists(old)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(section_url("media"), {"video_url": "", "cover_photo": photo_upload()})

    new = jenggot().cover_photo.name
    assert new != old
    assert default_storage.exists(new)
    assert not default_storage.exists(old)


def test_clearing_the_cover_photo_deletes_the_file(
    client, kader_jenggot, login, django_capture_on_commit_callbacks
):
    login(kader_jenggot)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(section_url("media"), {"video_url": "", "cover_photo": photo_upload()})
    old = jenggot().cover_photo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(section_url("media"), {"video_url": "", "cover_photo-clear": "on"})

    assert not jenggot().cover_photo
    assert not default_storage.exists(old)


def test_saving_other_media_fields_keeps_the_cover_photo(
    client, kader_jenggot, login, django_capture_on_commit_callbacks
):
    login(kader_jenggot)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(section_url("media"), {"video_url": "", "cover_photo": photo_upload()})
    photo = jenggot().cover_photo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(section_url("media"), {"video_url": "https://video.example/v"})

    assert jenggot().cover_photo.name == photo
    assert default_storage.exists(photo)


def test_a_profile_edit_is_recorded_in_history_under_the_kader(client, kader_jenggot, login):
    login(kader_jenggot)
    client.post(section_url("gambaran"), {"description": "Versi baru", "krppa_linkage": ""})
    record = jenggot().history.first()
    assert record.description == "Versi baru"
    assert record.history_user == kader_jenggot


# Who may not edit jenggot's profile.


def protected_urls():
    return [section_url(key) for key in SECTION_KEYS] + [board_url()]


@pytest.mark.parametrize("url", protected_urls())
def test_kader_of_another_unit_is_forbidden(client, kader_bandengan, login, url):
    login(kader_bandengan)
    before = unit_row()
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Diambil alih", "board-TOTAL_FORMS": "0"}).status_code == 403
    assert unit_row() == before


@pytest.mark.parametrize("url", protected_urls())
def test_juri_is_forbidden(client, juri, login, url):
    login(juri)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Juri"}).status_code == 403


@pytest.mark.parametrize("url", protected_urls())
def test_anonymous_visitor_is_sent_to_the_login_page(client, pekalongan, url):
    for response in (client.get(url), client.post(url, {"name": "Tamu"})):
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/?next=")
    assert jenggot().name == "Kampung KB Mandiri Utama"


def test_staf_may_edit_any_units_profile(client, staf, login):
    login(staf)
    response = client.post(
        section_url("regulasi", slug="bandengan"),
        {"regulation_mayor": "Perwal 5/2019", "regulation_camat": "", "regulation_lurah": ""},
    )
    assert response.status_code == 302
    unit = KampungKB.objects.get(slug="bandengan")
    assert unit.regulation_mayor == "Perwal 5/2019"
    assert unit.history.first().history_user == staf


# The board (pengurus).


def board_data(rows, existing=()):
    """POST data for the board formset: ``existing`` members first, then new ``rows``."""
    data = {
        "board-TOTAL_FORMS": str(len(existing) + len(rows)),
        "board-INITIAL_FORMS": str(len(existing)),
        "board-MIN_NUM_FORMS": "0",
        "board-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([*existing, *rows]):
        for name, value in row.items():
            data[f"board-{index}-{name}"] = value
    return data


def member_row(member, **changes):
    row = {
        "id": str(member.pk),
        "name": member.name,
        "role": member.role,
        "section": member.section,
        "position": str(member.position),
    }
    return {**row, **changes}


def test_kader_adds_board_members_and_the_public_page_lists_them(client, kader_jenggot, login):
    login(kader_jenggot)
    page = client.get(board_url())
    assert page.context["formset"].total_form_count() == 3

    response = client.post(
        board_url(),
        board_data(
            [
                {"name": "Ibu Rahayu", "role": "ketua", "section": "", "position": "1"},
                {"name": "Pak Darto", "role": "seksi", "section": "Seksi BKB", "position": "2"},
                {"name": "", "role": "", "section": "", "position": "0"},
            ]
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == HUB
    unit = jenggot()
    assert [(m.name, m.role) for m in unit.board.all()] == [
        ("Ibu Rahayu", "ketua"),
        ("Pak Darto", "seksi"),
    ]
    assert unit.profile_updated_at is not None
    html = client.get(PUBLIC).content.decode()
    assert "Ibu Rahayu" in html
    assert "Koordinator seksi/bidang (Seksi BKB)" in html
    assert client.get(board_url()).context["formset"].total_form_count() == 5


def test_kader_edits_and_removes_board_members(client, kader_jenggot, login):
    unit = jenggot()
    chair = BoardMember.objects.create(unit=unit, name="Lama", role="ketua", position=1)
    leaving = BoardMember.objects.create(unit=unit, name="Pergi", role="anggota", position=2)
    login(kader_jenggot)

    client.post(
        board_url(),
        board_data(
            [], existing=[member_row(chair, name="Baru"), member_row(leaving, DELETE="on")]
        ),
    )

    assert [(m.name, m.role) for m in unit.board.all()] == [("Baru", "ketua")]
    assert "Pergi" not in client.get(PUBLIC).content.decode()
    assert chair.history.first().history_user == kader_jenggot


def test_two_ketua_are_refused_and_nothing_is_saved(client, kader_jenggot, login):
    unit = jenggot()
    chair = BoardMember.objects.create(unit=unit, name="Ketua Lama", role="ketua", position=1)
    login(kader_jenggot)

    response = client.post(
        board_url(),
        board_data(
            [
                {"name": "Ketua Kedua", "role": "ketua", "section": "", "position": "2"},
                {"name": "Anggota", "role": "anggota", "section": "", "position": "3"},
            ],
            existing=[member_row(chair, name="Ketua Diganti")],
        ),
    )

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[1].errors["role"] == ["Hanya boleh ada satu Ketua."]
    assert "Hanya boleh ada satu Ketua." in response.content.decode()
    assert [(m.name, m.role) for m in unit.board.all()] == [("Ketua Lama", "ketua")]
    assert jenggot().profile_updated_at is None


def test_a_ketua_marked_for_removal_leaves_room_for_a_new_one(client, kader_jenggot, login):
    unit = jenggot()
    chair = BoardMember.objects.create(unit=unit, name="Ketua Lama", role="ketua")
    login(kader_jenggot)

    response = client.post(
        board_url(),
        board_data(
            [{"name": "Ketua Baru", "role": "ketua", "section": "", "position": "1"}],
            existing=[member_row(chair, DELETE="on")],
        ),
    )

    assert response.status_code == 302
    assert [m.name for m in unit.board.all()] == ["Ketua Baru"]


def test_a_board_row_without_a_name_gets_an_indonesian_message(client, kader_jenggot, login):
    login(kader_jenggot)
    response = client.post(
        board_url(), board_data([{"name": "", "role": "ketua", "section": "", "position": "1"}])
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["name"] == [
        "Bidang ini tidak boleh kosong."
    ]
    assert not jenggot().board.exists()


# The unit hub's profile card.


def test_hub_card_links_every_section_and_marks_what_is_done(client, kader_jenggot, login):
    login(kader_jenggot)
    html = client.get(HUB).content.decode()
    for key in SECTION_KEYS:
        assert f'href="{section_url(key)}"' in html
    assert f'href="{board_url()}"' in html
    assert "Kelengkapan profil: 9%" in html
    assert "lengkap</span>" in html
    assert html.count("belum lengkap") == len(SECTION_KEYS) + 1

    client.post(section_url("media"), fresh(VALID_EDITS[10][1]))

    html = client.get(HUB).content.decode()
    assert html.count("belum lengkap") == len(SECTION_KEYS)
    assert "Kelengkapan profil: 19%" in html


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("poktan", "has_bkb"),
        ("pokja", "pokja_exists"),
        ("pokja", "pokja_trained"),
        ("plkb", "field_officer_assigned"),
        ("regulasi", "regulation_exists"),
    ],
)
def test_a_null_yes_no_fact_has_belum_diketahui_chosen_on_the_form(
    client, kader_jenggot, login, section, field
):
    login(kader_jenggot)
    html = client.get(section_url(section)).content.decode()
    radios = re.findall(rf'<input type="radio"[^>]*name="{field}" value="([^"]*)"([^>]*)>', html)
    assert [value for value, _rest in radios] == ["True", "False", ""]
    assert [value for value, rest in radios if "checked" in rest] == [""]
    assert "Belum diketahui" in html


def test_answering_tidak_is_kept_apart_from_belum_diketahui(client, kader_jenggot, login):
    login(kader_jenggot)
    client.post(section_url("plkb"), {"field_officer_assigned": "False"})
    client.post(section_url("regulasi"), {"regulation_exists": ""})
    unit = jenggot()
    assert unit.field_officer_assigned is False
    assert unit.regulation_exists is None
    html = client.get(section_url("plkb")).content.decode()
    assert re.search(r'name="field_officer_assigned" value="False"[^>]*checked', html)
    assert "Tidak" in section_of(client.get(PUBLIC).content.decode(), "judul-plkb")


def test_a_name_or_a_decree_number_answers_ya_by_itself(client, kader_jenggot, login):
    login(kader_jenggot)
    client.post(section_url("plkb"), {"field_officer_assigned": "", "field_officer_name": "Budi"})
    client.post(section_url("regulasi"), {"regulation_exists": "", "regulation_camat": "SK 2"})
    client.post(section_url("pokja"), {"pokja_exists": "", "pokja_decree_number": "SK 7"})
    unit = jenggot()
    assert unit.field_officer_assigned is True
    assert unit.regulation_exists is True
    assert unit.pokja_exists is True


def test_data_last_changed_appears_only_after_a_person_edits(client, kader_jenggot, login):
    assert jenggot().profile_updated_at is None
    assert "Data terakhir diubah" not in client.get(PUBLIC).content.decode()

    login(kader_jenggot)
    client.post(section_url("gambaran"), {"description": "Kampung batik.", "krppa_linkage": ""})

    edited = jenggot().profile_updated_at
    assert edited is not None
    html = client.get(PUBLIC).content.decode()
    assert f"Data terakhir diubah {date_format(localtime(edited), 'j F Y')}." in html


def test_saving_a_form_without_a_signed_in_person_does_not_stamp_the_unit(pekalongan):
    form = PROFILE_SECTIONS["gambaran"].form_class(
        {"description": "Dari skrip", "krppa_linkage": ""}, instance=jenggot()
    )
    assert form.is_valid()
    form.save()
    assert jenggot().description == "Dari skrip"
    assert jenggot().profile_updated_at is None


def test_turning_a_recorded_pokja_back_to_unknown_with_its_details_is_refused_on_the_field(
    client, kader_jenggot, login
):
    login(kader_jenggot)
    client.post(section_url("pokja"), {"pokja_exists": "True", "pokja_member_count": "14"})
    response = client.post(section_url("pokja"), {"pokja_exists": "", "pokja_member_count": "14"})

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["pokja_exists"][0]
        .startswith("Rincian di bawah ini menyatakan sudah ada.")
    )
    assert jenggot().pokja_exists is True

    client.post(section_url("pokja"), {"pokja_exists": "", "pokja_member_count": ""})
    assert jenggot().pokja_exists is None
