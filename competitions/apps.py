from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "competitions"
    verbose_name = _("Lomba")

    def ready(self):
        from villages.signals import reference_data_loaded

        from . import cache_tags, permissions, sections  # noqa: F401  (registers the rules)
        from .known_results import load_known_results

        cache_tags.register()
        sections.register_sections()
        reference_data_loaded.connect(
            load_known_results, dispatch_uid="competitions-known-results"
        )
