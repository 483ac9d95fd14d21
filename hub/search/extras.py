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

from modelsearch.query import Fuzzy
from wagtail import hooks

from hub.search import analysis, docsets
from hub.search import schema as hs
from hub.search.backend import WhooshSearchBackend
from hub.search.highlighting import MarkFormatter, backend_of, field_text, highlight, snippet
from hub.search.languages import search_languages, searching_in
from hub.search.store import IndexUnavailable

# Highlighting lives in hub.search.highlighting; used through this module.
__all__ = [
    "MarkFormatter",
    "SearchOutcome",
    "field_text",
    "highlight",
    "ranked_pks",
    "result_pks",
    "search",
    "snippet",
    "suggest",
]

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


_backend = backend_of


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
    language: str | None = None,
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
    :param language: the reader's language (default: the active one, see
        ``hub.search.languages``): Dutch or French words are matched by their own stems.
    """
    with searching_in(language):
        return _search(query, queryset, fields, operator, fuzzy, with_suggestion, backend)


def _search(query, queryset, fields, operator, fuzzy, with_suggestion, backend) -> SearchOutcome:
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


def suggest(query: str, querysets, *, fields=None, backend="default", language=None) -> str | None:
    """ "Did you mean …?": `query` with its unknown words replaced by close index words.

    :param querysets: what the reader may see, e.g. ``[public(Page.objects.live())]`` (the
        querysets the results come from). A word counts as known, and a replacement is
        offered, only if searching it finds an object of one of them: the index also holds
        members-only pages, drafts, restricted documents and unmoderated listings, whose
        words must not leak through a suggestion.
    :param fields: as for :func:`search`.
    :param language: the reader's language (default: the active one). Words are looked up and
        replaced in that language's vocabulary first (a misspelt Dutch word becomes a Dutch
        word), then in English (the English pages a Dutch or French reader also finds).

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
    languages = search_languages(language)
    with searching_in(languages[0]):
        return _suggest(query, list(querysets), fields, search_backend, languages)


def _suggest(query, querysets, fields, search_backend, languages) -> str | None:
    try:
        reader = search_backend.store.reader_state().searcher.reader()
        text_fields = {language: hs.text_fields_of(reader, language) for language in languages}
        visible = functools.cache(lambda word: _visible(search_backend, querysets, word, fields))
        known_words = hooks.get_hooks("search_known_word")
        changed = False

        def replace(match):
            nonlocal changed
            word = match.group(0)
            folded = analysis.fold(word)
            stems = {language: analysis.text_terms(word, language) for language in languages}
            # Stop words (in any of the languages) and numbers are left alone.
            if len(folded) < 3 or folded.isdigit() or any(len(t) != 1 for t in stems.values()):
                return word
            if any(
                _in_index(reader, text_fields[lang], t) for lang, t in stems.items()
            ) and visible(word):
                return word
            if any(known(word) for known in known_words):
                return word
            for language in languages:  # the reader's own language first
                stem = stems[language][0]
                for new_stem in _close_stems(reader, text_fields[language], stem):
                    candidate = _respell(folded, stem, new_stem)
                    if visible(candidate):
                        changed = True
                        return candidate
            return word

        corrected = WORD_RE.sub(replace, query.strip())
    except Exception as exc:  # noqa: BLE001 - IndexUnavailable or a corrupt segment (struct.error…)
        search_backend.store.unavailable(exc, unexpected=not isinstance(exc, IndexUnavailable))
        return None
    return corrected if changed else None
