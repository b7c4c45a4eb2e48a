"""When a person last changed a unit: the page's "Data terakhir diubah".

A change counts when its history record names a user, which the history middleware adds
for a signed-in kader or staff member (the workspace forms, the CSV import, the admin).
Management commands such as ``load_pekalongan`` and ``load_demo_data`` run without a
user, so they never set the date.
"""

from simple_history.signals import post_create_historical_record

import pagecache

from .cache_tags import UNITS, unit_tag
from .models import Activity, BoardMember, KampungKB, UnitData


def _unit_id(instance):
    return instance.pk if isinstance(instance, KampungKB) else instance.unit_id


def stamp_person_edit(sender, instance, history_instance, **kwargs):
    if history_instance.history_user_id is None:
        return
    unit_id = _unit_id(instance)
    # An update, not a save: the stamp is not itself a change to record in the history.
    KampungKB.objects.filter(pk=unit_id).update(profile_updated_at=history_instance.history_date)
    pagecache.bump_on_commit(UNITS, unit_tag(unit_id))


def connect():
    for model in (KampungKB, BoardMember, UnitData, Activity):
        post_create_historical_record.connect(
            stamp_person_edit, sender=model.history.model, dispatch_uid=f"edits-{model.__name__}"
        )
