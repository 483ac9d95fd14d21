"""Highlighted snippets of search results: the words of the query marked in each object's text,
as the index analyses that object's language (``hub.search.extras`` re-exports these)."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from modelsearch.backends import get_search_backend
from modelsearch.index import Indexed, SearchField
from whoosh import highlight as wh

from hub.search import analysis, docsets
from hub.search import schema as hs
from hub.search.backend import WhooshSearchBackend
from hub.search.languages import object_language
from hub.search.query import fuzzy_distance
from hub.search.store import IndexUnavailable

WORD_RE = re.compile(r"\w+")


def backend_of(backend):
    """A search backend: by its name in the settings, or as given."""
    if isinstance(backend, str) or backend is None:
        return get_search_backend(backend or "default")
    return backend


class MarkFormatter(wh.Formatter):
    """HTML: everything escaped, matched words wrapped in <mark>, "…" where text was cut."""

    between = " … "

    def _text(self, text):
        return escape(text)

    def format_token(self, text, token, replace=False):
        return "<mark>" + escape(wh.get_text(text, token, replace)) + "</mark>"

    def format_fragment(self, fragment, replace=False):
        out = super().format_fragment(fragment, replace=replace).strip()
        text = fragment.text
        head, tail = text[: fragment.startchar], text[fragment.endchar :]
        # Only punctuation/space left before or after the fragment: show it, no ellipsis.
        out = ("… " if WORD_RE.search(head) else escape(head.lstrip())) + out
        return out + (" …" if WORD_RE.search(tail) else escape(tail.rstrip()))

    def format(self, fragments, replace=False):
        joined = " ".join(self.format_fragment(f, replace=replace) for f in fragments)
        return joined.replace("… …", "…")


def field_text(obj, field: str) -> str:
    """Plain text of `obj`'s `field` as the index sees it (rich text and StreamField flattened)."""
    value = None
    if isinstance(obj, Indexed):
        for search_field in type(obj).get_search_fields():
            if isinstance(search_field, SearchField) and search_field.field_name == field:
                value = search_field.get_value(obj)
                break
        else:
            value = getattr(obj, field, None)
    else:
        value = getattr(obj, field, None)
    if callable(value):
        value = value()
    # Wagtail already flattens rich text and StreamField to plain text for indexing.
    return re.sub(r"\s+", " ", hs.text_value(value)).strip()


def _query_terms(query: str, fuzzy: bool, backend, field: str, language) -> set[str]:
    terms = set(analysis.text_terms(query, language))
    if not fuzzy or not terms:
        return terms
    search_backend = backend_of(backend)
    if not isinstance(search_backend, WhooshSearchBackend):
        return terms
    try:
        reader = search_backend.store.reader_state().searcher.reader()
        names = hs.text_fields_of(reader, language)
        if field and hs.text_name("t." + field, language) in names:
            names = [hs.text_name("t." + field, language)]
        expanded = set(terms)
        for term in terms:
            distance = fuzzy_distance(term)
            if not distance:
                continue
            for name in names:
                expanded.update(docsets.terms_within(reader, name, term, distance, prefix=1))
    except Exception as exc:  # noqa: BLE001 - IndexUnavailable or a corrupt segment
        search_backend.store.unavailable(exc, unexpected=not isinstance(exc, IndexUnavailable))
        return terms  # the query's own words are still marked
    return expanded


def snippet(
    obj,
    query: str,
    field="body",
    *,
    max_chars: int = 240,
    fragments: int = 2,
    terms=None,
) -> SafeString:
    """An HTML snippet of `obj`'s text around the words of `query`, matches in ``<mark>``.

    The text is escaped; ``<mark>`` is the only markup added. Matching follows the index
    (stemmed, accents folded: "liege" marks "Liège", "biobanks" marks "biobank").

    :param field: a SearchField name, or several in order of preference (e.g.
        ``("body", "intro")``): the first one where the query matches is used; if none
        matches, the snippet is the start of the first non-empty one, shortened to
        `max_chars`. Pass specific objects (``Page.specific``): a plain ``Page`` has no body.
    :param terms: index terms to mark (default: those of `query`), or {language: terms}; see
        :func:`highlight`. Words are matched as the object's language analyses them.
    """
    names = [field] if isinstance(field, str) else list(field)
    language = object_language(obj)
    if terms is None:
        terms = set(analysis.text_terms(query, language))
    elif isinstance(terms, dict):
        terms = terms.get(language) or set()
    first_text = ""
    for name in names:
        text = field_text(obj, name)
        if not text:
            continue
        first_text = first_text or text
        if terms:
            fragmenter = wh.ContextFragmenter(maxchars=max_chars, surround=max(20, max_chars // 3))
            result = wh.highlight(
                text,
                frozenset(terms),
                analysis.TEXT_ANALYZERS[language],
                fragmenter,
                MarkFormatter(),
                top=fragments,
                order=wh.FIRST,
            )
            if result:
                return mark_safe(result)  # noqa: S308 - every piece of text was escaped
    return mark_safe(escape(Truncator(first_text).chars(max_chars)))  # noqa: S308 - escaped


def highlight(
    results_or_objects,
    query: str,
    field="body",
    *,
    max_chars: int = 240,
    fragments: int = 2,
    fuzzy: bool = False,
    backend="default",
) -> list[SafeString]:
    """Snippets (see :func:`snippet`) for each object, in order: ``zip(objects, snippets)``.

    :param results_or_objects: search results (or a page of them) or any iterable of objects.
    :param field: a SearchField name or several in order of preference (see :func:`snippet`).
    :param fuzzy: also mark index words within the fuzzy edit distance of the query's words
        (pass ``SearchOutcome.fuzzy`` so that misspelt queries still mark what they found).
    """
    objects = list(results_or_objects)
    one_field = field if isinstance(field, str) else None
    terms = {
        language: _query_terms(query, fuzzy, backend, one_field, language)
        for language in {object_language(obj) for obj in objects}
    }
    return [
        snippet(obj, query, field, max_chars=max_chars, fragments=fragments, terms=terms)
        for obj in objects
    ]
