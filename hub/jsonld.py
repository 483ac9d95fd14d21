"""Structured data (JSON-LD) inside a ``<script type="application/ld+json">`` element."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# Nothing in the data may close the script element or start a comment (as Django's json_script,
# which only writes type="application/json").
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script_text(data: dict) -> SafeString:
    """The JSON text of `data`, safe as the content of a script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - <, > and & escaped above
