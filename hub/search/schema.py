"""From a model's ``search_fields`` to whoosh fields and documents.

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

import datetime
import functools
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    Indexed,
    RelatedFields,
    SearchField,
    get_indexed_models,
)
from whoosh import columns, fields, formats

from hub.search import analysis

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

INT, FLOAT, DATE, TIME, BOOL, STR = "int", "float", "date", "time", "bool", "str"
NUMERIC_KINDS = frozenset({INT, FLOAT, DATE, TIME, BOOL})

TYPE_KINDS = {
    "AutoField": INT,
    "BigAutoField": INT,
    "SmallAutoField": INT,
    "IntegerField": INT,
    "BigIntegerField": INT,
    "SmallIntegerField": INT,
    "PositiveIntegerField": INT,
    "PositiveSmallIntegerField": INT,
    "PositiveBigIntegerField": INT,
    "DurationField": INT,
    "FloatField": FLOAT,
    "DecimalField": FLOAT,
    "DateField": DATE,
    "DateTimeField": DATE,
    "TimeField": TIME,
    "BooleanField": BOOL,
    "NullBooleanField": BOOL,
}

EPOCH = datetime.datetime(1970, 1, 1)


# --- Field types -----------------------------------------------------------------------------


class ExactField(fields.FieldType):
    """Untokenized exact values (one term per value; a list gives several terms)."""

    indexed = True
    stored = False
    scorable = False
    unique = False
    vector = None
    column_type = None

    def __init__(self):
        self.format = formats.Existence()
        self.analyzer = None

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def index(self, value, **kwargs):
        values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        for text in dict.fromkeys(str(v) for v in values if v is not None):
            yield text.encode("utf-8"), 1, 1.0, b""

    def to_bytes(self, value):
        if isinstance(value, bytes):
            return value
        return str(value).encode("utf-8")

    def from_bytes(self, bs):
        return bs.decode("utf-8")

    def process_text(self, qstring, mode="", **kwargs):
        yield qstring

    def self_parsing(self):
        return False


def numeric_field(kind):
    # shift_step: extra coarse terms per value that make range queries cheap; none for booleans.
    if kind == FLOAT:
        return fields.NUMERIC(numtype=float, bits=64, shift_step=16)
    return fields.NUMERIC(numtype=int, bits=64, signed=True, shift_step=0 if kind == BOOL else 16)


def filter_field_type(kind):
    return numeric_field(kind) if kind in NUMERIC_KINDS else ExactField()


def column_field():
    return fields.COLUMN(columns.PickleColumn(columns.VarBytesColumn()))


def text_field():
    # No positions: phrases are looked up in the "p." pairs fields, which is much cheaper, and
    # posting blocks without positions decode several times faster.
    return fields.TEXT(analyzer=analysis.text_analyzer(), phrase=False)


class BigramField(fields.FieldType):
    """Pairs of consecutive terms of a full-text field (presence only: phrase look-ups)."""

    indexed = True
    stored = False
    scorable = False
    unique = False
    vector = None
    column_type = None

    def __init__(self):
        self.format = formats.Existence()
        self.analyzer = analysis.bigram_analyzer()

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))


def bigram_name(text_name: str) -> str:
    return "p." + text_name[2:]


def autocomplete_field():
    return fields.TEXT(analyzer=analysis.autocomplete_analyzer(), phrase=False)


# --- Values ----------------------------------------------------------------------------------


def _datetime_micros(value: datetime.datetime) -> int:
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    delta = value - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def encode(kind: str, value):
    """One value as the filter field of this kind indexes it (int/float/str); ValueError if not."""
    if isinstance(value, models.Model):
        value = value.pk
    if value is None:
        raise ValueError("None has no index value")
    if kind == STR:
        return str(value)
    if kind == FLOAT:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return float(value)
        return float(str(value))
    if kind == BOOL:
        return int(bool(value))
    if kind == DATE:
        if isinstance(value, datetime.datetime):
            return _datetime_micros(value)
        if isinstance(value, datetime.date):
            return _datetime_micros(datetime.datetime(value.year, value.month, value.day))
        if isinstance(value, str):
            return _datetime_micros(datetime.datetime.fromisoformat(value))
        raise ValueError(f"{value!r} is not a date")
    if kind == TIME:
        if isinstance(value, str):
            value = datetime.time.fromisoformat(value)
        if isinstance(value, datetime.time):
            return (
                value.hour * 3600 + value.minute * 60 + value.second
            ) * 1_000_000 + value.microsecond
        raise ValueError(f"{value!r} is not a time")
    # INT
    if isinstance(value, datetime.timedelta):
        return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(str(value))


def plain_values(value) -> list:
    """A filter field's value(s) as a flat list of plain values (model instances → pks)."""
    if value is None:
        return []
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all().values_list("pk", flat=True))
    if isinstance(value, (list, tuple, set, frozenset)):
        out = []
        for item in value:
            out.extend(plain_values(item))
        return out
    if isinstance(value, models.Model):
        return [value.pk]
    return [value]


def text_value(value) -> str:
    """A SearchField's value as one string (lists and dicts joined), like modelsearch does."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(text_value(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(text_value(item) for item in value.values())
    return force_str(value)


def related_objects(value) -> list:
    """The objects a RelatedFields entry points to (a manager, one object, or nothing)."""
    if value is None:
        return []
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all())
    if callable(value) and not isinstance(value, models.Model):
        value = value()
        if value is None:
            return []
        if isinstance(value, (models.Manager, models.QuerySet)):
            return list(value.all())
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


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

    def __post_init__(self):
        model = self.model
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
        for name, values in texts.items():
            if name.startswith("t."):
                # Analysed once here; whoosh indexes the token lists as they are.
                tokens, pairs = [], []
                for value in values:
                    value_tokens = analysis.text_tokens(value)
                    tokens.extend(value_tokens)
                    pairs.extend(map(" ".join, zip(value_tokens, value_tokens[1:], strict=False)))
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


@functools.cache
def mapping_for(model) -> ModelMapping:
    return ModelMapping(model)


@functools.cache
def indexed_models() -> tuple:
    return tuple(get_indexed_models())


@functools.cache
def searchable_models(model) -> tuple:
    """`model` and its indexed subclasses: whose fields a search on `model` looks into."""
    return tuple(m for m in indexed_models() if issubclass(m, model)) or (model,)


@functools.cache
def text_specs_for(model) -> tuple:
    """(whoosh name, boost) of every full-text field a search on `model` covers."""
    specs: dict[str, float] = {}
    for each in searchable_models(model):
        for spec in mapping_for(each).text:
            specs[spec.name] = max(specs.get(spec.name, 0.0), spec.boost)
    return tuple(specs.items())


@functools.cache
def autocomplete_names_for(model) -> tuple:
    names: dict[str, None] = {}
    for each in searchable_models(model):
        for name in mapping_for(each).autocomplete:
            names[name] = None
    return tuple(names)


@functools.cache
def schema_fields() -> tuple:
    """Every (name, field type) the index needs for the installed models, in a stable order."""
    out: dict[str, fields.FieldType] = {
        ROOT: ExactField(),
        KIND: ExactField(),
        CT: ExactField(),
        PKX: ExactField(),
        NULLS: ExactField(),
        REL: ExactField(),
        PK: column_field(),
        VALUES: column_field(),
    }
    for model in indexed_models():
        mapping = mapping_for(model)
        for spec in mapping.text:
            out.setdefault(spec.name, text_field())
            out.setdefault(bigram_name(spec.name), BigramField())
        for name in mapping.autocomplete:
            out.setdefault(name, autocomplete_field())
        for name, kind in mapping.filters.items():
            out.setdefault(name, filter_field_type(kind))
        for name, kind in mapping.child_filters.items():
            out.setdefault(name, filter_field_type(kind))
    return tuple(out.items())


def build_schema() -> fields.Schema:
    schema = fields.Schema()
    for name, field_type in schema_fields():
        schema.add(name, field_type)
    return schema


@functools.cache
def field_types() -> dict:
    return dict(schema_fields())


def clear_caches():
    """Forget every computed mapping (tests that change models or settings)."""
    for cached in (
        mapping_for,
        indexed_models,
        searchable_models,
        text_specs_for,
        autocomplete_names_for,
        schema_fields,
        field_types,
    ):
        cached.cache_clear()
