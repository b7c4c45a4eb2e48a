"""Read models of evaluation periods: what the pages and exports show, read in a fixed
number of queries. Writes live in `services`; the rules these reads apply live in
`judging` (who scores what, progress), `scoring` (results) and on the models."""

from villages.models import KampungKB

from .models import Conflict


class ExcludedPairs(frozenset):
    """(judge id, unit id) pairs whose scores never count, with why: `kader` (the judge
    is kader of the unit) and `conflicts` (the judge declared a conflict of interest)."""

    def __new__(cls, conflicts, kader):
        pairs = super().__new__(cls, conflicts | kader)
        pairs.conflicts, pairs.kader = conflicts, kader
        return pairs


def excluded_pairs(period, *, unit=None):
    """The `ExcludedPairs` of `period`'s judges, of every unit or of `unit`. Two queries."""
    conflicts = Conflict.objects.filter(period=period)
    kader = KampungKB.kader.through.objects.filter(user__judge_assignments__period=period)
    if unit is not None:
        conflicts = conflicts.filter(unit=unit)
        kader = kader.filter(kampungkb=unit)
    return ExcludedPairs(
        frozenset(conflicts.values_list("judge_id", "unit_id")),
        frozenset(kader.values_list("user_id", "kampungkb_id")),
    )
