"""How funding takes part in the rest of the hub: the home page's "closing soon" block, topic
pages, My account, personal data, site search registration."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from community.models import ContactMessage
from funding.models import CallFollow, PartnershipListing, SavedFilter

pytestmark = pytest.mark.django_db


def test_home_page_shows_calls_closing_soon_and_is_cached(
    client, home, make_call, django_assert_max_num_queries
):
    home.save_revision().publish()
    make_call("Closing this week", deadlines=(4,))
    make_call("Open for months", deadlines=(90,))
    cache.clear()
    html = client.get("/").content.decode()
    assert "Funding calls closing soon" in html
    assert "Closing this week" in html and "Open for months" not in html
    from funding.wagtail_hooks import closing_soon_context, home_closing_soon_section
    from hub.cache import scope

    # Warm: the block's HTML comes from the cache, its context is not computed again.
    with scope(), django_assert_max_num_queries(0):  # in a request: its generation read first
        rendered = home_closing_soon_section().render(None)
    assert "Closing this week" in rendered
    assert closing_soon_context(None)["closing_soon_days"] == 14


def test_no_block_without_calls_closing_soon(client, home, make_call):
    home.save_revision().publish()
    make_call("Open for months", deadlines=(90,))
    cache.clear()
    assert "Funding calls closing soon" not in client.get("/").content.decode()


def test_topic_pages_list_open_calls_and_public_listings(make_call, make_listing, topic):
    from community import related

    financing = topic("Financing")
    make_call("Open call", deadlines=(20,), topics=[financing])
    make_call("Closed call", deadlines=(-20,), topics=[financing])
    make_listing("Approved offer", topics=[financing])
    make_listing("Pending offer", status="pending", topics=[financing])
    make_listing("Expired offer", expires_in=-1, topics=[financing])
    groups = {group["label"]: group for group in related.for_topic(financing)}
    assert [item.title for item in groups["Funding"]["items"]] == ["Open call"]
    assert [item.title for item in groups["Partnerships"]["items"]] == ["Approved offer"]
    assert groups["Funding"]["see_all_url"] == "/funding/?topic=financing"
    assert groups["Partnerships"]["items"][0].url.startswith("/partnerships/")


def test_search_types_are_registered():
    from home import search_types

    funding = search_types.get("funding")
    partnerships = search_types.get("partnerships")
    assert funding is not None and partnerships is not None
    assert partnerships.queryset().model is PartnershipListing


def test_listing_reads_well_in_search_results(make_listing):
    listing = make_listing("Serum offer", summary="Ten thousand aliquots.")
    assert str(listing) == "Serum offer"
    assert listing.get_absolute_url() == f"/partnerships/{listing.pk}/"
    assert "Ten thousand aliquots." in listing.search_summary
    assert list(PartnershipListing.objects.public().search("aliquots")) == [listing]


def test_my_account_lists_follows_and_listings(client, make_call, make_listing, user_factory):
    member = user_factory()
    call = make_call("Followed call", deadlines=(20,))
    CallFollow.objects.create(user=member, call=call)
    make_listing("My pending offer", status="pending", owner=member)
    client.force_login(member)
    html = client.get("/accounts/").content.decode()
    assert "Followed call" in html
    assert "My pending offer" in html and "Waiting for review" in html


def test_personal_data_export_and_erase(make_call, make_listing, user_factory):
    from community.personal_data import delete_user_and_data, export_user_data

    member = user_factory()
    call = make_call("Followed call", deadlines=(20,))
    CallFollow.objects.create(user=member, call=call)
    SavedFilter.objects.create(user=member, name="EU", filters={"funder": "eu"})
    listing = make_listing("My offer", owner=member)
    other = make_listing("Someone else's offer")
    ContactMessage.objects.create(
        target=other,
        sender=member,
        name="Me",
        email=member.email,
        message="Hello",
        sent_to=other.contact_email,
        mail_failed_at=timezone.now(),
    )
    data = export_user_data(member)["funding"]
    assert data["followed_calls"][0]["call"] == "Followed call"
    assert data["saved_filters"][0]["name"] == "EU"
    assert data["partnership_listings"][0]["title"] == "My offer"
    assert data["messages_to_partners"][0]["message"] == "Hello"
    delete_user_and_data(member)
    assert not CallFollow.objects.exists() and not SavedFilter.objects.exists()
    assert not PartnershipListing.objects.filter(pk=listing.pk).exists()
    kept = ContactMessage.objects.get()
    assert kept.target == other and kept.sender is None
    assert (kept.name, kept.email, kept.message) == ("", "deleted@invalid", "")
    assert kept.mail_failed_at is None, "nothing left to send again"


def test_demo_listings_of_biobanks_show_on_their_catalogue_profiles(site_tree, client):
    from funding.models import PartnershipListing

    listing = PartnershipListing.objects.public().filter(biobanks__isnull=False).first()
    assert listing is not None, "the demo links biobanks' own listings to their profiles"
    biobank = listing.biobanks.get()
    assert biobank.name == listing.organisation_name
    assert f'<a href="{listing.url}">' in client.get(biobank.get_absolute_url()).content.decode()
