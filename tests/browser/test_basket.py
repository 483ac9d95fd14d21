"""The request basket (/biobanks/basket/) in a real browser: axe finds nothing serious on it
empty, with two collections (both ways of requesting access), and after a removal; and a reader
with only a keyboard fills it from the profiles, removes a collection with Tab and Enter, and
lands on the notice that says which one went."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible
from .helpers import tab_to

MAX_TABS = 120  # the header, the menu and a profile's facts come before the buttons


def two_collections():
    """Two listed collections of the demo, of different biobanks."""
    from community.models import Collection

    chosen = []
    listed = Collection.objects.filter(withdrawn=False, biobank__withdrawn=False)
    for collection in listed.select_related("biobank").order_by("biobank__name", "name"):
        if all(c.biobank_id != collection.biobank_id for c in chosen):
            chosen.append(collection)
        if len(chosen) == 2:
            return chosen
    raise AssertionError("the demo has fewer than two listed biobanks with collections")


def button(page, action, collection):
    """The button "<action>: <collection>" (the name is visually hidden, read out)."""
    name = re.compile(rf"^{action}\s*:\s*{re.escape(collection.name)}$")
    return page.get_by_role("button", name=name)


def press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_basket_is_accessible_and_works_with_the_keyboard_alone(live_site, page, settings):
    settings.NEGOTIATOR_URL = ""
    basket = f"{live_site}/biobanks/basket/"
    response = page.goto(basket)
    assert response.ok, response.status
    expect(page.locator("main")).to_contain_text("Your basket is empty")
    assert_accessible(page)

    # Fill it from the profiles, by keyboard.
    collections = two_collections()
    for collection in collections:
        page.goto(f"{live_site}/biobanks/{collection.biobank.slug}/")
        tab_to(page, button(page, "Add to basket", collection), MAX_TABS)
        press_enter_and_wait(page)
        expect(page.locator("main .messages")).to_contain_text("added to your basket")
    expect(page.get_by_role("link", name=re.compile(r"Basket \(2\)"))).to_be_visible()

    page.goto(basket)
    items = page.locator("main ul.basket > li")
    expect(items).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Write to each biobank instead")
    assert_accessible(page)
    settings.NEGOTIATOR_URL = "https://negotiator.example.org/"  # the other way to request
    page.reload()
    expect(page.get_by_role("button", name="Request access")).to_be_visible()
    assert_accessible(page)

    # Remove the first with Tab and Enter: it is gone, and the focus is on the notice naming it.
    first, second = collections
    tab_to(page, button(page, "Remove", first), MAX_TABS)
    press_enter_and_wait(page)
    notice = page.locator("main .messages")
    expect(notice).to_contain_text(f"“{first.name}” removed from your basket.")
    expect(notice).to_be_focused()
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(second.name)
    expect(button(page, "Remove", first)).to_have_count(0)
    assert_accessible(page)

    # The next Tab leads on into the basket, not back to the top of the page.
    tab_to(page, button(page, "Remove", second), 5)
    press_enter_and_wait(page)
    expect(page.locator("main")).to_contain_text("Your basket is empty")
    expect(page.locator("main .messages")).to_be_focused()
    expect(page.get_by_role("link", name=re.compile(r"Basket \("))).to_have_count(0)
    assert_accessible(page)
