import datetime

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from villages.models import Activity, ActivityCategory, BoardMember, KampungKB, UnitData
from villages.profile import profile_context

PUBLIC = "/kampung/jenggot/"

SECTION_HEADINGS = [
    "Poktan dan sarana",
    "Pendanaan",
    "Pokja",
    "PLKB/PKB",
    "Regulasi",
    "Data untuk perencanaan",
    "Mekanisme operasional",
    "Keterkaitan dengan KRPPA",
    "Pengurus",
    "Rencana Kegiatan Masyarakat",
    "Kelengkapan profil",
]


def jenggot():
    return KampungKB.objects.get(slug="jenggot")


def section_html(html, heading_id):
    """The HTML of the section whose heading has ``heading_id``, up to the next section."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def add_board(unit, count):
    BoardMember.objects.bulk_create(
        BoardMember(unit=unit, name=f"Pengurus {number}", role="anggota", position=number)
        for number in range(count)
    )


def test_public_page_shows_every_profile_section_heading(client, pekalongan):
    html = client.get(PUBLIC).content.decode()
    for heading in SECTION_HEADINGS:
        assert f">{heading}</h2>" in html, heading


def test_an_empty_section_shows_one_not_filled_line_instead_of_a_list(client, pekalongan):
    html = client.get(PUBLIC).content.decode()
    for heading_id in (
        "judul-gambaran",
        "judul-poktan",
        "judul-pendanaan",
        "judul-pokja",
        "judul-plkb",
        "judul-regulasi",
        "judul-data-perencanaan",
        "judul-mekanisme",
        "judul-krppa",
        "judul-pengurus",
        "judul-rkm",
    ):
        section = section_html(html, heading_id)
        assert section.count("belum diisi") == 1, heading_id
        assert "Bagian ini belum diisi." in section, heading_id
        assert "Isi bagian ini" not in section, heading_id
    assert "<dd>" not in section_html(html, "judul-poktan")


def test_an_empty_section_links_its_own_kader_and_staff_to_the_form(
    client, pekalongan, kader_jenggot, kader_bandengan, staf, login
):
    login(kader_jenggot)
    poktan = section_html(client.get(PUBLIC).content.decode(), "judul-poktan")
    assert 'href="/kelola/kampung/jenggot/profil/poktan/"' in poktan
    assert "Isi bagian ini" in poktan
    board = section_html(client.get(PUBLIC).content.decode(), "judul-pengurus")
    assert 'href="/kelola/kampung/jenggot/pengurus/"' in board

    login(staf)
    assert "Isi bagian ini" in section_html(client.get(PUBLIC).content.decode(), "judul-pokja")

    login(kader_bandengan)
    assert "Isi bagian ini" not in client.get(PUBLIC).content.decode()


def test_a_partly_answered_section_lists_each_unknown_as_belum_diisi(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(has_bkb=True)
    poktan = section_html(client.get(PUBLIC).content.decode(), "judul-poktan")
    assert "Bagian ini belum diisi." not in poktan
    assert poktan.count("belum diisi") == 6


def test_a_null_yes_no_fact_reads_belum_diisi_never_tidak(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(
        pokja_exists=True, pokja_trained=None, field_officer_assigned=None, has_bkb=False
    )
    html = client.get(PUBLIC).content.decode()
    pokja = section_html(html, "judul-pokja")
    assert '<dt>Sudah dilatih</dt><dd><span class="not-filled">belum diisi</span></dd>' in pokja
    assert "Tidak" not in pokja
    assert "Bagian ini belum diisi." in section_html(html, "judul-plkb")
    assert "Tidak" not in section_html(html, "judul-plkb")


def test_plkb_and_regulation_answered_no_read_tidak(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(
        field_officer_assigned=False, regulation_exists=False
    )
    html = client.get(PUBLIC).content.decode()
    assert "<dt>Ada PLKB/PKB pendamping</dt><dd>Tidak</dd>" in section_html(html, "judul-plkb")
    regulation = section_html(html, "judul-regulasi")
    assert "<dt>Ada regulasi (peraturan atau SK)</dt><dd>Tidak</dd>" in regulation
    assert "SK Camat" not in regulation


def test_filled_profile_sections_show_their_labelled_answers(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(
        funding_sources=["dana_kelurahan", "swadaya"],
        pokja_exists=True,
        pokja_member_count=11,
        pokja_trained=False,
        planning_data_sources=["rutin_bkkbn"],
        routine_coordination="triwulan",
        regulation_mayor="Perwal 12/2018",
        krppa_linkage="Bersama forum anak kelurahan.",
    )
    html = client.get(PUBLIC).content.decode()
    assert "Dana Kelurahan" in section_html(html, "judul-pendanaan")
    assert "Swadaya masyarakat" in section_html(html, "judul-pendanaan")
    pokja = section_html(html, "judul-pokja")
    assert "<dd>11</dd>" in pokja
    assert "<dt>Sudah dilatih</dt><dd>Tidak</dd>" in pokja
    assert "Data rutin BKKBN" in section_html(html, "judul-data-perencanaan")
    assert "Setiap triwulan" in section_html(html, "judul-mekanisme")
    assert "Perwal 12/2018" in section_html(html, "judul-regulasi")
    assert "Bersama forum anak kelurahan." in section_html(html, "judul-krppa")


def test_officer_name_is_shown_but_never_the_nip(client, pekalongan):
    KampungKB.objects.filter(slug="jenggot").update(
        field_officer_name="Siti Aminah", field_officer_nip="198001012005012001"
    )
    html = client.get(PUBLIC).content.decode()
    assert "Siti Aminah" in section_html(html, "judul-plkb")
    assert "198001012005012001" not in html
    assert "NIP" not in html


def test_board_lists_role_and_name_in_order(client, pekalongan):
    unit = jenggot()
    BoardMember.objects.create(unit=unit, name="Bu Sekretaris", role="sekretaris", position=2)
    BoardMember.objects.create(unit=unit, name="Pak Ketua", role="ketua", position=1)
    board = section_html(client.get(PUBLIC).content.decode(), "judul-pengurus")
    assert board.index("Ketua") < board.index("Pak Ketua") < board.index("Sekretaris")
    assert "Bu Sekretaris" in board


def test_rkm_is_offered_as_a_pdf_link_with_its_year(client, pekalongan):
    unit = jenggot()
    unit.rkm_document.save("rencana.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    unit.rkm_year = 2025
    unit.save()
    rkm = section_html(client.get(PUBLIC).content.decode(), "judul-rkm")
    assert f'href="{unit.rkm_document.url}"' in rkm
    assert "Unduh RKM tahun 2025 (PDF)" in rkm


def test_completeness_box_shows_percent_as_text_and_lists_what_is_missing(client, pekalongan):
    html = client.get(PUBLIC).content.decode()
    box = section_html(html, "judul-kelengkapan")
    # Jenggot starts with its official name and its formation ("paling lambat 2022").
    assert "Profil 9% lengkap (2 dari 21 butir)." in box
    assert '<progress class="kkb-progress mb-2" value="9" max="100"' in box
    assert "Yang belum diisi (19 butir)" in box
    assert "Tanggal pencanangan" not in box
    assert "Ketua pengurus" in box
    assert "Nama resmi Kampung KB" not in box


def test_completeness_box_counts_board_activities_and_data(client, pekalongan):
    unit = jenggot()
    BoardMember.objects.create(unit=unit, name="Pak Ketua", role="ketua")
    Activity.objects.create(
        unit=unit, title="Senam", date=datetime.date(2024, 8, 17), category=ActivityCategory.BKL
    )
    UnitData.objects.create(unit=unit, year=2024, month=8)
    box = section_html(client.get(PUBLIC).content.decode(), "judul-kelengkapan")
    assert "Profil 23% lengkap (5 dari 21 butir)." in box
    assert "Ketua pengurus" not in box
    assert "Minimal satu kegiatan" not in box


def test_profile_context_runs_two_queries_however_large_the_board(
    pekalongan, django_assert_num_queries
):
    unit = jenggot()
    with django_assert_num_queries(2):
        profile_context(unit)
    add_board(unit, 12)
    with django_assert_num_queries(2):
        context = profile_context(unit)
    assert len(context["profile_board"]) == 12


def test_public_page_query_count_stays_fixed_when_the_board_grows(client, pekalongan):
    unit = jenggot()
    add_board(unit, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PUBLIC).status_code == 200
    add_board(unit, 15)
    with CaptureQueriesContext(connection) as large:
        html = client.get(PUBLIC).content.decode()
    assert html.count("<dd>Pengurus ") == 16
    assert len(large) == len(small)
