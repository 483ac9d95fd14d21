from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """Funding calls and partnership listings; models arrive with the funding issue."""

    name = "funding"
    verbose_name = _("Funding and partnerships")
