"""hub.privacy.public(): the same pages as Wagtail's public(), kept right as restrictions change."""

import pytest
from wagtail.models import Page, PageViewRestriction

from hub.privacy import public
from tests.factories import AboutPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_restricted_sections_are_left_out_and_the_cache_follows_changes(
    django_assert_max_num_queries,
):
    about = AboutPageFactory()
    StandardPageFactory(parent=about, title="Board minutes")
    StandardPageFactory(title="Contact")

    def titles():
        return set(public(Page.objects.live()).values_list("title", flat=True))

    assert {"About", "Board minutes", "Contact"} <= titles()
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert not {"About", "Board minutes"} & titles()  # the page and everything under it
    assert "Contact" in titles()
    assert titles() == set(Page.objects.live().public().values_list("title", flat=True))
    from hub.cache import scope

    # The restrictions come from the cache (in a request, whose generation is read first).
    with scope(), django_assert_max_num_queries(1):
        titles()
    restriction.delete()
    assert {"About", "Board minutes"} <= titles()
