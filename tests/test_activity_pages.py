"""Public activity pages: the list, one activity, and the activities on the unit page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from villages.activities import activities_context, recent_activities
from villages.models import Activity, ActivityCategory, ActivityPhoto, Agency, KampungKB


def add_activities(unit, count, photos_each=0, category=ActivityCategory.BKB, start=0):
    """Activities dated one day apart, newest last; photo rows point at names only, since
    the pages never open the files."""
    agencies = list(Agency.objects.all()[:3])
    activities = []
    for number in range(start, start + count):
        activity = Activity.objects.create(
            unit=unit,
            title=f"Kegiatan nomor {number}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            category=category,
        )
        activity.agencies.set(agencies)
        for index in range(photos_each):
            ActivityPhoto.objects.create(
                activity=activity,
                image=f"kegiatan/{number}_{index}.jpg",
                thumbnail=f"kegiatan/{number}_{index}_thumb.jpg",
            )
        activities.append(activity)
    return activities


def list_url(slug="jenggot"):
    return reverse("villages:activity-list", args=[slug])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_public_list_runs_three_queries_however_many_activities_and_photos(
    client, jenggot, django_assert_num_queries
):
    # The unit, the count, the page with each activity's first photo.
    add_activities(jenggot, 3, photos_each=1)
    with django_assert_num_queries(3):
        client.get(list_url())

    add_activities(jenggot, 17, photos_each=3, start=3)
    with django_assert_num_queries(3):
        response = client.get(list_url())
    assert len(response.context["page"].object_list) == 12
    for activity in response.context["page"].object_list:
        (photo,) = activity.first_photos
        assert photo == activity.photos.order_by("id").first()
        assert photo.thumbnail.name == activity.photos.order_by("id").first().thumbnail.name
        assert photo.caption == activity.photos.order_by("id").first().caption


def test_public_detail_runs_three_queries_however_many_photos(
    client, jenggot, django_assert_num_queries
):
    (few,) = add_activities(jenggot, 1, photos_each=1)
    (many,) = add_activities(jenggot, 1, photos_each=10, start=1)

    with django_assert_num_queries(3):
        client.get(few.get_absolute_url())
    with django_assert_num_queries(3):
        response = client.get(many.get_absolute_url())
    assert response.content.decode().count('loading="lazy"') == 10


def test_unit_page_query_count_does_not_grow_with_activities_and_photos(client, jenggot):
    add_activities(jenggot, 3, photos_each=1)
    few = count_queries(client, jenggot.get_absolute_url())

    add_activities(jenggot, 17, photos_each=3, start=3)
    many = count_queries(client, jenggot.get_absolute_url())

    assert many == few


def test_activities_context_runs_two_queries(jenggot, django_assert_num_queries):
    add_activities(jenggot, 20, photos_each=3)

    with django_assert_num_queries(2):
        context = activities_context(jenggot)
        for activity in context["latest_activities"]:
            assert len(activity.first_photos) == 1
        for photo in context["gallery_photos"]:
            assert photo.activity.title

    assert [a.title for a in context["latest_activities"]] == [
        "Kegiatan nomor 19",
        "Kegiatan nomor 18",
        "Kegiatan nomor 17",
    ]
    assert len(context["gallery_photos"]) == 8
    assert {p.activity.title for p in context["gallery_photos"]} == {
        "Kegiatan nomor 19",
        "Kegiatan nomor 18",
        "Kegiatan nomor 17",
    }


def test_unit_page_shows_latest_activities_and_gallery(client, jenggot):
    add_activities(jenggot, 5, photos_each=2)

    html = client.get(jenggot.get_absolute_url()).content.decode()

    assert "Kegiatan terbaru" in html
    assert "Galeri foto" in html
    assert "Kegiatan nomor 4" in html
    assert "Kegiatan nomor 0" not in html  # its photos are the 9th and 10th newest
    assert list_url() in html
    assert html.count("_thumb.jpg") == 3 + 8


def test_unit_page_without_activities_says_so(client, jenggot):
    html = client.get(jenggot.get_absolute_url()).content.decode()

    assert "Belum ada kegiatan yang dipublikasikan." in html
    assert "Galeri foto" not in html


def test_public_list_paginates_twelve_per_page(client, jenggot):
    add_activities(jenggot, 13)

    first = client.get(list_url())
    second = client.get(list_url(), {"halaman": 2})

    assert [a.title for a in first.context["page"].object_list][:2] == [
        "Kegiatan nomor 12",
        "Kegiatan nomor 11",
    ]
    assert len(first.context["page"].object_list) == 12
    assert "halaman=2" in first.content.decode()
    assert [a.title for a in second.context["page"].object_list] == ["Kegiatan nomor 0"]


def test_public_list_filters_by_category_and_keeps_the_filter_across_pages(client, jenggot):
    add_activities(jenggot, 13, category=ActivityCategory.DASHAT)
    add_activities(jenggot, 2, category=ActivityCategory.BKR, start=13)

    bkr = client.get(list_url(), {"kategori": "bkr"})
    dashat = client.get(list_url(), {"kategori": "dashat"})

    assert [a.category for a in bkr.context["page"].object_list] == ["bkr", "bkr"]
    assert dashat.context["page"].paginator.count == 13
    assert "kategori=dashat&amp;halaman=2" in dashat.content.decode()
    assert '<option value="dashat" selected>' in dashat.content.decode()


def test_unknown_category_shows_every_activity(client, jenggot):
    add_activities(jenggot, 2)

    response = client.get(list_url(), {"kategori": "bukan-kategori"})

    assert response.context["page"].paginator.count == 2


def test_list_item_shows_date_title_category_and_lazy_thumbnail(client, jenggot):
    (activity,) = add_activities(jenggot, 1, photos_each=2)
    first_photo = activity.photos.first()
    first_photo.caption = "Penimbangan balita"
    first_photo.save()

    html = client.get(list_url()).content.decode()

    assert "1 Januari 2024" in html
    assert activity.title in html
    assert "BKB" in html
    assert activity.get_absolute_url() in html
    assert (
        f'src="{first_photo.thumbnail.url}" width="400" height="300" loading="lazy" '
        'alt="Penimbangan balita"'
    ) in html
    assert html.count("_thumb.jpg") == 1


def test_detail_links_thumbnails_to_display_versions_and_shows_the_unit(client, jenggot):
    (activity,) = add_activities(jenggot, 1, photos_each=2)
    activity.target_group = "Remaja putri"
    activity.save()

    html = client.get(activity.get_absolute_url()).content.decode()

    for photo in activity.photos.all():
        assert f'<a href="{photo.image.url}"' in html
        assert photo.thumbnail.url in html
    assert "Remaja putri" in html
    assert jenggot.get_absolute_url() in html
    for agency in activity.agencies.all():
        assert agency.name in html


def test_unpublished_units_activities_are_not_found(client, jenggot):
    (activity,) = add_activities(jenggot, 1, photos_each=1)
    KampungKB.objects.filter(pk=jenggot.pk).update(is_published=False)

    assert client.get(list_url()).status_code == 404
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_activity_under_another_units_slug_is_not_found(client, jenggot):
    (activity,) = add_activities(jenggot, 1)

    url = reverse("villages:activity-detail", args=["bandengan", activity.pk])

    assert client.get(url).status_code == 404


def test_recent_activities_are_from_published_units_newest_first(
    jenggot, django_assert_num_queries
):
    bandengan = KampungKB.objects.get(slug="bandengan")
    add_activities(jenggot, 4, photos_each=1)
    add_activities(bandengan, 4, start=4)
    KampungKB.objects.filter(pk=bandengan.pk).update(is_published=False)

    with django_assert_num_queries(1):
        recent = list(recent_activities(limit=3))
        names = [a.unit.kelurahan.kecamatan.city.name for a in recent]

    assert [a.title for a in recent] == [
        "Kegiatan nomor 3",
        "Kegiatan nomor 2",
        "Kegiatan nomor 1",
    ]
    assert names == ["Kota Pekalongan"] * 3
    assert all(len(a.first_photos) == 1 for a in recent)


def test_a_planned_activity_is_not_news_of_what_was_done(client, jenggot):
    today = datetime.date.today()
    held = Activity.objects.create(
        unit=jenggot, title="Posyandu remaja", date=today, category=ActivityCategory.BKR
    )
    planned = Activity.objects.create(
        unit=jenggot,
        title="Senam sehat bulan depan",
        date=today + datetime.timedelta(days=30),
        category=ActivityCategory.BKB,
    )

    assert list(recent_activities()) == [held]
    assert activities_context(jenggot)["latest_activities"] == [held]
    listing = client.get(list_url()).content.decode()
    assert "Senam sehat bulan depan" in listing and "Direncanakan" in listing
    detail = client.get(reverse("villages:activity-detail", args=["jenggot", planned.pk]))
    assert "Direncanakan" in detail.content.decode()


def test_the_atom_feeds_carry_no_planned_activity(client, jenggot):
    today = datetime.date.today()
    Activity.objects.create(
        unit=jenggot, title="Posyandu remaja", date=today, category=ActivityCategory.BKR
    )
    Activity.objects.create(
        unit=jenggot,
        title="Senam sehat bulan depan",
        date=today + datetime.timedelta(days=30),
        category=ActivityCategory.BKB,
    )
    for url in ("/kegiatan/feed/", "/kampung/jenggot/kegiatan/feed/"):
        xml = client.get(url).content
        assert b"Posyandu remaja" in xml
        assert b"Senam sehat bulan depan" not in xml
    assert "Direncanakan" in client.get("/kegiatan/").content.decode()
