"""The results pages of an evaluation period, checked against a period worked out by hand.

The 2025 period below has two aspects and four criteria (total weight 20):

    aspect  code  weight  max  the aspect's subtotal, from the criterion means m1..m4
    Input   I.1   3       4    Input  = 100 × (3·m1/4 + 7·m2/10) ÷ 10 = 7.5·m1 + 7·m2
    Input   I.2   7       10
    Proses  P.1   4       5    Proses = 100 × (4·m3/5 + 6·m4/100) ÷ 10 = 8·m3 + 0.6·m4
    Proses  P.2   6       100

Both aspects weigh 10, so the final score is (Input + Proses) ÷ 2. Three judges (Ani,
Budi, Citra) score five Kampung KB; the numbers are in `SHEETS` and `EXPECTED`.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.template import Context, Template
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from evaluations import services
from evaluations.models import Aspect, Criterion, JudgeAssignment, Period, Score
from evaluations.results import format_score, machine_score
from villages.accounts import create_user
from villages.models import City, KampungKB, Kecamatan, Kelurahan, Province

PASSWORD = "rahasia-kampung-123"

CRITERIA = [
    # aspect, code, weight, max score
    ("Input", "I.1", 3, 4),
    ("Input", "I.2", 7, 10),
    ("Proses", "P.1", 4, 5),
    ("Proses", "P.2", 6, 100),
]

# kelurahan: (kecamatan, formed_on)
UNITS = {
    "Anggrek": ("Pekalongan Barat", date(2023, 1, 1)),
    "Bougenville": ("Pekalongan Barat", date(2022, 12, 31)),
    "Cempaka": ("Pekalongan Barat", None),
    "Dahlia": ("Pekalongan Timur", date(2016, 5, 10)),
    "Edelweis": ("Pekalongan Timur", date(2020, 1, 1)),
}

# Each judge's (I.1, I.2, P.1, P.2); None leaves the score out.
SHEETS = {
    # m1 = 4, m2 = (9+8+10)/3 = 9, m3 = (4+5+3)/3 = 4, m4 = (90+85+95)/3 = 90
    # Input = 7.5·4 + 7·9 = 93; Proses = 8·4 + 0.6·90 = 86; final = (93+86)/2 = 89.5
    "Anggrek": {"ani": (4, 9, 4, 90), "budi": (4, 8, 5, 85), "citra": (4, 10, 3, 95)},
    # Citra scores, then declares a conflict of interest: her sheet stops counting.
    # m1 = (3+2)/2 = 2.5, m2 = 7.5, m3 = 4, m4 = (70+80)/2 = 75
    # Input = 18.75 + 52.5 = 71.25; Proses = 32 + 45 = 77
    # final = (71.25 + 77)/2 = 74.125, half up 74.13
    "Bougenville": {"ani": (3, 7, 4, 70), "budi": (2, 8, 4, 80), "citra": (4, 10, 5, 100)},
    # m1 = 8/3, m2 = 7, m3 = 10/3, m4 = (88+90+85)/3 = 263/3
    # Input = 20 + 49 = 69; Proses = 80/3 + 157.8/3 = 79.266… → 79.27
    # final = (69 + 79.266…)/2 = 74.133… → 74.13: the same rounded score as Bougenville
    "Cempaka": {"ani": (3, 7, 3, 88), "budi": (3, 7, 3, 90), "citra": (2, 7, 4, 85)},
    # m1 = 2, m2 = 6, m3 = 3, m4 = 60: Input = 15 + 42 = 57; Proses = 24 + 36 = 60
    # final = 58.5
    "Dahlia": {"ani": (2, 5, 3, 50), "budi": (2, 6, 3, 60), "citra": (2, 7, 3, 70)},
    # Nobody scored Proses: incomplete, 6 scores missing. m1 = 3, m2 = 7:
    # Input = 22.5 + 49 = 71.5, the provisional final score over the scored criteria.
    "Edelweis": {
        "ani": (2, 6, None, None),
        "budi": (3, 7, None, None),
        "citra": (4, 8, None, None),
    },
}

NOTES = {("ani", "Anggrek", "I.1"): "Sekretariat aktif, notulen rapat lengkap."}

# kelurahan: (rank, final, Input, Proses, complete, eligible); eligible None is
# "belum dapat ditentukan" (no formation date), never "tidak".
EXPECTED = {
    "Anggrek": (1, "89.50", "93.00", "86.00", True, False),
    "Bougenville": (2, "74.13", "71.25", "77.00", True, True),
    "Cempaka": (2, "74.13", "69.00", "79.27", True, None),
    "Dahlia": (4, "58.50", "57.00", "60.00", True, True),
    "Edelweis": (None, "71.50", "71.50", None, False, True),
}
ORDER = ["Anggrek", "Bougenville", "Cempaka", "Dahlia", "Edelweis"]
# 2025 needs a unit formed in 2022 or earlier (minimum age 3 years).
REASONS = {
    "Anggrek": "Dicanangkan tahun 2023; baru memenuhi syarat usia minimal 3 tahun pada "
    "evaluasi 2026.",
    "Bougenville": "Dicanangkan tahun 2022, memenuhi syarat usia minimal 3 tahun.",
    "Cempaka": "Tanggal pencanangan belum diisi, jadi syarat usia belum dapat ditentukan.",
    "Dahlia": "Dicanangkan tahun 2016, memenuhi syarat usia minimal 3 tahun.",
    "Edelweis": "Dicanangkan tahun 2020, memenuhi syarat usia minimal 3 tahun.",
}
NOMINEE = "Bougenville"
ELIGIBLE_WORDS = {True: "ya", False: "tidak", None: "belum dapat ditentukan"}


def make_region():
    province = Province.objects.create(code="33", name="Jawa Tengah")
    city = City.objects.create(
        province=province, code="33.75", name="Kota Pekalongan", kind=City.Kind.KOTA
    )
    return city


def make_unit(city, kelurahan, kecamatan_name, formed_on=None, number=None):
    kecamatan, _created = Kecamatan.objects.get_or_create(
        name=kecamatan_name,
        defaults={
            "city": city,
            "code": f"33.75.0{Kecamatan.objects.count() + 1}",
            "slug": kecamatan_name.lower().replace(" ", "-"),
        },
    )
    number = number or Kelurahan.objects.count() + 1
    place = Kelurahan.objects.create(
        kecamatan=kecamatan, code=f"{kecamatan.code}.{1000 + number}", name=kelurahan
    )
    return KampungKB.objects.create(
        kelurahan=place,
        name=f"Kampung KB {kelurahan}",
        slug=kelurahan.lower(),
        formed_on=formed_on,
    )


def add_rubric(period, criteria=CRITERIA):
    aspects = {}
    created = []
    for position, (aspect_name, code, weight, max_score) in enumerate(criteria):
        if aspect_name not in aspects:
            aspects[aspect_name] = Aspect.objects.create(
                period=period, name=aspect_name, position=len(aspects) + 1
            )
        created.append(
            Criterion.objects.create(
                aspect=aspects[aspect_name],
                code=code,
                name=f"Kriteria {code}",
                weight=weight,
                max_score=max_score,
                position=position,
            )
        )
    return created


class Example:
    """The hand-computed 2025 period, its people and units."""

    def __init__(self):
        self.city = make_region()
        self.units = {
            name: make_unit(self.city, name, kecamatan, formed_on)
            for name, (kecamatan, formed_on) in UNITS.items()
        }
        self.staf = create_user("staf1", "staf", password=PASSWORD, full_name="Sri Staf")
        self.judges = {
            name: create_user(name, "juri", password=PASSWORD, full_name=f"{name.title()} Juri")
            for name in ("ani", "budi", "citra")
        }
        self.kader = create_user(
            "kader_anggrek", "kader", password=PASSWORD, units=[self.units["Anggrek"]]
        )
        period = services.create_period(
            2025,
            "Evaluasi dan Pembinaan Kampung KB 2025",
            held_on=date(2025, 4, 29),
            place="Aula Dinsos-P2KB",
            judges=self.judges.values(),
            example_rubric=False,
            by=self.staf,
        )
        self.criteria = add_rubric(period)
        self.period = services.start_scoring(period, self.staf)
        for unit_name, sheets in SHEETS.items():
            for judge_name, values in sheets.items():
                services.save_unit_scores(
                    self.period,
                    self.judges[judge_name],
                    self.units[unit_name],
                    {
                        criterion.pk: (
                            None if value is None else Decimal(value),
                            NOTES.get((judge_name, unit_name, criterion.code), ""),
                        )
                        for criterion, value in zip(self.criteria, values, strict=True)
                    },
                    f"Catatan {judge_name} untuk {unit_name}",
                )
        services.declare_conflict(
            self.period, self.judges["citra"], self.units["Bougenville"], "Saudara kandung."
        )

    def finalize(self):
        self.period = services.finalize_period(self.period, self.staf)
        return self.period

    def publish(self):
        self.finalize()
        self.period = services.publish_period(self.period, self.staf)
        return self.period


@pytest.fixture
def example(empty_db):
    return Example()


@pytest.fixture
def published(example):
    example.publish()
    return example


def page_rows(html):
    """{kelurahan: the text of its ranking row}, in page order, from the ranking table."""

    table = html.split('results-table table-stack"', 1)[1]
    table = table.split("</table>", 1)[0]
    rows = {}
    for slug, body in re.findall(r'<tr[^>]*data-unit="([a-z-]+)"[^>]*>(.*?)</tr>', table, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body, re.S)
        ]
        rows[slug.title()] = cells
    return rows


def test_score_formats_use_two_decimals_with_a_comma_for_people_and_a_point_for_programs():
    assert format_score(Decimal("74.125")) == "74,13"
    assert format_score(Decimal("89.5")) == "89,50"
    assert format_score(None) == "\u2013"
    assert machine_score(Decimal("8") / 3) == "2.67"
    assert machine_score(None) == ""


def test_scores_for_people_take_a_decimal_point_in_english_and_programs_keep_theirs():
    with translation.override("en"):
        assert format_score(Decimal("74.125")) == "74.13"
        assert format_score(Decimal("89.5")) == "89.50"
        assert format_score(None) == "\u2013"
        assert machine_score(Decimal("74.125")) == "74.13"
    with translation.override("id"):
        assert machine_score(Decimal("74.125")) == "74.13"


def test_results_page_in_english_writes_scores_with_a_decimal_point(client, published):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # The locale middleware leaves the request's language active: give it back after.
    with translation.override(settings.LANGUAGE_CODE):
        response = client.get(reverse("evaluations:results", args=[2025]))

    html = response.content.decode()
    rows = page_rows(html)
    for name, (_rank, final, input_score, _proses, _complete, _eligible) in EXPECTED.items():
        assert rows[name][4].startswith(final), name
        assert rows[name][5] == input_score, name
    assert '"score_labels": ["89.50", "74.13", "74.13", "58.50"]' in html


def test_published_results_page_shows_the_hand_computed_ranking(client, published):
    response = client.get(reverse("evaluations:results", args=[2025]))

    assert response.status_code == 200
    rows = page_rows(response.content.decode())
    assert list(rows) == ORDER
    for name, (rank, final, input_score, proses, complete, eligible) in EXPECTED.items():
        cells = rows[name]
        assert cells[0] == (str(rank) if rank else "\u2013"), name
        assert cells[1].startswith(f"Kampung KB {name}"), name
        assert cells[2] == name
        assert cells[3] == UNITS[name][0]
        assert cells[4].startswith(final.replace(".", ",")), name
        assert cells[5] == input_score.replace(".", ","), name
        assert cells[6] == (proses.replace(".", ",") if proses else "\u2013"), name
        assert cells[7].startswith("ya" if complete else "belum lengkap"), name
        assert cells[8] == f"{ELIGIBLE_WORDS[eligible]} {REASONS[name]}", name


def test_results_pages_say_how_many_judges_scored(client, published):
    public = client.get(reverse("evaluations:results", args=[2025])).content.decode()
    assert "Dinilai oleh 3 juri." in public

    client.force_login(published.staf)
    staff = client.get(reverse("evaluations-manage:results", args=[2025])).content.decode()
    assert "Dinilai oleh 3 juri." in staff
    # Frozen when the period was published: the public page does not count the scores.
    assert Period.objects.get(year=2025).published_judge_count == 3


def test_incomplete_unit_is_listed_last_without_rank_with_a_provisional_score(client, published):
    rows = page_rows(client.get(reverse("evaluations:results", args=[2025])).content.decode())

    assert list(rows)[-1] == "Edelweis"
    assert rows["Edelweis"][4] == "71,50 (sementara)"
    assert rows["Edelweis"][7] == "belum lengkap kurang 6 nilai"


def test_the_nominee_is_the_best_ranked_eligible_unit_and_is_highlighted(client, published):
    response = client.get(reverse("evaluations:results", args=[2025]))
    html = response.content.decode()
    rows = page_rows(html)

    # Anggrek (rank 1) is too young; Bougenville and Cempaka share rank 2, and only
    # Bougenville's formation date is known.
    assert response.context["table"].nominee.unit.slug == "bougenville"
    assert "Usulan ke seleksi provinsi" in rows[NOMINEE][1]
    assert [name for name, cells in rows.items() if "Usulan" in cells[1]] == [NOMINEE]
    assert 'class="table-success" data-unit="bougenville"' in html
    callout = html.split('class="alert alert-success nominee-callout"', 1)[1].split("</p>")[0]
    assert "Kampung KB Bougenville" in callout
    assert "peringkat 2, nilai akhir 74,13" in callout


def test_results_page_has_the_chart_data_and_no_inline_script(client, published):
    response = client.get(reverse("evaluations:results", args=[2025]))
    html = response.content.decode()

    assert response.context["table"].chart() == {
        "labels": ["Anggrek", "Bougenville", "Cempaka", "Dahlia"],
        "scores": [89.5, 74.13, 74.13, 58.5],
        "score_labels": ["89,50", "74,13", "74,13", "58,50"],
        "ranks": [1, 2, 2, 4],
        "nominee": [False, True, False, False],
    }
    assert '<script id="data-grafik-hasil" type="application/json">' in html
    assert "js/results-chart.js" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "css/print.css" in html
    for script in html.split("<script")[1:]:
        tag = script.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag
    assert " style=" not in html


def test_results_page_breaks_each_aspect_down_into_criterion_means(client, published):
    html = client.get(reverse("evaluations:results", args=[2025])).content.decode()

    proses = html.split('id="judul-aspek-2"', 1)[1].split("</table>", 1)[0]
    # Cempaka: P.1 mean 10/3, P.2 mean 263/3 = 87.666…, subtotal 79.27.
    assert "bobot 6, nilai maksimum 100" in proses
    cempaka = proses.split(">Cempaka</th>", 1)[1].split("</tr>", 1)[0]
    assert [cell.split("</td>")[0] for cell in cempaka.split('">')[1:]] == [
        "3,33",
        "87,67",
        "79,27",
    ]


def test_each_aspect_table_stacks_into_labelled_cards_on_a_phone(client, published):
    """A walk at 360 px found the breakdown 467-641 px wide with the subtotal off-screen:
    as `table-stack` each unit becomes a card whose cells name their column."""
    html = client.get(reverse("evaluations:results", args=[2025])).content.decode()

    proses = html.split('id="judul-aspek-2"', 1)[1].split("</table>", 1)[0]
    assert 'class="table table-sm table-striped aspect-table table-stack"' in proses
    cempaka = next(row for row in proses.split("<tr>") if ">Cempaka</th>" in row)
    labels = re.findall(r'<td[^>]*data-label="([^"]+)"[^>]*>', cempaka)
    # The rank is the final one, not the rank within the aspect (a second walk read it so).
    assert labels == ["Peringkat akhir", "P.1", "P.2", "Subtotal"]
    assert cempaka.count("<td") == len(labels)


def test_unpublished_results_are_not_public(client, example):
    example.finalize()

    assert client.get(reverse("evaluations:results", args=[2025])).status_code == 404
    assert client.get(reverse("evaluations:results-csv", args=[2025])).status_code == 404
    assert client.get(reverse("evaluations:results", args=[2030])).status_code == 404


def test_staff_see_unpublished_results_on_the_manage_page_marked_as_such(client, example):
    client.force_login(example.staf)

    assert client.get(reverse("evaluations:results", args=[2025])).status_code == 404
    response = client.get(reverse("evaluations-manage:results", args=[2025]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "belum dipublikasikan" in html
    assert reverse("evaluations:results-csv", args=[2025]) in html
    assert reverse("evaluations-manage:results-xlsx", args=[2025]) in html
    assert reverse("evaluations-manage:recap", args=[2025]) in html
    assert "titik sebagai pemisah desimal" in html
    assert list(page_rows(html)) == ORDER
    assert page_rows(html)["Cempaka"][4] == "74,13"


def test_the_manage_page_of_a_published_period_links_to_the_public_page(client, published):
    client.force_login(published.staf)

    html = client.get(reverse("evaluations-manage:results", args=[2025])).content.decode()

    assert "belum dipublikasikan" not in html
    assert f'href="{reverse("evaluations:results", args=[2025])}"' in html


@pytest.mark.parametrize("who", ["kader", "ani"])
@pytest.mark.parametrize("name", ["results", "results-xlsx", "recap"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_kader_and_juri_are_refused_the_staff_results_pages(client, example, who, name, method):
    user = example.kader if who == "kader" else example.judges[who]
    client.force_login(user)

    response = getattr(client, method)(reverse(f"evaluations-manage:{name}", args=[2025]))

    assert response.status_code == 403


def test_staff_results_pages_accept_only_get(client, example):
    client.force_login(example.staf)

    response = client.post(reverse("evaluations-manage:results", args=[2025]))

    assert response.status_code == 405


def test_period_list_shows_only_published_periods(client, published):
    Period.objects.create(year=2026, name="Evaluasi 2026 (draf)")

    response = client.get(reverse("evaluations:period-list"))

    html = response.content.decode()
    assert "Evaluasi dan Pembinaan Kampung KB 2025" in html
    assert reverse("evaluations:results", args=[2025]) in html
    assert "Evaluasi 2026" not in html


def test_recap_is_printable_with_ranking_nominee_judges_and_signature_block(client, example):
    example.finalize()
    client.force_login(example.staf)

    response = client.get(reverse("evaluations-manage:recap", args=[2025]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "css/print.css" in html
    assert "Evaluasi dan Pembinaan Kampung KB 2025" in html
    assert "29 April 2025" in html
    assert "Aula Dinsos-P2KB" in html
    assert html.index('data-unit="anggrek"') < html.index('data-unit="dahlia"')
    assert html.index('data-unit="dahlia"') < html.index('data-unit="edelweis"')
    nominee = html.split('class="recap-nominee"', 1)[1].split("</p>", 1)[0]
    assert "Kampung KB Bougenville" in nominee
    assert "peringkat 2 dengan nilai akhir 74,13" in nominee
    judges = [part.split("</th>", 1)[0] for part in html.split('judge-name">')[1:]]
    assert judges == ["Ani Juri", "Budi Juri", "Citra Juri"]
    assert html.count('class="signature-cell"') == 3
    assert "Mengetahui," in html
    assert "Kepala Dinsos-P2KB Kota Pekalongan" in html
    assert "NIP" in html


def render_unit_results(unit):
    return Template("{% load evaluation_tags %}{% unit_results unit %}").render(
        Context({"unit": unit})
    )


def test_unit_results_lists_only_published_years(published):
    anggrek = published.units["Anggrek"]
    older = Period.objects.create(year=2024, name="Evaluasi 2024")
    add_rubric(older, [("Input", "I.1", 1, 4)])
    JudgeAssignment.objects.create(period=older, user=published.judges["ani"])
    Score.objects.create(
        judge=published.judges["ani"],
        unit=anggrek,
        criterion=older.criteria.get(),
        value=3,
    )
    draft = Period.objects.create(year=2026, name="Evaluasi 2026")
    add_rubric(draft, [("Input", "I.1", 1, 4)])

    html = render_unit_results(anggrek)
    assert ">2025</a>" in html
    assert reverse("evaluations:results", args=[2025]) in html
    assert ">2024</a>" not in html
    assert ">2026</a>" not in html

    Period.objects.filter(pk=older.pk).update(status=Period.Status.PUBLISHED)
    services.freeze_results(older)
    html = render_unit_results(anggrek)
    assert ">2026</a>" not in html
    rows = html.split("<tbody>", 1)[1].split("<tr>")[1:]
    assert len(rows) == 2
    cells_2025 = [" ".join(cell.split()) for cell in _cells(rows[0])]
    cells_2024 = [" ".join(cell.split()) for cell in _cells(rows[1])]
    # 2025: rank 1, 89,50, complete, too young (formed 2023).
    assert cells_2025[:4] == ["2025", "1", "89,50", "ya"]
    assert cells_2025[4].startswith("tidak Dicanangkan tahun 2023")
    # 2024: one criterion (max 4), Ani's 3: 100 × 3/4 = 75, the only complete unit.
    assert cells_2024[:4] == ["2024", "1", "75,00", "ya"]
    assert cells_2024[4].startswith("tidak Dicanangkan tahun 2023")


def _cells(row_html):

    return [
        re.sub(r"<[^>]+>", " ", cell)
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row_html, re.S)
    ]


def test_unit_results_shows_nothing_before_any_publication(example):
    assert render_unit_results(example.units["Anggrek"]).strip() == ""


def test_unit_results_write_the_score_in_the_active_language(published):
    anggrek = published.units["Anggrek"]

    assert "89,50" in render_unit_results(anggrek)
    with translation.override("en"):
        html = render_unit_results(anggrek)
    assert "89.50" in html
    assert "89,50" not in html


def test_unit_results_runs_a_fixed_number_of_queries_whatever_the_years(
    published, django_assert_num_queries
):
    anggrek = published.units["Anggrek"]
    # Ranks are frozen at publication, so one query reads every published year.
    with django_assert_num_queries(1):
        render_unit_results(anggrek)
    older = Period.objects.create(year=2024, name="Evaluasi 2024", status="dipublikasikan")
    add_rubric(older, [("Input", "I.1", 1, 4), ("Proses", "P.1", 2, 5)])
    JudgeAssignment.objects.create(period=older, user=published.judges["budi"])
    services.freeze_results(older)

    with django_assert_num_queries(1):
        html = render_unit_results(anggrek)
    assert ">2024</a>" in html


class GrowingPeriod:
    """A published period over the 27 Pekalongan units, 3 criteria and 2 judges, that
    `grow()` takes to 32 units, 5 criteria and 3 judges, every score given."""

    def __init__(self, year=2025):
        self.period = Period.objects.create(
            year=year, name=f"Evaluasi {year}", status=Period.Status.PUBLISHED
        )
        self.criteria = add_rubric(
            self.period, [("Input", "I.1", 3, 4), ("Input", "I.2", 7, 10), ("Proses", "P.1", 4, 5)]
        )
        self.judges = [self.add_judge(), self.add_judge()]
        self.score(KampungKB.objects.all(), self.criteria, self.judges)
        services.freeze_results(self.period)

    def add_judge(self):
        number = JudgeAssignment.objects.filter(period=self.period).count() + 1
        judge = create_user(f"juri_{self.period.year}_{number}", "juri", password=PASSWORD)
        JudgeAssignment.objects.create(period=self.period, user=judge)
        return judge

    def score(self, units, criteria, judges):
        Score.objects.bulk_create(
            Score(
                period=self.period,
                judge=judge,
                unit=unit,
                criterion=criterion,
                value=(unit.pk * 7 + criterion.pk + judge.pk) % 4 + 1,
            )
            for unit in units
            for criterion in criteria
            for judge in judges
        )

    def grow(self):
        city = City.objects.get()
        units = [
            make_unit(city, f"Tambahan{number}", "Pekalongan Utara", number=900 + number)
            for number in range(5)
        ]
        aspect = Aspect.objects.create(period=self.period, name="Output", position=3)
        new_criteria = [
            Criterion.objects.create(
                aspect=aspect, code=f"O.{n}", name=f"Output {n}", weight=2, max_score=4
            )
            for n in (1, 2)
        ]
        new_judge = self.add_judge()
        every_unit = list(KampungKB.objects.all())
        self.score(units, self.criteria, self.judges)
        self.score(every_unit, new_criteria, self.judges)
        self.score(every_unit, self.criteria + new_criteria, [new_judge])
        self.criteria += new_criteria
        self.judges.append(new_judge)
        services.freeze_results(self.period)
        assert KampungKB.objects.count() == 32


@pytest.fixture
def growing(pekalongan):
    return GrowingPeriod()


# The period (with the number of judges frozen when it was published), the page of
# frozen standings and their count, the nominee, the criteria, judges, scores and
# exclusions (2) of the page's units.
def test_public_results_page_runs_a_fixed_number_of_queries(
    client, growing, django_assert_num_queries
):
    url = reverse("evaluations:results", args=[2025])
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200

    growing.grow()

    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["table"].rows) == 32


# The staff pages add the session, the user and the user's roles.
@pytest.mark.parametrize(("name", "queries"), [("results", 11), ("recap", 12)])
def test_staff_results_pages_run_a_fixed_number_of_queries(
    client, staf, growing, django_assert_num_queries, name, queries
):
    client.force_login(staf)
    url = reverse(f"evaluations-manage:{name}", args=[2025])
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

    growing.grow()

    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(response.context["table"].rows) == 32
    assert len(response.context["table"].data.judge_ids) == 3


def test_results_page_is_paged_in_published_order_with_the_whole_periods_nominee(
    client, growing, monkeypatch
):
    monkeypatch.setattr("evaluations.results.RESULTS_PER_PAGE", 10)
    frozen = list(
        growing.period.published_results.order_by("position").values_list("unit__slug", "rank")
    )
    url = reverse("evaluations:results", args=[2025])

    first = client.get(url).context["table"]
    second = client.get(url, {"halaman": 2})
    table = second.context["table"]
    html = second.content.decode()

    assert [(row.unit.slug, row.rank) for row in table.rows] == frozen[10:20]
    assert [label for label in table.chart()["labels"]] == [
        row.unit.kelurahan.name for row in table.rows if row.complete
    ]
    # The nominee is chosen over the whole period, so every page names the same one.
    assert table.nominee is not None
    assert table.nominee.unit.pk == first.nominee.unit.pk
    assert "Menampilkan urutan 11–20 dari 27 Kampung KB" in html
    assert "halaman=1" in html and "halaman=3" in html
    assert "Halaman 2 dari 3" in html


def test_results_page_aspect_breakdown_covers_only_the_page(client, growing, monkeypatch):
    monkeypatch.setattr("evaluations.results.RESULTS_PER_PAGE", 5)
    html = client.get(reverse("evaluations:results", args=[2025]), {"halaman": 3}).content.decode()

    aspect_table = html.split('id="judul-aspek-1"', 1)[1].split("</table>", 1)[0]
    assert aspect_table.count("<tr>") == 1 + 5  # header and the page's five units


@pytest.fixture
def results_caching(transactional_db, empty_db):
    backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hasil"}
    with override_settings(CACHES={"default": backend}, PAGE_CACHE_SECONDS=60):
        caches["default"].clear()
        yield


def test_published_results_page_is_cached_until_the_period_changes(
    results_caching, django_assert_num_queries
):
    example = Example()
    example.publish()
    url = reverse("evaluations:results", args=[2025])
    visitor = Client()
    assert visitor.get(url).status_code == 200

    with django_assert_num_queries(0):
        assert visitor.get(url).status_code == 200

    example.staf.user_permissions.add(Permission.objects.get(codename="reopen_period"))
    staf = type(example.staf).objects.get(pk=example.staf.pk)
    services.reopen_period(example.period, staf, "Nilai salah ketik.")
    assert visitor.get(url).status_code == 404


def test_published_results_csv_is_cached_for_visitors_but_fresh_for_staff(
    results_caching, django_assert_num_queries
):
    example = Example()
    example.publish()
    url = reverse("evaluations:results-csv", args=[2025])
    visitor = Client()
    first = visitor.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "text/csv; charset=utf-8"

    with django_assert_num_queries(0):
        cached = visitor.get(url)
    assert cached.content == first.content
    assert cached["Content-Disposition"] == 'inline; filename="hasil-evaluasi-2025.csv"'

    staff = Client()
    staff.force_login(example.staf)
    # Built afresh: the session, the user and the period's results (8 queries).
    with django_assert_num_queries(8):
        assert staff.get(url).content == first.content


def test_each_ranking_row_folds_its_aspect_subtotals_into_the_units_cell(client, published):
    html = client.get(reverse("evaluations:results", args=[2025])).content.decode()
    rows = page_rows(html)
    for name, (_rank, _final, input_score, proses, _complete, _eligible) in EXPECTED.items():
        unit_cell = rows[name][1]
        assert f"Kelurahan {name}, Kecamatan {UNITS[name][0]}" in unit_cell, name
        breakdown = unit_cell.split("Nilai per aspek", 1)[1]
        assert breakdown.split() == [
            "Input",
            input_score.replace(".", ","),
            "Proses",
            proses.replace(".", ",") if proses else "\u2013",
        ], name
    # The subtotal columns are there for wide screens only, the folded copy for the rest.
    assert html.count('class="text-end aspect-score d-none d-xxl-table-cell"') == 2 * 5
    assert html.count('<details class="d-xxl-none small fw-normal aspect-details">') == 5
