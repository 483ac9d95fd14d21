from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The shared layer under every app: settings, URLs, search, and the content generation
    that every cached piece of content is keyed on (hub.cache)."""

    name = "hub"
    verbose_name = _("Hub")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub import checks  # noqa: F401 - registers the system checks
