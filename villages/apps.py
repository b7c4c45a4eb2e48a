from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "villages"
    verbose_name = _("Kampung KB")

    def ready(self):
        from . import cache_tags, permissions  # noqa: F401  (permissions registers the rules)

        cache_tags.register()
