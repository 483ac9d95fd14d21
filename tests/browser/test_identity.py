"""The hub's face: the header search on every page, no sideways scrolling on a phone, the
vendored typeface with nothing fetched from another host, underlines where they help, calm
success messages, and the phone's Menu button."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .test_page_types import MEMBER, PASSWORD, PUBLIC_PAGES, SCANNED_ELSEWHERE, day_path

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
FONT = "Source Sans 3"


def every_page_type() -> list[str]:
    return [
        *SCANNED_ELSEWHERE,
        day_path(),
        *(param.values[0] for param in PUBLIC_PAGES),
        "/no-such-page/",
    ]


def header_search(page):
    return page.locator("header").get_by_role("search", name="Site search")


def test_every_page_type_on_a_phone_has_the_header_search_and_fits_the_screen(live_site, browser):
    """One phone-sized page visits every page type: each has a labelled search field in its
    header, nothing scrolls sideways at 390 px, and no request leaves the site's own host."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    own_host = urlsplit(live_site).netloc
    elsewhere = []
    # Requests of the page itself (an embedded video's frame is content, not the site's assets).
    page.on(
        "request",
        lambda request: (
            request.frame == page.main_frame
            and urlsplit(request.url).netloc not in ("", own_host)
            and not request.url.startswith("data:")
            and elsewhere.append(f"{page.url} -> {request.url}")
        ),
    )
    problems = []
    try:
        for path in every_page_type():
            page.goto(f"{live_site}{path}")
            search = header_search(page)
            if search.count() != 1:
                problems.append(f"{path}: {search.count()} header search landmarks")
            else:
                field = search.get_by_role("searchbox", name="Search the site")
                if not field.is_visible() or field.get_attribute("name") != "q":
                    problems.append(f"{path}: no visible search field named q in the header")
                if not search.get_by_role("button", name="Search").is_visible():
                    problems.append(f"{path}: no visible search button in the header")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{path} scrolls sideways: {width} px wide")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert not elsewhere, "requests to other hosts:\n" + "\n".join(elsewhere)


def test_the_header_search_finds_what_was_typed(live_site, page):
    page.goto(f"{live_site}/events/")
    search = header_search(page)
    search.get_by_role("searchbox", name="Search the site").fill("biobank")
    with page.expect_navigation():
        search.get_by_role("button", name="Search").click()
    assert urlsplit(page.url).path == "/search/"
    assert "q=biobank" in urlsplit(page.url).query
    expect(page.locator("main h2").first).to_contain_text(re.compile(r"results? for “biobank”"))


def test_the_vendored_typeface_is_used(live_site, page):
    fonts = []
    page.on("response", lambda r: r.request.resource_type == "font" and fonts.append(r))
    page.goto(f"{live_site}/about/")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any(FONT in family for family in loaded), loaded
    assert page.evaluate(f"document.fonts.check('16px \"{FONT}\"')")
    family = page.evaluate("getComputedStyle(document.querySelector('main h1')).fontFamily")
    assert family.strip('"').startswith(FONT), family
    assert fonts and all(
        urlsplit(r.url).netloc == urlsplit(live_site).netloc and r.status == 200 for r in fonts
    ), [(r.url, r.status) for r in fonts]
    assert all("/static/vendor/source-sans-3/" in r.url for r in fonts)


UNDERLINE = "element => getComputedStyle(element).textDecorationLine"


def test_card_titles_and_navigation_without_underline_body_links_with(live_site, page):
    page.goto(f"{live_site}/")
    title = page.locator("main .card h3 a").first
    expect(title).to_be_visible()
    assert title.evaluate(UNDERLINE) == "none"
    title.hover()
    assert "underline" in title.evaluate(UNDERLINE)  # and on hover it says it is a link
    nav = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert {link.evaluate(UNDERLINE) for link in nav.all()} == {"none"}
    # The whole card answers a click on its title link.
    card = page.locator("main .card").first
    box = card.bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] - 8)
    assert urlsplit(page.url).path != "/"

    page.goto(f"{live_site}/working-groups/sample-quality/")
    body_link = page.locator("main p a", has_text="create an account")
    expect(body_link).to_be_visible()
    assert "underline" in body_link.evaluate(UNDERLINE)


STYLE = """element => {
    const s = getComputedStyle(element);
    return {border: s.borderLeftColor, background: s.backgroundColor,
            outline: s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth)};
}"""


def test_a_success_message_is_calm_and_has_no_thick_focus_outline(live_site, page, user_factory):
    user_factory(MEMBER, password=PASSWORD)
    page.goto(f"{live_site}/accounts/login/")
    form = page.locator("main form").first
    form.locator("input[name=login]").fill(MEMBER)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()

    messages = page.locator("main .messages")
    success = messages.locator(".message--success").first
    expect(success).to_be_visible()
    expect(messages).to_be_focused()  # form-feedback.js starts the reader at the answer
    focused = messages.evaluate(STYLE)
    assert focused["outline"] <= 1, f"thick focus outline on the messages: {focused}"
    assert success.locator("svg.icon").count() == 1  # a notice with an icon

    # The same page's error notice, for comparison: another colour and background.
    error = messages.evaluate(
        "m => { const li = document.createElement('li');"
        " li.className = 'message message--error'; li.textContent = 'x';"
        " m.querySelector('ul').append(li); return li.matches('.message--error'); }"
    )
    assert error
    calm = success.evaluate(STYLE)
    alarm = messages.locator(".message--error").evaluate(STYLE)
    assert calm["border"] != alarm["border"], (calm, alarm)
    assert calm["background"] != alarm["background"], (calm, alarm)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_the_menu_button_opens_and_closes_the_navigation_on_a_phone(live_site, phone_page):
    page = phone_page
    page.goto(f"{live_site}/about/")
    button = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(header_search(page)).to_be_visible()  # the search stays reachable

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Events")).to_be_visible()
    expect(page.get_by_role("navigation", name="Account")).to_be_visible()
    page.keyboard.press("Escape")  # Escape closes it, back on the button
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(nav).to_be_hidden()
    button.press("Enter")
    expect(nav).to_be_visible()


def test_without_javascript_the_phone_shows_the_navigation(live_site, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_site}/about/")
        expect(page.get_by_role("button", name="Menu")).to_have_count(0)  # hidden: no button
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Events")
        ).to_be_visible()
    finally:
        context.close()


def test_on_a_desktop_the_navigation_is_always_shown(live_site, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(f"{live_site}/about/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Events")
        ).to_be_visible()
    finally:
        context.close()
