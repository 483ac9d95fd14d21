"""The values the sync derives for each biobank from its collections (``Biobank``'s derived
fields): the facet codes, ``commercial_use``, ``collection_count`` and ``search_text``.

Only the biobanks whose own data or collections changed (``touched_biobanks``) are derived
again; the others keep what they have.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from community.biobanks.terms import VOCABULARIES

FACETS = {  # Biobank facet field -> (collection field, vocabulary key)
    "facet_materials": ("materials", "material"),
    "facet_collection_types": ("types", "collection_type"),
    "facet_data_categories": ("data_categories", "data_category"),
    "facet_diseases": ("diagnoses", "disease"),
}


def touched_biobanks(plan, added_biobanks: set[str], added_collections: set[str]) -> set[str]:
    """Biobanks (in the export) whose own or collections' data changed."""
    report = plan.report
    touched = set(added_biobanks) | set(plan.biobank_changes)
    for cid in [*added_collections, *plan.collection_changes]:
        touched.add(plan.new_collections[cid]["biobank"])
        old = plan.collection_rows.get(cid)
        if old:
            touched.add(old["biobank__catalogue_id"])
    for cid, _name in report.collections.withdrawn:
        touched.add(plan.collection_rows[cid]["biobank__catalogue_id"])
    return {cid for cid in touched if cid in plan.new_biobanks}


def derive(plan, touched: set[str]) -> dict:
    """{biobank ID: {"fields": derived column values, "facets": {facet: {codes}}}}: the
    search text and facet values of the biobanks whose data changed."""
    by_biobank = defaultdict(list)
    for state in plan.new_collections.values():
        if state["biobank"] in touched and not state["withdrawn"]:
            by_biobank[state["biobank"]].append(state)
    needed = defaultdict(set)
    for states in by_biobank.values():
        for state in states:
            for _facet, (name, vocabulary) in FACETS.items():
                needed[vocabulary].update(state[name])
    labels = {
        vocabulary: dict(
            VOCABULARIES[vocabulary][0]
            .objects.filter(code__in=sorted(codes))
            .values_list("code", "label")
        )
        for vocabulary, codes in needed.items()
        if codes
    }
    derived = {}
    for cid in plan.progress(sorted(touched), desc=_("Indexing biobanks")):
        state, collections = plan.new_biobanks[cid], by_biobank.get(cid, [])
        words, codes = [], defaultdict(set)
        for collection in collections:
            words += [collection["name"], collection["acronym"], collection["description"]]
            for facet, (name, vocabulary) in FACETS.items():
                codes[facet].update(collection[name])
                for code in collection[name]:
                    label = labels.get(vocabulary, {}).get(code, "")
                    words.append(f"{label} {code.removeprefix('urn:miriam:icd:')}")
        standards = {standard for standard, _level in state["quality"]}
        for collection in collections:
            standards |= {standard for standard, _level in collection["quality"]}
        codes["facet_quality_standards"] = standards
        commercial = state["collaboration_commercial"] or any(
            collection["commercial_use"] for collection in collections
        )
        derived[cid] = {
            "fields": {
                "commercial_use": commercial,
                "collection_count": len(collections),
                "search_text": "\n".join(dict.fromkeys(w.strip() for w in words if w.strip())),
            },
            "facets": codes,
        }
    return derived
