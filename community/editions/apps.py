from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "community.editions"
    label = "editions"
    verbose_name = _("Newsletter editions")

    def ready(self):
        from community.editions import signals  # noqa: F401 - connects the receivers
