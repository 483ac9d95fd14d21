"""Wagtail's own routing, with its precedence: a routable page's routes before its children
(tests/events/test_public.py::test_the_index_routes_win_over_a_child_page_of_the_same_slug)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_nested_routable_unpublished_and_missing_paths(client):
    about = factories.AboutPageFactory()
    factories.StandardPageFactory(parent=about, title="Board", intro="The board.")
    draft = factories.StandardPageFactory(parent=about, title="Draft", publish=False)
    factories.StandardPageFactory(parent=draft, title="Under a draft", slug="under")
    biobank = factories.BiobankFactory()
    factories.sections("biobanks")

    assert "The board." in client.get("/about/board/").content.decode()
    assert client.get("/about/draft/").status_code == 404
    assert client.get("/about/draft/under/").status_code == 200  # as Wagtail: a live child
    assert client.get("/about/nope/").status_code == 404
    assert client.get("/nope/deeper/").status_code == 404
    assert client.get("/About/").status_code == 404  # slugs are exact
    assert client.get(biobank.get_absolute_url()).status_code == 200  # a routable page's route
