"""Demo content for funding and partnerships: funders, calls (past, open, closing soon,
forthcoming, one two-stage), and partnership offers and requests from Belgian network biobanks
and fictional companies, one of them waiting for review.

Idempotent: funders by name, calls by slug under /funding/, listings by title; editors' changes
survive a second `manage.py load_demo`. Dates are relative to today, so the demo always shows
every status.
"""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from community.models import Biobank, Topic
from funding.demo_data import CALLS, FUNDERS, LISTINGS
from funding.models import (
    Funder,
    FundingCallPage,
    FundingDeadline,
    FundingIndexPage,
    PartnershipIndexPage,
    PartnershipListing,
)
from home.demo import ensure_child
from home.models import HomePage
from hub.translated_snippets import source_snippets


def _topics(slugs):
    return list(Topic.objects.filter(slug__in=slugs))


@transaction.atomic
def load(stdout=None):
    home = HomePage.objects.get(locale__language_code="en")
    funding = ensure_child(
        home,
        FundingIndexPage,
        "funding",
        title="Funding",
        show_in_menus=True,
        intro="Funding opportunities for collections, biobanks and research that reuses "
        "them, with their deadlines. Follow a call for a reminder before each deadline, "
        "or save a filter to hear about new calls.",
    )
    ensure_child(
        home,
        PartnershipIndexPage,
        "partnerships",
        title="Partnerships",
        show_in_menus=True,
        intro="Offers and requests from companies, biobanks, research institutes and patient "
        "organisations looking for a partner: samples, data, images, expertise, services, "
        "co-development or funding.",
    )
    funders = {}
    for name, slug, website, country in FUNDERS:
        funders[slug], _created = source_snippets(Funder.objects.all()).get_or_create(
            slug=slug, defaults={"name": name, "website": website, "country": country}
        )

    today = timezone.localdate()
    created_calls = 0
    for (
        slug,
        title,
        funder,
        programme,
        identifier,
        summary,
        opens,
        deadlines,
        award_min,
        award_max,
        total,
        awards,
        cofunding,
        stakeholders,
        countries,
        topics,
    ) in CALLS:
        if funding.get_children().filter(slug=slug).exists():
            continue
        call = FundingCallPage(
            slug=slug,
            title=title,
            funder=funders[funder],
            programme=programme,
            call_identifier=identifier,
            summary=summary,
            search_description=summary,
            opens_on=today + timedelta(days=opens) if opens is not None else None,
            award_min=award_min,
            award_max=award_max,
            total_budget=total,
            expected_awards=awards,
            cofunding_required=cofunding,
            eligible_stakeholders=stakeholders,
            eligible_countries=countries,
            call_url=f"{funders[funder].website}/calls/{slug}",
            contact="Programme officer",
            body=[
                {"type": "paragraph", "value": f"<p>{summary}</p>"},
            ],
            deadlines=[
                FundingDeadline(
                    label=label, due_date=today + timedelta(days=days), due_time=time(17, 0)
                )
                for label, days in deadlines
            ],
        )
        funding.add_child(instance=call)
        call.topics.set(_topics(topics))
        call.save_revision().publish()
        created_calls += 1

    created_listings = 0
    for (
        title,
        kind,
        organisation,
        organisation_type,
        sector,
        country,
        resources,
        summary,
        description,
        trl,
        commercial_use,
        terms,
        contact_role,
        topics,
        status,
    ) in LISTINGS:
        if PartnershipListing.objects.filter(title=title).exists():
            continue
        listing = PartnershipListing.objects.create(
            title=title,
            kind=kind,
            organisation_name=organisation,
            organisation_type=organisation_type,
            sector=sector,
            country=country,
            resources=resources,
            summary=summary,
            description=description,
            trl=trl,
            commercial_use=commercial_use,
            commercial_terms=terms,
            contact_role=contact_role,
            contact_email="partnerships-demo@example.org",
            expires_on=today + timedelta(days=150),
            status=status,
            reviewed_at=timezone.now() if status == "approved" else None,
        )
        listing.topics.set(_topics(topics))
        # A biobank's own listing names its catalogue profile (the demo catalogue is synced first).
        listing.biobanks.set(Biobank.objects.filter(name=organisation, withdrawn=False))
        created_listings += 1
    if stdout is not None:
        stdout.write(
            f"Funding: {created_calls} calls and {created_listings} partnership listings added."
        )
