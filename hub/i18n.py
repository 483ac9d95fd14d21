"""Content in three languages: Wagtail's localisation, translated by editors with wagtail-localize.

English pages are the source. Every listing, count, registration and membership works on them;
a Dutch or French translation replaces a page's words for readers of that language. A page not
translated yet is read in English under the reader's prefix (/nl/events/… keeps the Dutch
interface), its content marked lang="en" — so every page exists in every language, and a reader
never falls out of their language by following a link.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction

_locale_codes: dict[int, str] = {}


def forget_locales(**kwargs) -> None:
    _locale_codes.clear()


def default_language() -> str:
    return settings.LANGUAGE_CODE


def reading_language() -> str:
    """The content language the reader reads in (from the URL prefix)."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default_language()


def locale_code(locale_id: int) -> str:
    """A locale's language without a query per page (locales are created once, rarely changed;
    an unknown id reloads the table)."""
    if locale_id not in _locale_codes:
        _locale_codes.clear()
        _locale_codes.update(Locale.all_objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id, default_language())


def locale_id(language: str) -> int | None:
    if language not in _locale_codes.values():
        locale_code(-1)  # reload
    return next((pk for pk, code in _locale_codes.items() if code == language), None)


def language_of(page) -> str:
    return locale_code(page.locale_id)


def is_source(page) -> bool:
    return language_of(page) == default_language()


def source_pages(pages):
    """`pages` of the source language only: what listings and counts are built from."""
    # By id, not by a join: search backends filter on the page's own `locale` field.
    return pages.filter(locale=locale_id(default_language()))


def source_of(page):
    """The source-language page whose data (registrations, members, children) `page` shares."""
    if is_source(page):
        return page
    if getattr(page, "_source_page", None) is None:
        source = page.get_translation_or_none(locale_id(default_language()))
        page._source_page = source.specific if source is not None else page
    return page._source_page


def translation_for_reader(page):
    """`page`'s live translation in the reading language, or `page` itself."""
    language = reading_language()
    if language_of(page) == language:
        return page
    found = (
        page.specific_class.objects.filter(
            translation_key=page.translation_key, locale=locale_id(language)
        )
        .live()
        .first()
    )
    return found or page


def localize(pages) -> list:
    """`pages` (source pages, in order) with each one swapped for its live translation in the
    reading language: none for English, else one query, and one per page type translated. A
    translation carries what the listing computed on its source (annotations, prefetches,
    `state`) and the source's `source_fields`."""
    pages = list(pages)
    language = reading_language()
    if language == default_language() or not pages:
        return pages
    rows = Page.objects.filter(
        translation_key__in={page.translation_key for page in pages},
        locale=locale_id(language),
        live=True,
    ).values_list("pk", "content_type")
    by_type: dict[int, list[int]] = {}
    for pk, content_type in rows:
        by_type.setdefault(content_type, []).append(pk)
    found = {}
    for content_type, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type).model_class()
        for translated in model.objects.filter(pk__in=pks):
            found[translated.translation_key] = translated
    return [_shown(page, found.get(page.translation_key)) for page in pages]


def _shown(source, translated):
    if translated is None:
        return source
    for name, value in vars(source).items():
        if name not in vars(translated):
            setattr(translated, name, value)
    take_source_fields(translated, source)
    translated._source_page = source
    return translated


def take_source_fields(translation, source) -> None:
    """`translation` (in memory) with its source's `source_fields`, as they are now."""
    for name in getattr(translation, "source_fields", ()):
        setattr(translation, name, getattr(source, name))


def reading_pages(pages, language: str | None = None):
    """The `pages` a reader of `language` finds (search, autocomplete): its translations, and
    the source pages not (yet) translated into it — never a page and its translation both.
    Said with the page's own `locale` and `translation_key` only: search backends filter on
    a model's indexed fields, not on joins or `Exists`. Privacy is the caller's
    (hub.privacy.public_in_any_language)."""
    language = language or reading_language()
    source = locale_id(default_language())
    own = locale_id(language)
    if language == default_language() or own is None:
        return pages.filter(locale=source)
    translated = Page.objects.filter(locale=own, live=True).values("translation_key")
    return pages.filter(Q(locale=own) | (Q(locale=source) & ~Q(translation_key__in=translated)))


def _prefixed(path: str, language: str) -> str:
    """An English page path ("/events/day/") under `language`'s prefix ("/nl/events/day/")."""
    with translation.override(language):
        return reverse("wagtail_serve", args=(path.lstrip("/"),))


def reader_url(page, request=None) -> str | None:
    """`page.get_url(request)` for any page instance, plain `Page` ones too (menus, breadcrumbs
    read base pages): a source page read in another language keeps the reader's prefix."""
    url = page.get_url(request)
    reading = reading_language()
    if url is None or isinstance(page, LocalisedPage) or reading == default_language():
        return url
    if not is_source(page):
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=_prefixed(parts.path, reading)))


class LocalisedPage:
    """For every page model: read in every language, with its source's data and privacy."""

    # Fields a translation always shows as its source has them now (dates, capacity, states):
    # translators sync words, not facts an organiser may have changed since.
    source_fields: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        if self.source_fields and not is_source(self):
            take_source_fields(self, source_of(self))
        return super().serve(request, *args, **kwargs)

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if not parts or parts[2] is None:
            return parts
        reading = reading_language()
        if reading != default_language() and is_source(self):
            # Not this page's language: the same page under the reader's prefix (served in
            # the translation if there is one, see route()).
            site_id, root_url, path = parts
            return site_id, root_url, _prefixed(path, reading)
        return parts

    def route(self, request, path_components):
        try:
            page, args, kwargs = super().route(request, path_components)
        except Http404:
            if is_source(self) or not path_components:
                raise
            # Not translated below here: on in the source tree.
            page, args, kwargs = source_of(self).route(request, path_components)
        # A source page found for a reader of another language: its translation if live.
        return translation_for_reader(page), args, kwargs

    def get_view_restrictions(self):
        """A translation is as private as its source: the source tree's restrictions count too
        (an editor who translates a members-only page need not restrict it again)."""
        own = super().get_view_restrictions()
        if is_source(self):
            return own
        source = source_of(self)
        if source.pk == self.pk:
            return own
        return PageViewRestriction.objects.filter(
            Q(pk__in=own.values("pk")) | Q(pk__in=source.get_view_restrictions().values("pk"))
        )
