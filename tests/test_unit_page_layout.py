"""The public unit page on a phone (issue 13): what comes first, the jump links and where
they lead."""

import re

URL = "/kampung/{}/"


def jump_links(html):
    nav = html.split('aria-labelledby="judul-di-halaman-ini"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="#([a-z-]+)">([^<]+)</a>', nav)


def test_level_innovations_and_activities_come_before_the_rest_of_the_profile(client, jenggot):
    html = client.get(URL.format("jenggot")).content.decode()
    order = [
        'class="fs-5 mb-0 unit-level"',
        'id="judul-di-halaman-ini"',
        'id="judul-inovasi"',
        'id="judul-kegiatan"',
        'id="judul-identitas"',
        'id="judul-klasifikasi"',
        'id="judul-data"',
        'id="judul-kelengkapan"',
        'id="judul-sumber"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_every_jump_link_leads_to_an_element_of_the_page(client, jenggot):
    html = client.get(URL.format("jenggot")).content.decode()
    links = jump_links(html)
    assert [label for _anchor, label in links][:3] == ["Inovasi", "Kegiatan", "Identitas"]
    for anchor, _label in links:
        assert html.count(f'id="{anchor}"') == 1, anchor


def test_a_unit_without_innovations_gets_no_link_to_them(client, pekalongan):
    html = client.get(URL.format("degayu")).content.decode()
    anchors = [anchor for anchor, _label in jump_links(html)]
    # The sections other apps add (results, achievements) are linked only when they
    # render something; achievements say "none recorded yet" for every unit.
    assert anchors == [
        "kegiatan",
        "identitas",
        "klasifikasi",
        "data",
        "profil",
        "hasil-dan-prestasi",
        "sumber",
    ]
    assert 'id="judul-inovasi"' not in html
