"""Snippets in three languages (issue 21): people and funders, translated with wagtail-localize.

The English rows are the source, as for pages (hub.i18n): pages, calls and sessions point to them,
and every list a reader filters by (funders, people) is made of them only (`source_snippets`),
so that each person or funder appears once. Where a page shows one, it shows the reader's
translation when there is one (`localize_snippets`): none for English, else one query per model.
"""

from __future__ import annotations

from hub.i18n import default_language, locale_id, reading_language


def source_snippets(queryset):
    """`queryset` (of a translatable snippet model) narrowed to the source-language rows."""
    return queryset.filter(locale=locale_id(default_language()))


def source_choices(db_field) -> dict:
    """A form field override (Wagtail admin): the people a page chooses as contacts, organisers
    or speakers (any many-to-many to a translatable snippet) are the source rows only."""
    from wagtail.models import Page, TranslatableMixin

    model = db_field.related_model
    if (
        isinstance(model, type)
        and issubclass(model, TranslatableMixin)
        and not issubclass(model, Page)
    ):
        return {"queryset": model._default_manager.filter(locale__language_code=default_language())}
    return {}


def localize_snippets(objects, language: str | None = None) -> list:
    """`objects` (snippets, in order; None allowed) with each swapped for its translation in the
    reading language (or `language`) when there is one. A translation shown knows its source
    (`source_of_snippet`): links (a contact form) keep pointing to the source row."""
    objects = list(objects)
    language = language or reading_language()
    if language == default_language() or not objects:
        return objects
    target = locale_id(language)
    if target is None:
        return objects
    wanted: dict[type, set] = {}
    for obj in objects:
        if obj is not None and obj.locale_id != target:
            wanted.setdefault(_model(obj), set()).add(obj.translation_key)
    found = {}
    for model, keys in wanted.items():
        for translated in model._default_manager.filter(translation_key__in=keys, locale=target):
            found[(model, translated.translation_key)] = translated
    return [_shown(obj, found.get((_model(obj), obj.translation_key))) for obj in objects]


def localize_snippet(obj, language: str | None = None):
    """One snippet (or None) as `localize_snippets` shows it."""
    return localize_snippets([obj], language)[0]


def localize_related(objects, name: str, language: str | None = None) -> list:
    """The snippet each of `objects` points to through `name` (e.g. a call's funder), shown in
    the reading language: a list in the order of `objects`, one query for all of them."""
    return localize_snippets([getattr(obj, name) for obj in objects], language)


def source_of_snippet(obj):
    """The row `obj` was shown for (itself unless it is a translation `localize_snippets` gave)."""
    return getattr(obj, "_source_snippet", obj)


def _model(obj):
    return obj._meta.concrete_model


def _shown(source, translated):
    if source is None or translated is None:
        return source
    translated._source_snippet = source_of_snippet(source)
    return translated
