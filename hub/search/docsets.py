"""Sets of matching document numbers, computed with set algebra and cached per reader.

Counting matches, facet counts and field ordering need *every* matching document, not the best
ten. Walking a whoosh matcher tree document by document costs a Python call per posting per
clause; here a term's posting list is read block by block into a set (once per reader: the
cache lives as long as the index does not change), and Or/And/AndNot become set union,
intersection and difference, which run in C. Query types without a set rule (phrases, ranges,
fuzzy and prefix terms, nested-document conditions) are run through their whoosh matcher.

The model/filter part of a query (content type plus ``filter()`` clauses) is the same for most
searches of a site (e.g. ``live=True`` pages), so its set is cached too and handed to whoosh's
top-N collector as a filter.

The per-term work (posting lists, BM25F scores, fuzzy and prefix expansion) is in
``hub.search.postings``; this module combines terms into the sets and scores of whole queries.
"""

from collections import OrderedDict

from whoosh import query as wq
from whoosh.idsets import DocIdSet

from hub.search.documents import bigram_name, is_text_name
from hub.search.postings import (
    Unsupported,
    expand_fuzzy,
    expand_prefix,
    term_docs,
    term_scores,
    terms_within,
)
from hub.search.postings import remember as _remember

# Used through this module by hub.search.extras and hub.search.results.
__all__ = [
    "CACHE_ENTRIES",
    "EMPTY",
    "FrozenDocs",
    "SizedCache",
    "docs",
    "phrase_docs",
    "scores",
    "term_docs",
    "terms_within",
]

#: Default size of each reader's cache of sets and scores, in entries (document numbers).
CACHE_ENTRIES = 500_000

EMPTY = frozenset()


class FrozenDocs(DocIdSet):
    """A frozenset of document numbers in the shape whoosh's ``filter=`` accepts (no copy)."""

    def __init__(self, docs):
        self._docs = docs

    def __len__(self):
        return len(self._docs)

    def __bool__(self):
        return bool(self._docs)

    def __iter__(self):
        return iter(sorted(self._docs))

    def __contains__(self, docnum):
        return docnum in self._docs


class SizedCache:
    """Least-recently-used cache bounded by the total size of its values (len + 1 each)."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._data: OrderedDict = OrderedDict()

    def get(self, key, default=None):
        try:
            value = self._data[key]
        except KeyError:
            return default
        self._data.move_to_end(key)
        return value

    def put(self, key, value):
        weight = len(value) + 1 if hasattr(value, "__len__") else 1
        if weight > self.budget:
            return
        old = self._data.pop(key, None)
        if old is not None:
            self.size -= len(old) + 1 if hasattr(old, "__len__") else 1
        self._data[key] = value
        self.size += weight
        while self.size > self.budget and self._data:
            _key, evicted = self._data.popitem(last=False)
            self.size -= len(evicted) + 1 if hasattr(evicted, "__len__") else 1

    def __setitem__(self, key, value):
        self.put(key, value)

    def __len__(self):
        return len(self._data)

    def clear(self):
        self._data.clear()
        self.size = 0


def _matcher_docs(state, query) -> frozenset:
    out = set()
    for subsearcher, offset in state.searcher.leaf_searchers():
        matcher = query.matcher(subsearcher, subsearcher.boolean_context())
        out.update(offset + docnum for docnum in matcher.all_ids())
    return frozenset(out)


def docs(state, query) -> frozenset:
    """Global document numbers matching a whoosh `query` (deleted documents excluded)."""
    if query is None or query is wq.NullQuery:
        return EMPTY
    key = ("q", repr(query))
    cached = state.sets.get(key)
    if cached is not None:
        return cached
    result = _evaluate(state, query)
    _remember(state, key, result)
    return result


def _evaluate(state, query) -> frozenset:
    if query is wq.NullQuery or isinstance(query, wq.NullQuery.__class__):
        return EMPTY
    if type(query) is wq.Term:
        return term_docs(state, query.fieldname, query.text)
    if isinstance(query, wq.Or):
        sets = [_evaluate(state, q) for q in query.subqueries]
        return frozenset().union(*sets) if sets else EMPTY
    if isinstance(query, wq.And):
        sets = sorted((_evaluate(state, q) for q in query.subqueries), key=len)
        if not sets:
            return EMPTY
        result = sets[0]
        for other in sets[1:]:
            if not result:
                break
            result = result & other
        return frozenset(result)
    if isinstance(query, wq.AndNot):
        positive = _evaluate(state, query.a)
        return positive - _evaluate(state, query.b) if positive else EMPTY
    if isinstance(query, wq.Require):
        required = _evaluate(state, query.b)
        return _evaluate(state, query.a) & required if required else EMPTY
    if isinstance(query, wq.ConstantScoreQuery):
        return _evaluate(state, query.child)
    if isinstance(query, wq.FuzzyTerm):
        return _evaluate(state, expand_fuzzy(state, query))
    if isinstance(query, wq.Prefix):
        return _evaluate(state, expand_prefix(state, query))
    if isinstance(query, wq.Phrase):
        found = phrase_docs(state, query.fieldname, list(query.words))
        if found is not None:
            return found
        # No phrase field: only documents holding every word can hold the phrase.
        candidates = None
        for word in query.words:
            words_docs = term_docs(state, query.fieldname, word)
            candidates = words_docs if candidates is None else candidates & words_docs
            if not candidates:
                return EMPTY
        return _matcher_docs(state, query) & candidates
    return _matcher_docs(state, query)


def phrase_docs(state, fieldname, words):
    """Documents with `words` in sequence in text field `fieldname`, via its pairs field.

    Two words: one look-up of the pair. More words: the documents holding every consecutive
    pair (in practice the documents holding the phrase; the pairs are not checked to form one
    run). None when the index has no pairs field for it (whoosh's phrase matcher is used then).
    """
    reader = state.searcher.reader()
    if not is_text_name(fieldname) or bigram_name(fieldname) not in reader.schema:
        return None
    name = bigram_name(fieldname)
    pairs = dict.fromkeys(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    candidates = None
    for pair in sorted(pairs, key=lambda p: len(term_docs(state, name, p))):
        found = term_docs(state, name, pair)
        candidates = found if candidates is None else candidates & found
        if not candidates:
            return EMPTY
    return frozenset(candidates)


# --- Scores ----------------------------------------------------------------------------------
#
# For the usual shapes of text query (terms in fields with boosts, combined by Or/And/AndNot,
# plus constant-score parts), BM25F scores of every matching document are computed from the
# posting blocks and cached field lengths, the same formula and statistics as whoosh's BM25F
# scorer, a list comprehension per posting list instead of a matcher tree per document. The top
# N is then a heap selection. Phrases are found with whoosh's positional matcher (among the
# documents holding all their words) and scored as the sum of their words; fuzzy terms are
# expanded to the index terms within their edit distance. Other shapes (prefix queries, nested
# conditions in the text part) go through whoosh's own collector.


def _scores(state, query, boost) -> dict:
    if query is wq.NullQuery or isinstance(query, wq.NullQuery.__class__):
        return {}
    if type(query) is wq.Term:
        weight = boost * query.boost
        scores = term_scores(state, query.fieldname, query.text)
        if weight == 1.0:
            return scores
        return {docnum: score * weight for docnum, score in scores.items()}
    if isinstance(query, wq.Or):
        parts = [_scores(state, q, boost * query.boost) for q in query.subqueries]
        parts = [p for p in parts if p]
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
        total = dict(parts[0])
        for part in parts[1:]:
            get = total.get
            for docnum, score in part.items():
                total[docnum] = get(docnum, 0.0) + score
        return total
    if isinstance(query, wq.And):
        parts = [_scores(state, q, boost * query.boost) for q in query.subqueries]
        if not parts or not all(parts):
            return {}
        parts.sort(key=len)
        common = set(parts[0]).intersection(*parts[1:])
        return {docnum: sum(part[docnum] for part in parts) for docnum in common}
    if isinstance(query, wq.AndNot):
        positive = _scores(state, query.a, boost)
        if not positive:
            return {}
        excluded = docs(state, query.b)
        return {d: s for d, s in positive.items() if d not in excluded}
    if isinstance(query, wq.ConstantScoreQuery):
        score = query.score * boost
        return dict.fromkeys(docs(state, query.child), score)
    if isinstance(query, wq.FuzzyTerm):
        return _scores(state, expand_fuzzy(state, query), boost)
    if isinstance(query, wq.Prefix):
        return _scores(state, expand_prefix(state, query), boost)
    if isinstance(query, wq.Phrase):
        # Documents holding the phrase, scored as the sum of its words' scores.
        matching = docs(state, query)
        if not matching:
            return {}
        weight = boost * query.boost
        words = [term_scores(state, query.fieldname, word) for word in dict.fromkeys(query.words)]
        return {d: weight * sum(w.get(d, 0.0) for w in words) for d in matching}
    raise Unsupported(type(query).__name__)


def scores(state, query) -> dict | None:
    """{docnum: score} of every document matching `query`, or None if the shape is unsupported."""
    key = ("S", repr(query))
    cached = state.sets.get(key)
    if cached is not None:
        return cached
    try:
        result = _scores(state, query, 1.0)
    except Unsupported:
        return None
    _remember(state, key, result)
    return result
