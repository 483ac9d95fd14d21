""" "Did you mean" and autocomplete offer only words and titles an anonymous reader may see.

The index holds members-only pages, drafts, documents of restricted collections and listings
waiting for moderation (the admin searches them). A word that occurs only there must never come
back as a suggestion on /search/ or /biobanks/, nor a title of theirs from autocomplete. Each
case is checked against a control: the same word in public content is suggested."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail_factories import DocumentFactory

from tests import factories

pytestmark = pytest.mark.django_db

WORD = "Zebrafishomics"
MISSPELT = "zebrafisomics"  # one letter away: "did you mean zebrafishomics?"


def members_only_page():
    notes = factories.WorkingGroupMaterialPageFactory(
        title=f"{WORD} meeting notes", summary=f"{WORD} pilot: first results."
    )
    assert notes.get_view_restrictions().exists()  # the members area's, inherited
    return Page.objects.search(WORD)


def draft_page():
    factories.StandardPageFactory(title=f"{WORD} plans", intro=f"{WORD} is coming.", publish=False)
    return Page.objects.search(WORD)


def restricted_document():
    group = factories.WorkingGroupPageFactory()
    document = DocumentFactory(title=f"{WORD} protocol", collection=group.collection)
    assert document.collection.get_view_restrictions().exists()
    return get_document_model().objects.search(WORD)


def unapproved_listing():
    from funding.models import PartnershipListing

    for status in ("pending", "rejected"):
        factories.PartnershipListingFactory(
            title=f"{WORD} partnership ({status})",
            status=status,
            summary=f"{WORD} samples.",
            description=f"{WORD} description.",
            expires_on=timezone.localdate() + timedelta(days=30),
        )
    return PartnershipListing.objects.search(WORD)


def public_page():
    """The control: the same word where anyone may read it."""
    factories.StandardPageFactory(title=f"{WORD} explained", intro=f"{WORD} for everyone.")
    return Page.objects.search(WORD)


HIDDEN = {
    "members-only page": members_only_page,
    "draft page": draft_page,
    "restricted document": restricted_document,
    "unapproved listing": unapproved_listing,
}


def suggestion_in(html: str) -> str | None:
    found = re.search(r"Did you mean <a [^>]*>([^<]*)</a>", html)
    return found.group(1) if found else None


@pytest.fixture
def site(search_backend):
    """The finder and some public content, the search index following each save."""
    factories.sections("biobanks", "partnerships")
    factories.BiobankFactory(name="Antwerp Tumorbank")
    factories.StandardPageFactory(title="Sample quality", intro="Freezers and cold chains.")


@pytest.mark.parametrize("where", HIDDEN, ids=list(HIDDEN))
def test_words_of_hidden_content_are_never_suggested(client, site, where):
    in_index = HIDDEN[where]()
    assert len(in_index), "the word is not in the index: this test would prove nothing"

    for url in ("/search/", "/biobanks/"):
        html = client.get(url, {"q": MISSPELT}).content.decode()
        assert suggestion_in(html) is None, f"{url} suggests a word of a {where}"
        assert WORD.lower() not in html.lower(), f"{url} shows a word of a {where}"
    titles = client.get("/search/autocomplete/", {"q": WORD[:8]}).json()["suggestions"]
    assert not [t for t in titles if WORD in t], titles


def test_words_of_public_content_are_suggested(client, site):
    public_page()
    for where in HIDDEN.values():  # hidden copies change nothing for what anyone may see
        where()
    html = client.get("/search/", {"q": MISSPELT}).content.decode()
    assert suggestion_in(html) == WORD.lower()
    titles = client.get("/search/autocomplete/", {"q": WORD[:8]}).json()["suggestions"]
    assert titles == [f"{WORD} explained"]
    # The biobank finder suggests only from the biobanks it lists, not from pages.
    assert suggestion_in(client.get("/biobanks/", {"q": MISSPELT}).content.decode()) is None


def test_a_biobank_word_is_suggested_in_the_finder(client, site):
    from community.models import Biobank

    biobank = Biobank.objects.filter(withdrawn=False).order_by("name").first()
    word = max(re.findall(r"[A-Za-z]{7,}", biobank.name), key=len)
    misspelt = word[:3] + word[4:]
    html = client.get("/biobanks/", {"q": misspelt}).content.decode()
    assert suggestion_in(html) is not None
