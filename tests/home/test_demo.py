"""The demo content as `make run` loads it (`manage.py load_demo`): what the README promises a
newcomer sees. Everything else builds only the pages it needs (tests/factories.py)."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from community.models import Topic
from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def test_about_page_tells_the_community_story(client, site_tree):
    html = client.get("/about/").content.decode()
    assert "national node" in html
    assert "Biobanks &amp; Collections Day" in html


def test_the_eight_themes_are_on_the_home_page_and_listed_in_order(client, site_tree):
    html = client.get("/topics/").content.decode()
    names = list(Topic.objects.values_list("name", flat=True))
    assert len(names) == 8
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)
    home = client.get("/").content.decode()
    section = home.split('id="home-topics"')[1].split("</section>")[0]
    assert section.count('class="card"') == 8
    assert 'href="/topics/quality/">Sample and data quality and reproducibility</a>' in section


def test_load_demo_twice_duplicates_nothing_and_keeps_editor_changes(site_tree):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    about.title = "About us"
    about.save_revision().publish()
    pages_before = Page.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Page.objects.count() == pages_before
    assert StandardPage.objects.get(slug="about", locale__language_code="en").title == "About us"
    assert SiteSettings.objects.get().footer_links.count() == 5


def test_the_news_names_the_day_of_the_demo_event_not_a_season(client, site_tree):
    from django.utils.formats import date_format

    from events.models import EventPage

    day = EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    )
    when = date_format(day.start.date(), "j F Y")
    html = client.get("/news/biobanks-and-collections-day-announced/").content.decode()
    assert f"returns on {when}" in html
    assert "this autumn" not in html and "Registration opens soon" not in html
    assert client.get(day.url).status_code == 200


def test_topic_contacts_are_roles_with_an_organisation(client, site_tree):
    from community.models import TopicPage

    people = {person for page in TopicPage.objects.all() for person in page.contacts.all()}
    assert len(people) >= 5  # the themes name fitting contacts, not all the same one
    assert all(person.role and person.organisation for person in people)
    html = client.get("/topics/public-private-cooperation/").content.decode()
    assert "Partnerships liaison" in html and "National biobank node" in html
