"""Data for the home page and the list: a unit brought to a known level, published
results, more units and activities."""

from django.utils import timezone

from tests.reports import STRONG_MARCH, answer_every_profile_indicator
from villages.models import Activity, ActivityCategory, Agency, UnitData


def make_mandiri(unit):
    """Every indicator answered, a complete report and an activity with two agencies in
    the last 12 months: the rule gives Mandiri (see `tests.reports`)."""
    answer_every_profile_indicator(unit)
    today = timezone.localdate()
    UnitData.objects.create(unit=unit, year=today.year, month=today.month, **STRONG_MARCH)
    activity = Activity.objects.create(
        unit=unit, title="Penyuluhan KB", date=today, category=ActivityCategory.BKB
    )
    activity.agencies.set(
        [Agency.objects.get_or_create(name=name)[0] for name in ("Puskesmas", "TP PKK")]
    )
    return unit


def publish_results(year, scores):
    """A published period whose frozen results give ``scores`` ({unit: score}) ranked."""
    from evaluations.models import Period, PublishedResult

    period = Period.objects.create(
        year=year, name=f"Evaluasi Uji {year}", status=Period.Status.PUBLISHED
    )
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    PublishedResult.objects.bulk_create(
        PublishedResult(
            period=period,
            unit=unit,
            rank=position,
            final_score=score,
            complete=True,
            position=position,
        )
        for position, (unit, score) in enumerate(ranked, start=1)
    )
    return period
