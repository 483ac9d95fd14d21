"""The text-size and contrast switch, by keyboard only, with and without JavaScript."""

import pytest

from .helpers import body_colours, html_font_size, tab_to


def larger_button(page):
    return page.get_by_role("button", name="Larger text", exact=True)


def contrast_button(page):
    return page.get_by_role("button", name="High contrast", exact=True)


def test_switch_with_javascript(live_site, page):
    page.goto(f"{live_site}/")
    assert html_font_size(page) == "16px"
    normal_colours = body_colours(page)
    page.evaluate("window.__sameDocument = true")  # survives only if the page is not reloaded

    tab_to(page, larger_button(page))
    page.keyboard.press("Enter")
    assert html_font_size(page) == "20px"
    page.keyboard.press("Space")
    assert html_font_size(page) == "24px"
    assert larger_button(page).get_attribute("aria-disabled") == "true"

    tab_to(page, contrast_button(page))
    page.keyboard.press("Enter")
    assert contrast_button(page).get_attribute("aria-pressed") == "true"
    high_colours = body_colours(page)
    assert high_colours[0] != normal_colours[0], "background colour did not change"
    assert high_colours[1] != normal_colours[1], "text colour did not change"
    assert page.evaluate("window.__sameDocument") is True, "display.js did not stop the reload"

    page.goto(f"{live_site}/about/")
    assert page.evaluate("document.documentElement.className") == "text-larger contrast-high"
    assert html_font_size(page) == "24px"
    assert body_colours(page) == high_colours
    assert contrast_button(page).get_attribute("aria-pressed") == "true"


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_switch_without_javascript_posts_the_form(live_site, page_without_js):
    page = page_without_js
    page.goto(f"{live_site}/")
    assert html_font_size(page) == "16px"
    normal_colours = body_colours(page)

    for expected in ["20px", "24px"]:
        tab_to(page, larger_button(page))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == f"{live_site}/"
        assert html_font_size(page) == expected

    tab_to(page, contrast_button(page))
    with page.expect_navigation():
        page.keyboard.press("Space")
    high_colours = body_colours(page)
    assert high_colours[0] != normal_colours[0], "background colour did not change"
    assert high_colours[1] != normal_colours[1], "text colour did not change"

    page.goto(f"{live_site}/about/")
    assert page.evaluate("document.documentElement.className") == "text-larger contrast-high"
    assert html_font_size(page) == "24px"
    assert body_colours(page) == high_colours
