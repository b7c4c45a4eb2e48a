"""Invisible control characters pasted into a form are dropped before they are stored, and
the Atom feeds never fail on the ones stored before that (or through the admin)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from portal.text import without_control_characters, xml_safe
from tests.test_activities import activity_data, make_activity
from tests.test_profile_edit import board_data, board_url, section_url
from villages.models import Activity, BoardMember, Innovation, KampungKB

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/kegiatan/feed/", "/kampung/jenggot/kegiatan/feed/"]
PASTED = "CTRL judul\x0bvt\x1bdesc"


def test_control_characters_go_but_tab_newline_and_return_stay():
    assert without_control_characters("a\x01b\x08c\x0bd\x0ce\x1ff\x7fg") == "abcdef\x7fg"
    assert without_control_characters("baris\tsatu\r\nbaris dua") == "baris\tsatu\r\nbaris dua"
    assert xml_safe("a\x00b\x1bc\ufffed\ud800e\tf\n") == "abcde\tf\n"
    assert xml_safe(None) is None


def test_an_activity_edited_with_pasted_control_characters_is_stored_without_them(
    client, login, kader_jenggot
):
    activity = make_activity(title="Judul lama")
    response = login(kader_jenggot).post(
        reverse("manage:activity-update", args=["jenggot", activity.pk]),
        activity_data(
            title=PASTED,
            description="Baris satu\x07\r\nbaris\tdua\x1b",
            place="Balai\x0c RW",
            target_group="Balita\x02",
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "CTRL judulvtdesc"
    assert activity.description == "Baris satu\r\nbaris\tdua"
    assert activity.place == "Balai RW"
    assert activity.target_group == "Balita"
    for url in FEEDS:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "title",
    ["\x1b\x0b", "Judul\x00"],
    ids=["only control characters: still required", "NUL: still refused by the form"],
)
def test_a_title_left_empty_or_holding_nul_is_refused_on_its_field(login, kader_jenggot, title):
    activity = make_activity(title="Judul lama")
    response = login(kader_jenggot).post(
        reverse("manage:activity-update", args=["jenggot", activity.pk]),
        activity_data(title=title),
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors


def test_profile_innovation_and_board_forms_drop_control_characters(client, login, kader_jenggot):
    login(kader_jenggot)
    client.post(section_url("gambaran"), {"description": "Versi\x1b baru", "krppa_linkage": ""})
    assert KampungKB.objects.get(slug="jenggot").description == "Versi baru"

    response = client.post(
        reverse("manage:innovation-create", args=["jenggot"]),
        {"name": "Bank\x0b sampah", "description": "Tabungan\x01", "source": "SK\x1f"},
    )
    assert response.status_code == 302
    innovation = Innovation.objects.get(unit__slug="jenggot", name="Bank sampah")
    assert (innovation.description, innovation.source) == ("Tabungan", "SK")

    response = client.post(
        board_url(),
        board_data([{"name": "Ibu\x1b Rahayu", "role": "ketua", "section": "", "position": "1"}]),
    )
    assert response.status_code == 302
    assert BoardMember.objects.filter(unit__slug="jenggot", name="Ibu Rahayu").exists()


@pytest.mark.parametrize("url", FEEDS)
def test_the_feeds_leave_out_control_characters_already_stored(client, jenggot, url):
    KampungKB.objects.filter(pk=jenggot.pk).update(name="Kampung\x1b KB Jenggot\x0b")
    Activity.objects.create(
        unit=jenggot,
        title=PASTED,
        description="Deskripsi\x0b\x1b",
        place="Balai\x0c",
        date=datetime.date(2024, 5, 1),
        category="bkb",
    )

    response = client.get(url)

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith("CTRL judulvtdesc")
    assert "Deskripsi" in entry.find(f"{ATOM}summary").text
    assert "Balai" in entry.find(f"{ATOM}summary").text
    assert "\x1b" not in response.content.decode()
    assert "\x0b" not in response.content.decode()
    assert "Jenggot" in entry.find(f"{ATOM}author/{ATOM}name").text


@pytest.mark.parametrize("url", FEEDS)
def test_the_feed_summary_carries_markup_as_text(client, jenggot, url):
    Activity.objects.create(
        unit=jenggot,
        title="Penyuluhan",
        description="<img src=x onerror=alert(1)> & <b>tebal</b>",
        place="Balai <RW>",
        date=datetime.date(2024, 5, 1),
        category="bkb",
    )

    root = ET.fromstring(client.get(url).content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")

    assert summary.get("type") == "html"
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;" in summary.text
    assert "Balai &lt;RW&gt;" in summary.text
    assert "<img" not in summary.text
