"""Validators shared by the funding models and forms."""

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

http_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
)
