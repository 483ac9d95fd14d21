"""Wagtail's own routing, with its precedence: a routable page's routes before its children
(tests/events/test_public.py::test_the_index_routes_win_over_a_child_page_of_the_same_slug)."""

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_nested_routable_unpublished_and_missing_paths(client, site_tree):
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
