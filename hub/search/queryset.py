"""The queryset's part of a search: ``filter()``/``exclude()`` clauses and ``order_by()``.

Clauses on FilterFields become an unscored whoosh filter on typed fields (``hub.search.query``
joins it to the scored text query). Conditions on RelatedFields match child documents through
``ParentsOf``, and conditions on the same related object (one ``filter()`` call) are matched
together, as SQL would. ``order_by()`` becomes a sort on the stored filter values.
"""

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import OrderBy, QuerySet, Subquery
from django.db.models.functions.datetime import Extract as ExtractDate
from django.db.models.lookups import Lookup
from django.db.models.sql import Query
from django.db.models.sql.constants import MULTI, SINGLE
from modelsearch.backends.base import FilterError, OrderByFieldError
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from hub.search import schema as hs


@dataclass
class Leaf:
    query: object  # whoosh query
    group: tuple | None = None  # (join aliases, relation prefix) for child-document conditions
    relation: str | None = None


@dataclass
class Node:
    connector: str
    children: list = field(default_factory=list)
    negated: bool = False


class ParentsOf(wq.Query):
    """Parents of the child documents that match `child` (children follow their parent).

    Used instead of whoosh's ``NestedParent``, whose matcher raises ``ReadTooFar`` when skipped
    past its last child (whoosh-reloaded 2.7.5).
    """

    def __init__(self, child):
        self.child = child
        self.boost = 1.0

    def __eq__(self, other):
        return type(other) is type(self) and other.child == self.child

    def __hash__(self):
        return hash((type(self), self.child))

    def __repr__(self):
        return f"ParentsOf({self.child!r})"

    def children(self):
        return [self.child]

    def apply(self, fn):
        return type(self)(fn(self.child))

    def normalize(self):
        child = self.child.normalize()
        return wq.NullQuery if child is wq.NullQuery else type(self)(child)

    def estimate_size(self, ixreader):
        return self.child.estimate_size(ixreader)

    def matcher(self, searcher, context=None):
        child_matcher = self.child.matcher(searcher, searcher.boolean_context())
        if not child_matcher.is_active():
            return NullMatcher()
        child_ids = list(child_matcher.all_ids())
        parents = searcher._filter_to_comb(wq.Term(hs.KIND, hs.PARENT))
        if not parents:
            return NullMatcher()
        ids = sorted({parents.before(docnum + 1) for docnum in child_ids} - {None})
        return ListMatcher(ids, all_weights=1.0) if ids else NullMatcher()


def any_of(queries):
    """The Or of the queries that are not None (None if there are none)."""
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def all_of(queries):
    """The And of the queries that are not None (None if there are none)."""
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.And(queries)


class QuerysetClauses:
    """The filters and ordering of ``hub.search.query.WhooshSearchQueryCompiler``.

    A mixin placed before modelsearch's ``BaseSearchQueryCompiler``, which walks the queryset
    and calls the ``_process_*`` and ``_connect_filters`` hooks below; the compiler provides
    ``model``, ``queryset`` and ``content_type_query()``.
    """

    # --- filters ------------------------------------------------------------------------------

    def _get_filters_from_where_node(self, where_node, check_only=False):
        # `Model.objects.filter(id=…)` on a multi-table child is trimmed by Django to its
        # `*_ptr_id` column, which the base class ignores; it is the primary key: filter on it.
        if isinstance(where_node, Lookup) and not isinstance(where_node.lhs, ExtractDate):
            target = getattr(where_node.lhs, "target", None)
            if (
                target is not None
                and target.attname.endswith("_ptr_id")
                and getattr(target, "primary_key", False)
                and issubclass(self.model, target.model)
            ):
                if check_only:
                    return None
                return self._pk_filter(where_node.lookup_name, where_node.rhs)
        return super()._get_filters_from_where_node(where_node, check_only=check_only)

    def _pk_filter(self, lookup, value):
        if lookup == "exact":
            value = self._single_value(value)
            if value is None:
                return Leaf(wq.NullQuery)
            return Leaf(wq.Term(hs.PKX, str(getattr(value, "pk", value))))
        if lookup == "in":
            values = self._many_values(value)
            terms = [wq.Term(hs.PKX, str(getattr(v, "pk", v))) for v in values]
            return Leaf(any_of(terms) or wq.NullQuery)
        if lookup == "isnull":
            return Leaf(wq.NullQuery) if value else None
        return None

    def _process_filter(self, column, lookup, value, check_only=False):
        self._group = self._join_group(column)
        try:
            return super()._process_filter(column, lookup, value, check_only=check_only)
        finally:
            self._group = None

    def _join_group(self, column):
        """Aliases of the relation joins leading to `column` (parent-model joins left out)."""
        alias_map = self.queryset.query.alias_map
        aliases = []
        alias = column.alias
        while alias is not None and alias in alias_map:
            join = alias_map[alias]
            parent = getattr(join, "parent_alias", None)
            if parent is None:
                break
            join_field = getattr(join, "join_field", None)
            is_parent_link = bool(
                join_field is not None
                and getattr(join_field, "one_to_one", False)
                and getattr(getattr(join_field, "remote_field", None), "parent_link", False)
            )
            if not is_parent_link:
                aliases.append(alias)
            alias = parent
        return tuple(reversed(aliases))

    def _single_value(self, value):
        if isinstance(value, QuerySet):
            value = value.query
        if isinstance(value, (Query, Subquery)):
            db_alias = self.queryset._db or DEFAULT_DB_ALIAS
            query = value.query if isinstance(value, Subquery) else value
            row = query.get_compiler(db_alias).execute_sql(result_type=SINGLE)
            return row[0] if row else None
        return value

    def _many_values(self, value):
        if isinstance(value, QuerySet):
            value = value.query
        if isinstance(value, (Query, Subquery)):
            db_alias = self.queryset._db or DEFAULT_DB_ALIAS
            query = value.query if isinstance(value, Subquery) else value
            chunks = query.get_compiler(db_alias).execute_sql(result_type=MULTI)
            return [row[0] for chunk in chunks for row in chunk]
        return list(value)

    def _exact(self, name, kind, value):
        try:
            encoded = hs.encode(kind, value)
        except (TypeError, ValueError, ArithmeticError):
            return wq.NullQuery
        if kind in hs.NUMERIC_KINDS:
            field_type = hs.field_types().get(name) or hs.numeric_field(kind)
            return wq.Term(name, field_type.to_bytes(encoded))
        return wq.Term(name, encoded)

    def _range(self, name, kind, start, end, startexcl=False, endexcl=False):
        try:
            start = None if start is None else hs.encode(kind, start)
            end = None if end is None else hs.encode(kind, end)
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise FilterError(f"Cannot compare {name} with {start!r}/{end!r}") from exc
        if kind in hs.NUMERIC_KINDS:
            return wq.NumericRange(name, start, end, startexcl=startexcl, endexcl=endexcl)
        return wq.TermRange(name, start, end, startexcl=startexcl, endexcl=endexcl)

    def _process_lookup(self, field_path, lookup, value):
        name, kind = hs.filter_name(field_path, self.model)
        nested = len(field_path) > 1
        relation = name.rsplit(".", 1)[0] if nested else None
        base = wq.Term(hs.REL, relation) if nested else self.content_type_query()

        def leaf(query):
            return Leaf(query, (self._group, relation) if nested else None, relation)

        if lookup == "exact":
            value = self._single_value(value)
            if value is None:
                return leaf(wq.Term(hs.NULLS, name))
            return leaf(self._exact(name, kind, value))
        if lookup == "isnull":
            if value:
                return leaf(wq.Term(hs.NULLS, name))
            return leaf(wq.AndNot(base, wq.Term(hs.NULLS, name)))
        if lookup in ("startswith", "prefix"):
            if kind in hs.NUMERIC_KINDS:
                return None
            return leaf(wq.Prefix(name, str(value)))
        if lookup in ("gt", "gte", "lt", "lte"):
            value = self._single_value(value)
            if lookup.startswith("g"):
                return leaf(self._range(name, kind, value, None, startexcl=lookup == "gt"))
            return leaf(self._range(name, kind, None, value, endexcl=lookup == "lt"))
        if lookup == "range":
            start, end = value
            return leaf(self._range(name, kind, start, end))
        if lookup == "in":
            values = [v for v in self._many_values(value) if v is not None]
            return leaf(any_of(self._exact(name, kind, v) for v in values) or wq.NullQuery)
        return None

    def _process_match_none(self):
        return Leaf(wq.NullQuery)

    def _connect_filters(self, filters, connector, negated):
        filters = [f for f in filters if f is not None]
        if not filters:
            return None
        if len(filters) == 1 and not negated:
            return filters[0]
        return Node(connector, filters, negated)

    def _compile_filter(self, item):
        """Intermediate filter tree → (whoosh query, is_negated)."""
        if isinstance(item, Leaf):
            query = item.query
            if item.group is not None:
                query = ParentsOf(query)
            return query
        # Node: child-document conditions of the same join group are matched together.
        positive, negative, groups = [], [], {}
        for child in item.children:
            if isinstance(child, Leaf) and child.group is not None and item.connector == "AND":
                groups.setdefault(child.group, []).append(child.query)
                continue
            compiled = self._compile_filter(child)
            if isinstance(child, Node) and child.negated:
                negative.append(compiled)
            else:
                positive.append(compiled)
        for queries in groups.values():
            positive.append(ParentsOf(all_of(queries)))
        if item.connector == "OR":
            parts = positive + [wq.AndNot(self.content_type_query(), q) for q in negative]
            result = any_of(parts) or wq.NullQuery
        else:
            result = all_of(positive) or self.content_type_query()
            if negative:
                result = wq.AndNot(result, any_of(negative))
        # A negated node returns its positive form; the parent applies the negation.
        return result

    def filter_query(self):
        """The queryset's clauses as one unscored whoosh query, or None when it has none."""
        tree = self._get_filters_from_queryset()
        if tree is None:
            return None
        compiled = self._compile_filter(tree)
        if isinstance(tree, Node) and tree.negated:
            return wq.AndNot(self.content_type_query(), compiled)
        return compiled

    # --- ordering -----------------------------------------------------------------------------

    def sort_spec(self):
        """[(column, descending, nulls_first)] for field ordering; None to order by relevance."""
        if self.order_by_relevance:
            return None
        spec = []
        pk_names = {"pk", self.model._meta.pk.attname, self.model._meta.pk.name}
        for item in self.queryset.query.order_by:
            nulls_first = None
            if isinstance(item, OrderBy):
                expression = item.expression
                name = getattr(expression, "name", None)
                if name is None and getattr(expression, "target", None) is not None:
                    name = expression.target.attname
                if name is None:
                    raise OrderByFieldError(
                        f'Sorting search results with "{item}" is not supported by this search '
                        "backend.",
                        field_name=str(item),
                    )
                descending = item.descending
                if item.nulls_first:
                    nulls_first = True
                elif item.nulls_last:
                    nulls_first = False
            elif isinstance(item, str):
                if item == "?":
                    continue
                descending = item.startswith("-")
                name = item.lstrip("-")
            else:
                raise OrderByFieldError(
                    f'Sorting search results with "{item}" is not supported by this search '
                    "backend.",
                    field_name=str(item),
                )
            if name in pk_names and self._get_filterable_field(name) is None:
                spec.append((hs.PK, descending, nulls_first))
                continue
            search_field = self._get_filterable_field(name)
            if search_field is None:
                raise OrderByFieldError(
                    f'Cannot sort search results with field "{name}". Please add '
                    f'index.FilterField("{name}") to {self.model.__name__}.search_fields.',
                    field_name=name,
                )
            whoosh_name, _kind = hs.filter_name([search_field], self.model)
            spec.append((hs.column_name(whoosh_name), descending, nulls_first))
        if not spec:
            spec = [(hs.PK, True, None)]
        return spec
