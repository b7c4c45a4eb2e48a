from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Evaluasi")

    def ready(self):
        from . import cache_tags, permissions, sections  # noqa: F401  (registers the rules)

        cache_tags.register_evaluations()
        sections.register_evaluation_sections()
