"""When a Kampung KB was formed, as precisely as its source states it.

A source gives the day (Bandengan: 5 February 2016), only the year, or only a year by
which the unit existed ("paling lambat 2022": named as existing in a May 2022 article).
The age rule of the provincial selection reads the year, so each of these is enough for
it; `Formation` carries the year and whether it is an upper bound.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, TextChoices
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class FormationPrecision(TextChoices):
    DAY = "tanggal", _("Tanggal diketahui")
    YEAR = "tahun", _("Hanya tahun diketahui")
    AT_LATEST = "paling_lambat", _("Paling lambat tahun tertentu")


@dataclass(frozen=True)
class Formation:
    year: int
    precision: str
    day: datetime.date | None = None
    source: str = ""

    @property
    def at_latest(self):
        """True when the year is only the latest the unit can have been formed."""
        return self.precision == FormationPrecision.AT_LATEST

    def __str__(self):
        if self.day is not None:
            return date_format(self.day, "j F Y")
        if self.at_latest:
            return str(_("paling lambat %(year)s") % {"year": self.year})
        return str(self.year)


def formation_of(formed_on, formed_year, precision, source=""):
    """The unit's `Formation` from its fields, or None when nothing is known.

    A day always wins: older records and forms set only `formed_on`.
    """
    if formed_on is not None:
        return Formation(formed_on.year, FormationPrecision.DAY, formed_on, source)
    if formed_year and precision in (FormationPrecision.YEAR, FormationPrecision.AT_LATEST):
        return Formation(formed_year, precision, None, source)
    return None


def formed_by_year(year, prefix=""):
    """A filter for units whose formation year (exact or upper bound) is `year` or earlier."""
    return Q(**{f"{prefix}formed_on__lte": datetime.date(year, 12, 31)}) | Q(
        **{
            f"{prefix}formed_on__isnull": True,
            f"{prefix}formed_year__lte": year,
            f"{prefix}formed_precision__in": [
                FormationPrecision.YEAR,
                FormationPrecision.AT_LATEST,
            ],
        }
    )
