"""The biobank map (/biobanks/map/) in a real browser, on the demo catalogue: one marker per
listed biobank with coordinates, reached and opened from the keyboard, nothing axe calls serious.
The tiles never leave the machine: each request to the tile host gets a 1x1 PNG, and any other
outside request fails the test."""

import base64

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
TILES = "https://tile.openstreetmap.org/"
MARKERS = "#biobank-map .leaflet-marker-icon"


@pytest.fixture
def biobank_map(live_site, browser):
    """The map page, with tile requests answered locally; (page, tiles, outside requests)."""
    from tests import factories

    # Listed but not on the map: no coordinates, or none that exist.
    factories.BiobankFactory(name="Nowhere Biobank", location="Leuven")
    factories.BiobankFactory(name="Off The Globe", location="Ghent", latitude=99, longitude=3.7)
    tiles, outside = [], []

    def answer(route):
        url = route.request.url
        if url.startswith(TILES):
            tiles.append(url)
            return route.fulfill(status=200, content_type="image/png", body=PNG)
        if not url.startswith(live_site):
            outside.append(url)
            return route.abort()
        return route.continue_()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", answer)
    page.goto(f"{live_site}/biobanks/map/")
    yield page, tiles, outside
    context.close()


def mapped_names():
    from community.biobanks.map import valid_coordinates
    from community.models import Biobank

    return sorted(
        b.name for b in Biobank.objects.listed() if valid_coordinates(b.latitude, b.longitude)
    )


def test_one_marker_per_biobank_with_coordinates(biobank_map):
    page, tiles, outside = biobank_map
    expected = mapped_names()
    assert len(expected) >= 10  # the demo catalogue's Belgian biobanks
    expect(page.locator(MARKERS)).to_have_count(len(expected))
    names = sorted(page.locator(MARKERS).evaluate_all("els => els.map(el => el.alt)"))
    assert names == expected
    # The list still holds those the map cannot show.
    places = page.locator(".biobank-place")
    expect(places.get_by_role("link", name="Nowhere Biobank")).to_be_visible()
    expect(places.get_by_role("link", name="Off The Globe")).to_be_visible()
    expect(page.locator("#biobank-map .leaflet-tile-loaded").first).to_be_attached()
    assert tiles and not outside


def test_a_marker_opens_its_popup_from_the_keyboard(biobank_map):
    page, _, _ = biobank_map
    first = page.locator(MARKERS).first
    expect(first).to_be_visible()
    name = first.get_attribute("alt")
    page.locator("#biobank-map").focus()
    page.keyboard.press("Tab")  # the markers follow the map in the tab order
    expect(first).to_be_focused()

    page.keyboard.press("Enter")
    link = page.locator("#biobank-map .leaflet-popup-content a")
    expect(link).to_have_text(name)
    expect(link).to_be_focused()
    assert link.get_attribute("href").startswith("/biobanks/")

    page.keyboard.press("Escape")
    expect(link).to_have_count(0)
    expect(first).to_be_focused()

    page.keyboard.press(" ")  # a button: Space too
    expect(link).to_have_text(name)
    page.keyboard.press("Enter")  # follows the link to the profile
    expect(page.locator("h1")).to_contain_text(name)


def test_the_map_page_is_accessible(biobank_map):
    page, _, _ = biobank_map
    expect(page.locator(MARKERS).first).to_be_visible()
    assert_accessible(page)
    page.locator(MARKERS).first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#biobank-map .leaflet-popup-content a")).to_be_visible()
    assert_accessible(page)  # with a popup open
