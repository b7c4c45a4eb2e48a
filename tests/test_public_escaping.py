"""Every free-text field shown on a public page comes out inert: kader, staff and imported
sources type text that ends up in front of the public."""

import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image

from competitions.models import Entry, EntryStage
from evaluations.models import Period
from villages.models import Activity, ActivityPhoto, BoardMember, KampungKB

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
]
# Fields holding URLs are validated as URLs by their forms; the rest are free text.
NOT_FREE_TEXT = {"slug", "video_url", "field_officer_nip"}
numbers = itertools.count(1)


def free_text_fields(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT
    ]


def hostile(payload):
    """A payload tagged with a number, so each field's own text can be found."""
    return f"{payload}#{next(numbers)}"


def fill(instance, payload):
    written = []
    for name in free_text_fields(type(instance)):
        max_length = type(instance)._meta.get_field(name).max_length or 1000
        value = hostile(payload)[:max_length]
        setattr(instance, name, value)
        written.append(value)
    return written


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_public_free_text_field_is_escaped(client, pekalongan, payload):
    unit = KampungKB.objects.get(slug="jenggot")
    written = fill(unit, payload)
    unit.has_bkb = True
    unit.save()
    board = BoardMember(unit=unit, role="ketua", position=0)
    written += fill(board, payload)
    board.save()
    activity = Activity(unit=unit, date="2025-05-01", category="dashat")
    written += fill(activity, payload)
    activity.save()
    photo = ActivityPhoto(activity=activity)
    written += fill(photo, payload)
    photo.image.save("a.jpg", jpeg(), save=False)
    photo.thumbnail.save("b.jpg", jpeg(), save=False)
    photo.save()
    entry = Entry(unit=unit, year=2024, level="provinsi", category="kota", result="juara_1")
    written += fill(entry, payload)
    entry.save()
    stage = EntryStage(entry=entry, position=0, outcome="lolos")
    written += fill(stage, payload)
    stage.save()
    period = Period(year=2025, status=Period.Status.PUBLISHED)
    written += fill(period, payload)
    period.save()

    pages = [
        "/",
        "/kampung/",
        "/kampung/jenggot/",
        "/kampung/jenggot/kegiatan/",
        activity.get_absolute_url(),
        "/prestasi/",
        f"/prestasi/{entry.pk}/",
        "/evaluasi/",
        "/evaluasi/2025/",
    ]
    shown = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for value in written:
            assert value not in html, (url, value)
            tag = value.rsplit("#", 1)[1]
            if f"#{tag}" in html:
                shown.add(value)
        assert "<script>alert" not in html
        assert "onerror=" not in html.replace("onerror=&quot;", "")
    # The test means something only if the fields really reach the pages.
    assert len(shown) > len(written) // 2
