import json

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

import pagecache
from portal.spreadsheets import safe_csv_writer

from .. import catalogue, city_overview, open_data, sections
from ..activities import activities_context, recent_activities
from ..cache_tags import ACTIVITIES, CITY_FIGURES, REGIONS, UNIT_DATA, UNITS, unit_tag
from ..city_figures import all_city_figures, home_city_figures
from ..comparison import MAX_COMPARED, unit_comparison
from ..completeness import with_completeness_counts
from ..figures_page import figures_context
from ..filters import KampungKBFilter
from ..models import KampungKB
from ..permissions import MANAGE_UNIT
from ..profile import YES_NO_COLUMNS, profile_context
from ..regions import RegionCascade, home_region_cards
from ..unit_classification import with_agency_count
from ..unit_map import map_config, units_with_coordinates

UNITS_PER_PAGE = 30


# The level counts read every unit's profile, reports and activities.
@pagecache.cache_page(REGIONS, UNITS, ACTIVITIES, CITY_FIGURES, UNIT_DATA)
def home(request):
    pagecache.add_tags(request, *sections.page_cache_tags(sections.HOME))
    region_level, region_cards = home_region_cards()
    unit_total = sum(card.unit_count for card in region_cards)
    levels = city_overview.units_by_level(total=unit_total)
    figures = all_city_figures()  # one query for the city figures and the growth
    recent = (
        KampungKB.objects.published()
        .with_region()
        .exclude(profile_updated_at=None)
        .order_by("-profile_updated_at")[:6]
    )
    return render(
        request,
        "villages/home.html",
        {
            "region_level": region_level,
            "region_cards": region_cards,
            "unit_total": unit_total,
            "recent_units": recent,
            "recent_activities": recent_activities(6),
            "home_sections": sections.sections_for(sections.HOME, request),
            "city_figures": home_city_figures(figures),
            "level_counts": levels,
            "level_chart": city_overview.level_chart(levels),
            "growth": city_overview.kampung_kb_growth(figures),
        },
    )


# Cards show each unit's level and completeness: its reports, board and activities count.
@pagecache.cache_page(REGIONS, UNITS, ACTIVITIES, *catalogue.CARD_PAGE_CACHE_TAGS)
def kampung_list(request):
    pagecache.add_tags(request, *sections.unit_sorts.page_cache_tags())
    units = KampungKB.objects.published().with_region()
    unit_filter = KampungKBFilter(request.GET, queryset=units)
    sort = catalogue.chosen_sort(request.GET.get("urut"))
    page = catalogue.catalogue_page(
        unit_filter.qs,
        level=catalogue.wanted_level(request.GET.get("tingkat")),
        sort=sort,
        page_number=request.GET.get("halaman"),
        per_page=UNITS_PER_PAGE,
    )
    return render(
        request,
        "villages/kampung_list.html",
        {
            "filter": unit_filter,
            "page": page,
            "query_string": _without_page(request),
            "level_choices": catalogue.level_choices(),
            "chosen_level": request.GET.get("tingkat", ""),
            "sorts": sections.unit_sorts.sorts(),
            "chosen_sort": sort,
            # The sort's value is a function: the template reads only whether there is one.
            "sort_value_label": sort.value_label if sort.value else "",
        },
    )


@pagecache.cache_page(REGIONS)
def kampung_detail(request, slug):
    # The unit comes with its activity, report and agency counts: its completeness and
    # level need no queries of their own.
    units = with_completeness_counts(
        with_agency_count(KampungKB.objects.published().with_region())
    )
    unit = get_object_or_404(units, slug=slug)
    pagecache.add_tags(request, unit_tag(unit.pk), *sections.page_cache_tags(sections.UNIT_PAGE))
    # Only a signed-in kader or staff member gets links to fill empty sections and the
    # missing indicators; the page cache serves anonymous visitors only.
    can_edit_unit = request.user.has_perm(MANAGE_UNIT, unit)
    context = {
        "unit": unit,
        "can_edit_unit": can_edit_unit,
        **profile_context(unit),
        **activities_context(unit),
        **figures_context(unit, may_manage=can_edit_unit),
        "unit_sections": sections.sections_for(sections.UNIT_PAGE, request, unit=unit),
    }
    return render(request, "villages/kampung_detail.html", context)


@pagecache.cache_page(REGIONS, UNITS, UNIT_DATA)
def comparison(request):
    """The units of a region side by side on CPR, MKJP, unmet need, poktan participation
    and stunting, each from its latest complete report: five queries (three for the
    region selects, two for the units and their reports)."""
    regions = RegionCascade(request.GET)
    units = regions.filter_units(KampungKB.objects.published().with_region())
    return render(
        request,
        "villages/comparison.html",
        {
            "regions": regions,
            "comparison": unit_comparison(units),
            "max_compared": MAX_COMPARED,
        },
    )


@pagecache.cache_page(REGIONS, UNITS)
def unit_map(request):
    """Units with coordinates: always as a list, on a map only where tiles are configured."""
    units = list(units_with_coordinates())
    return render(
        request,
        "villages/unit_map.html",
        {
            "units": units,
            "unit_total": KampungKB.objects.published().count(),
            "map": map_config(units),
        },
    )


class _Echo:
    def write(self, value):
        return value


OPEN_DATA_HEADER = [
    "kode_kemendagri",
    "kelurahan",
    "kecamatan",
    "nama",
    "slug",
    "tanggal_pencanangan",
    "tahun_pencanangan",
    "ketelitian_pencanangan",
    "sumber_pencanangan",
    *open_data.YES_NO_HEADER,
    *open_data.FIGURE_HEADER,
]


def _open_data_rows():
    """Every published unit's values, in OPEN_DATA_HEADER order: three queries in all."""
    units = KampungKB.objects.published().with_region().order_by("kelurahan__code")
    figures = open_data.FigureCells(units)
    for unit in units.iterator(chunk_size=2000):
        yield [
            unit.kelurahan.code,
            unit.kelurahan.name,
            unit.kelurahan.kecamatan.name,
            unit.name or None,
            unit.slug,
            unit.formed_on.isoformat() if unit.formed_on else None,
            unit.formed_year,
            unit.formed_precision or None,
            unit.formed_source or None,
            *(getattr(unit, attribute) for _column, attribute in YES_NO_COLUMNS),
            *figures.row(unit),
        ]


def kampung_csv(request):
    """Open data: every published unit, one row each, UTF-8 with a header row."""
    writer = safe_csv_writer(_Echo())

    def rows():
        yield writer.writerow(OPEN_DATA_HEADER)
        for values in _open_data_rows():
            yield writer.writerow([open_data.csv_value(value) for value in values])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kampung-kb.csv"'
    return response


def kampung_json(request):
    """The CSV's twin: a JSON array with one object per unit, keyed by the CSV's header."""

    def chunks():
        yield "["
        for number, values in enumerate(_open_data_rows()):
            record = dict(zip(OPEN_DATA_HEADER, map(open_data.json_value, values), strict=True))
            yield ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)
        yield "\n]\n"

    return StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")


@pagecache.cache_page()
def open_data_page(request):
    """What the open data holds: every column, its unit and source, and the licence."""
    return render(
        request,
        "villages/open_data.html",
        {
            "columns": open_data.COLUMNS,
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
        },
    )


def _without_page(request):
    params = request.GET.copy()
    params.pop("halaman", None)
    return params.urlencode()
