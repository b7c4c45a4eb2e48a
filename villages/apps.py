from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "villages"
    verbose_name = _("Kampung KB")

    def ready(self):
        from . import cache_tags, catalogue, edits, permissions  # noqa: F401  (permissions registers the rules)

        cache_tags.register()
        catalogue.register_sorts()
        edits.connect()
        _admin_only_for_those_who_can_use_it()


def _admin_only_for_those_who_can_use_it():
    """The Django admin opens only for `permissions.USE_ADMIN`; others get its sign-in
    page ("not authorized") instead of an empty index."""
    from django.contrib import admin

    from .permissions import USE_ADMIN

    admin.site.has_permission = lambda request: request.user.has_perm(USE_ADMIN)
