"""Who may see a competition entry's readiness checklist.

Staff manage entries with `evaluations.manage_period`; the unit's kader may read what
the judges will look at, so they know what to fix. The object is the entry.
"""

import rules

from villages.permissions import is_kader_of_unit, is_staf

VIEW_ENTRY_READINESS = "competitions.view_entry_readiness"


@rules.predicate
def is_kader_of_entry_unit(user, entry):
    return entry is not None and is_kader_of_unit(user, entry.unit)


rules.add_perm(VIEW_ENTRY_READINESS, is_staf | is_kader_of_entry_unit)
