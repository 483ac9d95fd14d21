"""What a search page needs beyond a list of results: misspelling tolerance, "did you mean",
highlighted snippets.

Typical use in a view::

    from hub.search import extras

    outcome = extras.search(query, Page.objects.live().public().specific())
    page = Paginator(outcome.results, 10).get_page(request.GET.get("page"))
    snippets = extras.highlight(page.object_list, query, field="body", fuzzy=outcome.fuzzy)
    context = {
        "results": zip(page.object_list, snippets),
        "fuzzy": outcome.fuzzy,             # "showing results for similar words"
        "suggestion": outcome.suggestion,   # "did you mean …?" (a plain string, or None)
    }

Everything degrades gracefully: with another backend configured, or with the index missing or
corrupt, ``search`` is a plain search, ``suggest`` returns None and ``highlight`` still works
(it only needs the text analyzer, not the index).
"""

import functools
import os
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from modelsearch.backends import get_search_backend
from modelsearch.index import Indexed, SearchField
from modelsearch.query import Fuzzy
from wagtail import hooks
from whoosh import highlight as wh

from hub.search import analysis, docsets
from hub.search import schema as hs
from hub.search.backend import WhooshSearchBackend
from hub.search.query import fuzzy_distance
from hub.search.store import IndexUnavailable

WORD_RE = re.compile(r"\w+")
# Close index words checked for visibility per unknown word (each check is one search).
MAX_CANDIDATES = 5


@dataclass
class SearchOutcome:
    """Results of :func:`search`.

    ``results``     a modelsearch results object (lazy; slice it, ``count()`` it, ``facet()``).
    ``fuzzy``       True when the exact search found nothing and these are the results of a
                    misspelling-tolerant search instead.
    ``suggestion``  the query with misspelt words replaced by close words that `queryset`
                    holds (see :func:`suggest`), when the exact search found nothing and such
                    words exist; else None.
    """

    results: object
    fuzzy: bool = False
    suggestion: str | None = None


def _backend(backend):
    if isinstance(backend, str) or backend is None:
        return get_search_backend(backend or "default")
    return backend


NOISE = re.compile(r"[^\w\s-]+")


def ranked_pks(query: str, queryset, *, operator=None, limit=None) -> list:
    """Primary keys of `queryset` matching `query`, best first, loading no object.

    Only words reach the backend: some backends give their own meaning to quotes and other
    punctuation (SQLite's full-text search fails on an unbalanced `"`). With the whoosh backend
    the keys come from the index alone: match them against the database (a filter, a facet
    index) before showing anything.
    """
    words = " ".join(NOISE.sub(" ", query).split())
    if not words:
        return []
    results = _backend("default").search(words, queryset.only("pk"), operator=operator)
    return result_pks(results[:limit] if limit else results)


def result_pks(results) -> list:
    """The keys of search results, from the index where the backend can (ours), else by
    loading the objects' keys."""
    if hasattr(results, "pks"):
        return results.pks()
    return [obj.pk for obj in results]


def search(
    query: str,
    queryset,
    *,
    fields=None,
    operator: str | None = None,
    fuzzy: bool = True,
    with_suggestion: bool = True,
    backend="default",
) -> SearchOutcome:
    """Search `queryset` for `query`; if nothing matches, retry tolerating misspellings.

    :param query: what the user typed.
    :param queryset: what to search (e.g. ``Page.objects.live().public()``).
    :param fields: restrict to these SearchField names (default: all of them).
    :param operator: ``"and"`` (default: every word must match) or ``"or"``.
    :param fuzzy: when the exact search finds nothing, run a fuzzy one (whoosh backend only):
        each word also matches index words within 1 edit (4–5 letters) or 2 edits (6+).
    :param with_suggestion: when the exact search finds nothing, compute ``suggestion``.
    :param backend: a backend name from the settings, or a backend instance.
    """
    search_backend = _backend(backend)
    results = search_backend.search(query, queryset, fields=fields, operator=operator)
    outcome = SearchOutcome(results)
    if not (fuzzy or with_suggestion) or not query.strip() or results.count():
        return outcome
    if with_suggestion:
        outcome.suggestion = suggest(query, [queryset], fields=fields, backend=search_backend)
    if fuzzy and outcome.suggestion:
        # The suggestion's own results: a fuzzy match of "canser" also takes "center" (two
        # edits), the suggestion "cancer" does not.
        suggested = search_backend.search(
            outcome.suggestion, queryset, fields=fields, operator=operator
        )
        if suggested.count():
            outcome.results, outcome.fuzzy = suggested, True
            return outcome
    if fuzzy and isinstance(search_backend, WhooshSearchBackend):
        fuzzy_results = search_backend.search(
            Fuzzy(query, operator=operator or "and"), queryset, fields=fields
        )
        if fuzzy_results.count():
            outcome.results, outcome.fuzzy = fuzzy_results, True
    return outcome


def _text_fields(reader) -> list[str]:
    return [name for name in reader.schema.names() if name.startswith("t.")]


def _in_index(reader, fields, terms) -> bool:
    """Is each of a word's stems (accents folded) in some text field of the index?"""
    return all(any((name, term) in reader for name in fields) for term in terms)


def _close_stems(reader, fields, stem: str) -> list[str]:
    """Index terms within 1 edit of `stem`, else within 2 (same first letter), most frequent
    first; at most MAX_CANDIDATES of them."""
    for distance in (1, 2):
        frequency: Counter = Counter()
        for name in fields:
            for candidate in docsets.terms_within(reader, name, stem, distance, prefix=1):
                if candidate != stem:
                    frequency[candidate] += reader.doc_frequency(name, candidate)
        if frequency:
            ranked = sorted(frequency, key=lambda c: (frequency[c], c), reverse=True)
            return ranked[:MAX_CANDIDATES]
    return []


def _visible(search_backend, querysets, word: str, fields) -> bool:
    """Does searching `word` find an object of one of `querysets`?

    The same search (and so the same filters) as the results a reader gets, objects loaded
    from the database: a word only restricted, draft or unmoderated content holds is not.
    """
    return any(
        list(search_backend.search(word, queryset, fields=fields)[:1]) for queryset in querysets
    )


def _respell(folded: str, stem: str, new_stem: str) -> str:
    """Give `new_stem` the ending the user typed: "heamatology" → "haematolog" + "y"."""
    common = os.path.commonprefix([folded, stem])
    cut = len(stem) - len(common)  # stem letters the stemmer rewrote (e.g. studies → studi)
    base = new_stem[: len(new_stem) - cut] if cut else new_stem
    return base + folded[len(common) :]


def suggest(query: str, querysets, *, fields=None, backend="default") -> str | None:
    """ "Did you mean …?": `query` with its unknown words replaced by close index words.

    :param querysets: what the reader may see, e.g. ``[public(Page.objects.live())]`` (the
        querysets the results come from). A word counts as known, and a replacement is
        offered, only if searching it finds an object of one of them: the index also holds
        members-only pages, drafts, restricted documents and unmoderated listings, whose
        words must not leak through a suggestion.
    :param fields: as for :func:`search`.

    The vocabulary is the index's own: the stemmed, accent-folded terms of its full-text
    fields, plus the words a ``search_known_word`` hook (a function of a word, returning True
    for words of a domain vocabulary, e.g. "brain") knows: those are never replaced, even when
    no visible object holds them ("brain" never becomes "bring"). Words found through their
    stem, accents ignored ("liege" for "Liège", "biobanks" for "biobank"), are kept; an unknown
    word is replaced by the most frequent visible index
    term within one edit, else within two (sharing the first letter), given the ending the user
    typed ("heamatology" → "haematology"). Replaced words come out lower-case, without accents.

    Returns None when every word is known, when no close word exists, or when the backend is not
    the whoosh one or its index is unavailable or corrupt (logged, throttled).
    """
    search_backend = _backend(backend)
    if not isinstance(search_backend, WhooshSearchBackend) or not query or not query.strip():
        return None
    querysets = list(querysets)
    try:
        reader = search_backend.store.reader_state().searcher.reader()
        text_fields = _text_fields(reader)
        visible = functools.cache(lambda word: _visible(search_backend, querysets, word, fields))
        known_words = hooks.get_hooks("search_known_word")
        changed = False

        def replace(match):
            nonlocal changed
            word = match.group(0)
            folded = analysis.fold(word)
            terms = analysis.text_terms(word)
            if len(folded) < 3 or folded.isdigit() or len(terms) != 1:
                return word
            if _in_index(reader, text_fields, terms) and visible(word):
                return word
            if any(known(word) for known in known_words):
                return word
            for new_stem in _close_stems(reader, text_fields, terms[0]):
                candidate = _respell(folded, terms[0], new_stem)
                if visible(candidate):
                    changed = True
                    return candidate
            return word

        corrected = WORD_RE.sub(replace, query.strip())
    except Exception as exc:  # noqa: BLE001 - IndexUnavailable or a corrupt segment (struct.error…)
        search_backend.store.unavailable(exc, unexpected=not isinstance(exc, IndexUnavailable))
        return None
    return corrected if changed else None


# --- Highlighting --------------------------------------------------------------------------------


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


def _query_terms(query: str, fuzzy: bool, backend, field: str) -> set[str]:
    terms = set(analysis.text_terms(query))
    if not fuzzy or not terms:
        return terms
    search_backend = _backend(backend)
    if not isinstance(search_backend, WhooshSearchBackend):
        return terms
    try:
        reader = search_backend.store.reader_state().searcher.reader()
        names = [n for n in reader.schema.names() if n.startswith("t.")]
        if field and "t." + field in names:
            names = ["t." + field]
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
    :param terms: index terms to mark (default: those of `query`); see :func:`highlight`.
    """
    names = [field] if isinstance(field, str) else list(field)
    if terms is None:
        terms = set(analysis.text_terms(query))
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
                analysis.TEXT_ANALYZER,
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
    terms = _query_terms(query, fuzzy, backend, field if isinstance(field, str) else None)
    return [
        snippet(obj, query, field, max_chars=max_chars, fragments=fragments, terms=terms)
        for obj in objects
    ]
