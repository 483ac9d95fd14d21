"""Topic pages: the community's eight themes, each with its contacts and related material."""

import pytest

from community.models import Topic, TopicPage

pytestmark = pytest.mark.django_db


def test_topic_index_lists_the_eight_themes_in_order(client, site_tree):
    html = client.get("/topics/").content.decode()
    names = list(Topic.objects.values_list("name", flat=True))
    assert len(names) == 8
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_topic_page_shows_challenge_approach_and_contact_without_address(client, site_tree):
    html = client.get("/topics/quality/").content.decode()
    assert "<h1>Sample and data quality and reproducibility</h1>" in html
    assert "The challenge" in html and "What the community does" in html
    assert "Quality officer" in html
    assert "@" not in html.split('id="contacts"')[1].split("</section>")[0]


def test_topic_admin_is_grouped_under_community(client, site_tree, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/snippets/community/topic/").status_code == 200
    assert client.get("/admin/snippets/community/person/").status_code == 200
    page = TopicPage.objects.get(slug="quality")
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
