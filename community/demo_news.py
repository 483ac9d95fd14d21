"""Demo content for news: /news/ with five articles (``load_news``, run by
``community.demo_training.load``).

In our own words, from the community's texts. Idempotent: articles are found by slug, and an
editor's changes survive a second run.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format

from community.models import NewsIndexPage, NewsPage, Topic
from home.demo import ensure_child, paragraph

NEWS_INTRO = "News from the community, its working groups and the biobanks in the network."

# Each article: slug, title, days ago, intro, body paragraphs, topics.
NEWS = [
    (
        "biobanks-and-collections-day-announced",
        "Biobanks & Collections Day: save the date",
        6,
        "The community's annual meeting returns on {event_day}, with talks, workshops and "
        "plenty of time to meet colleagues from biobanks across the country.",
        [
            "<p>The Biobanks &amp; Collections Day brings together biobank staff, researchers, "
            "policymakers and patient representatives. This year's programme focuses on the reuse "
            "of "
            "collections: what stands in the way, and what works.</p>",
            "<p>Registration is open on the events page. Ideas for the workshops are welcome: "
            "contact the community coordinator.</p>",
        ],
        ["incentives-for-reuse", "image-and-reputation"],
    ),
    (
        "new-working-group-access-procedures",
        "New working group on access procedures",
        21,
        "Staff who run or review requests for samples and data now have a working group of their "
        "own, aimed at simpler and more transparent procedures.",
        [
            "<p>Applicants meet different forms, reviews and agreements at every institution. The "
            "new working group maps the current procedures and proposes shared templates and "
            "review "
            "steps.</p>",
            "<p>The group admits members on request: see the working groups page.</p>",
        ],
        ["access-procedures"],
    ),
    (
        "national-catalogue-update",
        "Catalogue update: more collections findable",
        38,
        "Several regional biobanks have added their collections to the national catalogue, which "
        "now also feeds the European Directory.",
        [
            "<p>Findable collections are used more and duplicated less. With this update, more "
            "collections are described in a shared format and linked to the BBMRI-ERIC "
            "Directory.</p>",
            "<p>Does your institute not have a local catalogue yet? The catalogue manager can "
            "help.</p>",
        ],
        ["findability", "linking-data"],
    ),
    (
        "training-library-launched",
        "Training library launched",
        52,
        "The hub now offers a library of training material on sample quality, consent, FAIR data "
        "and more, filterable by audience and level.",
        [
            "<p>The library gathers courses, e-learning, recordings and guidelines from the node, "
            "BBMRI-ERIC and partners. ELSI, FAIR and Open Science have their own filters: the "
            "community wants the next generation of users to meet them early.</p>"
        ],
        ["quality", "image-and-reputation"],
    ),
    (
        "pre-analytics-checklist-pilot",
        "Pre-analytics checklist ready for a pilot",
        75,
        "The working group on sample quality has drafted a checklist of pre-analytical variables, "
        "to be tested at three biobanks.",
        [
            "<p>Variation in how samples are handled shows up in research results. The checklist "
            "records the variables that matter most, such as time to processing and storage "
            "temperature.</p>"
        ],
        ["quality"],
    ),
]


def load_news(home) -> NewsIndexPage:
    index = ensure_child(
        home, NewsIndexPage, "news", title="News", show_in_menus=True, intro=NEWS_INTRO
    )
    index = NewsIndexPage.objects.get(pk=index.pk)
    from events.demo import next_spring_day

    today = timezone.localdate()
    # The demo's dates move with today: name the day of the demo event, not a season.
    event_day = date_format(next_spring_day(today), "j F Y")
    for slug, title, days_ago, intro, paragraphs, topics in NEWS:
        intro = intro.format(event_day=event_day)
        if NewsPage.objects.filter(slug=slug).exists():
            continue
        ensure_child(
            index,
            NewsPage,
            slug,
            title=title,
            intro=intro,
            date=today - timedelta(days=days_ago),
            body=[paragraph(html) for html in paragraphs],
            topics=list(Topic.objects.filter(slug__in=topics)),
        )
    return index
