"""Which language's analysis applies: to an indexed object, and to a search.

* An indexed object with a ``locale`` (Wagtail pages, translatable snippets) is analysed in its
  locale's language when that is Dutch or French (``hub.search.analysis.LANGUAGES``); every other
  object (English content, objects without a locale, catalogue data kept in its source
  language) is analysed as English. Its full-text fields go to that language's variant of each
  field (``hub.search.documents.text_name``).
* A search is made in the reader's language: ``translation.get_language()`` (the URL prefix),
  or the language of a ``searching_in(language)`` block. A Dutch search looks up the Dutch
  stems of its words in the Dutch fields *and* their English stems in the English ones (the
  English pages a Dutch reader still reads); an English search looks in the English fields only,
  as before languages existed.
"""

import contextlib
import contextvars

from django.utils import translation

from hub.search.analysis import DEFAULT_LANGUAGE, analysis_language

_explicit: contextvars.ContextVar = contextvars.ContextVar("hub_search_language", default=None)


@contextlib.contextmanager
def searching_in(language: str | None):
    """Searches compiled in this block are made in `language` (None: as outside the block)."""
    if not language:
        yield
        return
    token = _explicit.set(analysis_language(language))
    try:
        yield
    finally:
        _explicit.reset(token)


def search_language() -> str:
    """The analysis language of a search made now."""
    return _explicit.get() or analysis_language(translation.get_language())


def search_languages(language: str | None = None) -> tuple[str, ...]:
    """The analyses a search in `language` (default: now's) uses: its own, then English."""
    language = analysis_language(language) if language else search_language()
    if language == DEFAULT_LANGUAGE:
        return (DEFAULT_LANGUAGE,)
    return (language, DEFAULT_LANGUAGE)


def has_locale(model) -> bool:
    """Do `model`'s objects carry a language (a ``locale`` foreign key)?"""
    meta = getattr(model, "_meta", None)
    if meta is None:
        return False
    try:
        field = meta.get_field("locale")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or not a Django model
        return False
    return bool(getattr(field, "many_to_one", False))


def object_language(obj) -> str:
    """The analysis language of an indexed object (English when it has no locale)."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return DEFAULT_LANGUAGE
    state = getattr(obj, "_state", None)
    locale = state.fields_cache.get("locale") if state is not None else None
    if locale is not None and locale.pk == locale_id:
        return analysis_language(locale.language_code)
    from hub.i18n import locale_code  # noqa: PLC0415 - needs Wagtail's models (not at import)

    return analysis_language(locale_code(locale_id))
