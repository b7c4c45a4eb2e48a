from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "villages"
    verbose_name = _("Kampung KB")

    def ready(self):
        from kampungkb import page_cache  # noqa: F401  (connects the invalidation signals)

        from . import permissions  # noqa: F401  (registers the rules)
