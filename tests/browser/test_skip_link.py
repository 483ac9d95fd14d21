"""The skip link is the first Tab stop and moves the focus to <main>."""

from playwright.sync_api import expect


def test_skip_link_is_first_tab_stop_and_focuses_main(live_site, page):
    page.goto(f"{live_site}/about/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_visible()  # it appears when focused
    expect(focused).to_have_attribute("href", "#main")

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside <main>, not at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
