"""`/kampung/` as a catalogue: each card's cover, level, completeness and last edit;
filters by kecamatan and level; sorting by name, latest update and latest score."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.glance import make_mandiri, publish_results
from tests.reports import complete
from villages.catalogue import wanted_level
from villages.classification import Level
from villages.models import Activity, BoardMember, KampungKB, UnitData


def listed(client, **params):
    response = client.get("/kampung/", params)
    assert response.status_code == 200
    return response


def slugs(response):
    return [card.unit.slug for card in response.context["page"].cards]


def test_wanted_level_reads_the_parameter():
    assert wanted_level("mandiri") == Level.MANDIRI
    assert wanted_level("belum") is None
    assert wanted_level("") is ...
    assert wanted_level("juara") is ...


def test_each_card_shows_a_neutral_cover_its_level_completeness_and_no_edit(client, pekalongan):
    html = listed(client, q="Medono").content.decode()
    card = html.split('class="card unit-card')[1].split("</article>")[0]

    assert "/static/img/kampung-placeholder.svg" in card
    assert "Belum dapat diklasifikasi" in card
    assert "Kelengkapan profil" in card and "%" in card
    # Until a person edits the unit, the card says so rather than leaving it out.
    edit = card.split('class="col-6 last-edit"')[1].split("</dd>")[0]
    assert "Terakhir diubah" in card
    assert "belum pernah" in edit and 'class="not-filled"' in edit


def test_a_card_shows_the_level_and_the_last_human_edit(client, jenggot):
    make_mandiri(jenggot)
    KampungKB.objects.filter(pk=jenggot.pk).update(
        profile_updated_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 10))
    )

    response = listed(client, tingkat="mandiri")
    card = response.content.decode().split('class="card unit-card')[1].split("</article>")[0]

    assert slugs(response) == ["jenggot"]
    assert "Mandiri" in card
    assert "4 Maret 2026" in card
    assert "belum pernah" not in card
    assert response.context["page"].cards[0].completeness.percent > 0


def test_the_level_filter_keeps_the_units_that_cannot_be_classified(client, jenggot):
    make_mandiri(jenggot)

    response = listed(client, tingkat="belum")

    assert response.context["page"].paginator.count == 26
    assert "jenggot" not in slugs(response)


def test_a_level_nobody_reached_lists_nothing_and_says_so(client, pekalongan):
    response = listed(client, tingkat="berkelanjutan")

    assert response.context["page"].paginator.count == 0
    html = response.content.decode()
    assert "Tidak ada Kampung KB yang cocok" in html
    # The empty result offers the way back to every unit.
    empty = html.split('class="empty-result"')[1].split("</p>")[0]
    assert '<a href="/kampung/">Hapus saringan</a>' in empty

    client.cookies["django_language"] = "en"
    assert (
        '<a href="/kampung/">Clear filters</a>'
        in listed(client, tingkat="berkelanjutan").content.decode()
    )


def test_kecamatan_and_level_filters_combine(client, jenggot):
    make_mandiri(jenggot)

    assert slugs(listed(client, kecamatan="pekalongan-selatan", tingkat="mandiri")) == ["jenggot"]
    assert slugs(listed(client, kecamatan="pekalongan-utara", tingkat="mandiri")) == []
    assert (
        listed(client, kecamatan="pekalongan-utara", tingkat="belum")
        .context["page"]
        .paginator.count
        == 7
    )


def test_an_unknown_level_or_sort_is_ignored(client, pekalongan):
    response = listed(client, tingkat="juara", urut="acak")

    assert response.context["page"].paginator.count == 27
    assert response.context["chosen_sort"].key == "nama"


def test_units_are_sorted_by_kelurahan_name_by_default(client, pekalongan):
    names = [card.unit.kelurahan.name for card in listed(client).context["page"].cards]

    assert names == sorted(names)


def test_sorting_by_latest_update_puts_the_newest_human_edit_first(client, pekalongan):
    now = timezone.now()
    KampungKB.objects.filter(slug="medono").update(profile_updated_at=now)
    KampungKB.objects.filter(slug="jenggot").update(
        profile_updated_at=now - datetime.timedelta(days=3)
    )

    order = slugs(listed(client, urut="terbaru"))

    assert order[:2] == ["medono", "jenggot"]
    assert len(order) == 27


def test_sorting_by_score_follows_the_latest_published_period(client, pekalongan):
    medono, jenggot, bandengan = (
        KampungKB.objects.get(slug=slug) for slug in ("medono", "jenggot", "bandengan")
    )
    publish_results(2023, {bandengan: 99})
    publish_results(2024, {medono: 70, jenggot: 91.25})

    response = listed(client, urut="nilai")
    html = response.content.decode()

    assert slugs(response)[:2] == ["jenggot", "medono"]
    assert "bandengan" in slugs(response)[2:]
    assert response.context["page"].cards[0].sort_value == "91,25"
    card = html.split('class="card unit-card')[1].split("</article>")[0]
    assert "Nilai evaluasi terakhir" in card and "91,25" in card


def test_sorting_by_score_without_a_published_period_keeps_every_unit(client, pekalongan):
    response = listed(client, urut="nilai")

    assert response.context["page"].paginator.count == 27


def _grow():
    units = list(KampungKB.objects.order_by("slug"))
    for unit in units[:4]:
        make_mandiri(unit)
    for n, unit in enumerate(units[4:20]):
        UnitData.objects.create(unit=unit, year=2024, month=1 + n % 12, **complete(couples=50))
        BoardMember.objects.create(unit=unit, name=f"Pengurus {n}", role="ketua")
        Activity.objects.create(
            unit=unit, title=f"Kegiatan {n}", date=datetime.date.today(), category="bkb"
        )
    publish_results(2024, {unit: 60 + n for n, unit in enumerate(units[:12])})
    from tests.test_public_pages import _add_units

    _add_units(40)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"urut": "terbaru"},
        {"urut": "nilai"},
        {"tingkat": "mandiri"},
        {"tingkat": "belum", "kecamatan": "pekalongan-barat", "urut": "nilai"},
        {"halaman": "2"},
    ],
)
def test_the_list_runs_a_fixed_number_of_queries_while_data_grows(
    client, pekalongan, django_assert_num_queries, params
):
    make_mandiri(KampungKB.objects.get(slug="jenggot"))
    with CaptureQueriesContext(connection) as before:
        listed(client, **params)
    _grow()
    with django_assert_num_queries(len(before.captured_queries)):
        listed(client, **params)
    assert len(before.captured_queries) <= 11


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_catalogue_reads_in_both_languages(client, pekalongan, language):
    client.cookies["django_language"] = language

    html = listed(client).content.decode()

    if language == "en":
        assert "Cannot be classified yet" in html
        assert "Profile completeness" in html
        assert "Sort by" in html and "Latest evaluation score" in html
        assert "Kelurahan name" in html
        assert "Last edited" in html and "never" in html
    else:
        assert "Belum dapat diklasifikasi" in html
        assert "Urutkan menurut" in html


def test_a_card_shows_the_units_cover_photo(client, pekalongan):
    KampungKB.objects.filter(slug="medono").update(cover_photo="sampul/medono.jpg")

    html = listed(client, q="Medono").content.decode()

    assert 'src="/media/sampul/medono.jpg"' in html
    assert "kampung-placeholder.svg" not in html
