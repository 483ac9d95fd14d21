"""Text analysis: how words become index terms, the same way at indexing and at query time.

* Full-text fields: words are lower-cased, accent-folded ("Liège" → "liege", "Biothèque" →
  "biotheque"), English stop words dropped and English-stemmed ("biobanks" → "biobank").
* Phrase fields: the same terms, each consecutive pair as one term ("rust program"), so a
  two-word phrase is one term look-up instead of a positional check of every candidate.
* Autocomplete fields: lower-cased, accent-folded, not stemmed (so "learni" is a prefix of
  "learning"); a typed word matches the index words it starts.

Everything here is pickled into the index's table of contents by whoosh, so only module-level
classes and functions may be used.
"""

from whoosh.analysis import (
    BiWordFilter,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

#: Words: letters/digits, keeping "1.11" or "e.g" together (but "poseidon-1234" is two words).
WORD_PATTERN = r"\w+(?:\.\w+)*"

#: Whoosh's English stop words, minus the few that carry meaning in this domain's titles.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    }
)


def stem(word: str) -> str:
    """English (Porter) stem of an already lower-cased, accent-folded word."""
    return _porter_stem(word)


def text_analyzer():
    """Analyzer of full-text (SearchField) content: fold, drop stop words, stem."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(stemfn=stem, cachesize=50000)
    )


def bigram_analyzer():
    """Analyzer of the phrase fields: each pair of consecutive full-text terms as one term."""
    return text_analyzer() | BiWordFilter(sep=" ")


def autocomplete_analyzer():
    """Analyzer of AutocompleteField content and of what is typed: fold, no stemming."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


autocomplete_query_analyzer = autocomplete_analyzer


def fold_analyzer():
    """Lower-case and accent-fold, nothing else (used to compare spelling candidates)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


TEXT_ANALYZER = text_analyzer()
AUTOCOMPLETE_QUERY_ANALYZER = autocomplete_query_analyzer()
FOLD_ANALYZER = fold_analyzer()


def text_terms(text: str) -> list[str]:
    """The index terms of `text` as a full-text field would store them (order kept, no dups)."""
    return list(dict.fromkeys(t.text for t in TEXT_ANALYZER(text or "")))


def text_tokens(text: str) -> list[str]:
    """The index terms of `text` in order, repeats kept (for phrases)."""
    return [t.text for t in TEXT_ANALYZER(text or "")]


def autocomplete_terms(text: str) -> list[str]:
    """The autocomplete look-up terms of what the user typed (one per word, truncated)."""
    return list(dict.fromkeys(t.text for t in AUTOCOMPLETE_QUERY_ANALYZER(text or "")))


def fold(text: str) -> str:
    """Lower-cased, accent-folded `text` ("Liège" → "liege")."""
    return " ".join(t.text for t in FOLD_ANALYZER(text or ""))
