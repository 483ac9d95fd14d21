"""What one indexed object becomes: the documents, their field names, and the mapping from a
model's ``search_fields`` to them.

One whoosh index holds every indexed model. Each indexed object is one *parent* document:

``root``      the object's key, ``<root model label>:<pk>`` (multi-table children share their
              root's key, so a Novel and "its" Book are one document); used to replace/delete.
``kind``      ``p`` for parents, ``c`` for the child documents below.
``ct``        the labels of the object's model and of every indexed model it inherits from, so
              a search on ``Book`` finds Novels too and nothing else.
``pk``        column (not indexed) with the primary key: what results need to fetch objects.
``pkx``       the primary key as an exact term (for ``*_ptr_id`` filters).
``t.<path>``  full-text, one field per SearchField (``t.title``, ``t.authors.name`` for
              RelatedFields), stemmed and accent-folded, term frequencies (no positions).
``p.<path>``  the same text as pairs of consecutive terms (fast phrase look-ups).
``tnl.<path>``, ``pnl.<path>``, ``tfr.<path>``, ``pfr.<path>``  the same for Dutch and French
              content, analysed in its language (models with a ``locale`` only): an object
              fills the fields of its own language (``hub.search.languages``), never two.
``a.<path>``  autocomplete, one field per AutocompleteField (words folded, not stemmed).
``f.<model label>.<attname>``  one typed field per FilterField (numbers, dates and times as
              64-bit numbers, everything else as exact terms; lists are multi-valued), named
              after the model that defines the field so two models never clash on a name.
``values``    column (not indexed): {``c.<model label>.<attname>``: value} of the filter fields,
              for ordering and facet counts (one column, so a commit writes one file, not one
              per field).
``rel``       (child documents) which relation they belong to.
``nulls``     the names of the filter fields that are null/empty, for ``__isnull``.

Filter fields inside ``RelatedFields`` go to *child* documents that follow their parent in the
index (whoosh nested documents, ``kind=c``, same ``root``) so that several conditions on one
related object (``books__date=…, books__pages__gt=…``) must hold for the same related object,
as in SQL. Nothing is stored but the primary key: text is never returned from the index.
"""

import logging
from dataclasses import dataclass, field

from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    Indexed,
    RelatedFields,
    SearchField,
)

from hub.search import analysis
from hub.search.languages import has_locale, object_language
from hub.search.values import STR, TYPE_KINDS, encode, plain_values, related_objects, text_value

logger = logging.getLogger("hub.search")

ROOT = "root"
KIND = "kind"
CT = "ct"
PK = "pk"
PKX = "pkx"
NULLS = "nulls"
REL = "rel"
VALUES = "values"
PARENT = "p"
CHILD = "c"


# --- Field names -----------------------------------------------------------------------------


def text_name(name: str, language: str = analysis.DEFAULT_LANGUAGE) -> str:
    """The full-text field of `language` for an English field name ("t.title" → "tnl.title")."""
    if language == analysis.DEFAULT_LANGUAGE:
        return name
    return f"t{language}.{name[2:]}"


def is_text_name(name: str) -> bool:
    """Is `name` a full-text field (of any language)?"""
    head = name.split(".", 1)[0]
    return head == "t" or (head[:1] == "t" and head[1:] in analysis.LANGUAGES)


def field_language(name: str) -> str:
    """The analysis language of a full-text or pairs field ("tnl.title" → "nl")."""
    return name.split(".", 1)[0][1:] or analysis.DEFAULT_LANGUAGE


def bigram_name(text_name: str) -> str:
    """The pairs field of a full-text field ("t.title" → "p.title", "tnl.x" → "pnl.x")."""
    return "p" + text_name[1:]


def model_label(cls) -> str:
    meta = getattr(cls, "_meta", None)
    if meta is not None:
        return f"{meta.app_label}.{meta.model_name}"
    return f"{cls.__module__}.{cls.__qualname__}".lower()


def definition_label(search_field, model) -> str:
    try:
        definer = search_field.get_definition_model(model)
    except Exception:  # noqa: BLE001 - an odd field must not break indexing
        definer = None
    return model_label(definer or get_model_root(model))


def kind_of(filter_field, model) -> str:
    try:
        return TYPE_KINDS.get(filter_field.get_type(model), STR)
    except Exception:  # noqa: BLE001
        return STR


def filter_name(path, model) -> tuple[str, str]:
    """(whoosh field name, kind) of a FilterField reached through `path` from `model`.

    `path` is zero or more RelatedFields followed by the FilterField, as the query compiler's
    ``_get_filter_field_path_for_column`` returns it.
    """
    name = None
    for related in path[:-1]:
        if name is None:
            name = f"f.{definition_label(related, model)}.{related.field_name}"
        else:
            name = f"{name}.{related.field_name}"
        model = related.get_field(model).related_model
    leaf = path[-1]
    attname = leaf.get_attname(model)
    name = f"f.{definition_label(leaf, model)}.{attname}" if name is None else f"{name}.{attname}"
    return name, kind_of(leaf, model)


def column_name(filter_field_name: str) -> str:
    return "c." + filter_field_name[2:]


def content_type_label(model) -> str:
    return model_label(model)


# --- Model mappings --------------------------------------------------------------------------


@dataclass
class TextSpec:
    name: str
    boost: float


@dataclass
class ModelMapping:
    """Everything the index needs to know about one indexed model."""

    model: type
    root_label: str = ""
    content_types: list = field(default_factory=list)
    text: list = field(default_factory=list)  # TextSpec, one per (possibly related) SearchField
    autocomplete: list = field(default_factory=list)  # whoosh names
    filters: dict = field(default_factory=dict)  # whoosh name -> kind (parent documents)
    child_filters: dict = field(default_factory=dict)  # whoosh name -> kind (child documents)
    translatable: bool = False  # objects have a locale: text in Dutch/French fields too

    def __post_init__(self):
        model = self.model
        self.translatable = has_locale(model)
        self.root_label = model_label(get_model_root(model))
        self.content_types = []
        current = model
        while current is not None:
            self.content_types.append(content_type_label(current))
            current = current.indexed_get_parent() if issubclass(current, Indexed) else None
        self._walk(model, model.get_search_fields(), (), None, 1.0)

    def _walk(self, model, search_fields, text_path, prefix, boost):
        for search_field in search_fields:
            if isinstance(search_field, RelatedFields):
                try:
                    related_model = search_field.get_field(model).related_model
                except Exception:  # noqa: BLE001, S112 - not a relation: nothing to index
                    continue
                sub_prefix = (
                    f"{prefix}.{search_field.field_name}"
                    if prefix
                    else f"f.{definition_label(search_field, model)}.{search_field.field_name}"
                )
                self._walk(
                    related_model,
                    search_field.fields,
                    (*text_path, search_field.field_name),
                    sub_prefix,
                    boost,
                )
            elif isinstance(search_field, SearchField):
                name = "t." + ".".join((*text_path, search_field.field_name))
                field_boost = float(search_field.boost or 1.0)
                if not any(spec.name == name for spec in self.text):
                    self.text.append(TextSpec(name, field_boost))
            elif isinstance(search_field, AutocompleteField):
                name = "a." + ".".join((*text_path, search_field.field_name))
                if name not in self.autocomplete:
                    self.autocomplete.append(name)
            elif isinstance(search_field, FilterField):
                attname = search_field.get_attname(model)
                if prefix:
                    self.child_filters[f"{prefix}.{attname}"] = kind_of(search_field, model)
                else:
                    name = f"f.{definition_label(search_field, model)}.{attname}"
                    self.filters[name] = kind_of(search_field, model)

    def key(self, pk) -> str:
        return f"{self.root_label}:{pk}"

    # Documents

    def documents(self, obj) -> list[dict]:
        """The parent document of `obj` followed by its child documents."""
        key = self.key(obj.pk)
        parent = {ROOT: key, KIND: PARENT, CT: self.content_types, PK: obj.pk, PKX: str(obj.pk)}
        texts: dict[str, list[str]] = {}
        nulls: list[str] = []
        children: list[dict] = []
        self._collect(
            obj,
            self.model,
            self.model.get_search_fields(),
            key,
            parent,
            texts,
            nulls,
            children,
            (),
            None,
        )
        language = object_language(obj) if self.translatable else analysis.DEFAULT_LANGUAGE
        for name, values in texts.items():
            if name.startswith("t."):
                # Analysed once here, in the object's language; whoosh indexes the token lists
                # as they are.
                tokens, pairs = [], []
                for value in values:
                    value_tokens = analysis.text_tokens(value, language)
                    tokens.extend(value_tokens)
                    pairs.extend(map(" ".join, zip(value_tokens, value_tokens[1:], strict=False)))
                name = text_name(name, language)
                if tokens:
                    parent[name] = tokens
                if pairs:
                    parent[bigram_name(name)] = pairs
            else:
                joined = "\n".join(v for v in values if v)
                if joined:
                    parent[name] = joined
        if nulls:
            parent[NULLS] = nulls
        return [parent, *children]

    def _collect(
        self, obj, model, search_fields, key, target, texts, nulls, children, text_path, prefix
    ):
        for search_field in search_fields:
            if isinstance(search_field, RelatedFields):
                try:
                    related_model = search_field.get_field(model).related_model
                    sub_objs = related_objects(search_field.get_value(obj))
                except Exception:  # noqa: BLE001 - a broken relation must not stop indexing
                    logger.debug("RelatedFields %s of %r skipped", search_field, obj, exc_info=True)
                    continue
                sub_prefix = (
                    f"{prefix}.{search_field.field_name}"
                    if prefix
                    else f"f.{definition_label(search_field, model)}.{search_field.field_name}"
                )
                has_filters = _has_filters(search_field.fields)
                for sub_obj in sub_objs:
                    if has_filters:
                        child = {ROOT: key, KIND: CHILD, REL: sub_prefix}
                        child_nulls: list[str] = []
                        self._collect(
                            sub_obj,
                            related_model,
                            search_field.fields,
                            key,
                            child,
                            texts,
                            child_nulls,
                            children,
                            (*text_path, search_field.field_name),
                            sub_prefix,
                        )
                        if child_nulls:
                            child[NULLS] = child_nulls
                        children.append(child)
                    else:
                        self._collect(
                            sub_obj,
                            related_model,
                            search_field.fields,
                            key,
                            None,
                            texts,
                            [],
                            children,
                            (*text_path, search_field.field_name),
                            sub_prefix,
                        )
            elif isinstance(search_field, (SearchField, AutocompleteField)):
                prefix_letter = "t." if isinstance(search_field, SearchField) else "a."
                name = prefix_letter + ".".join((*text_path, search_field.field_name))
                try:
                    value = text_value(search_field.get_value(obj))
                except Exception:  # noqa: BLE001
                    logger.debug("Field %s of %r skipped", search_field, obj, exc_info=True)
                    continue
                if value:
                    texts.setdefault(name, []).append(value)
            elif isinstance(search_field, FilterField) and target is not None:
                attname = search_field.get_attname(model)
                if prefix:
                    name = f"{prefix}.{attname}"
                else:
                    name = f"f.{definition_label(search_field, model)}.{attname}"
                kind = kind_of(search_field, model)
                try:
                    raw = plain_values(_filter_value(search_field, obj))
                except Exception:  # noqa: BLE001
                    logger.debug("Filter %s of %r skipped", search_field, obj, exc_info=True)
                    raw = []
                encoded = []
                for value in raw:
                    try:
                        encoded.append(encode(kind, value))
                    except (TypeError, ValueError, ArithmeticError):
                        continue
                if encoded:
                    target[name] = encoded if len(encoded) > 1 else encoded[0]
                else:
                    nulls.append(name)
                if not prefix and raw:
                    target.setdefault(VALUES, {})[column_name(name)] = (
                        tuple(raw) if len(raw) > 1 else raw[0]
                    )


def _filter_value(search_field, obj):
    """A FilterField's value; to-many relations through the (possibly prefetched) manager."""
    try:
        model_field = obj._meta.get_field(search_field.field_name)
    except Exception:  # noqa: BLE001 - callables and properties
        model_field = None
    if model_field is not None and (model_field.many_to_many or model_field.one_to_many):
        manager = getattr(obj, search_field.field_name, None)
        if manager is not None and hasattr(manager, "all"):
            return [related.pk for related in manager.all()]
    return search_field.get_value(obj)


def _has_filters(search_fields) -> bool:
    for search_field in search_fields:
        if isinstance(search_field, FilterField):
            return True
        if isinstance(search_field, RelatedFields) and _has_filters(search_field.fields):
            return True
    return False
