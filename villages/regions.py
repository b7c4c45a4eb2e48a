"""Region levels on the public pages: provinsi > kabupaten/kota > kecamatan.

The portal serves Kota Pekalongan (one province, one city, 4 kecamatan), but the same code
must stay small and fast for a national tree (thousands of kecamatan). So the home page
shows cards at the deepest level that still fits, and the kampung list narrows region by
region: no select ever lists more than the children of one region.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, F
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import City, KampungKB, Kecamatan, Province

HOME_REGION_CARDS = 50

# The kampung list's query parameters, one per level.
PROVINCE, CITY, KECAMATAN = "provinsi", "kota", "kecamatan"


@dataclass(frozen=True)
class Level:
    parameter: str
    model: type
    unit_path: str  # from KampungKB to the region of this level
    key: str  # the field the query parameter carries
    parent: str | None  # the foreign key to the region one level up
    children: str | None  # the related name of the regions one level down
    label: str
    all_label: str


LEVELS = (
    Level(
        PROVINCE,
        Province,
        "kelurahan__kecamatan__city__province",
        "code",
        None,
        "cities",
        _("Provinsi"),
        _("Semua provinsi"),
    ),
    Level(
        CITY,
        City,
        "kelurahan__kecamatan__city",
        "code",
        "province",
        "kecamatan_set",
        _("Kabupaten/kota"),
        _("Semua kabupaten/kota"),
    ),
    Level(
        KECAMATAN,
        Kecamatan,
        "kelurahan__kecamatan",
        "slug",
        "city",
        None,
        _("Kecamatan"),
        _("Semua kecamatan"),
    ),
)
LEVEL = {level.parameter: level for level in LEVELS}


def home_card_level(kecamatan_count, city_count, limit=HOME_REGION_CARDS):
    """The deepest level whose regions holding published units fit on the home page."""
    if kecamatan_count <= limit:
        return KECAMATAN
    if city_count <= limit:
        return CITY
    return PROVINCE


@dataclass(frozen=True)
class RegionCard:
    name: str
    unit_count: int
    url: str


def home_region_cards(limit=HOME_REGION_CARDS):
    """``(level, cards)``: published units per region, at the level `home_card_level` picks.

    Two queries whatever the size of the tree: how many kecamatan and kota hold published
    units, then one count grouped by the chosen level.
    """
    published = KampungKB.objects.published()
    held = published.order_by().aggregate(
        kecamatan=Count(LEVEL[KECAMATAN].unit_path, distinct=True),
        city=Count(LEVEL[CITY].unit_path, distinct=True),
    )
    level = LEVEL[home_card_level(held["kecamatan"], held["city"], limit)]
    rows = (
        published.values(
            region_key=F(f"{level.unit_path}__{level.key}"),
            region_name=F(f"{level.unit_path}__name"),
            region_code=F(f"{level.unit_path}__code"),
        )
        .annotate(unit_count=Count("pk"))
        .order_by("region_code")
    )
    list_url = reverse("villages:kampung-list")
    cards = [
        RegionCard(
            name=row["region_name"],
            unit_count=row["unit_count"],
            url=f"{list_url}?{urlencode({level.parameter: row['region_key']})}",
        )
        for row in rows
    ]
    return level.parameter, cards


@dataclass(frozen=True)
class RegionSelect:
    level: Level
    options: list  # (value, label) pairs
    selected: str


class RegionCascade:
    """The kampung list's region filter, without JavaScript.

    ``params`` holds ``provinsi`` and ``kota`` (Kemendagri codes) and ``kecamatan`` (slug).
    A deeper choice implies its parents, so links like ``?kecamatan=<slug>`` work alone. A
    parent that the visitor changed or set back to "all" (the parameter is present but
    different or empty) drops the children chosen under the old parent.

    A level's select is shown once its parent is chosen, or when the level above has a
    single region (Kota Pekalongan: one province, one city, so only the kecamatan select
    shows). A select with a single option is not shown. At most five queries.
    """

    def __init__(self, params):
        self.provinces = list(Province.objects.all())
        self.chosen = self._resolve(params)

    def _resolve(self, params):
        """The regions chosen in ``params``, deepest last, each a child of the one before."""
        chosen, cleared = [], False
        for level in LEVELS:
            value = (params.get(level.parameter) or "").strip()
            if not value:
                cleared = cleared or level.parameter in params
                continue
            region = self._find(level, value)
            if region is None:
                continue
            if cleared or (chosen and _ancestor(region, chosen[-1]) != chosen[-1]):
                continue
            chosen.append(region)
        if chosen:
            return _with_ancestors(chosen[-1])
        return []

    def _find(self, level, value):
        if level.parent is None:
            return next((p for p in self.provinces if getattr(p, level.key) == value), None)
        ancestors = "__".join(lv.parent for lv in reversed(LEVELS[1 : LEVELS.index(level) + 1]))
        return level.model.objects.select_related(ancestors).filter(**{level.key: value}).first()

    def filter_units(self, units):
        """``units`` within the deepest chosen region."""
        if not self.chosen:
            return units
        level = LEVELS[len(self.chosen) - 1]
        return units.filter(**{level.unit_path: self.chosen[-1]})

    def holds(self, unit):
        """Whether ``unit`` lies within the deepest chosen region (any unit when none is).
        ``unit`` comes with its kelurahan, kecamatan, city and province loaded."""
        if not self.chosen:
            return True
        return _ancestor(unit.kelurahan.kecamatan, self.chosen[-1]) == self.chosen[-1]

    @property
    def selects(self):
        """The selects to show, top down; each lists the children of one region."""
        return self._walk[0]

    @property
    def in_effect(self):
        """The regions in effect, top down: those chosen, then any level below that holds a
        single region (Kota Pekalongan's province and city when nothing is chosen)."""
        return self._walk[1]

    @cached_property
    def _walk(self):
        selects, in_effect, options, parent = [], [], self.provinces, None
        for depth, level in enumerate(LEVELS):
            if depth:
                if parent is None:
                    break
                in_effect.append(parent)
                options = list(getattr(parent, LEVELS[depth - 1].children).all())
            current = self.chosen[depth] if depth < len(self.chosen) else None
            if current is None and len(options) == 1:
                current = options[0]
            if len(options) > 1:
                values = [(getattr(region, level.key), region.name) for region in options]
                selects.append(RegionSelect(level, values, getattr(current, level.key, "")))
            parent = current
        else:
            if parent is not None:
                in_effect.append(parent)
        return selects, in_effect


def _level_of(region):
    return next(level for level in LEVELS if isinstance(region, level.model))


def _parent(region):
    field = _level_of(region).parent
    return getattr(region, field) if field else None


def _ancestor(region, like):
    """The ancestor of ``region`` at the level of ``like`` (``region`` itself if the same)."""
    while region is not None and type(region) is not type(like):
        region = _parent(region)
    return region


def _with_ancestors(region):
    chain = [region]
    while (parent := _parent(chain[0])) is not None:
        chain.insert(0, parent)
    return chain
