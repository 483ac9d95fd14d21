"""axe-core finds no serious or critical violations on the public pages."""

import pytest

from .conftest import assert_accessible


@pytest.mark.parametrize(
    ("display", "html_class"),
    [
        ("normal.normal", "text-normal contrast-normal"),
        ("normal.high", "text-normal contrast-high"),
        ("larger.normal", "text-larger contrast-normal"),
        ("larger.high", "text-larger contrast-high"),
    ],
    ids=["default", "high-contrast", "largest-text", "largest-text-high-contrast"],
)
def test_home_page_is_accessible(live_site, page, display, html_class):
    page.context.add_cookies([{"name": "display", "value": display, "url": live_site}])
    response = page.goto(f"{live_site}/")
    assert response.ok, response.status
    assert page.evaluate("document.documentElement.className") == html_class
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/about/",
        "/search/?q=biobank",
        "/newsletter/",
        "/accounts/login/",
        "/accounts/signup/",
        "/topics/",
        "/topics/quality/",
        "/news/",
    ],
)
def test_page_is_accessible(live_site, page, path):
    response = page.goto(f"{live_site}{path}")
    assert response.ok, f"{path}: HTTP {response.status}"
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/funding/",
        "/funding/?status=closed",
        "/partnerships/",
        "/biobanks/",
        "/search/?q=qqqzzxx",
        "/search/?q=biobnak",
        "/search/?q=biobank&type=biobanks",
    ],
)
def test_listing_and_search_states_are_accessible(live_site, page, path):
    response = page.goto(f"{live_site}{path}")
    assert response.ok, f"{path}: HTTP {response.status}"
    assert_accessible(page)


@pytest.mark.parametrize(
    ("listing", "card_link"),
    [
        ("/funding/", ".funding-card__title a"),
        ("/partnerships/", ".funding-card__title a"),
        ("/biobanks/", ".biobank-card__title a"),
    ],
)
def test_the_first_item_of_each_listing_is_accessible(live_site, page, listing, card_link):
    page.goto(f"{live_site}{listing}")
    link = page.locator(card_link).first
    title = link.inner_text()
    link.focus()
    page.keyboard.press("Enter")  # reachable and followed with the keyboard
    page.wait_for_load_state()
    # The item chosen: its heading is the card's title (a biobank's adds its acronym).
    heading = page.locator("h1").first.inner_text().strip()
    assert heading == title.strip() or heading.startswith(title.strip() + " (")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/biobanks/?q=heart+attack",
        "/accounts/signup/",
        "/events/",
        # The demo's translated pages (home/demo_translations), and one read in English
        # under the prefix (a news article: not translated, its text marked lang="en").
        "/about/",
        "/topics/quality/",
        "/working-groups/public-private-partnerships/",
        "/training/informed-and-broad-consent/",
        "the day",
        "/news/",
        "a news article",
    ],
)
def test_the_interface_in_dutch_and_french_is_accessible(live_site, browser, language, path):
    """The page under /nl/ or /fr/ is in that language (lang set), still clean."""
    from community.models import NewsPage
    from events.models import EventPage

    if path == "the day":
        day = EventPage.objects.get(
            slug__startswith="biobanks-collections-day-", locale__language_code=language
        )
        path = day.url[len(language) + 1 :]
    elif path == "a news article":
        path = NewsPage.objects.live().filter(locale__language_code="en").first().url
    context = browser.new_context(locale=language)
    page = context.new_page()
    try:
        response = page.goto(f"{live_site}/{language}{path}")
        assert response.ok, f"{path}: HTTP {response.status}"
        assert page.evaluate("document.documentElement.lang") == language
        assert_accessible(page)
    finally:
        context.close()
