"""Running a compiled search on the index: a page of hits, counts, facets, the fallback.

* Relevance order: whoosh's top-N collector (with its block-quality skipping) is asked for
  ``stop`` hits only (the page asked for and the ones before it), never for the whole result
  set; the model/filter part of the search is a cached set of documents passed as its filter.
* Field order: the set of matching documents (``hub.search.docsets``) is sorted on the cached
  column values, then sliced.
* ``count()`` is the size of that set, computed only when asked for (e.g. by a paginator).
* ``facet(field)`` counts the cached column values of the matching documents.
* Objects come from the database: ``queryset.filter(pk__in=<page of pks>)``, put back in the
  index's order (so the queryset's own filters are applied once more, and an object deleted
  since it was indexed silently drops out).

If the index is missing or unreadable, the same search runs on the database fallback backend
(a warning is logged, at most once a minute) so a page never fails because of the index.
"""

import heapq
import logging
from collections import Counter, OrderedDict

from modelsearch.backends.base import BaseSearchResults, EmptySearchResults, FilterFieldError
from modelsearch.query import And, Boost, Fuzzy, Not, Or, PlainText

from hub.search import docsets
from hub.search import schema as hs
from hub.search.query import ALL
from hub.search.store import IndexUnavailable

logger = logging.getLogger("hub.search")


def _sort_key(value):
    """A key that orders mixed/None values without TypeError (None handled by the caller)."""
    if isinstance(value, tuple):
        value = value[0] if value else None
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, value)


def fallback_query(query):
    """The same query without what the database fallback cannot run (Fuzzy → PlainText OR)."""
    if isinstance(query, Fuzzy):
        return PlainText(query.query_string, operator="or")
    if isinstance(query, Not):
        return Not(fallback_query(query.subquery))
    if isinstance(query, And):
        return And([fallback_query(q) for q in query.subqueries])
    if isinstance(query, Or):
        return Or([fallback_query(q) for q in query.subqueries])
    if isinstance(query, Boost):
        return Boost(fallback_query(query.subquery), query.boost)
    return query


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    # --- index access -------------------------------------------------------------------------

    @property
    def store(self):
        return self.backend.store

    def _matching(self, state):
        """The set of document numbers matching the whole search (cached per reader)."""
        plan = self.query_compiler.plan()
        if plan is None:
            return docsets.EMPTY
        text, required = plan
        allowed = docsets.docs(state, required)
        if text is ALL or not allowed:
            return allowed
        key = ("full", repr(text), repr(required))
        cached = state.sets.get(key)
        if cached is None:
            text_scores = docsets.scores(state, text)  # usually cached by the page just shown
            matching = text_scores.keys() if text_scores is not None else docsets.docs(state, text)
            cached = frozenset(matching & allowed)
            docsets._remember(state, key, cached)
        return cached

    def _scores(self, state, text, allowed, limit):
        """[(docnum, score)] best first among `allowed`, at most `limit` (None: all).

        Ties are broken by document number (as whoosh does), so pages never overlap.
        """
        if not allowed:
            return []
        all_scores = docsets.scores(state, text)
        if all_scores is not None:
            if len(allowed) < len(all_scores):
                candidates = ((s, -d) for d in allowed if (s := all_scores.get(d)) is not None)
            else:
                candidates = ((s, -d) for d, s in all_scores.items() if d in allowed)
            if limit is None:
                best = sorted(candidates, reverse=True)
            else:
                best = heapq.nlargest(limit, candidates)
            return [(-negdoc, score) for score, negdoc in best]
        results = state.searcher.search(
            text, limit=limit, filter=docsets.FrozenDocs(allowed), terms=False
        )
        return [(docnum, score) for score, docnum in results.top_n]

    def _hits(self):
        """[(pk, score)] of this slice, in order."""
        compiler = self.query_compiler
        plan = compiler.plan()
        if plan is None:
            return []
        text, required = plan
        start, stop = self.start, self.stop
        if stop is not None and stop <= start:
            return []
        sort = compiler.sort_spec()
        state = self.store.reader_state()
        pks = self.store.column(state, hs.PK)
        if sort is None:
            allowed = docsets.docs(state, required)
            if text is ALL:
                return [(pks[docnum], 1.0) for docnum in sorted(allowed)[start:stop]]
            # Top-N only: whoosh scores, keeping the best `stop` in a heap.
            top = self._scores(state, text, allowed, stop)[start:stop]
            return [(pks[docnum], score) for docnum, score in top]

        docnums = sorted(self._matching(state))
        # Deterministic: ties (and nulls) are broken by primary key, ascending.
        docnums.sort(key=lambda d: _sort_key(pks[d]))
        for column, descending, nulls_first in reversed(sort):
            values = pks if column == hs.PK else self.store.column(state, column)
            if nulls_first is None:
                nulls_first = descending  # PostgreSQL's default: NULLS LAST ascending
            present = [d for d in docnums if values[d] is not None and values[d] != ()]
            missing = [d for d in docnums if values[d] is None or values[d] == ()]
            present.sort(key=lambda d, v=values: _sort_key(v[d]), reverse=descending)
            docnums = missing + present if nulls_first else present + missing
        page = docnums[start:stop]
        scores = {}
        if self._score_field and text is not ALL:
            scores = dict(self._scores(state, text, docsets.docs(state, required), None))
        return [(pks[docnum], float(scores.get(docnum, 0.0))) for docnum in page]

    # --- modelsearch API ----------------------------------------------------------------------

    def _load(self, hits):
        if not hits:
            return []
        queryset = self.query_compiler.queryset
        if queryset.query.is_sliced:
            queryset = queryset.model._default_manager.all()
        objects = queryset.filter(pk__in=[pk for pk, _score in hits]).order_by()
        if self.prefetch_related:
            objects = objects.prefetch_related(*self.prefetch_related)
        by_pk = {obj.pk: obj for obj in objects}
        results = []
        for pk, score in hits:
            obj = by_pk.get(pk)
            if obj is None:
                continue
            if self._score_field:
                setattr(obj, self._score_field, float(score))
            results.append(obj)
        return results

    def pks(self) -> list:
        """This slice's primary keys, best first, straight from the index: no database query.
        The index may still hold a row deleted a moment ago; callers match the keys against
        their own query. A missing or broken index falls back to the database, as for objects."""
        try:
            return [pk for pk, _score in self._hits()]
        except (FilterFieldError, NotImplementedError):
            raise
        except Exception:  # noqa: BLE001 - IndexUnavailable or a corrupt segment
            return [obj.pk for obj in self._do_search()]

    def _do_search(self):
        try:
            hits = self._hits()
        except IndexUnavailable as exc:
            return self._fallback("results", exc)
        except (FilterFieldError, NotImplementedError):
            raise
        except Exception as exc:  # noqa: BLE001 - a corrupt segment must not fail the page
            return self._fallback("results", exc, unexpected=True)
        return self._load(hits)

    def _do_count(self):
        try:
            if self.query_compiler.plan() is None:
                total = 0
            else:
                total = len(self._matching(self.store.reader_state()))
        except IndexUnavailable as exc:
            return self._fallback("count", exc)
        except Exception as exc:  # noqa: BLE001
            return self._fallback("count", exc, unexpected=True)
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name):
        """{value: number of matching objects} for a FilterField, most frequent first.

        Objects without a value count under ``None``; a multi-valued field (tags, many-to-many)
        counts each of its values.
        """
        compiler = self.query_compiler
        search_field = compiler._get_filterable_field(field_name)
        if search_field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f"index.FilterField('{field_name}') to {compiler.model.__name__}.search_fields.",
                field_name=field_name,
            )
        try:
            if compiler.plan() is None:
                return OrderedDict()
            state = self.store.reader_state()
            whoosh_name, _kind = hs.filter_name([search_field], compiler.model)
            values = self.store.column(state, hs.column_name(whoosh_name))
            counts = Counter(map(values.__getitem__, self._matching(state)))
            for value in [v for v in counts if isinstance(v, tuple)]:
                n = counts.pop(value)
                for each in set(value) or {None}:
                    counts[each] += n
        except IndexUnavailable as exc:
            return self._fallback("facet", exc, field_name=field_name)
        except Exception as exc:  # noqa: BLE001
            return self._fallback("facet", exc, unexpected=True, field_name=field_name)
        ordered = sorted(counts.items(), key=lambda item: (-item[1], _sort_key(item[0])))
        return OrderedDict(ordered)

    # --- fallback -----------------------------------------------------------------------------

    def _fallback_results(self):
        compiler = self.query_compiler
        backend = self.backend.fallback_backend()
        run = backend.autocomplete if compiler.is_autocomplete else backend.search
        results = run(
            fallback_query(compiler.query),
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )
        if isinstance(results, EmptySearchResults):
            return results
        if self.start or self.stop is not None:
            results = results[self.start : self.stop]
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results

    def _fallback(self, what, exc, unexpected=False, field_name=None):
        if not self.backend.fallback_path:
            self.store.invalidate()
            raise exc
        self.store.unavailable(exc, unexpected)
        try:
            results = self._fallback_results()
            if what == "count":
                return results.count()
            if what == "facet":
                return results.facet(field_name)
            return list(results)
        except Exception:  # noqa: BLE001 - the fallback failing must not fail the page either
            logger.exception("The database fallback search failed too")
            return OrderedDict() if what == "facet" else (0 if what == "count" else [])
