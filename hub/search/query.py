"""modelsearch queries and queryset filters → whoosh queries.

The text part (PlainText, Phrase, Fuzzy, And, Or, Not, Boost, MATCH_ALL, MATCH_NONE) becomes a
scored whoosh query over the model's full-text fields, each field weighted by its SearchField
boost, in the languages of the search (``hub.search.languages``: a Dutch search matches the Dutch
stems of its words in the Dutch fields or their English stems in the English fields); the
queryset's ``filter()``/``exclude()`` clauses on FilterFields become an unscored
whoosh filter on typed fields (``hub.search.queryset``, which also turns ``order_by()`` into a
sort); the two meet in ``Require(text, filter)``, so filters never change scores.
"""

from dataclasses import dataclass

from modelsearch.backends.base import BaseSearchQueryCompiler
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq

from hub.search import analysis
from hub.search import schema as hs
from hub.search.analysis import DEFAULT_LANGUAGE
from hub.search.languages import search_languages
from hub.search.queryset import QuerysetClauses, all_of, any_of

#: Weight of a fuzzy (misspelt) match relative to an exact one.
FUZZY_WEIGHT = 0.5


class _All:
    def __repr__(self):
        return "ALL"


class _None:
    def __repr__(self):
        return "NONE"


ALL = _All()
NONE = _None()


@dataclass
class Negated:
    """A text query to exclude (resolved against its siblings or the model's documents)."""

    query: object


def fuzzy_distance(term: str) -> int:
    """Edit distance allowed for a term: none up to 3 letters, 1 up to 5, then 2 (like ES AUTO)."""
    if len(term) <= 3:
        return 0
    if len(term) <= 5:
        return 1
    return 2


class WhooshSearchQueryCompiler(QuerysetClauses, BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    is_autocomplete = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = self.queryset.model
        self._group = None
        self._compiled = False
        self._plan = None
        # Taken now: results are compiled lazily, maybe after a searching_in() block ended.
        self.languages = search_languages()

    # --- fields -------------------------------------------------------------------------------

    def content_type_query(self):
        return wq.Term(hs.CT, hs.content_type_label(self.model))

    def all_documents(self):
        """Every document of the searched model, scored 1 (base for MATCH_ALL and negations)."""
        return wq.ConstantScoreQuery(self.content_type_query(), 1.0)

    def text_fields(self, language=DEFAULT_LANGUAGE) -> list[tuple[str, float]]:
        specs = hs.text_specs_for(self.model, language)
        if self.fields is None:
            return list(specs)
        boosts = dict(specs)
        out = []
        for name in self.fields:
            whoosh_name = hs.text_name("t." + name, language)
            if language != DEFAULT_LANGUAGE and whoosh_name not in boosts:
                continue  # no such field in that language (a model without locale)
            out.append((whoosh_name, boosts.get(whoosh_name, 1.0)))
        return out

    # --- text query ---------------------------------------------------------------------------

    def terms(self, text, language=DEFAULT_LANGUAGE):
        return analysis.text_terms(text, language)

    def _in_languages(self, build):
        """The Or of `build(language)` over the search's languages (NONE if none can match)."""
        parts = [build(language) for language in self.languages]
        return any_of(p for p in parts if p is not NONE) or NONE

    def _term_alternatives(self, term, boost, fuzzy=False, language=DEFAULT_LANGUAGE):
        alternatives = []
        for name, field_boost in self.text_fields(language):
            weight = field_boost * boost
            alternatives.append(wq.Term(name, term, boost=weight))
            distance = fuzzy_distance(term) if fuzzy else 0
            if distance:
                alternatives.append(
                    wq.FuzzyTerm(
                        name, term, boost=weight * FUZZY_WEIGHT, maxdist=distance, prefixlength=1
                    )
                )
        return any_of(alternatives)

    def _combine_terms(self, terms, operator, boost, fuzzy=False, language=DEFAULT_LANGUAGE):
        parts = [self._term_alternatives(term, boost, fuzzy, language) for term in terms]
        parts = [p for p in parts if p is not None]
        if not parts:
            return NONE
        if len(parts) == 1:
            return parts[0]
        return wq.And(parts) if operator == "and" else wq.Or(parts)

    def compile_text(self, query, boost=1.0):
        """A whoosh query, ALL, NONE or Negated(...) for a modelsearch query."""
        if isinstance(query, MatchAll):
            return ALL
        if isinstance(query, PlainText):
            return self._in_languages(
                lambda language: self._combine_terms(
                    self.terms(query.query_string, language),
                    query.operator,
                    boost * query.boost,
                    language=language,
                )
            )
        if isinstance(query, Fuzzy):
            return self._in_languages(
                lambda language: self._combine_terms(
                    self.terms(query.query_string, language),
                    query.operator,
                    boost,
                    fuzzy=True,
                    language=language,
                )
            )
        if isinstance(query, Phrase):
            return self._in_languages(lambda language: self._phrase(query, boost, language))
        if isinstance(query, Boost):
            return self.compile_text(query.subquery, boost * query.boost)
        if isinstance(query, Not):
            inner = self.compile_text(query.subquery, boost)
            if inner is ALL:
                return NONE
            if inner is NONE:
                return ALL
            if isinstance(inner, Negated):
                return inner.query
            return Negated(inner)
        if isinstance(query, And):
            parts = [self.compile_text(sub, boost) for sub in query.subqueries]
            if any(p is NONE for p in parts):
                return NONE
            parts = [p for p in parts if p is not ALL]
            if not parts:
                return ALL
            positive = [p for p in parts if not isinstance(p, Negated)]
            negative = [p.query for p in parts if isinstance(p, Negated)]
            if not positive:
                return Negated(any_of(negative))
            result = all_of(positive)
            if negative:
                result = wq.AndNot(result, any_of(negative))
            return result
        if isinstance(query, Or):
            parts = [self.compile_text(sub, boost) for sub in query.subqueries]
            if any(p is ALL for p in parts):
                return ALL
            parts = [p for p in parts if p is not NONE]
            if not parts:
                return NONE
            resolved = [
                wq.AndNot(self.all_documents(), p.query) if isinstance(p, Negated) else p
                for p in parts
            ]
            return any_of(resolved)
        raise NotImplementedError(
            f"`{query.__class__.__name__}` is not supported by the whoosh search backend."
        )

    def _phrase(self, query, boost, language):
        tokens = analysis.text_tokens(query.query_string, language)
        if not tokens:
            return NONE
        if len(tokens) == 1:
            return self._combine_terms(tokens, "and", boost, language=language)
        return (
            any_of(
                wq.Phrase(name, tokens, boost=field_boost * boost)
                for name, field_boost in self.text_fields(language)
            )
            or NONE
        )

    # --- the whole query ----------------------------------------------------------------------

    def plan(self):
        """(scored text query or ALL, required model/filter query); None if nothing can match.

        The text part is what whoosh scores (BM25F); the required part (content type and
        ``filter()`` clauses) only restricts and is evaluated as a cached set of documents.
        """
        if not self._compiled:
            self._plan = self._build()
            self._compiled = True
        return self._plan

    def _build(self):
        text = self.compile_text(self.query)
        if text is NONE:
            return None
        required = all_of([self.content_type_query(), self.filter_query()])
        if isinstance(text, Negated):
            text = wq.AndNot(self.all_documents(), text.query)
        return text, required

    def whoosh_query(self):
        """The whole search as one whoosh query, or None when it cannot match anything."""
        plan = self.plan()
        if plan is None:
            return None
        text, required = plan
        if text is ALL:
            return wq.ConstantScoreQuery(required, 1.0)
        return wq.Require(text, required)


class AutocompletePrefix(wq.Prefix):
    """A typed word as a prefix of index words (expanded to at most MAX_EXPANSIONS of them)."""

    MAX_EXPANSIONS = 256


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Partial-word matching on AutocompleteFields: every typed word is a prefix."""

    is_autocomplete = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = (DEFAULT_LANGUAGE,)  # typed words are folded, never stemmed

    def _term_alternatives(self, term, boost, fuzzy=False, language=DEFAULT_LANGUAGE):
        return any_of(
            AutocompletePrefix(name, term, boost=field_boost * boost)
            for name, field_boost in self.text_fields(language)
        )

    def text_fields(self, language=DEFAULT_LANGUAGE):
        if self.fields is None:
            return [(name, 1.0) for name in hs.autocomplete_names_for(self.model)]
        return [("a." + name, 1.0) for name in self.fields]

    def terms(self, text, language=DEFAULT_LANGUAGE):
        return analysis.autocomplete_terms(text)

    def compile_text(self, query, boost=1.0):
        if isinstance(query, (Phrase, Fuzzy)):
            query = PlainText(query.query_string, operator="and")
        return super().compile_text(query, boost)
