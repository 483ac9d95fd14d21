"""Demo content for the site shell: the page tree, the About page, site settings.

Idempotent: pages are found by slug and only created when missing, so an editor's changes
survive a second `manage.py load_demo`.
"""

from django.db import transaction
from wagtail.models import Page, Site

from home.models import FooterLink, HomePage, SiteSettings, SocialLink, StandardPage


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def ensure_child(parent: Page, model, slug: str, **fields) -> Page:
    """The child of `parent` with this slug, created (and published) if missing.

    A plain StandardPage placeholder in the way of another page type is replaced in place
    (same position in the menu), so sections built later take over their placeholder.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing and (model is StandardPage or existing.specific_class is not StandardPage):
        return existing.specific
    # The intro doubles as the search/listing description until an editor writes one.
    fields.setdefault("search_description", fields.get("intro") or fields.get("summary", ""))
    page = model(slug=slug, **fields)
    if existing:
        previous = existing.get_prev_sibling()
        existing.delete()
        if previous:
            previous.add_sibling(pos="right", instance=page)
        else:
            Page.objects.get(pk=parent.pk).add_child(instance=page)
            page.move(Page.objects.get(pk=parent.pk), pos="first-child")
    else:
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# Sections whose features arrive later: plain pages saying what will be there.
PLACEHOLDERS = [
    (
        "topics",
        "Topics",
        "The themes the community works on, each with its related training, news, events, "
        "funding calls, partnership listings and working groups.",
        [],
    ),
    (
        "working-groups",
        "Working groups",
        "Working groups that members can join, each with members-only meeting notes and documents. "
        "This section is being built.",
        [],
    ),
    (
        "training",
        "Training",
        "A library of courses, e-learning, slides, videos and guidelines for biobank staff and "
        "users, filterable by type, audience and topic. This section is being built.",
        [],
    ),
    ("news", "News", "News from the community and its biobanks. This section is being built.", []),
    (
        "events",
        "Events",
        "Community events with online registration, first among them the annual Biobanks & "
        "Collections Day. This section is being built.",
        [],
    ),
    (
        "funding",
        "Funding",
        "Funding opportunities for collections, biobanks and research that reuses them, with their "
        "deadlines. This section is being built.",
        [],
    ),
    (
        "partnerships",
        "Partnerships",
        "Offers and requests from companies, biobanks and research institutes looking for a "
        "partner. This section is being built.",
        [],
    ),
    (
        "biobanks",
        "Biobanks",
        "Searchable profiles of the biobanks and collections in the network, imported from the "
        "BBMRI-ERIC Directory and the national catalogue. This section is being built.",
        [],
    ),
]

ABOUT_BODY = [
    heading("Who we are"),
    paragraph(
        "<p>The Biobank Community brings together everyone who works with human biomaterials and "
        "the data that belong to them: biobanks and collections, researchers, policymakers, "
        "funders, patients and participants, and companies. Its aim is that samples and data are "
        "used as well as possible for personalised medicine and health research.</p>"
    ),
    paragraph(
        "<p>The community maps and links the biobanks in the country and harmonises how "
        "biomaterials and data are collected and described, nationally and internationally. "
        "It unites the local biobank communities, most of which already take part in the national "
        "BBMRI node or the clinical biobank programme, under one umbrella.</p>"
    ),
    heading("The national node"),
    paragraph(
        "<p>The national node of BBMRI-ERIC, the European research infrastructure for biobanks, "
        "grew out of successive programmes funded by the national research council. It first "
        "linked existing clinical and population biobanks to the European infrastructure, then "
        "made the shared infrastructure future-proof. Today it works within the national health "
        "data infrastructure, with a national hub and regional nodes at the academic hospitals.</p>"
        "<p>The node works on three things:</p>"
        "<ol><li>harmonisation: procedures, guidelines and standards for samples, images and "
        "data, based on evidence and aligned internationally;</li>"
        "<li>support: services that help researchers find and share samples, images and data;</li>"
        "<li>knowledge: websites, contributions to current debates and community meetings such as "
        "the annual Biobanks &amp; Collections Day.</li></ol>"
    ),
    heading("How we work"),
    paragraph(
        "<p>The community is a national platform for collaboration at strategic and operational "
        "level. Stakeholders work and take steps together, and with neighbouring communities such "
        "as the ELSI community where a theme calls for it. Working groups take on the themes; "
        "the community coordinator is the first point of contact for anyone who wants to know "
        "more or contribute.</p>"
    ),
    {
        "type": "call_to_action",
        "value": {
            "title": "Get involved",
            "text": "Create an account to join a working group and receive members-only material.",
            "page": None,
            "url": "/accounts/signup/",
            "button_text": "Create an account",
        },
    },
    heading("Leadership"),
    paragraph(
        "<ul><li>National node directors (two, from the academic hospitals)</li>"
        "<li>Management committee representative to BBMRI-ERIC</li>"
        "<li>Community coordinator</li></ul>"
    ),
]

PRIVACY_BODY = [
    paragraph(
        "<p>This notice explains what the hub stores about you and why.</p>"
        "<ul><li><b>Account:</b> your e-mail address, name, organisation, country and role, so "
        "that you can join working groups and register for events.</li>"
        "<li><b>Newsletter:</b> your e-mail address, the consent text you agreed to and when you "
        "signed up and confirmed. Every newsletter has an unsubscribe link.</li>"
        "<li><b>Usage figures:</b> how many times each page was read and each document "
        "downloaded per day, the sites readers came from (their domain only) and the words "
        "of searches that found nothing (kept for a limited time). They are counted on the "
        "server without a cookie, and store no IP address, browser or anything else about "
        "who you are; they are shared with no one.</li></ul>"
        "<p>You can download everything the hub holds on you, and delete your account, from "
        '<a href="/accounts/">My account</a>.</p>'
    ),
]


@transaction.atomic
def load(stdout=None) -> HomePage:
    root = Page.get_first_root_node()
    home = root.get_children().type(HomePage).first()
    if home is None:
        # Replace the "Welcome to Wagtail" page that Wagtail's migrations create.
        for welcome in root.get_children().exact_type(Page).filter(slug="home"):
            welcome.delete()
        home = HomePage(
            title="Biobank Community Hub",
            slug="home",
            intro=(
                "The meeting place of the national biobank community: find biobanks and their "
                "collections, join working groups, learn, and find partners and funding for the "
                "reuse of human samples and data."
            ),
            body=[
                heading("Why biobanks matter"),
                paragraph(
                    "<p>High-quality, securely stored human biomaterials and data, shared through "
                    "a national infrastructure, make personalised medicine and health research "
                    "possible. That needs professionals from many disciplines who exchange "
                    "expertise and learn from each other: this hub is where they meet.</p>"
                ),
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    else:
        home = home.specific

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Biobank Community Hub",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Biobank Community Hub"
        site.save()

    ensure_child(
        home,
        StandardPage,
        "about",
        title="About",
        show_in_menus=True,
        intro="The national biobank community and the BBMRI national node: what they do "
        "and how they work.",
        body=ABOUT_BODY,
    )
    for slug, title, intro, body in PLACEHOLDERS:
        ensure_child(
            home, StandardPage, slug, title=title, intro=intro, body=body, show_in_menus=True
        )
    privacy = ensure_child(
        home,
        StandardPage,
        "privacy",
        title="Privacy notice",
        intro="What the hub stores about you, and your rights.",
        body=PRIVACY_BODY,
    )

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    if not settings.contact_email:
        settings.organisation_name = "Biobank Community Hub"
        settings.tagline = "Samples and data, findable and reused"
        settings.contact_email = "community@biobank-hub.example"
        settings.privacy_notice = privacy
        settings.footer_links = [
            FooterLink(title=title, url=url)
            for title, url in [
                ("BBMRI-ERIC", "https://www.bbmri-eric.eu/"),
                ("BBMRI-ERIC Directory", "https://directory.bbmri-eric.eu/"),
                ("Health-RI", "https://www.health-ri.nl/"),
                ("BBMRI.be", "https://www.bbmri.be/"),
                ("ELIXIR", "https://elixir-europe.org/"),
            ]
        ]
        settings.social_links = [
            SocialLink(network="LinkedIn", url="https://www.linkedin.com/company/bbmri-eric/")
        ]
        settings.save()
    if stdout:
        stdout.write(f"Site shell: home page and {home.get_children().count()} sections.")
    return home
