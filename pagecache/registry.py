"""Which saves bump which tags. Apps call `register` and `register_m2m` from their
`AppConfig.ready()`; pagecache itself knows no model.

A *feed* is a tag, or a function of the saved instance returning tags (the tag of the
unit a row belongs to).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import bump_on_commit


def register(model, *feeds):
    """Bump `feeds` once the transaction commits, whenever a row of `model`
    ("app_label.Model") is saved or deleted."""
    receiver = _on_change(feeds)
    # Strong references: the receivers are closures nobody else keeps. A string sender
    # connects once the model is loaded.
    post_save.connect(receiver, sender=model, weak=False)
    post_delete.connect(receiver, sender=model, weak=False)


def register_m2m(through, *feeds):
    """Bump `feeds` when rows are added to or removed from the many-to-many table
    `through` ("app_label.Model_field"). Changed from the other side, only the feeds that
    are plain tags are bumped: the instance at hand is not the one the functions expect."""
    m2m_changed.connect(_on_m2m_change(feeds), sender=through, weak=False)


def _tags_for(feeds, instance):
    tags = []
    for feed in feeds:
        if callable(feed):
            tags.extend(feed(instance))
        else:
            tags.append(feed)
    return tags


def _on_change(feeds):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:  # loaddata: the fixtures' pages were never cached
            bump_on_commit(*_tags_for(feeds, instance))

    return receiver


def _on_m2m_change(feeds):
    def receiver(sender, instance, action, reverse, **kwargs):
        if not action.startswith("post_"):
            return
        if reverse:  # e.g. agency.activities.add(...): the units are not at hand
            bump_on_commit(*(feed for feed in feeds if not callable(feed)))
        else:
            bump_on_commit(*_tags_for(feeds, instance))

    return receiver
