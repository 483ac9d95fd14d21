"""Search that knows medicine: collections found by their codes' labels, ancestors and synonyms,
coded collections ranked above mere mentions, and "did you mean" that leaves known words alone."""

import re

import pytest

from community.biobanks import vocabulary
from community.models import Biobank

pytestmark = pytest.mark.django_db
INDEX = "/biobanks/"
RESULT = re.compile(r'<h3 class="biobank-card__title"><a href="/biobanks/([^/"]+)/">')


def listed(client, query) -> list[str]:
    response = client.get(INDEX, {"q": query})
    assert response.status_code == 200
    return RESULT.findall(response.content.decode())


def test_synonym_groups_match_phrases_as_the_index_stores_words():
    assert "myocardial infarction" in vocabulary.expand("Patients after a heart attack.")
    assert "hartinfarct" in vocabulary.expand("Acute myocardial infarction")
    assert "cancer" in vocabulary.expand("Frozen colon tumours")  # plural, stemmed
    assert "kidney" in vocabulary.expand("Rénal function")  # accents folded
    assert vocabulary.expand("They bring their own lunch") == []
    # A phrase only counts whole: "heart" alone is not a heart attack.
    assert "myocardial infarction" not in vocabulary.expand("heart and soul")


def test_every_synonym_row_names_its_source_and_has_english_terms():
    groups = vocabulary.groups()
    assert len(groups) >= 40
    assert len({group.concept for group in groups}) == len(groups)
    for group in groups:
        assert group.source.strip(), group.concept
        assert len(group.terms) >= 2, group.concept


def test_icd10_ancestors_come_from_the_code_and_the_term_lists():
    labels = {"urn:miriam:icd:I21": "Acute myocardial infarction"}
    blocks = vocabulary.blocks(
        [
            ("urn:miriam:icd:I20-I25", "Ischaemic heart diseases"),
            ("urn:miriam:icd:I30-I52", "Other forms of heart disease"),
            ("ORPHA:586", "Cystic fibrosis"),
        ]
    )
    ancestors = vocabulary.disease_ancestors("urn:miriam:icd:I21.0", labels, blocks)
    assert ancestors[:2] == ["Acute myocardial infarction", "Ischaemic heart diseases"]
    assert "Diseases of the circulatory system" in ancestors
    assert "Other forms of heart disease" not in ancestors
    assert vocabulary.disease_ancestors("ORPHA:586", labels, blocks) == []


def test_a_disease_is_found_by_its_clinical_everyday_and_broader_names(client, synced):
    for query in (
        "acute myocardial infarction",
        "heart attack",
        "hartinfarct",
        "ischaemic heart disease",
        "circulatory system",
    ):
        assert "gamma-rare-disease-biobank" in listed(client, query), query
    # The Directory's term lists gave the words; the collection's own text has none of them.
    gamma = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_gamma")
    assert "infarction" not in gamma.search_text.lower()


def test_coded_collections_rank_above_a_mere_mention(client, synced):
    assert listed(client, "myocardial infarction") == [
        "gamma-rare-disease-biobank",
        "delta-cardiology-archive",
    ]
    # …and the mention is found by the everyday name too.
    assert "delta-cardiology-archive" in listed(client, "heart attack")


def test_cancer_finds_neoplasms_and_tumours(client, synced):
    found = listed(client, "cancer")
    assert "atb" in found  # Alpha Tumour Bank


def test_did_you_mean_never_replaces_a_word_of_the_vocabulary(client, synced):
    # "bring" is in the index (a description says it); "brain" is not, but it is a word of the
    # vocabulary: no "Did you mean bring?".
    Biobank.objects.filter(catalogue_id="bbmri-eric:ID:NL_alpha").update(
        description="Surgeons bring tissue to the bank."
    )
    synced.add_bulk(Biobank, list(Biobank.objects.all()))
    body = client.get(INDEX, {"q": "brain tissue"}).content.decode()
    assert "Did you mean" not in body
    # An unknown misspelling is still corrected, and its results are the correction's.
    body = client.get(INDEX, {"q": "diabetis"}).content.decode()
    assert "Did you mean" in body
    assert RESULT.findall(body) == listed(client, "diabetes") == ["bpb"]


def test_a_misspelling_shows_the_results_of_its_correction_only(client, synced):
    Biobank.objects.filter(catalogue_id="bbmri-eric:ID:BE_beta").update(
        description="A population cohort run from a research center."
    )
    synced.add_bulk(Biobank, list(Biobank.objects.all()))
    # "canser" is two edits from "center" as from "cancer": only cancer's results are shown.
    assert listed(client, "canser") == listed(client, "cancer")
    assert "bpb" not in listed(client, "canser")


def test_a_hub_upgrade_rederives_unchanged_biobanks(synced, coded_export):
    from community.biobanks.catalogue import sync

    Biobank.objects.update(vocabulary_text="", derived_version=0)
    report = sync(str(coded_export), source_key="small")
    assert report.biobanks.changed == []  # nothing in the catalogue changed…
    gamma = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_gamma")
    assert "Ischaemic heart diseases" in gamma.vocabulary_text  # …yet the index text is new


def test_the_upgrade_moves_a_biobank_off_a_route_of_biobanks(db):
    """Migration community 0009: a biobank whose slug is now a route of /biobanks/ (basket,
    map…) moves to the next free slug, so that its profile can be reached again."""
    import importlib

    from django.apps import apps

    from tests.factories import BiobankFactory

    migration = importlib.import_module("community.migrations.0009_biobank_vocabulary_text")
    BiobankFactory(name="Basket", slug="basket")
    BiobankFactory(name="Basket two", slug="basket-2")
    BiobankFactory(name="Mapping", slug="mapping")
    migration.free_route_slugs(apps, None)
    assert set(Biobank.objects.values_list("slug", flat=True)) == {
        "basket-3",
        "basket-2",
        "mapping",
    }
