"""Each mail in its recipient's language, whoever (or whatever) sends it.

A mail is rendered once per recipient inside `speaking(language)`: the templates' words, the
dates and numbers (hub/formats/<lang>/formats.py) and the links (reverse() and page URLs take
the language's prefix, /nl/…) all follow that language, not the language of the request that
happened to cause the mail (an organiser cancelling an event, a coordinator posting an
announcement) nor the worker's or a command's (the site default).

Where a recipient's language comes from: a registration's `language` (the page they registered
from), a member's `Profile.language` (set at sign-up, changed in My account), a newsletter
subscriber's `language`. Blank or unknown: the site default (settings.LANGUAGE_CODE).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def supported(language: str | None) -> str:
    """`language` when the site offers it ("nl", "fr-be" → "fr"), else the site default."""
    language = (language or "").strip().lower()
    if language in codes():
        return language
    base = language.split("-", 1)[0]
    return base if base in codes() else settings.LANGUAGE_CODE


def current() -> str:
    """The language of what is being answered now (a request's prefix), made supported: what
    a reader's choices are recorded in."""
    return supported(translation.get_language())


def of_user(user) -> str:
    """A member's chosen language (their profile's), or the site default."""
    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    try:
        profile = user.profile
    except Exception:  # no profile row (a user made before profiles, raw fixtures)
        return settings.LANGUAGE_CODE
    return supported(getattr(profile, "language", ""))


def of_users(users) -> dict[int, str]:
    """user id → language for many members, in one query."""
    from community.models import Profile

    ids = [user.pk for user in users]
    found = dict(Profile.objects.filter(user_id__in=ids).values_list("user_id", "language"))
    return {pk: supported(found.get(pk)) for pk in ids}


def of_address(email: str) -> str:
    """The language of the member who owns `email` (a verified address), or blank: for a mail
    to an address typed by someone else (an organiser adding a registration)."""
    from allauth.account.models import EmailAddress

    row = (
        EmailAddress.objects.filter(email__iexact=(email or "").strip(), verified=True)
        .select_related("user__profile")
        .first()
    )
    if row is None:
        return ""
    profile = getattr(row.user, "profile", None)
    return getattr(profile, "language", "") or ""


def speaking(language: str | None):
    """Render inside this (a context manager) to write in `language`."""
    return translation.override(supported(language))


def page_for_reader(page):
    """`page` as a reader of the active language finds it: its live translation, or the source
    page (whose URL then carries the language's prefix). Call inside `speaking()`."""
    from hub.i18n import source_of, translation_for_reader

    if page is None:
        return None
    return translation_for_reader(source_of(page))


def source_page(page):
    """The source-language page of `page` (a translation's): its URL, made inside `speaking()`,
    carries the recipient's prefix and is served in their translation (hub.i18n)."""
    from hub.i18n import source_of

    return source_of(page) if page is not None else None


def path_in(path: str, language: str | None = None) -> str:
    """A site path ("/partnerships/4/", "/nl/partnerships/4/") under the prefix of `language`
    (by default the active one): for paths kept in a cache with whichever prefix they were
    first made under."""
    target = supported(language or translation.get_language())
    made_in = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(made_in):
        return translate_url(path, target)
