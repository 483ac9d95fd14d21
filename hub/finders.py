"""The filter panel every finder shares (biobanks, training, funding calls, events, news,
partnerships): what ``templates/includes/filter_panel.html`` and ``filter_toolbar.html`` show.

A finder builds one ``panel()`` per request: its filter groups (a Django field, or a list of
checkboxes of which the first few show and the rest sit behind "Show all (n)"), the active
filters as removable chips, and where "Clear filters" leads. Options that match nothing are not
offered unless they are selected, so a reader can always untick what they ticked.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.formats import number_format

VISIBLE_OPTIONS = 5  # options of a checkbox group shown before "Show all (n)"


def option(name: str, value, label, *, count=None, selected=False, index=0) -> dict:
    return {
        "value": value,
        "label": label,
        "count": count,
        "selected": selected,
        "id": f"f-{name}-{index}",
    }


def checkbox_group(name: str, legend, options: list[dict], *, limit=VISIBLE_OPTIONS) -> dict:
    """A group of checkboxes named `name`; options with a zero count are left out unless
    selected; the first `limit` show, the others behind a disclosure (one more is shown)."""
    offered = [o for o in options if o["selected"] or o["count"] is None or o["count"] > 0]
    shown, more = offered[:limit], offered[limit:]
    if len(more) <= 1:
        shown, more = offered, []
    return {
        "kind": "checkboxes",
        "name": name,
        "legend": legend,
        "options": shown,
        "more": more,
        "more_open": any(o["selected"] for o in more),
        "total": len(offered),
    }


def field_group(bound_field) -> dict:
    """A single Django field (a select, a number…), rendered with its label and help text."""
    return {"kind": "field", "field": bound_field}


def form_groups(form, names) -> list[dict]:
    """The groups of a display form's fields `names`: checkbox widgets become checkbox groups."""
    groups = []
    for name in names:
        bound = form[name]
        if isinstance(bound.field.widget, forms.CheckboxSelectMultiple):
            chosen = {str(value) for value in (bound.value() or [])}
            options = [
                option(name, value, label, selected=str(value) in chosen, index=i)
                for i, (value, label) in enumerate(bound.field.choices)
            ]
            if options:
                groups.append(checkbox_group(name, bound.label, options))
        else:
            groups.append(field_group(bound))
    return groups


def _pairs(filters: dict) -> list[tuple[str, str]]:
    pairs = []
    for name, value in filters.items():
        if value in ("", None, False, [], ()):
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((name, "1" if item is True else str(item)))
    return pairs


def _url(base: str, pairs) -> str:
    return f"{base}?{urlencode(pairs)}" if pairs else base


def form_chips(form, filters: dict, names, *, base: str, keep: dict | None = None) -> list[dict]:
    """One chip per active filter of `names` (each value of a multiple one), each linking to the
    list without it; `keep` are parameters every link carries (e.g. the past events tab)."""
    kept = _pairs(keep or {})
    active = _pairs({name: filters[name] for name in filters if name in names})
    chips = []
    for pair in active:
        name, value = pair
        field = form.fields[name]
        labels = {str(code): label for code, label in getattr(field, "choices", [])}
        label = labels.get(value, value)
        if isinstance(field, forms.IntegerField):
            label = number_format(int(value), force_grouping=True)
        rest = [other for other in active if other != pair]
        chips.append({"field": field.label, "label": label, "url": _url(base, rest + kept)})
    return chips


def panel(
    *,
    id: str,
    groups: list[dict],
    chips: list[dict],
    clear_url: str,
    submit_label,
    label=None,
) -> dict:
    """What the filter panel and its toolbar show. `id` names the panel (for "Filters (n)")."""
    return {
        "id": id,
        "label": label,
        "groups": groups,
        "chips": chips,
        "active_count": len(chips),
        "clear_url": clear_url,
        "submit_label": submit_label,
    }
