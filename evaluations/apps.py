from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Evaluasi")

    def ready(self):
        from villages.signals import reference_data_loaded

        from . import competition_permissions, permissions  # noqa: F401  (registers the rules)
        from .known_results import load_known_results
        from .sections import register_competition_sections, register_evaluation_sections

        reference_data_loaded.connect(load_known_results, dispatch_uid="evaluations-known-results")
        register_evaluation_sections()
        register_competition_sections()
