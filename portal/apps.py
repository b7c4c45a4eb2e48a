from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site itself: health check, error pages, language switch, replica routing."""

    name = "portal"
