"""Keyboard only (Tab, Shift+Tab, Enter, Space, and typing into fields; never the mouse): the main
menu on a desktop and on a phone, the text-size and contrast switch, and registering for the
Biobanks & Collections Day with a mistake first. Every stop shows a visible focus indicator."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from .conftest import assert_accessible
from .helpers import html_font_size, tab_to

DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 375, "height": 667}

FOCUS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        html: element.outerHTML.slice(0, 120),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
        left: box.left, right: box.right, top: box.top, bottom: box.bottom,
        width: window.innerWidth, height: window.innerHeight,
    };
}"""


def assert_focus_visible(page):
    """The focused element has an outline or a box shadow, and is inside the viewport."""
    focus = page.evaluate(FOCUS)
    assert focus["outline"] or focus["shadow"], f"no visible focus indicator on {focus['html']}"
    assert focus["left"] >= 0 and focus["right"] <= focus["width"] + 1, (
        f"{focus['html']} is focused outside the viewport horizontally: {focus}"
    )
    assert focus["bottom"] > 0 and focus["top"] < focus["height"], (
        f"{focus['html']} is focused but scrolled out of view: {focus}"
    )


def press(page, key):
    page.keyboard.press(key)
    assert_focus_visible(page)


def display_classes(page) -> set[str]:
    return set(page.evaluate("[...document.documentElement.classList]"))


def open_menu_on_a_phone(page):
    """On a narrow screen the navigation waits behind the "Menu" button: open it by keyboard."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        expect(toggle).to_have_attribute("aria-expanded", "false")
        tab_to(page, toggle)
        assert_focus_visible(page)
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone-375x667"])
def sized_page(browser, request):
    context = browser.new_context(viewport=request.param)
    yield context.new_page()
    context.close()


# --- Main menu --------------------------------------------------------------------------------


def test_main_menu_with_the_keyboard(live_site, sized_page):
    page = sized_page
    page.goto(f"{live_site}/about/")
    menu = page.get_by_role("navigation", name="Main")
    links = menu.get_by_role("link")
    # On a phone the "Menu" button opens the navigation first; then every item is on screen.
    open_menu_on_a_phone(page)
    names = [name.strip() for name in links.all_inner_texts()]
    assert names[:3] == ["About", "Topics", "Working groups"] and names[-1] == "Search", names
    for link in links.all():
        expect(link).to_be_visible()

    tab_to(page, links.first)
    assert_focus_visible(page)
    for name in names[1:]:  # Tab follows the menu's order, one item at a time
        press(page, "Tab")
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_focused()
    for name in reversed(names[names.index("Events") : -1]):  # and Shift+Tab goes back
        press(page, "Shift+Tab")
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_site}/events/")
    expect(page.locator("main h1")).to_have_text("Events")
    open_menu_on_a_phone(page)
    current = page.get_by_role("navigation", name="Main").get_by_role("link", name="Events")
    expect(current).to_have_attribute("aria-current", "page")
    assert no_sideways_scrolling(page)


# --- Text size and contrast -------------------------------------------------------------------


def test_display_switch_with_the_keyboard_on_a_phone(live_site, phone_page):
    page = phone_page
    page.goto(f"{live_site}/")
    switch = page.get_by_role("form", name="Display settings")
    smaller = switch.get_by_role("button", name="Smaller text", exact=True)
    larger = switch.get_by_role("button", name="Larger text", exact=True)
    contrast = switch.get_by_role("button", name="High contrast", exact=True)
    assert display_classes(page) == {"text-normal", "contrast-normal"}
    expect(smaller).to_have_attribute("aria-disabled", "true")

    tab_to(page, larger)
    assert_focus_visible(page)
    press(page, "Enter")
    assert display_classes(page) == {"text-large", "contrast-normal"}
    expect(larger).to_be_focused()  # the page did not reload under the reader
    press(page, "Space")
    assert display_classes(page) == {"text-larger", "contrast-normal"}
    assert html_font_size(page) == "24px"
    expect(larger).to_have_attribute("aria-disabled", "true")
    expect(smaller).to_have_attribute("aria-disabled", "false")

    press(page, "Tab")
    expect(contrast).to_be_focused()
    press(page, "Space")
    assert display_classes(page) == {"text-larger", "contrast-high"}
    expect(contrast).to_have_attribute("aria-pressed", "true")
    assert no_sideways_scrolling(page), "the largest text makes the page scroll sideways"

    press(page, "Shift+Tab")
    press(page, "Shift+Tab")
    expect(smaller).to_be_focused()
    press(page, "Enter")
    assert display_classes(page) == {"text-large", "contrast-high"}
    assert html_font_size(page) == "20px"

    # The choice holds on the next page, reached with the keyboard too.
    news = page.get_by_role("navigation", name="Main").get_by_role("link", name="News")
    open_menu_on_a_phone(page)
    tab_to(page, news)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_site}/news/")
    assert display_classes(page) == {"text-large", "contrast-high"}
    assert html_font_size(page) == "20px"
    expect(page.get_by_role("button", name="High contrast")).to_have_attribute(
        "aria-pressed", "true"
    )
    open_menu_on_a_phone(page)
    tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link").first)
    assert_focus_visible(page)  # the high-contrast focus ring
    assert no_sideways_scrolling(page)
    assert_accessible(page)


# --- Registering for the Biobanks & Collections Day -------------------------------------------


def focused_name(page) -> str:
    return page.evaluate("document.activeElement.getAttribute('name') || ''")


def test_register_for_the_day_with_the_keyboard_correcting_a_mistake(live_site, page):
    from events.models import EventPage, Registration

    day = EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    )
    page.goto(f"{live_site}{day.url}")
    form = page.locator("form.registration-form")
    name = form.locator("input[name=name]")

    tab_to(page, name, max_tabs=200)
    assert_focus_visible(page)
    page.keyboard.type("Kim Keys")
    # Every field in order: text is typed, the first choice of each group is taken with Space;
    # the consent box is left unticked and the address is wrong, on purpose.
    involved, morning, afternoon, diet, drinks, discuss = (q.key for q in day.questions.all())
    steps = [
        ("email", "not-an-address"),
        ("organisation", "Regional biobank"),
        (involved, " "),
        (morning, " "),
        (afternoon, " "),
        (diet, "Vegetarian"),
        (drinks, " "),
        (discuss, "Sharing freezer capacity between biobanks."),
        ("consent", None),
    ]
    for field_name, value in steps:
        press(page, "Tab")
        assert focused_name(page) == field_name, page.evaluate("document.activeElement.outerHTML")
        if value == " ":
            page.keyboard.press("Space")
        elif value:
            page.keyboard.type(value)
    expect(form.get_by_role("radio", name="Biobank or collection")).to_be_checked()
    expect(form.get_by_role("radio", name=re.compile("^A1 "))).to_be_checked()
    expect(form.get_by_role("radio", name=re.compile("^A2 "))).to_be_checked()
    expect(form.get_by_role("radio", name="Yes", exact=True)).to_be_checked()
    tab_to(page, form.get_by_role("button", name="Register"), max_tabs=3)  # past the privacy link
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The focus lands on the error summary, which is announced (role=alert) and in view.
    summary = page.locator("form.registration-form [role=alert]").first
    expect(summary).to_contain_text(
        re.compile("Please correct the errors below|There is a problem")
    )
    expect(summary).to_be_focused()
    assert_focus_visible(page)
    main = page.locator("main")
    expect(main).to_contain_text("Enter a valid e-mail address")
    expect(main).to_contain_text("Tick the box to agree")
    assert not Registration.objects.filter(event=day, name="Kim Keys").exists()

    # From the summary, Tab goes through its links to each field to correct, then on into the
    # form, which kept the answers.
    form = page.locator("form.registration-form")
    for link in form.locator(".error-summary a").all():
        press(page, "Tab")
        expect(link).to_be_focused()
    press(page, "Tab")
    expect(form.locator("input[name=name]")).to_be_focused()
    expect(form.locator("input[name=name]")).to_have_value("Kim Keys")
    press(page, "Tab")
    expect(form.locator("input[name=email]")).to_be_focused()
    page.keyboard.type("kim.keys@example.org")  # Tab selected the old text: typing replaces it
    expect(form.locator("input[name=email]")).to_have_value("kim.keys@example.org")
    consent = form.locator("input[name=consent]")
    tab_to(page, consent)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    tab_to(page, form.get_by_role("button", name="Register"), max_tabs=3)
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The confirmation is where the focus is, not out of sight above the registration section.
    confirmation = page.locator("main .messages")
    expect(confirmation).to_have_text(
        re.compile(r"check your mailbox\. We are sending an e-mail to kim\.keys@example\.org")
    )
    expect(confirmation).to_be_focused()
    assert_focus_visible(page)
    registration = Registration.objects.get(event=day, email="kim.keys@example.org")
    assert registration.name == "Kim Keys" and registration.organisation == "Regional biobank"
    [request] = mail.outbox
    assert request.to == ["kim.keys@example.org"]

    # The mailed link, then the button that confirms the address: keyboard only.
    page.goto(re.search(r"https?://\S+/registration/\S+/", request.body).group(0))
    button = page.get_by_role("button", name="Confirm my registration")
    tab_to(page, button)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Confirmed: you have a place.")
    registration.refresh_from_db()
    assert registration.is_confirmed
