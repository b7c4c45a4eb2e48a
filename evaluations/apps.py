from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Evaluasi")

    def ready(self):
        from villages.signals import reference_data_loaded

        from . import cache_tags, competition_permissions, permissions  # noqa: F401  (registers the rules)
        from .known_results import load_known_results

        cache_tags.register_evaluations()
        cache_tags.register_competitions()
        reference_data_loaded.connect(load_known_results, dispatch_uid="evaluations-known-results")
