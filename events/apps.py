from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and registration (Biobanks & Collections Day); models arrive with the events issue."""

    name = "events"
    verbose_name = _("Events")
