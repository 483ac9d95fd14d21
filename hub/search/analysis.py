"""Text analysis: how words become index terms, the same way at indexing and at query time.

* Full-text fields: words are lower-cased, accent-folded ("Liège" → "liege", "Biothèque" →
  "biotheque"), stop words dropped and stemmed, in the language of the text: English (Porter:
  "biobanks" → "biobank") unless it is Dutch or French content (Snowball: "biobanken" →
  "biobank", "échantillons" → "echantillon"; see ``hub.search.languages``). Accents are folded
  *before* stemming, so a word typed with or without its accents stems alike.
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
from whoosh.lang.snowball.dutch import DutchStemmer
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists
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


#: The language of everything that is not Dutch or French content (English pages, objects
#: without a locale, catalogue data in its source language).
DEFAULT_LANGUAGE = "en"
#: Languages with an analysis of their own; any other language is analysed as English.
LANGUAGES = ("en", "nl", "fr")

_dutch = DutchStemmer()
_french = FrenchStemmer()


def analysis_language(code: str | None) -> str:
    """The analysis for a language code: "nl", "nl-be" → "nl"; "fr…" → "fr"; else "en"."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def stem(word: str) -> str:
    """English (Porter) stem of an already lower-cased, accent-folded word."""
    return _porter_stem(word)


def stem_nl(word: str) -> str:
    """Dutch (Snowball) stem of an already lower-cased, accent-folded word."""
    return _dutch.stem(word)


def stem_fr(word: str) -> str:
    """French (Snowball) stem of an already lower-cased, accent-folded word."""
    return _french.stem(word)


def _folded(words) -> frozenset:
    return frozenset(word.translate(accent_map) for word in words)


#: Stop words of each language, accent-folded (they are dropped after folding). The French list
#: has the elided articles and pronouns ("l", "d", "qu"): "l'échantillon" is "échantillon".
LANGUAGE_STOP_WORDS = {
    "en": STOP_WORDS,
    "nl": _folded(stoplists["nl"]),
    "fr": _folded(stoplists["fr"]),
}
STEMMERS = {"en": stem, "nl": stem_nl, "fr": stem_fr}


def text_analyzer(language: str = DEFAULT_LANGUAGE):
    """Analyzer of full-text (SearchField) content: fold, drop stop words, stem."""
    language = analysis_language(language)
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=LANGUAGE_STOP_WORDS[language], minsize=1)
        | StemFilter(stemfn=STEMMERS[language], cachesize=50000)
    )


def bigram_analyzer(language: str = DEFAULT_LANGUAGE):
    """Analyzer of the phrase fields: each pair of consecutive full-text terms as one term."""
    return text_analyzer(language) | BiWordFilter(sep=" ")


def autocomplete_analyzer():
    """Analyzer of AutocompleteField content and of what is typed: fold, no stemming."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


autocomplete_query_analyzer = autocomplete_analyzer


def fold_analyzer():
    """Lower-case and accent-fold, nothing else (used to compare spelling candidates)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


TEXT_ANALYZERS = {language: text_analyzer(language) for language in LANGUAGES}
TEXT_ANALYZER = TEXT_ANALYZERS[DEFAULT_LANGUAGE]
AUTOCOMPLETE_QUERY_ANALYZER = autocomplete_query_analyzer()
FOLD_ANALYZER = fold_analyzer()


def text_terms(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The index terms of `text` as a full-text field of `language` would store them (order
    kept, no dups)."""
    analyzer = TEXT_ANALYZERS[analysis_language(language)]
    return list(dict.fromkeys(t.text for t in analyzer(text or "")))


def text_tokens(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The index terms of `text` in order, repeats kept (for phrases)."""
    return [t.text for t in TEXT_ANALYZERS[analysis_language(language)](text or "")]


def autocomplete_terms(text: str) -> list[str]:
    """The autocomplete look-up terms of what the user typed (one per word, truncated)."""
    return list(dict.fromkeys(t.text for t in AUTOCOMPLETE_QUERY_ANALYZER(text or "")))


def fold(text: str) -> str:
    """Lower-cased, accent-folded `text` ("Liège" → "liege")."""
    return " ".join(t.text for t in FOLD_ANALYZER(text or ""))
