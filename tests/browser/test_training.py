"""Training in a real browser: filter the library with the keyboard only, open an item; axe finds
nothing serious on the filtered list or the item page, and the JSON-LD trips no CSP rule."""

import json
import re

from playwright.sync_api import expect

from .conftest import assert_accessible
from .helpers import tab_to


def test_filter_the_training_with_the_keyboard_and_open_an_item(live_site, page):
    console = []
    page.on("console", lambda message: console.append(message.text))

    response = page.goto(f"{live_site}/training/?theme=elsi")
    assert response.ok, response.status
    expect(page.locator("#training-results")).to_contain_text("training items")
    expect(page.get_by_role("checkbox", name="ELSI")).to_be_checked()
    assert_accessible(page)

    # Keyboard only: choose a level, add a theme, submit.
    difficulty = page.get_by_label("Difficulty")
    tab_to(page, difficulty)
    page.keyboard.press("ArrowDown")
    expect(difficulty).to_have_value("beginner")
    open_science = page.get_by_role("checkbox", name="Open Science")
    tab_to(page, open_science)
    page.keyboard.press("Space")
    expect(open_science).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Show training"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"difficulty=beginner"))
    assert "theme=elsi" in page.url and "theme=open-science" in page.url
    results = page.locator("ul.training-list")
    expect(results).to_contain_text("Informed consent and broad consent in biobanking")
    expect(results).not_to_contain_text("Running a data access committee")  # advanced
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    assert_accessible(page)

    item_link = page.get_by_role("link", name="Informed consent and broad consent in biobanking")
    tab_to(page, item_link, max_tabs=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_site}/training/informed-and-broad-consent/")
    expect(page.locator("h1")).to_have_text("Informed consent and broad consent in biobanking")
    assert_accessible(page)

    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "LearningResource" and data["name"].startswith("Informed consent")
    assert not [text for text in console if "Content Security Policy" in text], console


def test_an_empty_result_offers_to_clear_the_filters(live_site, page):
    page.goto(f"{live_site}/training/?type=video&difficulty=advanced")
    expect(page.locator("main")).to_contain_text("No training matches these filters.")
    assert_accessible(page)
    page.get_by_role("link", name="Clear filters and show all training").click()
    expect(page).to_have_url(f"{live_site}/training/")
    expect(page.locator("#training-results")).to_contain_text("13 training items")
