"""Why a biobank matched a search, and which of its collections did (the result cards of
/biobanks/).

The search itself ranks biobanks from the index; this module only explains the page's twenty,
from the database, with a fixed number of queries: for each biobank the collections the words
and filters point to (the Directory lists collections: these are what a reader adds to the
request basket) and, for each, the reason in words — "Disease: Acute myocardial infarction
(I21)", "Material: Tissue, cryopreserved", "Collection name". Words are compared as the index
stores them (folded, stemmed) and through the same synonyms and ICD-10 ancestors
(``community.biobanks.vocabulary``), so a search for "heart attack" explains itself by the
collection coded I21.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from community.biobanks import facets, vocabulary
from community.biobanks.models import Collection
from community.biobanks.terms import ICD_PREFIX, DiseaseTerm
from hub.cache import generation
from hub.search import analysis

MAX_COLLECTIONS = 3  # per result card; the profile lists them all
MAX_REASONS = 3

# Filter parameter -> (collection relation, its term's code) for the facets a collection
# itself carries; the others (country, quality, commercial use, notified) describe the biobank.
COLLECTION_FACETS = {
    "material": "materials__code",
    "type": "types__code",
    "category": "data_categories__code",
    "disease": "diagnoses__code",
    "sex": "sex__code",
}
# The other filters a collection itself meets or not.
RANGES = ("chapter", "sex", "access", "samples", "donors", "age")
# Coded values explained, in order of weight: (relation, heading).
EXPLAINED = (
    ("diagnoses", "disease"),
    ("materials", "material"),
    ("data_categories", "data category"),
    ("types", "collection type"),
)


@dataclass
class Match:
    collection: Collection
    reasons: list[str] = field(default_factory=list)


def collection_filter(params) -> Q:
    """The collections that meet the search's collection-level filters (in the database; the
    ranges are checked by :func:`in_ranges`)."""
    condition = Q()
    for param, lookup in COLLECTION_FACETS.items():
        if params.get(param):
            condition &= Q(**{f"{lookup}__in": params[param]})
    if params.get("chapter"):
        condition &= Q(diagnoses__chapter__in=params["chapter"])
    access = params.get("access") or []
    if access:
        either = Q()
        if "fee" in access:
            either |= Q(access_fee__isnull=False)
        if "joint" in access:
            either |= Q(access_joint_project__isnull=False)
        condition &= either
    return condition


def in_ranges(collection, params) -> bool:
    """Does `collection` fall in the chosen age groups and sample and donor ranges (as the
    facet index places it)?"""
    chosen = {param: set(params.get(param) or []) for param in ("samples", "donors", "age")}
    if not any(chosen.values()):
        return True
    magnitude = collection.order_of_magnitude.code if collection.order_of_magnitude else None
    donor_magnitude = (
        collection.order_of_magnitude_donors.code if collection.order_of_magnitude_donors else None
    )
    unit = collection.age_unit.code if collection.age_unit else None
    return (
        (
            not chosen["samples"]
            or facets.size_range(collection.size, magnitude) in chosen["samples"]
        )
        and (
            not chosen["donors"]
            or facets.size_range(collection.number_of_donors, donor_magnitude) in chosen["donors"]
        )
        and (
            not chosen["age"]
            or bool(
                chosen["age"]
                & set(facets.age_groups(collection.age_low, collection.age_high, unit))
            )
        )
    )


def _headings() -> dict[str, str]:
    return {
        "disease": _("Disease"),
        "material": _("Material"),
        "data category": _("Data"),
        "collection type": _("Kind of collection"),
    }


_blocks: tuple[str, list] | None = None


def _icd_blocks() -> list:
    """The ICD-10 blocks of the hub's term lists, read once per catalogue version."""
    global _blocks
    version = generation()
    if _blocks is None or _blocks[0] != version:
        rows = DiseaseTerm.objects.filter(code__startswith=ICD_PREFIX, code__contains="-")
        _blocks = (version, vocabulary.blocks(rows.values_list("code", "label")))
    return _blocks[1]


def _stems(*texts) -> set[str]:
    return set(analysis.text_terms(" ".join(text for text in texts if text)))


_term_stems_kept: dict = {}


def _term_stems(label: str, code: str, labels: dict, blocks) -> frozenset[str]:
    """The index terms a coded value answers to: its label, code, ancestors and synonyms
    (kept per catalogue version: the same codes come back on every page)."""
    key = (generation(), code, label)
    if key not in _term_stems_kept:
        if len(_term_stems_kept) > 50000:
            _term_stems_kept.clear()
        words = [label, code.removeprefix(ICD_PREFIX)]
        if code.startswith(ICD_PREFIX):
            words += vocabulary.disease_ancestors(code, labels, blocks)
        text = "\n".join(words)
        _term_stems_kept[key] = frozenset(_stems(text, *vocabulary.expand(text)))
    return _term_stems_kept[key]


def explain(biobanks, params) -> None:
    """Set ``matches`` (list of :class:`Match`, at most MAX_COLLECTIONS) and
    ``more_matches`` (how many others) on each of `biobanks` (a page of results)."""
    query = _stems(params.get("q") or "")
    filtered = any(params.get(p) for p in (*COLLECTION_FACETS, *RANGES))
    for biobank in biobanks:
        biobank.matches, biobank.more_matches = [], 0
    if not biobanks or not (query or filtered):
        return
    by_pk = {biobank.pk: biobank for biobank in biobanks}
    rows = (
        Collection.objects.filter(biobank__in=by_pk, withdrawn=False)
        .filter(collection_filter(params))
        .distinct()
        .only("pk", "name", "acronym", "description", "catalogue_id", "biobank_id")
        .order_by("name", "pk")
    )
    if any(params.get(param) for param in ("samples", "donors", "age")):
        fields = ("size", "number_of_donors", "age_low", "age_high")
        terms = ("order_of_magnitude", "order_of_magnitude_donors", "age_unit")
        rows = rows.select_related(*terms).only(
            "pk",
            "name",
            "acronym",
            "description",
            "catalogue_id",
            "biobank_id",
            *fields,
            *(f"{term}__code" for term in terms),
        )
    collections = [collection for collection in rows if in_ranges(collection, params)]
    coded = _coded_values([c.pk for c in collections]) if query else {}
    blocks = _icd_blocks() if query else []
    labels = {code: label for values in coded.values() for _r, code, label in values}
    headings = _headings()
    for collection in collections:
        biobank = by_pk[collection.biobank_id]
        match = Match(collection)
        if query:
            found = []  # (how many words of the search it answers, reason)
            own = _stems(collection.name, collection.acronym)
            if own & query:
                found.append((len(own & query), _("Collection name")))
            answered = set(own)
            for relation, code, label in coded.get(collection.pk, []):
                stems = _term_stems(label, code, labels, blocks)
                if stems & query:
                    heading = headings[dict(EXPLAINED)[relation]]
                    short = code.removeprefix(ICD_PREFIX) if code.startswith(ICD_PREFIX) else ""
                    shown = f"{label} ({short})" if short else label
                    found.append((len(stems & query), f"{heading}: {shown}"))
                answered |= stems
            description = _stems(collection.description)
            if description & query and not found:
                found.append((len(description & query), _("Collection description")))
            answered |= description
            # A collection matches when it answers some words of the search and its biobank
            # (name, description) the rest.
            if not hasattr(biobank, "_words"):  # once per biobank, not per collection
                biobank._words = _stems(biobank.name, biobank.acronym, biobank.description)
            biobank_words = biobank._words
            if not (answered & query) or not query <= answered | biobank_words:
                continue
            # The reasons that answer the whole search ("heart attack": the infarction, not
            # "ischaemic attacks"), else those that answer most of it.
            best = max(number for number, _reason in found) if found else 0
            match.reasons = [reason for number, reason in found if number == best]
        if len(biobank.matches) < MAX_COLLECTIONS:
            match.reasons = match.reasons[:MAX_REASONS]
            biobank.matches.append(match)
        else:
            biobank.more_matches += 1


def _coded_values(collection_pks) -> dict[int, list[tuple[str, str, str]]]:
    """{collection pk: [(relation, code, label)]} for the explained relations, in their
    order: one query per relation."""
    out = defaultdict(list)
    for relation, _heading in EXPLAINED:
        through = getattr(Collection, relation).through
        term = getattr(Collection, relation).field.m2m_reverse_field_name()
        rows = through.objects.filter(collection_id__in=collection_pks).values_list(
            "collection_id", f"{term}__code", f"{term}__label"
        )
        for pk, code, label in rows:
            out[pk].append((relation, code, label or code))
    return out
