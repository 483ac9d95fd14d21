"""Result cards say why a biobank matched and list the collections that did, each with its own
"Add to basket"."""

import re

import pytest

from community.biobanks import reasons
from community.models import Biobank

pytestmark = pytest.mark.django_db
INDEX = "/biobanks/"


def card(client, slug, **params) -> str:
    """The text of one result card (tags dropped, spaces collapsed)."""
    body = client.get(INDEX, params).content.decode()
    found = re.search(
        rf'<li class="biobank-card">\s*<h3 class="biobank-card__title"><a href="/biobanks/{slug}/">'
        r"(.*?)\n</li>",
        body,
        re.S,
    )
    assert found, f"{slug} not among the results"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def explained(slug, **params):
    biobank = Biobank.objects.get(slug=slug)
    reasons.explain([biobank], {"q": "", **params})
    return {m.collection.name: m.reasons for m in biobank.matches}


def test_a_disease_found_by_its_everyday_name_names_the_coded_disease(synced):
    assert explained("gamma-rare-disease-biobank", q="heart attack") == {
        "Gamma follow-up study": ["Disease: Acute myocardial infarction (I21)"]
    }
    # By its block, by its chapter: the same coded disease is the reason.
    assert explained("gamma-rare-disease-biobank", q="ischaemic heart") == {
        "Gamma follow-up study": ["Disease: Acute myocardial infarction (I21)"]
    }


def test_materials_and_collection_names_are_reasons_too(synced):
    found = explained("bpb", q="diabetes plasma")
    assert found == {
        "Beta diabetes study": [
            "Collection name",
            "Disease: Type 2 diabetes mellitus (E11)",
            "Material: Plasma",
        ]
    }


def test_filters_alone_list_the_collections_that_meet_them(synced):
    assert set(explained("atb", material=["SERUM"])) == {"Colon cancer follow-up"}
    assert explained("atb") == {}  # no words, no filters: nothing to explain


def test_the_card_shows_the_reason_and_a_basket_button_per_collection(client, synced):
    text = card(client, "gamma-rare-disease-biobank", q="heart attack")
    assert "Matching collections" in text
    assert "Gamma follow-up study" in text
    assert "Why it matches: Disease: Acute myocardial infarction (I21)" in text
    assert "Add to basket : Gamma follow-up study" in text
    # The biobank's other collection (cystic fibrosis) is not listed as matching.
    assert "Cystic fibrosis collection" not in text


def test_the_explanation_is_escaped(client, synced):
    from community.models import Collection

    Collection.objects.filter(name="Gamma follow-up study").update(name="<b>Heart attack</b> study")
    text = client.get(INDEX, {"q": "heart attack"}).content.decode()
    assert "<b>Heart attack</b>" not in text
    assert "&lt;b&gt;Heart attack&lt;/b&gt; study" in text
