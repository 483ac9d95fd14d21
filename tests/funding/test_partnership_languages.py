"""The partnerships directory read in each language (issue 21): a listing's links stay under the
reader's prefix, whichever language the directory's path was first looked up (and cached) in."""

import re

import pytest

pytestmark = pytest.mark.django_db


def listing_links(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'class="funding-card__title"><a href="([^"]*)">', response.content.decode())


def test_the_english_and_dutch_directories_link_each_in_their_own_language(client, make_listing):
    listing = make_listing("Serum samples")

    assert listing_links(client.get("/partnerships/")) == [f"/partnerships/{listing.pk}/"]
    assert listing_links(client.get("/nl/partnerships/")) == [f"/nl/partnerships/{listing.pk}/"]
    assert listing_links(client.get("/fr/partnerships/")) == [f"/fr/partnerships/{listing.pk}/"]
    assert listing_links(client.get("/partnerships/")) == [f"/partnerships/{listing.pk}/"]
    assert client.get(f"/nl/partnerships/{listing.pk}/").status_code == 200


def test_a_translated_directory_is_linked_only_for_its_readers(
    client, make_listing, partnership_index
):
    from tests.factories import translate

    listing = make_listing("Serum samples")
    translate(partnership_index, "nl", title="Samenwerkingen", slug="samenwerkingen")

    dutch = listing_links(client.get("/nl/samenwerkingen/"))
    assert dutch == [f"/nl/samenwerkingen/{listing.pk}/"]
    assert client.get(dutch[0]).status_code == 200
    for _round in range(2):  # whichever language looked the path up first
        assert listing_links(client.get("/partnerships/")) == [f"/partnerships/{listing.pk}/"]
        assert listing_links(client.get("/fr/partnerships/")) == [f"/fr/partnerships/{listing.pk}/"]
        assert listing_links(client.get("/nl/samenwerkingen/")) == dutch


def test_a_member_s_own_listings_link_to_the_directory_of_their_language(
    client, make_listing, partnership_index, user_factory
):
    from tests.factories import translate

    owner = user_factory("daan@example.org")
    listing = make_listing("Serum samples", owner=owner)
    translate(partnership_index, "nl", title="Samenwerkingen", slug="samenwerkingen")
    client.force_login(owner)

    english = client.get("/accounts/").content.decode()
    dutch = client.get("/nl/accounts/").content.decode()

    assert f'href="/partnerships/{listing.pk}/"' in english
    assert f'href="/nl/samenwerkingen/{listing.pk}/"' in dutch
    assert client.get(f"/nl/samenwerkingen/{listing.pk}/").status_code == 200
