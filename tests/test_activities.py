"""The kader's activity workspace: posting activities with photos, editing, deleting."""

import datetime
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from villages.activities import check_activity_date, latest_allowed_date
from villages.models import Activity, ActivityCategory, ActivityPhoto, Agency, KampungKB

GPS_INFO = 0x8825
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes its uploads into its own empty folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg(size=(300, 200), colour="green", exif=None):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def jpeg_with_location(size=(300, 200)):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_INFO)
    gps[1] = "S"
    gps[2] = (6.0, 53.0, 20.0)
    gps[3] = "E"
    gps[4] = (109.0, 40.0, 30.0)
    return jpeg(size, colour="red", exif=exif)


def truncated_jpeg():
    # Noise does not compress, so cutting the file really loses pixels.
    rng = random.Random(0)
    noise = Image.frombytes("RGB", (200, 200), rng.randbytes(200 * 200 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def upload(data, name="foto.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def activity_data(**overrides):
    data = {
        "title": "Penyuluhan gizi balita",
        "date": "2025-03-10",
        "place": "Balai RW 03",
        "category": ActivityCategory.DASHAT,
        "description": "Demo masak makanan bergizi untuk keluarga balita.",
        "agencies": [Agency.objects.get(name="Puskesmas").pk],
        "other_agencies": "Karang Taruna",
        "target_group": "Keluarga dengan balita",
        "photo_caption": "",
    }
    data.update(overrides)
    return data


def make_activity(unit_slug="jenggot", title="Kegiatan BKB", **fields):
    unit = KampungKB.objects.get(slug=unit_slug)
    fields.setdefault("date", datetime.date(2025, 1, 15))
    fields.setdefault("category", ActivityCategory.BKB)
    return Activity.objects.create(unit=unit, title=title, **fields)


def stored_files(root):
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def open_stored(field):
    with field.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def create_url(slug="jenggot"):
    return reverse("manage:activity-create", args=[slug])


def test_kader_posts_activity_with_two_photos_that_appear_on_public_pages(
    login, kader_jenggot, media_root
):
    client = login(kader_jenggot)
    photos = [
        upload(jpeg_with_location(), name="lokasi.jpg"),
        upload(jpeg((2400, 1800), colour="blue"), name="besar.jpg"),
    ]

    response = client.post(create_url(), {**activity_data(), "photos": photos}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("manage:activity-list", args=["jenggot"])
    assert "disimpan" in response.content.decode()
    activity = Activity.objects.get()
    assert activity.unit.slug == "jenggot"
    assert activity.created_by == kader_jenggot
    assert [a.name for a in activity.agencies.all()] == ["Puskesmas"]
    stored = list(activity.photos.all())
    assert len(stored) == 2
    for photo in stored:
        image = open_stored(photo.image)
        thumbnail = open_stored(photo.thumbnail)
        assert max(image.size) <= 1600
        assert max(thumbnail.size) <= 400
        for picture in (image, thumbnail):
            assert not picture.getexif()
            assert picture.getexif().get_ifd(GPS_INFO) == {}
            assert "exif" not in picture.info
        assert "lokasi" not in photo.image.name
    assert open_stored(stored[1].image).size == (1600, 1200)
    assert len(stored_files(media_root)) == 4

    public_list = client.get(reverse("villages:activity-list", args=["jenggot"]))
    assert activity.title in public_list.content.decode()
    assert stored[0].thumbnail.url in public_list.content.decode()
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert activity.title in detail
    assert "Puskesmas" in detail
    assert "Karang Taruna" in detail
    for photo in stored:
        assert photo.image.url in detail
        assert photo.thumbnail.url in detail


@pytest.mark.parametrize(
    ("bad_photo", "reason"),
    [
        (SVG, "bukan gambar"),
        (truncated_jpeg(), "rusak"),
    ],
    ids=["svg-named-jpg", "truncated-jpeg"],
)
def test_one_bad_photo_among_good_ones_saves_nothing(
    login, kader_jenggot, media_root, bad_photo, reason
):
    client = login(kader_jenggot)
    photos = [
        upload(jpeg(), name="pertama.jpg"),
        upload(bad_photo, name="kedua.jpg"),
        upload(jpeg(), name="ketiga.jpg"),
    ]

    response = client.post(create_url(), {**activity_data(), "photos": photos})

    assert response.status_code == 200
    errors = response.context["form"].errors["photos"]
    assert len(errors) == 1
    assert errors[0].startswith("Foto ke-2 (kedua.jpg): ")
    assert reason in errors[0]
    assert "Foto ke-2 (kedua.jpg)" in response.content.decode()
    assert not Activity.objects.exists()
    assert not ActivityPhoto.objects.exists()
    assert stored_files(media_root) == []


def test_every_refused_photo_is_named(login, kader_jenggot):
    client = login(kader_jenggot)
    photos = [upload(SVG, name="a.jpg"), upload(jpeg()), upload(b"", name="kosong.jpg")]

    response = client.post(create_url(), {**activity_data(), "photos": photos})

    errors = response.context["form"].errors["photos"]
    assert [error.split(":")[0] for error in errors] == [
        "Foto ke-1 (a.jpg)",
        "Foto ke-3 (kosong.jpg)",
    ]
    assert not Activity.objects.exists()


def test_more_than_ten_photos_in_one_submit_are_refused(login, kader_jenggot, media_root):
    client = login(kader_jenggot)
    photos = [upload(jpeg(), name=f"foto{i}.jpg") for i in range(11)]

    response = client.post(create_url(), {**activity_data(), "photos": photos})

    assert "Paling banyak 10 foto" in response.context["form"].errors["photos"][0]
    assert not Activity.objects.exists()
    assert stored_files(media_root) == []


def test_a_request_carrying_far_more_files_is_refused_before_any_is_decoded(
    login, kader_jenggot, media_root, settings
):
    client = login(kader_jenggot)
    photos = [upload(jpeg(), name=f"foto{i}.jpg") for i in range(settings.PHOTOS_PER_UPLOAD + 6)]

    response = client.post(create_url(), {**activity_data(), "photos": photos})

    # Django's request parser stops at DATA_UPLOAD_MAX_NUMBER_FILES: the form never runs.
    assert response.status_code == 400
    assert not Activity.objects.exists()
    assert stored_files(media_root) == []


def test_activity_without_photos_is_saved(login, kader_jenggot):
    client = login(kader_jenggot)

    response = client.post(create_url(), activity_data())

    assert response.status_code == 302
    assert Activity.objects.get().photos.count() == 0


def test_photo_caption_is_stored_and_used_as_alt_text(login, kader_jenggot):
    client = login(kader_jenggot)
    data = {**activity_data(photo_caption="Ibu-ibu memasak"), "photos": [upload(jpeg())]}

    client.post(create_url(), data)

    photo = ActivityPhoto.objects.get()
    assert photo.caption == "Ibu-ibu memasak"
    detail = client.get(photo.activity.get_absolute_url()).content.decode()
    assert 'alt="Ibu-ibu memasak"' in detail


def test_photo_without_caption_is_described_by_the_activity_title(login, kader_jenggot):
    client = login(kader_jenggot)

    client.post(create_url(), {**activity_data(), "photos": [upload(jpeg())]})

    photo = ActivityPhoto.objects.get()
    assert photo.caption == ""
    detail = client.get(photo.activity.get_absolute_url()).content.decode()
    assert 'alt="Penyuluhan gizi balita"' in detail


@pytest.mark.parametrize("date", ["2014-12-31", "2010-06-01"])
def test_activity_before_2015_is_refused(login, kader_jenggot, date):
    response = login(kader_jenggot).post(create_url(), activity_data(date=date))

    assert "tidak boleh sebelum" in response.context["form"].errors["date"][0]
    assert not Activity.objects.exists()


def test_activity_more_than_a_year_ahead_is_refused(login, kader_jenggot):
    too_late = latest_allowed_date() + datetime.timedelta(days=1)

    response = login(kader_jenggot).post(create_url(), activity_data(date=too_late.isoformat()))

    assert "satu tahun ke depan" in response.context["form"].errors["date"][0]
    assert not Activity.objects.exists()


def test_activity_dates_at_the_limits_are_accepted():
    today = datetime.date(2025, 6, 1)
    check_activity_date(datetime.date(2015, 1, 1), today)
    check_activity_date(datetime.date(2026, 6, 1), today)


def test_a_year_after_29_february_is_28_february():
    assert latest_allowed_date(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)


def test_date_input_offers_the_allowed_range(login, kader_jenggot):
    html = login(kader_jenggot).get(create_url()).content.decode()

    assert 'type="date"' in html
    assert 'min="2015-01-01"' in html
    assert f'max="{latest_allowed_date(timezone.localdate()).isoformat()}"' in html
    assert "multiple" in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_editing_an_activity_records_history_with_the_user(login, kader_jenggot):
    activity = make_activity(title="Judul lama")
    client = login(kader_jenggot)

    response = client.post(
        reverse("manage:activity-update", args=["jenggot", activity.pk]),
        activity_data(title="Judul baru"),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Judul baru"
    latest = activity.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == kader_jenggot
    assert latest.title == "Judul baru"
    assert activity.history.earliest().title == "Judul lama"


def test_editing_adds_photos_and_keeps_the_old_ones(login, kader_jenggot):
    activity = make_activity()
    client = login(kader_jenggot)
    url = reverse("manage:activity-update", args=["jenggot", activity.pk])
    client.post(url, {**activity_data(), "photos": [upload(jpeg())]})

    client.post(url, {**activity_data(), "photos": [upload(jpeg()), upload(jpeg())]})

    assert activity.photos.count() == 3
    assert activity.created_by is None  # editing does not claim someone else's activity


def test_delete_asks_first_then_removes_activity_and_photo_files(login, kader_jenggot, media_root):
    client = login(kader_jenggot)
    client.post(create_url(), {**activity_data(), "photos": [upload(jpeg()), upload(jpeg())]})
    activity = Activity.objects.get()
    url = reverse("manage:activity-delete", args=["jenggot", activity.pk])
    assert len(stored_files(media_root)) == 4

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "2 foto ikut terhapus" in confirm.content.decode()
    assert Activity.objects.exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not Activity.objects.exists()
    assert not ActivityPhoto.objects.exists()
    assert stored_files(media_root) == []


def test_photo_delete_removes_one_photo_and_its_files(login, kader_jenggot, media_root):
    client = login(kader_jenggot)
    client.post(create_url(), {**activity_data(), "photos": [upload(jpeg()), upload(jpeg())]})
    activity = Activity.objects.get()
    first, second = activity.photos.all()
    url = reverse("manage:activity-photo-delete", args=["jenggot", activity.pk, first.pk])

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.url == reverse("manage:activity-update", args=["jenggot", activity.pk])
    assert list(activity.photos.all()) == [second]
    assert stored_files(media_root) == sorted(
        [media_root / second.image.name, media_root / second.thumbnail.name]
    )


def test_workspace_list_shows_the_units_activities_only(login, kader_jenggot, pekalongan):
    make_activity(title="Kegiatan Jenggot")
    make_activity("bandengan", title="Kegiatan Bandengan")

    html = login(kader_jenggot).get(reverse("manage:activity-list", args=["jenggot"]))

    assert "Kegiatan Jenggot" in html.content.decode()
    assert "Kegiatan Bandengan" not in html.content.decode()


def test_unit_hub_card_counts_activities_and_links_to_them(login, kader_jenggot):
    make_activity()
    make_activity()

    html = login(kader_jenggot).get(reverse("manage:unit", args=["jenggot"])).content.decode()

    assert "2 kegiatan tercatat." in html
    assert reverse("manage:activity-list", args=["jenggot"]) in html
    assert reverse("manage:activity-create", args=["jenggot"]) in html


def test_staf_may_post_for_any_unit(login, staf):
    response = login(staf).post(create_url("bandengan"), activity_data())

    assert response.status_code == 302
    assert Activity.objects.get().unit.slug == "bandengan"


def workspace_urls(slug, activity, photo):
    return [
        reverse("manage:activity-list", args=[slug]),
        reverse("manage:activity-create", args=[slug]),
        reverse("manage:activity-update", args=[slug, activity.pk]),
        reverse("manage:activity-delete", args=[slug, activity.pk]),
        reverse("manage:activity-photo-delete", args=[slug, activity.pk, photo.pk]),
    ]


@pytest.fixture
def jenggot_activity(pekalongan):
    activity = make_activity(title="Kegiatan Jenggot")
    photo = ActivityPhoto.objects.create(
        activity=activity, image="kegiatan/a.jpg", thumbnail="kegiatan/a_thumb.jpg"
    )
    return activity, photo


@pytest.mark.parametrize("method", ["get", "post"])
def test_kader_of_another_unit_is_refused_every_workspace_url(
    login, kader_bandengan, jenggot_activity, method
):
    client = login(kader_bandengan)

    for url in workspace_urls("jenggot", *jenggot_activity):
        response = getattr(client, method)(url, activity_data(title="Diambil alih"))
        assert response.status_code == 403, url

    assert Activity.objects.get().title == "Kegiatan Jenggot"
    assert ActivityPhoto.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_activity_of_another_unit_under_own_slug_is_not_found(
    login, kader_bandengan, jenggot_activity, method
):
    client = login(kader_bandengan)

    for url in workspace_urls("bandengan", *jenggot_activity)[2:]:
        response = getattr(client, method)(url, activity_data(title="Diambil alih"))
        assert response.status_code == 404, url

    assert Activity.objects.get().title == "Kegiatan Jenggot"
    assert ActivityPhoto.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_login(client, jenggot_activity, method):
    for url in workspace_urls("jenggot", *jenggot_activity):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url

    assert Activity.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_juri_is_refused_every_workspace_url(login, juri, jenggot_activity, method):
    client = login(juri)

    for url in workspace_urls("jenggot", *jenggot_activity):
        response = getattr(client, method)(url, activity_data())
        assert response.status_code == 403, url

    assert Activity.objects.count() == 1
    assert ActivityPhoto.objects.count() == 1
