"""Point the hub's search at hub.search.backend with a throw-away index for each test."""

import pytest

from hub.search.testing import search_backend  # noqa: F401 - the fixture


@pytest.fixture
def make_page(site_tree):
    """Publish (or just create, as a draft) a StandardPage under the home page."""
    from home.models import StandardPage

    def make(title, slug, intro="", body=None, publish=True):
        page = StandardPage(title=title, slug=slug, intro=intro, body=body or [], live=publish)
        site_tree.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return StandardPage.objects.get(pk=page.pk)

    return make
