"""From the installed models' ``search_fields`` to the whoosh schema of the index.

The layout of the documents (which fields an indexed object fills, and why) is described in
``hub.search.documents``, the field types are in ``hub.search.fieldtypes`` and the encoding of
values in ``hub.search.values``. This module ties them together for every indexed model (cached
per process). The rest of the backend imports it as ``hs`` and finds those modules' names here
too; ``ExactField`` and ``BigramField`` must stay importable from here in any case, since
indexes built before the split name them by this module path (see ``hub.search.fieldtypes``).
"""

import functools

from modelsearch.index import get_indexed_models
from whoosh import fields

from hub.search.analysis import DEFAULT_LANGUAGE, LANGUAGES
from hub.search.documents import (
    CHILD,
    CT,
    KIND,
    NULLS,
    PARENT,
    PK,
    PKX,
    REL,
    ROOT,
    VALUES,
    ModelMapping,
    bigram_name,
    column_name,
    content_type_label,
    field_language,
    filter_name,
    is_text_name,
    text_name,
)
from hub.search.fieldtypes import (
    BigramField,
    ExactField,
    autocomplete_field,
    column_field,
    filter_field_type,
    numeric_field,
    text_field,
)
from hub.search.values import NUMERIC_KINDS, encode, text_value

# Imported through this module by the rest of the backend (``hs.ROOT``, ``hs.encode``, …).
__all__ = [
    "CHILD",
    "CT",
    "FORMAT",
    "INDEX_FORMAT",
    "KIND",
    "NULLS",
    "PARENT",
    "PK",
    "PKX",
    "REL",
    "ROOT",
    "VALUES",
    "NUMERIC_KINDS",
    "BigramField",
    "ExactField",
    "autocomplete_names_for",
    "bigram_name",
    "build_schema",
    "clear_caches",
    "column_name",
    "content_type_label",
    "encode",
    "field_language",
    "field_types",
    "filter_name",
    "is_text_name",
    "indexed_models",
    "mapping_for",
    "numeric_field",
    "schema_fields",
    "searchable_models",
    "text_name",
    "text_fields_of",
    "text_specs_for",
    "text_value",
]

#: Version of the index layout. An index built with another layout (or before there was a
#: version: no marker field) is not read or written: searches use the database until
#: ``manage.py update_index`` rebuilds it. Bump it whenever documents change shape.
#: 2: Dutch and French content in fields of their own (``tnl.…``, ``tfr.…``).
INDEX_FORMAT = 2
#: The marker field (never holds a term) that says which layout an index has.
FORMAT = f"format.{INDEX_FORMAT}"


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
def text_specs_for(model, language=DEFAULT_LANGUAGE) -> tuple:
    """(whoosh name, boost) of every full-text field of `language` a search on `model` covers
    (Dutch and French fields exist for models whose objects have a locale only)."""
    specs: dict[str, float] = {}
    for each in searchable_models(model):
        mapping = mapping_for(each)
        if language != DEFAULT_LANGUAGE and not mapping.translatable:
            continue
        for spec in mapping.text:
            name = text_name(spec.name, language)
            specs[name] = max(specs.get(name, 0.0), spec.boost)
    return tuple(specs.items())


def text_fields_of(reader, language=DEFAULT_LANGUAGE) -> list[str]:
    """The full-text fields of one language that an index (reader) has."""
    return [
        name
        for name in reader.schema.names()
        if is_text_name(name) and field_language(name) == language
    ]


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
        FORMAT: ExactField(),
    }
    for model in indexed_models():
        mapping = mapping_for(model)
        languages = LANGUAGES if mapping.translatable else (DEFAULT_LANGUAGE,)
        for spec in mapping.text:
            for language in languages:
                name = text_name(spec.name, language)
                out.setdefault(name, text_field(language))
                out.setdefault(bigram_name(name), BigramField(language))
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
