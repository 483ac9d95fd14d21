from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The shared layer under every app: settings, URLs, search, and the content generation
    that every cached piece of content is keyed on (hub.cache)."""

    name = "hub"
    verbose_name = _("Hub")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.models import Locale

        from hub import checks  # noqa: F401 - registers the system checks
        from hub.i18n import forget_locales

        # The locales' ids are remembered per process (hub/i18n.py): forgotten when one
        # changes, and after migrate or flush (which emits post_migrate), tests included.
        post_save.connect(forget_locales, sender=Locale, dispatch_uid="hub-forget-locales")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="hub-forget-locales-d")
        post_migrate.connect(forget_locales, dispatch_uid="hub-forget-locales-m")
