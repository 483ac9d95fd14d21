"""The demo content (the whole site, as `make run` loads it): every status is there, and the
pages render."""

import io

import pytest
from django.core.management import call_command

from funding.models import FundingCallPage, PartnershipListing

pytestmark = pytest.mark.django_db


def test_demo_has_every_status_and_renders(site_tree, client):
    statuses = {call.status() for call in FundingCallPage.objects.live()}
    assert statuses == {"open", "closing_soon", "forthcoming", "closed"}
    assert PartnershipListing.objects.public().filter(kind="offer").exists()
    assert PartnershipListing.objects.public().filter(kind="request").exists()
    assert PartnershipListing.objects.pending().exists()
    for url in (
        "/",
        "/funding/",
        "/funding/?status=closed",
        "/funding/deadlines.ics",
        "/funding/rss/",
        "/partnerships/",
        "/topics/financing/",
    ):
        assert client.get(url).status_code == 200, url
    for call in FundingCallPage.objects.live():
        assert client.get(call.url).status_code == 200
    for listing in PartnershipListing.objects.public():
        assert client.get(listing.get_absolute_url()).status_code == 200
    assert "Funding calls closing soon" in client.get("/").content.decode()
    counts = (FundingCallPage.objects.count(), PartnershipListing.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (FundingCallPage.objects.count(), PartnershipListing.objects.count()) == counts
