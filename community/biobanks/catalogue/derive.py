"""The values the sync derives for each biobank from its collections (``Biobank``'s derived
fields): the facet codes, ``commercial_use``, ``collection_count``, ``search_text`` (the
collections' own words) and ``vocabulary_text`` (what they are coded for, in words: labels, ICD-10
ancestors and synonyms, see ``community.biobanks.vocabulary``).

Only the biobanks whose own data or collections changed (``touched_biobanks``) are derived
again; the others keep what they have.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from community.biobanks import vocabulary
from community.biobanks.terms import ICD_PREFIX, VOCABULARIES, DiseaseTerm

# Raise when what ``derive`` makes changes: the next sync derives every biobank of its source
# again (``touched_biobanks``), however unchanged its data.
DERIVED_VERSION = 2

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
    touched |= {
        cid for cid, row in plan.biobank_rows.items() if row["derived_version"] != DERIVED_VERSION
    }
    return {cid for cid in touched if cid in plan.new_biobanks}


def derive(plan, touched: set[str]) -> dict:
    """{biobank ID: {"fields": derived column values, "facets": {facet: {codes}}}}: the
    search text and facet values of the biobanks whose data changed."""
    by_biobank = defaultdict(list)
    for state in plan.new_collections.values():
        if state["biobank"] in touched and not state["withdrawn"]:
            by_biobank[state["biobank"]].append(state)
    labels, icd_blocks = _labels(by_biobank)
    words_of = {}  # (vocabulary, code) -> its words: a code recurs in thousands of collections

    def code_words(key, code):
        if (key, code) not in words_of:
            words = [f"{labels[key].get(code, '')} {code.removeprefix(ICD_PREFIX)}"]
            if key == "disease":
                words += vocabulary.disease_ancestors(code, labels[key], icd_blocks)
            words_of[key, code] = words
        return words_of[key, code]

    derived = {}
    for cid in plan.progress(sorted(touched), desc=_("Indexing biobanks")):
        state, collections = plan.new_biobanks[cid], by_biobank.get(cid, [])
        words, coded, codes = [], [], defaultdict(set)
        for collection in collections:
            words += [collection["name"], collection["acronym"], collection["description"]]
            for facet, (name, key) in FACETS.items():
                codes[facet].update(collection[name])
                for code in collection[name]:
                    coded += code_words(key, code)
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
                "derived_version": DERIVED_VERSION,
                # The biobank's own name and description are indexed as they are; their
                # synonyms join the collections' words.
                "search_text": _lines(
                    words
                    + vocabulary.expand("\n".join([state["name"], state["description"], *words]))
                ),
                # Each label's synonyms are kept (a label recurs in thousands of biobanks).
                "vocabulary_text": _lines(
                    coded + [term for line in coded for term in vocabulary.expand_term(line)]
                ),
            },
            "facets": codes,
        }
    return derived


def _lines(words) -> str:
    return "\n".join(dict.fromkeys(w.strip() for w in words if w and w.strip()))


def _labels(by_biobank) -> tuple[dict, list]:
    """({vocabulary: {code: label}} of the codes the collections use and of their ICD-10
    categories, the ICD-10 blocks the hub's term lists hold)."""
    needed = defaultdict(set)
    for states in by_biobank.values():
        for state in states:
            for _facet, (name, key) in FACETS.items():
                needed[key].update(state[name])
    needed["disease"] |= {
        code[: len(ICD_PREFIX) + 3] for code in needed["disease"] if code.startswith(ICD_PREFIX)
    }
    labels = defaultdict(dict)
    for key, codes in needed.items():
        if codes:
            model = VOCABULARIES[key][0]
            labels[key] = dict(
                model.objects.filter(code__in=sorted(codes)).values_list("code", "label")
            )
    icd_blocks = vocabulary.blocks(
        DiseaseTerm.objects.filter(code__startswith=ICD_PREFIX, code__contains="-").values_list(
            "code", "label"
        )
    )
    return labels, icd_blocks
