"""The signed link in every registration mail that lets a person see and cancel their registration.

The token carries the registration id and its creation time, signed with the site's secret
(salted for this purpose). It stops working when it is tampered with, when it is older than
MAX_AGE, and when the registration it was made for has been replaced (cancelled and registered
again gives a new creation time, so an old link cannot cancel the new registration).

It uses "/" as the separator, so that it fits into Wagtail's page URLs
(/events/<event>/registration/<payload>/<time>/<signature>/), which only allow letters, digits,
"-" and "_" between slashes.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

SALT = "events.registration.manage"
SEPARATOR = "/"
MAX_AGE = timedelta(days=730)


def _signer():
    return signing.TimestampSigner(salt=SALT, sep=SEPARATOR)


def _stamp(registration) -> int:
    return int(registration.created_at.timestamp())


def make_token(registration) -> str:
    return _signer().sign_object([registration.pk, _stamp(registration)])


def read_token(token: str) -> tuple[int, int] | None:
    """(registration id, creation stamp), or None if tampered with or expired."""
    try:
        value = _signer().unsign_object(token, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError):  # BadSignature includes SignatureExpired
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(part, int) for part in value)
    ):
        return None
    return value[0], value[1]


def matches(registration, stamp: int) -> bool:
    return registration is not None and _stamp(registration) == stamp


def manage_path(registration, event=None) -> str:
    """The registration's own page, relative to the site root."""
    event = event or registration.event
    return event.url + event.reverse_subpage(
        "manage_route", args=make_token(registration).split(SEPARATOR)
    ).lstrip("/")
