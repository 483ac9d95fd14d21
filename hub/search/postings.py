"""One term at a time, straight from the posting blocks: the documents holding a term, its
BM25F scores, and the index terms a fuzzy or prefix term stands for (all cached per reader).

The posting lists are read a block at a time from whoosh's W3 leaf matchers (the private
``_ids``/``_weights`` of a block): a Python call per block instead of one per posting, which
is what makes counting every match of a search affordable (``hub.search.docsets``).
"""

import functools
import itertools

from whoosh import query as wq
from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.base import Automata
from whoosh.matching.wrappers import FilterMatcher


class Unsupported(Exception):
    """A query or posting format the fast paths cannot score (whoosh's collector is used)."""


def remember(state, key, value):
    state.sets.put(key, value)


def _block_ids(matcher) -> list[int]:
    """All ids of a fresh W3 leaf matcher, a block at a time (falls back to the generic walk)."""
    try:
        ids = []
        while not matcher._atend and matcher._i < matcher._blocklength:
            if matcher._ids is None:
                matcher._read_ids()
            ids.extend(matcher._ids[matcher._i :])
            matcher._next_block()
        return ids
    except AttributeError:
        return list(matcher.all_ids())


def _block_ids_weights(matcher):
    """Ids and term frequencies of a fresh W3 leaf matcher, a block at a time."""
    ids, weights = [], []
    while not matcher._atend and matcher._i < matcher._blocklength:
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        matcher._next_block()
    return ids, weights


def _live_postings(leaf, fieldname, btext):
    """The leaf matcher of a term's postings and the segment's deleted documents (or None)."""
    matcher = leaf.postings(fieldname, btext)
    deleted = None
    if isinstance(matcher, FilterMatcher):
        deleted = matcher._ids
        matcher = matcher.child
        matcher.reset()
    return matcher, deleted


def term_docs(state, fieldname, text) -> frozenset:
    """Global document numbers holding `text` in `fieldname` (deleted documents excluded)."""
    key = ("t", fieldname, text)
    cached = state.sets.get(key)
    if cached is not None:
        return cached
    schema = state.searcher.schema
    if fieldname in schema and schema[fieldname].scorable:
        # Scored fields: the keys of the (cached) scores, so a posting list is read once.
        result = frozenset(term_scores(state, fieldname, text))
        remember(state, key, result)
        return result
    out = set()
    for leaf, offset in state.searcher.reader().leaf_readers():
        if fieldname not in leaf.schema:
            continue
        btext = text if isinstance(text, bytes) else leaf.schema[fieldname].to_bytes(text)
        if (fieldname, btext) not in leaf:
            continue
        matcher, deleted = _live_postings(leaf, fieldname, btext)
        ids = _block_ids(matcher)
        if deleted:
            ids = [d for d in ids if d not in deleted]
        if offset:
            out.update(d + offset for d in ids)
        else:
            out.update(ids)
    result = frozenset(out)
    remember(state, key, result)
    return result


def _field_lengths(state, leaf, fieldname) -> list:
    """Field length of every document of a segment, as whoosh's scorer sees it (cached)."""
    store = state.store
    segment = leaf.segment()
    key = (segment.segment_id(), "#len", fieldname)
    lengths = store._segment_columns.get(key)
    if lengths is None:
        dfl = leaf.doc_field_length
        lengths = [dfl(docnum, fieldname, 1) or 1 for docnum in range(leaf.doc_count_all())]
        store._segment_columns[key] = lengths
    return lengths


def term_scores(state, fieldname, text) -> dict:
    """{docnum: unboosted BM25F score} for one term in one field (cached per reader)."""
    key = ("s", fieldname, text)
    cached = state.sets.get(key)
    if cached is not None:
        return cached
    searcher = state.searcher
    schema = searcher.schema
    if fieldname not in schema:
        return {}
    field = schema[fieldname]
    btext = text if isinstance(text, bytes) else field.to_bytes(text)
    scores: dict = {}
    if not field.scorable:
        raise Unsupported(fieldname)
    weighting = searcher.weighting
    B = weighting._field_B.get(fieldname, weighting.B)
    K1 = weighting.K1
    idf = searcher.idf(fieldname, btext)
    avgfl = searcher.avg_field_length(fieldname) or 1
    k1_plus_1 = K1 + 1
    norm_a = K1 * (1 - B)
    norm_b = K1 * B / avgfl
    for leaf, offset in searcher.reader().leaf_readers():
        if fieldname not in leaf.schema or (fieldname, btext) not in leaf:
            continue
        matcher, deleted = _live_postings(leaf, fieldname, btext)
        try:
            ids, weights = _block_ids_weights(matcher)
        except AttributeError as exc:
            raise Unsupported("posting format") from exc
        lengths = _field_lengths(state, leaf, fieldname)
        for docnum, tf in zip(ids, weights, strict=False):
            if deleted and docnum in deleted:
                continue
            scores[docnum + offset] = (
                idf * (tf * k1_plus_1) / (tf + norm_a + norm_b * lengths[docnum])
            )
    remember(state, key, scores)
    return scores


@functools.lru_cache(maxsize=2048)
def _levenshtein_dfa(text, maxdist, prefix):
    return levenshtein_automaton(text, maxdist, prefix).to_dfa()


def terms_within(reader, fieldname, text, maxdist, prefix=1) -> set[str]:
    """Index terms of `fieldname` within `maxdist` edits of `text` (sharing `prefix` letters).

    Like whoosh's ``reader.terms_within``, but the automaton (the costly part) is built once per
    word and reused for every field and segment.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    dfa = _levenshtein_dfa(text, maxdist, prefix)
    found = set()
    for leaf, _offset in reader.leaf_readers():
        if fieldname not in leaf.schema:
            continue
        found.update(Automata.find_matches(dfa, leaf.cursor(fieldname)))
    return found


def expand_fuzzy(state, query):
    """A FuzzyTerm as the Or of the index terms within its edit distance (same boost)."""
    reader = state.searcher.reader()
    if query.fieldname not in reader.schema:
        return wq.NullQuery
    words = sorted(
        terms_within(reader, query.fieldname, query.text, query.maxdist, query.prefixlength)
    )
    if not words:
        return wq.NullQuery
    return wq.Or([wq.Term(query.fieldname, word, boost=query.boost) for word in words])


def expand_prefix(state, query):
    """A Prefix as the Or of the index terms it starts (capped for autocomplete prefixes)."""
    reader = state.searcher.reader()
    if query.fieldname not in reader.schema:
        return wq.NullQuery
    words = reader.expand_prefix(query.fieldname, query.text)
    limit = getattr(query, "MAX_EXPANSIONS", None)
    if limit:
        words = itertools.islice(words, limit)
    terms = [wq.Term(query.fieldname, word, boost=query.boost) for word in words]
    if not terms:
        return wq.NullQuery
    return terms[0] if len(terms) == 1 else wq.Or(terms)
