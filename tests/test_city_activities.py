"""The city-wide activity list (/kegiatan/) and the Atom feeds of the city and of each unit."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.test_activity_pages import add_activities
from tests.test_public_pages import _add_cities, _add_kecamatan
from villages.filters import month_choices
from villages.models import Activity, ActivityCategory, KampungKB

CITY_LIST = "/kegiatan/"
CITY_FEED = "/kegiatan/feed/"
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response):
    return [activity.title for activity in response.context["page"].object_list]


def test_the_urls_are_the_ones_the_nav_and_the_feeds_link_to():
    assert reverse("villages:city-activities") == CITY_LIST
    assert reverse("villages:city-activity-feed") == CITY_FEED
    assert reverse("villages:activity-feed", args=["jenggot"]) == "/kampung/jenggot/kegiatan/feed/"


def add_activity_of_an_unpublished_unit(on):
    """Degayu unpublished, with an activity "Tidak tampil" on ``on``."""
    hidden = KampungKB.objects.get(slug="degayu")
    hidden.is_published = False
    hidden.save()
    Activity.objects.create(unit=hidden, title="Tidak tampil", date=on, category="bkb")


def test_city_list_shows_activities_of_every_published_unit_newest_first(
    client, jenggot, bandengan
):
    add_activities(jenggot, 2)
    Activity.objects.create(
        unit=bandengan, title="Posyandu remaja", date=datetime.date(2024, 6, 1), category="pikr"
    )
    add_activity_of_an_unpublished_unit(datetime.date(2024, 7, 1))

    response = client.get(CITY_LIST)

    assert titles(response) == ["Posyandu remaja", "Kegiatan nomor 1", "Kegiatan nomor 0"]
    html = response.content.decode()
    assert "Tidak tampil" not in html
    assert bandengan.get_absolute_url() in html
    assert (
        reverse(
            "villages:activity-detail",
            args=["bandengan", Activity.objects.get(title="Posyandu remaja").pk],
        )
        in html
    )


def test_city_list_shows_each_activitys_thumbnail_lazily(client, jenggot):
    add_activities(jenggot, 1, photos_each=2)
    html = client.get(CITY_LIST).content.decode()
    assert 'src="/media/kegiatan/0_0_thumb.jpg"' in html
    assert 'loading="lazy"' in html
    assert "0_1_thumb.jpg" not in html


CHOSEN_UNIT_URLS = [
    CITY_LIST + "?kecamatan=pekalongan-selatan&kampung=jenggot",
    CITY_LIST + "?kampung=jenggot",
]
# Jenggot lies in Pekalongan Selatan: looked up the same way, then dropped, as the cascade
# drops a region chosen under another parent.
MISMATCHED = CITY_LIST + "?kecamatan=pekalongan-utara&kampung=jenggot"


def test_city_list_runs_six_queries_however_many_activities_units_and_photos(
    client, jenggot, bandengan, django_assert_num_queries
):
    # The region selects (province, its cities, the city's kecamatan), the months holding
    # an activity, the count, the page with each activity's first photo. The month query
    # took the place of the unit choices, which are read only once a kecamatan is in
    # effect (never for the whole city).
    # A kecamatan chosen is looked up (one query) and its units offered (one more); a unit
    # chosen is looked up too, with or without its kecamatan. A unit left from another
    # kecamatan is looked up, then dropped: the kecamatan's list, counted and paged.
    expected = {
        CITY_LIST + "?kategori=bkb&bulan=2024-01&halaman=2": 6,
        CITY_LIST + "?kecamatan=pekalongan-selatan": 8,
        **{url: 9 for url in CHOSEN_UNIT_URLS},
        MISMATCHED: 9,
    }
    add_activities(jenggot, 2, photos_each=1)
    add_activities(bandengan, 1, start=200)  # July, in Pekalongan Utara
    with django_assert_num_queries(6):
        client.get(CITY_LIST)
    for url, count in expected.items():
        with django_assert_num_queries(count):
            client.get(url)

    # More activities, photos and months, in both kecamatan.
    add_activities(jenggot, 15, photos_each=3, start=2)
    add_activities(jenggot, 5, photos_each=1, start=40)  # February
    add_activities(jenggot, 3, start=100)  # April
    add_activities(bandengan, 15, photos_each=2)
    add_activities(bandengan, 4, start=200)  # July
    for url, count in expected.items():
        with django_assert_num_queries(count):
            response = client.get(url)
        if "halaman=2" in url:
            assert len(response.context["page"].object_list) == 12
            assert len(response.context["filter"].form.fields["bulan"].choices) == 1 + 4


def test_city_list_query_count_does_not_grow_with_the_region_tree(
    client, jenggot, django_assert_num_queries
):
    add_activities(jenggot, 2)
    _add_kecamatan(60)
    # Two cities in the province: no kecamatan select until one is chosen, one query fewer.
    with django_assert_num_queries(5):
        html = client.get(CITY_LIST).content.decode()
    assert 'name="kampung"' not in html
    add_activities(KampungKB.objects.get(slug="uji-7"), 1, start=3)
    with django_assert_num_queries(8):
        response = client.get(CITY_LIST + "?kecamatan=uji-kec-7")
    assert unit_options(response) == ["", "uji-7"]
    assert titles(response) == ["Kegiatan nomor 3"]


def test_city_list_paginates_and_keeps_the_filters_across_pages(client, jenggot):
    add_activities(jenggot, 14, category=ActivityCategory.BKL)
    add_activities(jenggot, 3, category=ActivityCategory.BKB, start=20)

    first = client.get(CITY_LIST + "?kategori=bkl")
    assert len(first.context["page"].object_list) == 12
    assert "kategori=bkl&amp;halaman=2" in first.content.decode()
    second = client.get(CITY_LIST + "?kategori=bkl&halaman=2")
    assert titles(second) == ["Kegiatan nomor 1", "Kegiatan nomor 0"]


def test_city_list_filters_by_unit_category_and_month(client, jenggot, bandengan):
    add_activities(jenggot, 40)  # 1 January to 9 February 2024
    Activity.objects.create(
        unit=bandengan, title="Dashat Bandengan", date=datetime.date(2024, 2, 3), category="dashat"
    )

    by_unit = client.get(CITY_LIST + "?kampung=bandengan")
    assert titles(by_unit) == ["Dashat Bandengan"]
    by_category = client.get(CITY_LIST + "?kategori=dashat")
    assert titles(by_category) == ["Dashat Bandengan"]
    by_month = client.get(CITY_LIST + "?bulan=2024-02&kampung=jenggot")
    assert titles(by_month) == [f"Kegiatan nomor {n}" for n in range(39, 30, -1)]
    assert 'value="2024-02" selected' in by_month.content.decode()


def test_a_filter_without_results_says_so_and_offers_every_activity(client, jenggot):
    add_activities(jenggot, 2)
    response = client.get(CITY_LIST + "?kategori=pikr")
    html = response.content.decode()
    assert titles(response) == []
    assert "0 kegiatan." in html
    assert "Tidak ada kegiatan yang cocok dengan saringan ini." in html
    assert 'href="/kegiatan/"' in html


def test_no_activity_at_all_says_none_is_published(client, pekalongan):
    html = client.get(CITY_LIST).content.decode()
    assert "Belum ada kegiatan yang dipublikasikan." in html
    assert "Tidak ada kegiatan yang cocok" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?kategori=bukan-kategori",
        "?bulan=2024-13",
        "?bulan=kemarin",
        "?bulan=0000-01",
        "?halaman=abc",
        "?halaman=999",
        "?kampung[]=x&bulan=2025-13",
    ],
)
def test_a_bad_filter_value_is_reported_on_its_field_and_filters_nothing(client, jenggot, query):
    add_activities(jenggot, 2)
    response = client.get(CITY_LIST + query)
    assert response.status_code == 200
    assert len(titles(response)) == 2
    if "halaman" not in query:
        assert "invalid-feedback" in response.content.decode()


def test_an_unpublished_unit_is_not_offered_as_a_filter(client, jenggot):
    jenggot.is_published = False
    jenggot.save()
    html = client.get(CITY_LIST + "?kecamatan=pekalongan-selatan").content.decode()
    assert 'value="sokoduwet"' in html
    assert 'value="jenggot"' not in html


def unit_options(response):
    """The unit select's options, or None when the page offers no unit select."""
    if 'name="kampung"' not in response.content.decode():
        return None
    return [
        value for value, _label in response.context["filter"].form.fields["kampung"].widget.choices
    ]


def test_the_unit_select_follows_the_chosen_kecamatan(client, jenggot, bandengan):
    selatan = [
        "",
        "banyurip",
        "buaran-kradenan",
        "jenggot",
        "kuripan-kertoharjo",
        "kuripan-yosorejo",
        "sokoduwet",
    ]
    # Four kecamatan and none chosen: no unit select, a hint instead.
    everything = client.get(CITY_LIST)
    assert unit_options(everything) is None
    assert (
        "Pilih kecamatan lalu tekan Tampilkan untuk menyaring per Kampung KB."
        in everything.content.decode()
    )
    # A kecamatan chosen: its six units, no other.
    assert unit_options(client.get(CITY_LIST + "?kecamatan=pekalongan-selatan")) == selatan
    utara = unit_options(client.get(CITY_LIST + "?kecamatan=pekalongan-utara"))
    assert "bandengan" in utara and "jenggot" not in utara and len(utara) == 1 + 7
    # A unit alone implies its kecamatan, shown chosen with the unit.
    alone = client.get(CITY_LIST + "?kampung=jenggot")
    assert unit_options(alone) == selatan
    html = alone.content.decode()
    assert 'value="pekalongan-selatan" selected' in html
    assert 'value="jenggot" selected' in html
    # Kecamatan set back to "all" while a unit was chosen: the unit is dropped with it.
    widened = client.get(CITY_LIST + "?kecamatan=&kampung=jenggot")
    assert unit_options(widened) is None
    assert "alert-warning" not in widened.content.decode()


def test_the_unit_select_shows_when_the_region_above_holds_a_single_kecamatan(client, jenggot):
    _add_cities(1)  # Provinsi Uji: one city, one kecamatan, one unit "uji-0"
    Activity.objects.create(
        unit=KampungKB.objects.get(slug="uji-0"),
        title="Kegiatan Uji",
        date=datetime.date(2024, 3, 1),
        category="bkb",
    )
    add_activities(jenggot, 1)
    assert unit_options(client.get(CITY_LIST)) is None  # two provinces
    assert unit_options(client.get(CITY_LIST + "?provinsi=33")) is None  # four kecamatan
    uji = client.get(CITY_LIST + "?provinsi=98")
    assert unit_options(uji) == ["", "uji-0"]
    assert titles(uji) == ["Kegiatan Uji"]
    assert titles(client.get(CITY_LIST + "?provinsi=98&kampung=uji-0")) == ["Kegiatan Uji"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kampung=tidak-ada", "Kampung KB yang dipilih tidak ditemukan."),
        ("?kecamatan=pekalongan-utara&kampung=tidak-ada", "tidak ditemukan"),
        ("?kampung=degayu", "tidak ditemukan"),  # unpublished below
    ],
)
def test_an_unknown_or_unpublished_unit_empties_the_list_and_says_why(
    client, jenggot, bandengan, query, message
):
    degayu = KampungKB.objects.get(slug="degayu")
    degayu.is_published = False
    degayu.save()
    add_activities(jenggot, 2)
    add_activities(bandengan, 2, start=5)
    add_activities(degayu, 1, start=9)

    response = client.get(CITY_LIST + query)

    assert response.status_code == 200
    assert titles(response) == []
    html = response.content.decode()
    assert message in html
    assert "0 kegiatan." in html
    assert "Tidak ada kegiatan yang cocok dengan saringan ini." in html


@pytest.mark.parametrize(
    "query",
    [
        "?kecamatan=pekalongan-utara&kampung=jenggot",
        "?kota=33.75&kecamatan=pekalongan-utara&kampung=jenggot",
    ],
)
def test_a_unit_left_from_another_kecamatan_is_dropped_as_the_cascade_drops_regions(
    client, jenggot, bandengan, query
):
    """A walk chose Pekalongan Selatan, then Jenggot, then Pekalongan Utara: the unit
    select came back empty but Jenggot still filtered, and the list said 0 activities."""
    add_activities(jenggot, 2)
    Activity.objects.create(
        unit=bandengan, title="Posyandu remaja", date=datetime.date(2024, 6, 1), category="pikr"
    )

    response = client.get(CITY_LIST + query)

    assert titles(response) == ["Posyandu remaja"]  # Bandengan lies in Pekalongan Utara
    html = response.content.decode()
    assert "tidak berada di wilayah" not in html
    assert unit_options(response)[0] == "" and "jenggot" not in unit_options(response)
    assert 'value="bandengan" selected' not in html


def test_a_unit_from_another_province_is_dropped(client, jenggot):
    _add_cities(1)
    add_activities(jenggot, 1)
    response = client.get(CITY_LIST + "?provinsi=98&kampung=jenggot")
    assert response.status_code == 200
    assert titles(response) == []
    assert "tidak berada di wilayah" not in response.content.decode()


def test_an_old_month_link_lists_nothing_for_that_month_without_an_error(client, jenggot):
    """A walk followed ?bulan=2026-12 once December held no activity: it got a red
    "pilihan tidak valid" and the whole unfiltered list."""
    add_activities(jenggot, 3)  # January 2024

    response = client.get(CITY_LIST + "?bulan=2019-12")

    assert titles(response) == []
    html = response.content.decode()
    assert "invalid-feedback" not in html and "0 kegiatan." in html
    assert 'value="2019-12" selected' in html and "Desember 2019" in html


def test_city_list_narrows_to_a_kecamatan_and_offers_its_units_only(client, jenggot, bandengan):
    add_activities(jenggot, 1)
    add_activities(bandengan, 1, start=3)
    response = client.get(CITY_LIST + "?kecamatan=pekalongan-selatan")
    assert titles(response) == ["Kegiatan nomor 0"]
    html = response.content.decode()
    assert 'value="jenggot"' in html and 'value="bandengan"' not in html
    assert 'value="pekalongan-selatan" selected' in html


def test_month_choices_label_each_month_in_indonesian_in_the_order_given():
    months = [datetime.date(2027, 3, 1), datetime.date(2024, 12, 1), datetime.date(2015, 1, 1)]
    assert month_choices(months) == [
        ("2027-03", "Maret 2027"),
        ("2024-12", "Desember 2024"),
        ("2015-01", "Januari 2015"),
    ]
    assert month_choices([]) == []


def test_the_month_select_offers_only_months_holding_a_published_activity(
    client, jenggot, bandengan
):
    add_activities(jenggot, 40)  # 1 January to 9 February 2024
    Activity.objects.create(
        unit=bandengan, title="Dashat", date=datetime.date(2021, 11, 30), category="dashat"
    )
    planned = datetime.date.today() + datetime.timedelta(days=40)
    Activity.objects.create(unit=bandengan, title="Rencana", date=planned, category="bkb")
    add_activity_of_an_unpublished_unit(datetime.date(2023, 5, 1))

    response = client.get(CITY_LIST)

    choices = list(response.context["filter"].form.fields["bulan"].choices)
    # Planned activities show on the list, so their month is offered too.
    assert [value for value, _label in choices] == [
        "",
        f"{planned.year}-{planned.month:02}",
        "2024-02",
        "2024-01",
        "2021-11",
    ]
    html = response.content.decode()
    assert '<option value="2024-02">Februari 2024</option>' in html
    assert 'value="2023-05"' not in html
    assert titles(client.get(CITY_LIST + "?bulan=2021-11")) == ["Dashat"]


def test_city_list_in_english(client, jenggot):
    add_activities(jenggot, 1)
    client.cookies["django_language"] = "en"
    html = client.get(CITY_LIST + "?kategori=pikr").content.decode()
    assert "No activity matches these filters." in html
    assert "Follow with the Atom feed" in html
    assert "All categories" in html
    html = client.get(CITY_LIST + "?kampung=tidak-ada").content.decode()
    assert "The chosen Kampung KB was not found." in html
    assert "Choose a kecamatan, then press Show to filter by Kampung KB." in html


def test_the_pages_link_their_atom_feed_in_the_head_and_visibly(client, jenggot):
    city = client.get(CITY_LIST).content.decode()
    head = city.split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml"' in head
    assert f'href="{CITY_FEED}"' in head
    assert f'class="feed-link" href="{CITY_FEED}"' in city

    unit = client.get("/kampung/jenggot/kegiatan/").content.decode()
    unit_feed = "/kampung/jenggot/kegiatan/feed/"
    assert f'href="{unit_feed}"' in unit.split("</head>")[0]
    assert f'class="feed-link" href="{unit_feed}"' in unit


def test_the_main_navigation_links_the_feed_and_the_comparison(client, pekalongan):
    html = client.get(CITY_LIST).content.decode()
    nav = html.split('id="menu-utama"')[1].split("</nav>")[0]
    assert 'href="/kegiatan/" aria-current="page"' in nav
    assert 'href="/perbandingan/"' in nav


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_city_feed_is_atom_with_the_newest_activities_of_every_unit(client, jenggot, bandengan):
    add_activities(jenggot, 2)
    posyandu = Activity.objects.create(
        unit=bandengan, title="Posyandu remaja", date=datetime.date(2024, 6, 1), category="pikr"
    )

    root, items = entries(client.get(CITY_FEED))

    assert root.find(f"{ATOM}title").text == "Kegiatan Kampung KB Kota Pekalongan"
    assert root.find(f"{ATOM}updated").text
    first = items[0]
    assert first.find(f"{ATOM}title").text == f"Posyandu remaja ({bandengan.display_name})"
    link = first.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/kampung/bandengan/kegiatan/{posyandu.pk}/"
    updated = datetime.datetime.fromisoformat(first.find(f"{ATOM}updated").text)
    assert abs(updated - posyandu.updated_at) < datetime.timedelta(seconds=1)
    # Readers show <published>: the day the activity was held, not when it was recorded.
    published = datetime.datetime.fromisoformat(first.find(f"{ATOM}published").text)
    assert published.date() == datetime.date(2024, 6, 1)
    assert "1 Juni 2024" in first.find(f"{ATOM}summary").text
    assert [item.find(f"{ATOM}title").text.split(" (")[0] for item in items] == [
        "Posyandu remaja",
        "Kegiatan nomor 1",
        "Kegiatan nomor 0",
    ]
    assert client.get(first.find(f"{ATOM}link").get("href")).status_code == 200


def test_unit_feed_holds_only_that_units_activities(client, jenggot, bandengan):
    add_activities(jenggot, 2)
    add_activities(bandengan, 1, start=5)

    root, items = entries(client.get("/kampung/jenggot/kegiatan/feed/"))

    assert root.find(f"{ATOM}title").text == f"Kegiatan {jenggot.display_name}"
    assert [item.find(f"{ATOM}title").text for item in items] == [
        "Kegiatan nomor 1",
        "Kegiatan nomor 0",
    ]
    assert all(
        "/kampung/jenggot/kegiatan/" in item.find(f"{ATOM}link").get("href") for item in items
    )


def test_an_empty_feed_is_still_valid_atom(client, pekalongan):
    _root, items = entries(client.get(CITY_FEED))
    assert items == []


def test_the_feed_of_an_unpublished_or_unknown_unit_is_not_found(client, jenggot):
    jenggot.is_published = False
    jenggot.save()
    assert client.get("/kampung/jenggot/kegiatan/feed/").status_code == 404
    assert client.get("/kampung/tidak-ada/kegiatan/feed/").status_code == 404


def test_feeds_run_a_fixed_number_of_queries_as_activities_grow(
    client, jenggot, bandengan, django_assert_num_queries
):
    add_activities(jenggot, 2, photos_each=1)
    with django_assert_num_queries(1):
        client.get(CITY_FEED)
    with django_assert_num_queries(2):
        client.get("/kampung/jenggot/kegiatan/feed/")

    add_activities(jenggot, 40, photos_each=2, start=2)
    add_activities(bandengan, 10)
    with django_assert_num_queries(1):
        _root, items = entries(client.get(CITY_FEED))
    assert len(items) == 30
    with django_assert_num_queries(2):
        client.get("/kampung/jenggot/kegiatan/feed/")


def test_feed_in_english(client, jenggot):
    add_activities(jenggot, 1)
    client.cookies["django_language"] = "en"
    root, _items = entries(client.get(CITY_FEED))
    assert root.find(f"{ATOM}title").text == "Kampung KB activities in Kota Pekalongan"


def test_a_title_with_markup_is_escaped_on_the_list_and_in_the_feed(client, jenggot):
    Activity.objects.create(
        unit=jenggot,
        title="<script>alert(1)</script> & co",
        date=datetime.date(2024, 5, 1),
        category="bkb",
    )
    html = client.get(CITY_LIST).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    _root, items = entries(client.get(CITY_FEED))
    assert items[0].find(f"{ATOM}title").text.startswith("<script>alert(1)</script> & co")


def test_the_unit_select_is_ordered_and_labelled_by_kelurahan(client, jenggot):
    """A walk looked for Jenggot and found "Kampung KB Mandiri Utama" between Buaran
    Kradenan and Kuripan: ordered by kelurahan, it must say the kelurahan first."""
    response = client.get(CITY_LIST + "?kecamatan=pekalongan-selatan")
    select = response.content.decode().split('name="kampung"')[1].split("</select>")[0]
    labels = re.findall(r"<option[^>]*>([^<]+)</option>", select)[1:]
    assert labels == sorted(labels)
    assert "Jenggot · Kampung KB Mandiri Utama" in labels


def test_the_month_select_offers_the_months_of_the_region_or_unit_chosen(
    client, jenggot, bandengan
):
    """At national scale the months of every activity took a scan of them all on each
    filtered page (bench: 10 requests/s); a region chosen narrows them, as it narrows the
    list."""
    add_activities(jenggot, 3)  # January 2024, Pekalongan Selatan
    Activity.objects.create(
        unit=bandengan, title="Dashat", date=datetime.date(2021, 11, 30), category="dashat"
    )

    def months(query):
        choices = client.get(CITY_LIST + query).context["filter"].form.fields["bulan"].choices
        return [value for value, _label in choices][1:]

    assert months("") == ["2024-01", "2021-11"]
    assert months("?kecamatan=pekalongan-selatan") == ["2024-01"]
    assert months("?kecamatan=pekalongan-utara") == ["2021-11"]
    assert months("?kampung=jenggot") == ["2024-01"]
