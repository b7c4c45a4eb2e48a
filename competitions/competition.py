"""Rules for competition entries (lomba Kampung KB): regions, nomination, readiness.

Pure functions, free of HTTP and the database; the entry views and the readiness page
gather the facts and call them.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

VIDEO_MAX_SECONDS = 180
RECENT_ACTIVITY_DAYS = 365
RECENT_DATA_MONTHS = 3


class NationalRegion(models.TextChoices):
    REGIONAL_1 = "regional_1", _("Regional 1 (Jawa, Bali, Sumatera)")
    REGIONAL_2 = "regional_2", _("Regional 2 (Nusa Tenggara, Kalimantan, Sulawesi, Maluku, Papua)")


def national_region(province_code):
    """The national selection's region for a Kemendagri province code, or None if unknown.

    Province codes group by island: 1x and 21 Sumatera, 3x Jawa, 51 Bali, 52-53 Nusa
    Tenggara, 6x Kalimantan, 7x Sulawesi, 8x Maluku, 9x Papua.
    """
    code = (province_code or "").strip()
    if len(code) != 2 or not code.isdigit():
        return None
    if code[0] in "13" or code in ("21", "51"):
        return NationalRegion.REGIONAL_1
    if code in ("52", "53") or code[0] in "6789":
        return NationalRegion.REGIONAL_2
    return None


def nomination_problem(eligibility, override_reason):
    """Why a nomination may not go ahead, or None. An ineligible unit needs a reason."""
    if eligibility.eligible:
        return None
    if (override_reason or "").strip():
        return None
    return _(
        "Kampung KB ini belum memenuhi syarat (%(reason)s). Isi alasan bila tetap diusulkan."
    ) % {"reason": eligibility.reason}


@dataclass(frozen=True)
class ReadinessFacts:
    """What the portal knows about a unit that judges will assess."""

    completeness_percent: int
    missing_items: tuple
    video_url: str
    video_seconds: int | None
    last_dashat_on: datetime.date | None
    last_empowerment_on: datetime.date | None
    latest_data_period: tuple | None  # (year, month or None for a yearly record)
    krppa_linkage: str
    organisation_gaps: tuple  # labels of missing decree/organisation items
    innovation_names: tuple = ()  # the unit's recorded flagship innovations


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: str
    ok: bool
    reason: str


def readiness_checklist(facts: ReadinessFacts, today: datetime.date):
    """Each item judges look at, green or red with the reason, from the portal's data."""
    return [
        _profile_item(facts),
        _video_item(facts),
        _recent_activity_item(
            "dashat", _("Kegiatan Dashat 12 bulan terakhir"), facts.last_dashat_on, today
        ),
        _recent_activity_item(
            "pemberdayaan",
            _("Kegiatan pemberdayaan ekonomi keluarga (UPPKA) 12 bulan terakhir"),
            facts.last_empowerment_on,
            today,
        ),
        _data_item(facts, today),
        CheckItem(
            "krppa",
            _("Keterkaitan dengan KRPPA dijelaskan"),
            bool(facts.krppa_linkage.strip()),
            _("Sudah dijelaskan di profil.")
            if facts.krppa_linkage.strip()
            else _("Isi bagian keterkaitan dengan KRPPA di profil."),
        ),
        _innovation_item(facts),
        CheckItem(
            "organisasi",
            _("Kelembagaan dan SK lengkap"),
            not facts.organisation_gaps,
            _("SK pembentukan, Pokja, pengurus, dan regulasi sudah diisi.")
            if not facts.organisation_gaps
            else _("Belum diisi: %(items)s.")
            % {"items": ", ".join(map(str, facts.organisation_gaps))},
        ),
    ]


def _innovation_item(facts):
    label = _("Inovasi unggulan tercatat")
    if not facts.innovation_names:
        return CheckItem("inovasi", label, False, _("Catat inovasi unggulan beserta sumbernya."))
    names = ", ".join(facts.innovation_names)
    return CheckItem("inovasi", label, True, _("Tercatat: %(names)s.") % {"names": names})


def _profile_item(facts):
    ok = facts.completeness_percent == 100
    if ok:
        reason = _("Profil lengkap.")
    else:
        reason = _("Kelengkapan %(percent)s%%; belum diisi: %(items)s.") % {
            "percent": facts.completeness_percent,
            "items": ", ".join(map(str, facts.missing_items)),
        }
    return CheckItem("profil", _("Profil lengkap"), ok, reason)


def _video_item(facts):
    label = _("Video profil tertaut, paling lama 3 menit")
    if not facts.video_url:
        return CheckItem("video", label, False, _("Belum ada tautan video profil."))
    if facts.video_seconds is None:
        return CheckItem("video", label, False, _("Durasi video belum dicatat."))
    minutes, seconds = divmod(facts.video_seconds, 60)
    duration = f"{minutes}:{seconds:02d}"
    if facts.video_seconds > VIDEO_MAX_SECONDS:
        return CheckItem(
            "video",
            label,
            False,
            _("Durasi %(duration)s melebihi 3 menit.") % {"duration": duration},
        )
    return CheckItem("video", label, True, _("Durasi %(duration)s.") % {"duration": duration})


def _recent_activity_item(code, label, last_on, today):
    if last_on is None:
        return CheckItem(code, label, False, _("Belum ada kegiatan kategori ini yang diunggah."))
    if (today - last_on).days > RECENT_ACTIVITY_DAYS:
        reason = _("Kegiatan terakhir %(date)s, lebih dari 12 bulan lalu.")
        return CheckItem(code, label, False, reason % {"date": last_on.isoformat()})
    reason = _("Kegiatan terakhir %(date)s.")
    return CheckItem(code, label, True, reason % {"date": last_on.isoformat()})


def _data_item(facts, today):
    label = _("Data diperbarui dalam 3 bulan terakhir")
    if facts.latest_data_period is None:
        return CheckItem("data", label, False, _("Belum ada data yang diisi."))
    year, month = facts.latest_data_period
    # A yearly record stands for December of its year.
    latest = year * 12 + (month or 12) - 1
    oldest_allowed = today.year * 12 + today.month - 1 - RECENT_DATA_MONTHS
    period = f"{month:02d}/{year}" if month else str(year)
    if latest < oldest_allowed:
        reason = _("Data terakhir untuk periode %(period)s.")
        return CheckItem("data", label, False, reason % {"period": period})
    return CheckItem(
        "data", label, True, _("Data terakhir untuk periode %(period)s.") % {"period": period}
    )
