"""Topic pages: the community's eight themes, each with its contacts and related material."""

import json
import re

import pytest
from django.utils.html import escape

from community.models import Topic, TopicPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_topic_index_lists_the_themes_in_the_communitys_order(client):
    # Created out of order: listed by the community's order, not by name or age.
    for name, order in [("Linking data", 2), ("Incentives for reuse", 0), ("Quality", 1)]:
        factories.TopicPageFactory(topic=factories.TopicFactory(name=name, sort_order=order))
    factories.TopicPageFactory(title="Draft theme", publish=False)
    html = client.get("/topics/").content.decode()
    names = ["Incentives for reuse", "Quality", "Linking data"]
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)
    assert "Draft theme" not in html


def test_topic_page_shows_challenge_approach_and_contact_without_address(client):
    contact = factories.PersonFactory(role="Quality officer", email="quality@example.org")
    factories.TopicPageFactory(
        topic=factories.TopicFactory(
            name="Sample and data quality and reproducibility", slug="quality"
        ),
        contacts=[contact],
    )
    html = client.get("/topics/quality/").content.decode()
    assert "<h1>Sample and data quality and reproducibility</h1>" in html
    assert "The challenge" in html and "What the community does" in html
    assert "Quality officer" in html
    assert "@" not in html.split('id="contacts"')[1].split("</section>")[0]


def admin_menu(html: str) -> dict:
    """The admin sidebar's menu as {label: url} for links, {label: {…}} for sub-menus."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )

    def items(entries):
        menu = {}
        for entry in entries:
            if entry["_type"] == "wagtail.sidebar.SubMenuItem":
                options, children = entry["_args"]
                menu[options["label"]] = items(children)
            elif entry["_type"] == "wagtail.sidebar.LinkMenuItem":
                options = entry["_args"][0]
                menu[options["label"]] = options["url"]
        return menu

    data = json.loads(props.group(1))
    module = next(m for m in data["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return items(module["_args"][0])


def test_topic_admin_is_grouped_under_community(client, admin_user):
    # Created out of order: the admin lists them by the community's order, not by name or age.
    for name, order in [("Linking data", 2), ("Incentives for reuse", 0), ("Quality", 1)]:
        factories.TopicPageFactory(topic=factories.TopicFactory(name=name, sort_order=order))
    client.force_login(admin_user)
    menu = admin_menu(client.get("/admin/").content.decode())
    assert menu["Community"] == {
        "Topics": "/admin/snippets/community/topic/",
        "People": "/admin/snippets/community/person/",
    }

    response = client.get(menu["Community"]["Topics"])
    assert response.status_code == 200
    html = response.content.decode()
    names = [escape(name) for name in Topic.objects.values_list("name", flat=True)]
    assert names == ["Incentives for reuse", "Quality", "Linking data"]
    positions = [html.index(f">{name}<") for name in names]
    assert positions == sorted(positions), "listed in the community's order"
    assert client.get(menu["Community"]["People"]).status_code == 200
    page = TopicPage.objects.get(locale__language_code="en", slug="quality")
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_topic_page_links_tagged_biobanks_to_their_profiles_here(client):
    factories.BiobankIndexPageFactory()
    page = factories.TopicPageFactory()
    biobank = factories.BiobankFactory(name="Biobank & Tumour bank", topics=[page.topic])
    factories.BiobankFactory(name="Untagged biobank")
    html = client.get(page.url).content.decode()
    assert f'<a href="{biobank.get_absolute_url()}">{escape(biobank.name)}</a>' in html
    assert f'<a href="{biobank.url}">' not in html  # its own website is not its profile
    assert "Untagged biobank" not in html
