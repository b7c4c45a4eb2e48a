import io
import stat
import tarfile

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from PIL import Image

from competitions.models import Entry, EntryStage
from evaluations.models import Criterion, Period
from tests.conftest import PASSWORD, load_pekalongan
from villages.accounts import create_user
from villages.models import Activity, ActivityPhoto, KampungKB, UnitData


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    return buffer.getvalue()


def run(command, *args):
    call_command(command, *args, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_finds_everything(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_pekalongan()
    jenggot = KampungKB.objects.get(slug="jenggot")
    create_user("siti", "kader", password=PASSWORD, units=[jenggot])
    activity = Activity.objects.create(
        unit=jenggot, title="Panen Kebun Pikatu", date="2025-04-20", category="dashat"
    )
    photo = ActivityPhoto(activity=activity, caption="Panen lele")
    photo.image.save("panen.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.thumbnail.save("panen_thumb.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.save()
    UnitData.objects.create(unit=jenggot, year=2025, month=3, couples=900, active_users=610)
    run("create_period", "2025", "--name", "Evaluasi dan Pembinaan Kampung KB 2025")
    before = {
        "units": KampungKB.objects.count(),
        "criteria": Criterion.objects.count(),
        "history": KampungKB.history.count(),
    }
    stored_photo = photo.image.name
    archive = tmp_path / "cadangan.tar.gz"
    run("backup_portal", str(archive))

    run("flush", "--no-input")
    for path in sorted((tmp_path / "media").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not KampungKB.objects.exists()

    run("restore_portal", str(archive))

    assert KampungKB.objects.count() == before["units"] == 27
    assert Criterion.objects.count() == before["criteria"] > 0
    assert KampungKB.history.count() == before["history"]
    assert Period.objects.get(year=2025).name == "Evaluasi dan Pembinaan Kampung KB 2025"
    assert UnitData.objects.get(unit__slug="jenggot").active_users == 610
    restored = ActivityPhoto.objects.get(activity__title="Panen Kebun Pikatu")
    assert restored.image.name == stored_photo
    assert restored.image.read() == jpeg_bytes()
    siti = get_user_model().objects.get(username="siti")
    assert list(siti.kader_units.values_list("slug", flat=True)) == ["jenggot"]
    assert authenticate(RequestFactory().post("/"), username="siti", password=PASSWORD) == siti


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_pekalongan()
    archive = tmp_path / "cadangan.tar.gz"
    run("backup_portal", str(archive))
    with pytest.raises(CommandError, match="tidak kosong"):
        run("restore_portal", str(archive))


@pytest.mark.django_db(transaction=True)
def test_an_archive_from_before_competitions_moved_app_still_restores(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_pekalongan()
    entries = sorted(Entry.objects.values_list("pk", "unit__slug", "year", "level", "result"))
    stages = EntryStage.objects.count()
    history = Entry.history.count()
    assert entries and stages and history
    archive = tmp_path / "cadangan.tar.gz"
    run("backup_portal", str(archive))
    old_archive = tmp_path / "cadangan-lama.tar.gz"
    with tarfile.open(archive, "r:gz") as tar:
        data = tar.extractfile("data.json").read().decode("utf-8")
    # Entries lived in `evaluations` until they moved with their tables to `competitions`.
    data = data.replace('"model": "competitions.', '"model": "evaluations.')
    with tarfile.open(old_archive, "w:gz") as tar:
        info = tarfile.TarInfo("data.json")
        info.size = len(data.encode("utf-8"))
        tar.addfile(info, io.BytesIO(data.encode("utf-8")))

    run("flush", "--no-input")
    run("restore_portal", str(old_archive))

    assert sorted(Entry.objects.values_list("pk", "unit__slug", "year", "level", "result")) == (
        entries
    )
    assert EntryStage.objects.count() == stages
    assert Entry.history.count() == history


def test_a_backup_archive_is_readable_by_its_owner_only(tmp_path, settings, pekalongan):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "cadangan.tar.gz"
    archive.write_bytes(b"an older archive, world-readable")
    archive.chmod(0o644)
    out = io.StringIO()
    call_command("backup_portal", str(archive), stdout=out)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert "mode 0600" in out.getvalue()
    assert not (tmp_path / "cadangan.tar.gz.part").exists()
    with tarfile.open(archive) as tar:
        assert "data.json" in tar.getnames()
