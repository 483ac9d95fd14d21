"""The home page's one-query routing serves exactly what Wagtail's tree walk would."""

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_nested_routable_unpublished_and_missing_paths(client, site_tree,
                                                       django_assert_max_num_queries):
    about = StandardPage.objects.get(slug="about")
    child = StandardPage(title="Board", slug="board", intro="The board.")
    about.add_child(instance=child)
    child.save_revision().publish()
    draft = StandardPage(title="Draft", slug="draft", live=False)
    about.add_child(instance=draft)
    under_draft = StandardPage(title="Under a draft", slug="under")
    draft.add_child(instance=under_draft)
    under_draft.save_revision().publish()

    assert "The board." in client.get("/about/board/").content.decode()
    assert client.get("/about/draft/").status_code == 404
    assert client.get("/about/draft/under/").status_code == 200  # as Wagtail: a live child
    assert client.get("/about/nope/").status_code == 404
    assert client.get("/nope/deeper/").status_code == 404
    assert client.get("/About/").status_code == 404  # slugs are exact
    from community.models import Biobank

    biobank = Biobank.objects.filter(withdrawn=False).first()
    assert client.get(biobank.get_absolute_url()).status_code == 200  # a routable page's route
    client.get("/about/board/")
    with django_assert_max_num_queries(9):  # was 11 with Wagtail's walk of three levels
        client.get("/about/board/")


@pytest.mark.django_db
def test_the_routing_lookup_has_an_index_on_url_path():
    """Every request looks its page up by url_path (Wagtail has no index on it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert constraints["home_page_url_path"]["columns"] == ["url_path"]
    assert constraints["home_page_url_path"]["index"]
