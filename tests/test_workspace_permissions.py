"""Every /kelola/ page, walked by people who may not use it.

The pages are read from the workspace URL modules, so a page added later is walked too.
When a new page has a URL argument this file cannot fill, its tests fail and name it:
add the argument to ``KWARG_VALUES`` (or, for ``pk``, the object to ``PK_OBJECTS``).
"""

import datetime
import io
from functools import cached_property

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, reverse
from PIL import Image

import competitions.manage_urls
import evaluations.manage_urls
import villages.manage_urls
from competitions.models import Entry, EntryDocument, EntryStage
from evaluations.models import (
    Aspect,
    CoachingNote,
    Criterion,
    Period,
)
from villages.models import (
    Activity,
    ActivityCategory,
    ActivityPhoto,
    BoardMember,
    CityFigure,
    Innovation,
    KampungKB,
    UnitData,
)


def walk(patterns, namespace):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        else:
            yield namespace, pattern


VILLAGE_PAGES = list(walk(villages.manage_urls.urlpatterns, villages.manage_urls.app_name))
EVALUATION_PAGES = list(
    walk(evaluations.manage_urls.urlpatterns, evaluations.manage_urls.app_name)
) + list(walk(competitions.manage_urls.urlpatterns, competitions.manage_urls.app_name))

# Pages that are not about one unit and that a kader or a juri may open.
KADER_MAY_OPEN = {"manage:dashboard"}
JURI_MAY_OPEN = {"manage:dashboard"}

# Which object a page's ``pk`` names, by a word of the page's URL name.
PK_OBJECTS = {
    "account": "account",
    "activity": "activity",
    "board": "board_member",
    "data": "unit_data",
    "aspect": "aspect",
    "criterion": "criterion",
    "coaching": "coaching_note",
    "entry": "entry",
    "innovation": "innovation",
    "figure": "city_figure",
}

# Every other URL argument: how to fill it from the Jenggot objects.
KWARG_VALUES = {
    "slug": lambda jenggot: jenggot.unit.slug,
    "section": lambda jenggot: "identitas",
    "photo_pk": lambda jenggot: jenggot.photo.pk,
    "activity_pk": lambda jenggot: jenggot.activity.pk,
    "year": lambda jenggot: jenggot.period.year,
    "username": lambda jenggot: jenggot.kader.username,
    "stage_pk": lambda jenggot: jenggot.entry.stages.first().pk,
    "document_pk": lambda jenggot: jenggot.entry_document.pk,
}


def params(pages):
    return [
        pytest.param(namespace, pattern, id=f"{namespace}:{pattern.name} /{pattern.pattern}")
        for namespace, pattern in pages
    ]


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="posyandu.jpg")


class Jenggot:
    """One of everything that belongs to the Jenggot unit, made when first asked for."""

    def __init__(self, kader):
        self.kader = kader
        self.unit = KampungKB.objects.get(slug="jenggot")

    @cached_property
    def account(self):
        return self.kader

    @cached_property
    def board_member(self):
        return BoardMember.objects.create(unit=self.unit, name="Siti", role="ketua")

    @cached_property
    def activity(self):
        return Activity.objects.create(
            unit=self.unit,
            title="Posyandu remaja",
            date=datetime.date(2024, 5, 2),
            category=ActivityCategory.PIKR,
        )

    @cached_property
    def photo(self):
        return ActivityPhoto.objects.create(activity=self.activity, image=jpeg(), thumbnail=jpeg())

    @cached_property
    def period(self):
        return Period.objects.get_or_create(year=2025, defaults={"name": "Evaluasi 2025"})[0]

    @cached_property
    def aspect(self):
        return Aspect.objects.create(period=self.period, name="Kelembagaan")

    @cached_property
    def criterion(self):
        return Criterion.objects.create(
            aspect=self.aspect, code="K1", name="Sekretariat", weight=5, max_score=4
        )

    @cached_property
    def coaching_note(self):
        return CoachingNote.objects.create(
            unit=self.unit, period=self.period, text="Lengkapi papan data."
        )

    @cached_property
    def entry(self):
        # Loaded with the known results; its stages come with it.
        return Entry.objects.get(unit=self.unit, year=2025, level=Entry.Level.NATIONAL)

    @cached_property
    def entry_document(self):
        return EntryDocument.objects.create(entry=self.entry, title="Profil", file="lomba/a.pdf")

    @cached_property
    def innovation(self):
        return Innovation.objects.create(unit=self.unit, name="Kebun gizi")

    @cached_property
    def city_figure(self):
        return CityFigure.objects.first()

    @cached_property
    def unit_data(self):
        return UnitData.objects.create(unit=self.unit, year=2024, month=5, families=120)

    def kwargs_for(self, name, pattern):
        kwargs = {}
        for kwarg in pattern.pattern.converters:
            if kwarg == "pk":
                words = (name or "").split(":")[-1].split("-")
                found = next((PK_OBJECTS[word] for word in words if word in PK_OBJECTS), None)
                if found is None:
                    pytest.fail(
                        f"{name} (/{pattern.pattern}): which object does its pk name? "
                        f"Add a word of the URL name to PK_OBJECTS in {__name__}."
                    )
                kwargs[kwarg] = getattr(self, found).pk
            elif kwarg in KWARG_VALUES:
                kwargs[kwarg] = KWARG_VALUES[kwarg](self)
            else:
                pytest.fail(
                    f"{name} (/{pattern.pattern}): cannot fill URL argument {kwarg!r}. "
                    f"Add it to KWARG_VALUES in {__name__}."
                )
        return kwargs

    def url(self, namespace, pattern):
        name = f"{namespace}:{pattern.name}"
        if pattern.name is None:
            pytest.fail(f"/{pattern.pattern} in {namespace} has no name: give it one.")
        return reverse(name, kwargs=self.kwargs_for(name, pattern))

    def counts(self):
        return {
            model.__name__: model.objects.count()
            for model in (
                BoardMember,
                Innovation,
                CityFigure,
                Activity,
                ActivityPhoto,
                UnitData,
                Entry,
                EntryStage,
                EntryDocument,
            )
        } | {"active kader": type(self.kader).objects.filter(is_active=True).count()}


@pytest.fixture
def jenggot(kader_jenggot):
    return Jenggot(kader_jenggot)


def test_the_walk_finds_the_workspace_pages():
    names = {f"{namespace}:{pattern.name}" for namespace, pattern in VILLAGE_PAGES}
    assert {
        "manage:dashboard",
        "manage:unit",
        "manage:account-list",
        "manage:account-update",
        "manage:unit-history",
    } <= names


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("namespace", "pattern"), params(VILLAGE_PAGES + EVALUATION_PAGES))
def test_anonymous_is_sent_to_login(client, jenggot, namespace, pattern, method):
    url = jenggot.url(namespace, pattern)

    response = getattr(client, method)(url)

    assert response.status_code == 302, url
    assert response["Location"].startswith("/akun/masuk/?next="), url


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("namespace", "pattern"),
    [
        page
        for page in params(VILLAGE_PAGES + EVALUATION_PAGES)
        if f"{page.values[0]}:{page.values[1].name}" not in KADER_MAY_OPEN
    ],
)
def test_kader_of_another_unit_is_refused(
    login, kader_bandengan, jenggot, namespace, pattern, method
):
    url = jenggot.url(namespace, pattern)
    before = jenggot.counts()

    response = getattr(login(kader_bandengan), method)(url)

    assert response.status_code == 403, url
    assert jenggot.counts() == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("namespace", "pattern"),
    [
        page
        for page in params(VILLAGE_PAGES)
        if f"{page.values[0]}:{page.values[1].name}" not in JURI_MAY_OPEN
    ],
)
def test_juri_is_refused_unit_and_account_pages(login, juri, jenggot, namespace, pattern, method):
    url = jenggot.url(namespace, pattern)
    before = jenggot.counts()

    response = getattr(login(juri), method)(url)

    assert response.status_code == 403, url
    assert jenggot.counts() == before


@pytest.mark.parametrize("user", ["kader_bandengan", "juri"])
def test_kader_and_juri_may_open_the_workspace_dashboard(request, login, user):
    assert login(request.getfixturevalue(user)).get(reverse("manage:dashboard")).status_code == 200
