"""What the biobank search knows about medicine: synonyms, and the ancestors of disease codes.

* ``synonyms.csv`` (beside this module, reviewed by hand, each row naming its sources) groups
  the words people use for one thing — everyday and clinical, English, Dutch and French:
  "heart attack" = "myocardial infarction" = "hartinfarct". A text that contains any term of a
  group is indexed with all of them (:func:`expand`), so a search for any one finds the others
  without expanding the query: searches stay as fast as before.
* An ICD-10 code's ancestors (:func:`disease_ancestors`): its three-character category
  (I21 for I21.0), its block (I20-I25 "Ischaemic heart diseases", when the term lists the sync
  imported hold it) and its chapter ("Diseases of the circulatory system").

Terms are compared as the search index stores them (``hub.search.analysis``: folded, stemmed),
so "tumours" matches "tumour" and "rénal" matches "renal".
"""

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

from community.biobanks.terms import CHAPTER_LABELS, ICD_PREFIX, VOCABULARIES, disease_chapter
from hub.search import analysis

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.csv"
LANGUAGES = ("en", "nl", "fr")
_BLOCK = re.compile(r"^([A-Z]\d\d)-([A-Z]\d\d)$")


@dataclass(frozen=True)
class Group:
    concept: str
    terms: tuple[str, ...]  # every language's, in the file's order
    source: str


@functools.cache
def groups() -> tuple[Group, ...]:
    with SYNONYMS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Group(
                row["concept"],
                tuple(
                    dict.fromkeys(
                        term.strip()
                        for language in LANGUAGES
                        for term in row[language].split("|")
                        if term.strip()
                    )
                ),
                row["source"],
            )
            for row in csv.DictReader(handle)
        )


@functools.cache
def _phrases() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """First index term -> [(the phrase's index terms, group number)], longest first."""
    out: dict[str, list] = {}
    for number, group in enumerate(groups()):
        for term in group.terms:
            tokens = tuple(analysis.text_tokens(term))
            if tokens:
                out.setdefault(tokens[0], []).append((tokens, number))
    for phrases in out.values():
        phrases.sort(key=lambda item: -len(item[0]))
    return out


@functools.cache
def known_terms() -> frozenset[str]:
    """Every index term of the synonyms table: words the search never "corrects"."""
    return frozenset(
        term for first in _phrases().values() for tokens, _n in first for term in tokens
    )


def matching_groups(text: str, tokens=None) -> list[Group]:
    """The synonym groups one of whose terms occurs in `text` (as a phrase), in file order."""
    tokens = analysis.text_tokens(text) if tokens is None else tokens
    phrases, found = _phrases(), set()
    for position, token in enumerate(tokens):
        for phrase, number in phrases.get(token, ()):
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                found.add(number)
    everything = groups()
    return [everything[number] for number in sorted(found)]


@functools.lru_cache(maxsize=4096)
def _term_tokens(term: str) -> str:
    return " ".join(analysis.text_tokens(term))


def expand(text: str) -> list[str]:
    """The terms of every synonym group `text` mentions that `text` does not already hold (to
    index beside `text`: a word counted twice would rank a mere mention higher)."""
    tokens = analysis.text_tokens(text)  # once: the sync expands every biobank's text
    present = f" {' '.join(tokens)} "
    return [
        term
        for term in dict.fromkeys(t for group in matching_groups(text, tokens) for t in group.terms)
        if f" {_term_tokens(term)} " not in present
    ]


@functools.lru_cache(maxsize=20000)
def expand_term(text: str) -> tuple[str, ...]:
    """:func:`expand` of a short text that recurs (a code's label, an ancestor's), kept."""
    return tuple(expand(text))


def blocks(terms) -> list[tuple[str, str, str]]:
    """ICD-10 blocks [(first category, last category, label)] among `terms` ((code, label)
    pairs such as the Directory's "urn:miriam:icd:I20-I25", "Ischaemic heart diseases")."""
    out = []
    for code, label in terms:
        match = _BLOCK.match(code.removeprefix(ICD_PREFIX))
        if match and code.startswith(ICD_PREFIX):
            out.append((match.group(1), match.group(2), label))
    return sorted(out)


def disease_ancestors(code: str, labels: dict[str, str], icd_blocks) -> list[str]:
    """Labels of the broader groups an ICD-10 code belongs to: its category (from `labels`,
    code -> label of the terms known), its block (from `icd_blocks`, see :func:`blocks`) and
    its chapter. ORPHA and other codes have none here."""
    short = code.removeprefix(ICD_PREFIX)
    if not code.startswith(ICD_PREFIX) or len(short) < 3:
        return []
    out = []
    category = short[:3]
    if category != short and labels.get(ICD_PREFIX + category):
        out.append(labels[ICD_PREFIX + category])
    out += [label for first, last, label in icd_blocks if first <= category <= last]
    return out + list(chapter_labels(disease_chapter(code)))


@functools.cache
def chapter_labels(chapter: str) -> tuple[str, ...]:
    """An ICD-10 chapter's title, in English like the term lists' labels. Dutch and French
    readers find it through the synonyms table ("circulatory system" = "hart- en vaatziekten"
    = "maladies cardiovasculaires"): indexing every title in three languages made the full
    sync slower than its target (docs/benchmarks.md)."""
    if chapter not in CHAPTER_LABELS:
        return ()
    with translation.override("en"):
        return (str(CHAPTER_LABELS[chapter]),)


def is_known(word: str) -> bool:
    """Is `word` a word of the vocabulary: of the synonyms table, or of a term label the hub
    holds (a disease, a material…)? The search's "did you mean" leaves such words alone."""
    stems = analysis.text_terms(word)
    if stems and set(stems) <= known_terms():
        return True
    folded = analysis.fold(word)
    if len(folded) < 3:
        return False
    return any(
        VOCABULARIES[key][0].objects.filter(label__icontains=folded).exists()
        for key in ("disease", "material", "data_category", "collection_type")
    )
