"""The PostgreSQL leg really runs on PostgreSQL: a page revision round-trips through it."""

import pytest

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_database_is_postgresql_and_a_page_publishes(client, site_tree):
    from django.db import connection

    from home.models import StandardPage

    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 130000, connection.pg_version

    about = StandardPage.objects.get(locale__language_code="en", slug="about")
    about.title = "About the community"
    about.intro = "Zürich, Łódź and Ærøskøbing: non-ASCII survives the round trip."
    about.body = [{"type": "paragraph", "value": "<p>Published on PostgreSQL.</p>"}]
    revision = about.save_revision()
    revision.publish()

    about = StandardPage.objects.get(pk=about.pk)
    assert about.live and not about.has_unpublished_changes
    assert about.title == "About the community"
    assert about.latest_revision_id == revision.pk
    assert about.intro.startswith("Zürich, Łódź")

    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "About the community" in html
    assert "Published on PostgreSQL." in html
    assert "Ærøskøbing" in html
