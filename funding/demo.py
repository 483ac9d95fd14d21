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

FUNDERS = [
    # (name, slug, website, country)
    (
        "National Research Foundation – Flanders",
        "research-foundation-flanders",
        "https://research-foundation.example.org",
        "BE",
    ),
    (
        "Netherlands Health Research Council",
        "health-research-council-nl",
        "https://health-research.example.nl",
        "NL",
    ),
    (
        "European Health Research Programme",
        "european-health-research-programme",
        "https://research-programme.example.eu",
        "",
    ),
    (
        "Rare Disease Patients' Foundation",
        "rare-disease-patients-foundation",
        "https://rare-disease-foundation.example.org",
        "BE",
    ),
]

# (slug, title, funder slug, programme, identifier, summary, opens (days from today or None),
#  deadlines [(label, days)], award min, max, total, awards, co-funding, stakeholders,
#  countries, topic slugs)
CALLS = [
    (
        "biobank-infrastructure-2026",
        "Research infrastructure for biobanks and collections",
        "research-foundation-flanders",
        "Medium-scale research infrastructure",
        "IRI-MED-2026",
        "Grants for equipment, IT and staff that make a biobank or collection easier to use for "
        "others: automated storage, sample tracking, catalogue links.",
        None,
        [("", 9)],
        150_000,
        1_000_000,
        12_000_000,
        15,
        True,
        ["biobank", "researcher"],
        ["BE"],
        ["financing", "findability"],
    ),
    (
        "reuse-of-cohort-data",
        "Reuse of existing cohort and biobank data",
        "health-research-council-nl",
        "Open Competition – data reuse",
        "OC-DR-2027",
        "Projects that answer a new question with samples and data that already exist, instead "
        "of collecting new ones. Applicants show how the collection will be acknowledged.",
        None,
        [("Pre-proposal", 35), ("Full proposal", 120)],
        50_000,
        400_000,
        6_000_000,
        20,
        False,
        ["researcher"],
        ["NL"],
        ["incentives-for-reuse", "linking-data"],
    ),
    (
        "tools-for-sample-quality",
        "Tools and standards for sample and data quality",
        "european-health-research-programme",
        "Health cluster – tools and technologies",
        "EHRP-HLTH-2027-TOOL-03",
        "Collaborative projects that develop and validate pre-analytical standards, quality "
        "markers and reference materials for human biospecimens across European biobanks.",
        30,
        [("", 150)],
        4_000_000,
        6_000_000,
        30_000_000,
        6,
        False,
        [],
        [],
        ["quality", "public-private-cooperation"],
    ),
    (
        "patient-involvement-grants",
        "Small grants for patient involvement in biobank research",
        "rare-disease-patients-foundation",
        "Patient partnership grants",
        "",
        "Up to a few tens of thousands of euros to involve patients and their families in the "
        "governance and communication of a rare-disease collection.",
        None,
        [("", 60)],
        5_000,
        25_000,
        250_000,
        12,
        False,
        ["biobank", "patient"],
        ["BE", "NL"],
        ["image-and-reputation"],
    ),
    (
        "access-procedures-pilot",
        "Pilots that simplify access procedures",
        "health-research-council-nl",
        "Infrastructure programme",
        "INFRA-ACC-2026",
        "Pilots in which several biobanks harmonise their application, review and issue "
        "procedures and measure the time from request to delivery.",
        None,
        [("", -40)],
        100_000,
        300_000,
        1_500_000,
        5,
        True,
        ["biobank"],
        ["NL"],
        ["access-procedures"],
    ),
]

# (title, kind, organisation, organisation type, sector, country, resources, summary,
#  description, TRL, commercial use, terms, contact role, topic slugs, status)
LISTINGS = [
    (
        "Tumour tissue and matched plasma for biomarker validation",
        "offer",
        "Bimetra Biobank @ UZ Gent",
        "biobank",
        "academic",
        "BE",
        ["samples", "data"],
        "FFPE and fresh-frozen tumour tissue with matched plasma and clinical follow-up, for "
        "validation studies with academic or industrial partners.",
        "The hospital biobank holds several thousand tumour samples with pathology review and "
        "treatment data. Requests go through the access committee; material transfer agreements "
        "for commercial partners are available.",
        None,
        "negotiable",
        "Cost recovery plus a collaboration agreement.",
        "Biobank coordinator",
        ["public-private-cooperation", "access-procedures"],
        "approved",
    ),
    (
        "Expertise in pre-analytical quality control",
        "offer",
        "Biobank University Hospitals Leuven",
        "biobank",
        "academic",
        "BE",
        ["expertise", "services"],
        "Quality control of samples (RNA integrity, haemolysis, pre-analytical variables) as a "
        "service, and advice on setting up standard operating procedures.",
        "The quality team runs accredited assays and has trained staff of other biobanks in "
        "pre-analytical documentation. Available for projects and for companies that develop "
        "quality markers.",
        None,
        "allowed",
        "",
        "Quality manager",
        ["quality"],
        "approved",
    ),
    (
        "Seeking annotated imaging data for an AI triage tool",
        "request",
        "Northlight Imaging Analytics (fictional)",
        "company",
        "data",
        "NL",
        ["images", "data"],
        "A start-up looks for de-identified CT images with outcome annotations to train and test "
        "a triage algorithm, and for a clinical partner to co-develop it.",
        "We need a few thousand chest CT scans with linked outcomes, accessed in a secure "
        "environment at the biobank (no transfer needed). We offer co-authorship, a licence fee "
        "and access to the resulting model for research.",
        4,
        "allowed",
        "Data stay at the biobank; a licence fee per project.",
        "Head of clinical partnerships",
        ["linking-data", "public-private-cooperation"],
        "approved",
    ),
    (
        "Funding partner for a biobank sustainability study",
        "request",
        "University Biobank Limburg",
        "biobank",
        "academic",
        "BE",
        ["funding_partner"],
        "Looking for a co-funder or consortium partner for a study of cost models and long-term "
        "financing of hospital biobanks.",
        "The study compares cost-recovery models of Belgian and Dutch biobanks and proposes a "
        "shared pricing framework. We look for a foundation or company willing to co-fund it.",
        None,
        "not_applicable",
        "",
        "Biobank manager",
        ["financing"],
        "approved",
    ),
    (
        "Liquid biopsy kits for prospective collection",
        "offer",
        "Cellstream Diagnostics (fictional)",
        "company",
        "diagnostics",
        "BE",
        ["co_development", "services"],
        "Stabilising blood collection tubes and kits offered free of charge to biobanks that "
        "start prospective collections for cell-free DNA research.",
        "In return we ask for feedback on the kits' performance and, where the donors consented, "
        "access to a share of the samples.",
        7,
        "negotiable",
        "",
        "Business development manager",
        ["quality"],
        "pending",
    ),
    (
        "Plasma from healthy donors for a reference range study",
        "request",
        "Institute for Clinical Chemistry Research (fictional)",
        "research_institute",
        "academic",
        "NL",
        ["samples"],
        "A research institute looks for plasma of healthy adult donors, with age and sex, to set "
        "reference ranges for a new panel of inflammation markers.",
        "About 1,000 samples of 0.5 ml, collected with a documented pre-analytical protocol. We "
        "share the resulting reference ranges with the biobanks and acknowledge them in every "
        "publication.",
        None,
        "academic_only",
        "Academic use only; the results are published openly.",
        "Principal investigator",
        ["quality", "incentives-for-reuse"],
        "approved",
    ),
    (
        "Patient panel to review consent and information leaflets",
        "offer",
        "Rare Disease Patient Alliance (fictional)",
        "patient_organisation",
        "non_profit",
        "BE",
        ["expertise"],
        "Trained patient representatives review consent forms, donor information and lay "
        "summaries, and advise on involving patients in a collection's governance.",
        "Our panel has reviewed material for several rare-disease registries and biobanks. A "
        "review takes about four weeks; we ask only for travel costs for on-site meetings.",
        None,
        "not_applicable",
        "Free of charge for biobanks and academic projects.",
        "Patient involvement coordinator",
        ["image-and-reputation", "access-procedures"],
        "approved",
    ),
]


def _topics(slugs):
    return list(Topic.objects.filter(slug__in=slugs))


@transaction.atomic
def load(stdout=None):
    home = HomePage.objects.get()
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
        funders[slug], _created = Funder.objects.get_or_create(
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
