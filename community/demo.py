"""Demo content for the community: the eight topics with their pages, and contacts by role.

Facts from the community's own texts, in our words. People are listed by role, not by name.
"""

from django.db import transaction

from community.models import Person, Topic, TopicIndexPage, TopicPage
from home.demo import ensure_child, paragraph
from home.models import HomePage
from hub.translated_snippets import source_snippets

# (name, role, organisation): listed by role, never by a real person's name.
PEOPLE = [
    ("Community coordinator", "Coordinates the Biobank Community", "National biobank node"),
    (
        "National node director",
        "Director of the national BBMRI node",
        "National biobank node, hosted by the national cancer registry",
    ),
    (
        "Management committee representative",
        "Represents the node in BBMRI-ERIC",
        "National biobank node",
    ),
    ("Quality officer", "Contact for sample and data quality", "National biobank node"),
    ("Catalogue manager", "Contact for the national catalogue", "National biobank node"),
    (
        "Data steward",
        "Contact for linking samples with health data",
        "National health data infrastructure",
    ),
    (
        "Partnerships liaison",
        "Contact for companies and public-private partnerships",
        "National biobank node",
    ),
    (
        "Patient engagement adviser",
        "Contact for donors, patients and public communication",
        "Patient federation",
    ),
]

# (slug, name, summary, challenge, approach, contact role)
TOPICS = [
    (
        "incentives-for-reuse",
        "Incentives for reuse",
        "Collections are built with public money and voluntary donations: their broad use should "
        "be "
        "the norm.",
        "Today's scientific system rewards a sense of ownership (“my samples and data”) and the "
        "shielding of collections from others.",
        "The community builds a collective voice that makes the case for broad access aimed at "
        "maximum impact.",
        "Community coordinator",
    ),
    (
        "access-procedures",
        "Application, review and issue procedures",
        "Requesting, reviewing and releasing samples and data should be simple and transparent.",
        "Procedures are often complex and opaque, which confuses applicants and delays projects. "
        "Regulations (privacy, international data sharing, research outside the medical research "
        "act) and differing institutional policies on consent, ethics review and incidental "
        "findings all play a part.",
        "The community works on harmonised processes and closer cooperation between the central "
        "biobanks, so that biobanks, as responsible parties, can simplify their procedures.",
        "Community coordinator",
    ),
    (
        "quality",
        "Sample and data quality and reproducibility",
        "Research results are only as good as the samples and data behind them.",
        "Differences in collecting, processing and storing samples, and in the condition of "
        "donors, "
        "create variation within and between collections that shows up in the results.",
        "The community develops evidence-based protocols for comparable quality and correct "
        "pre-analytical metadata, and helps put them into practice.",
        "Quality officer",
    ),
    (
        "linking-data",
        "Linking data sources and IT systems",
        "Linked sources answer questions that no single collection can.",
        "Establishing links is slow and labour-intensive, and the non-technical issues (legal "
        "agreements, standards) are the greatest obstacles.",
        "The community joins existing linkage initiatives and shares knowledge and expertise.",
        "Data steward",
    ),
    (
        "findability",
        "Findability of samples and data",
        "Samples and data must be findable to be used, and to avoid duplicated collections.",
        "Catalogues are not yet complete, easy to use or widely known, inside or outside the "
        "field.",
        "Every institute keeps a local catalogue linked to the national catalogue; local biobank "
        "infrastructures act as linking pins to their communities, and the hub publishes biobank "
        "profiles straight from the catalogue.",
        "Catalogue manager",
    ),
    (
        "image-and-reputation",
        "Image and reputation",
        "Biobanks depend on the trust and support of many stakeholders.",
        "The general public, funders, policymakers and institutes often do not see the value of "
        "biobanks.",
        "A joint communication strategy: more awareness and transparency towards the public, the "
        "scientific and social value of biobanks made visible, and training for current and next "
        "generation users in research infrastructures, ELSI, reuse, FAIR and Open Science.",
        "Patient engagement adviser",
    ),
    (
        "public-private-cooperation",
        "Public-private cooperation",
        "Companies ask for samples, data and ideas; biobanks can gain income and knowledge.",
        "Public-private partnerships are under-used, although industry is often needed to bring "
        "innovations to patients.",
        "Members share experience and expertise, and the hub lists partnership offers and "
        "requests.",
        "Partnerships liaison",
    ),
    (
        "financing",
        "Financing collections, biobanks and reuse",
        "Biobanks are not self-sustaining: external funding is always needed.",
        "The funding landscape is not geared to financing research infrastructure for the long "
        "term.",
        "The community explores national and international funding options, works on a joint "
        "strategy and publishes funding calls on the hub.",
        "National node director",
    ),
]


@transaction.atomic
def load(stdout=None):
    people = {}
    for name, role, organisation in PEOPLE:
        people[name], _ = source_snippets(Person.objects.all()).get_or_create(
            name=name,
            defaults={
                "role": role,
                "organisation": organisation,
                "email": "community@biobank-hub.example",
            },
        )

    home = HomePage.objects.get(locale__language_code="en")
    index = ensure_child(
        home,
        TopicIndexPage,
        "topics",
        title="Topics",
        show_in_menus=True,
        intro="The eight themes the community works on. Each page gathers the related training, "
        "news, events, funding calls, partnership listings and working groups.",
    )
    for order, (slug, name, summary, challenge, approach, contact) in enumerate(TOPICS):
        topic, _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "summary": summary, "sort_order": order}
        )
        if not TopicPage.objects.filter(topic=topic).exists():
            ensure_child(
                index,
                TopicPage,
                slug,
                title=name,
                topic=topic,
                summary=summary,
                challenge=f"<p>{challenge}</p>",
                approach=f"<p>{approach}</p>",
                body=[
                    paragraph(
                        "<p>Want to contribute to this theme? Join a working group or contact the "
                        "person below.</p>"
                    )
                ],
                contacts=[people[contact]],
            )
    if stdout:
        stdout.write(f"Community: {Topic.objects.count()} topics, {Person.objects.count()} people.")
