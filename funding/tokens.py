"""Signed unsubscribe links for funding alerts: /funding/unsubscribe/<token>/.

A token names one alert ("follow" or "filter" and its id), signed with the site's secret and
salted for this purpose. It does not expire: an unsubscribe link must keep working.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

SALT = "funding.alerts.unsubscribe"
KINDS = ("follow", "filter")


def make_token(kind: str, pk: int) -> str:
    return signing.dumps([kind, pk], salt=SALT, compress=False)


def read_token(token: str) -> tuple[str, int] | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or value[0] not in KINDS
        or not isinstance(value[1], int)
    ):
        return None
    return value[0], value[1]


def unsubscribe_path(kind: str, pk: int) -> str:
    return reverse("funding_unsubscribe", args=[make_token(kind, pk)])
