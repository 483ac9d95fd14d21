"""Keyboard only: the biobank facets and the site search can be used without a mouse."""

import re

from .conftest import assert_accessible

MAX_TABS = 250


def tab_to(page, selector):
    """Press Tab until `selector` has the focus (fails if it is never reached)."""
    target = page.locator(selector).first
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return target
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_biobank_facets_with_the_keyboard(live_site, page):
    page.goto(f"{live_site}/biobanks/")
    checkbox = page.locator(".filter-option input[type=checkbox]").first
    name, value = checkbox.get_attribute("name"), checkbox.get_attribute("value")
    tab_to(page, f'.filter-option input[name="{name}"][value="{value}"]')
    page.keyboard.press("Space")
    tab_to(page, ".filter-panel__actions button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"[?&]{name}={re.escape(value)}"))
    assert page.locator(f'.filter-option input[name="{name}"][value="{value}"]').is_checked()
    assert_accessible(page)


def test_site_search_with_the_keyboard(live_site, page):
    page.goto(f"{live_site}/")
    tab_to(page, 'header a[href="/search/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/$"))
    tab_to(page, "#search-q")
    page.keyboard.type("biobank")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=biobank"))
    assert page.locator(".results li").count() > 0
    tab_to(page, '.search-types a[href*="type="]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"type="))
    assert page.locator('.search-types a[aria-current="page"]').count() == 1
