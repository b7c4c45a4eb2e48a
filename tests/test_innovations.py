"""Flagship innovations (inovasi unggulan): kader of the unit and staff keep them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from villages.models import Innovation


def url(name, *args):
    return reverse(f"manage:{name}", args=args)


def jpeg_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("kebun.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_kader_adds_an_innovation_with_a_photo_and_it_shows_on_the_public_page(
    client, login, kader_jenggot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = login(kader_jenggot).post(
        url("innovation-create", "jenggot"),
        {
            "name": "Bank sampah",
            "description": "Sampah rumah tangga ditukar tabungan.",
            "since_year": "2021",
            "photo": jpeg_upload(),
            "photo_caption": "Warga menimbang sampah",
            "source": "https://contoh.example/berita",
        },
    )

    assert response.status_code == 302
    innovation = Innovation.objects.get(unit__slug="jenggot", name="Bank sampah")
    assert innovation.since_year == 2021
    assert innovation.photo.name.startswith("inovasi/")
    client.logout()
    html = client.get("/kampung/jenggot/").content.decode()
    assert "Bank sampah" in html and "sejak 2021" in html
    assert 'alt="Warga menimbang sampah"' in html


def test_staff_edit_and_delete_an_innovation(login, staf):
    innovation = Innovation.objects.get(unit__slug="jenggot", name="Kebun Pikatu")
    client = login(staf)

    client.post(
        url("innovation-update", "jenggot", innovation.pk),
        {"name": "Kebun Pikatu", "description": "Kebun sayur dan lele.", "source": "SK"},
    )
    innovation.refresh_from_db()
    assert innovation.description == "Kebun sayur dan lele."
    assert innovation.history.count() == 2

    client.post(url("innovation-delete", "jenggot", innovation.pk))
    assert not Innovation.objects.filter(pk=innovation.pk).exists()


def test_a_kader_of_another_unit_may_not_touch_jenggots_innovations(login, kader_bandengan):
    innovation = Innovation.objects.get(unit__slug="jenggot", name="Kebun Pikatu")
    client = login(kader_bandengan)

    assert client.get(url("innovation-list", "jenggot")).status_code == 403
    assert client.post(url("innovation-delete", "jenggot", innovation.pk)).status_code == 403
    # Nor reach it through their own unit's URL.
    assert client.post(url("innovation-delete", "bandengan", innovation.pk)).status_code == 404
    assert Innovation.objects.filter(pk=innovation.pk).exists()


def test_bad_input_is_refused_in_indonesian_on_the_field(login, kader_jenggot):
    response = login(kader_jenggot).post(
        url("innovation-create", "jenggot"),
        {
            "name": "",
            "since_year": "tahun lalu",
            "photo": SimpleUploadedFile("x.jpg", b"bukan gambar", content_type="image/jpeg"),
        },
    )

    form = response.context["form"]
    assert form.errors["name"] == ["Bidang ini tidak boleh kosong."]
    assert form.errors["since_year"] == ["Tulis tahun dengan angka, misalnya 2022."]
    assert form.errors["photo"] == ["Berkas ini bukan gambar JPEG, PNG, atau WebP yang sah."]
    assert (
        not Innovation.objects.filter(unit__slug="jenggot")
        .exclude(name__in=["Kebun Pikatu", "Rumah DataKu"])
        .exists()
    )


def test_a_year_in_the_future_is_refused(login, kader_jenggot):
    response = login(kader_jenggot).post(
        url("innovation-create", "jenggot"), {"name": "Baru", "since_year": "2999"}
    )

    assert response.context["form"].errors["since_year"][0].startswith("Tahun harus antara 1970")


def test_the_readiness_checklist_shows_jenggots_recorded_innovations(login, staf):
    from competitions.models import Entry

    entry = Entry.objects.get(unit__slug="jenggot", year=2025, level=Entry.Level.NATIONAL)

    html = (
        login(staf)
        .get(reverse("competitions-manage:entry-readiness", args=[entry.pk]))
        .content.decode()
    )

    assert "Inovasi unggulan tercatat" in html
    assert "Tercatat: Kebun Pikatu, Rumah DataKu." in html


def test_the_innovation_form_speaks_the_language_of_the_person_filling_it(
    client, login, kader_jenggot
):
    login(kader_jenggot)
    client.cookies["django_language"] = "en"
    html = client.get(url("innovation-create", "jenggot")).content.decode()
    assert "Optional. JPEG, PNG or WebP, at most 10 MB." in html
    assert "Opsional. JPEG" not in html
