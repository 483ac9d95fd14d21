"""Events in a real browser: register, confirm the address with the mailed link, cancel with
it, and the waiting list moves up; axe finds nothing serious on the event list and an event
page."""

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import assert_accessible


@pytest.fixture
def small_event(live_site):
    """A published online event with one seat, under the demo's /events/."""
    from events.models import (
        EventIndexPage,
        EventPage,
        EventQuestion,
        QuestionKind,
        QuestionOption,
    )

    start = timezone.now() + timedelta(days=14)
    event = EventPage(
        title="One-seat webinar",
        slug="one-seat-webinar",
        summary="A webinar with one seat.",
        start=start,
        end=start + timedelta(hours=1),
        format="online",
        capacity=1,
        online_url="https://meet.example.org/one-seat",
        contact_email="events@example.org",
        questions=[
            EventQuestion(
                label="Your role",
                kind=QuestionKind.SINGLE,
                required=True,
                options=[QuestionOption(name="Biobank"), QuestionOption(name="Researcher")],
            )
        ],
    )
    EventIndexPage.objects.get(locale__language_code="en").add_child(instance=event)
    event.save_revision().publish()
    return event


def register_in_browser(page, live_site, event, name, email):
    page.goto(f"{live_site}{event.url}")
    form = page.locator("form.registration-form")
    form.get_by_label("Name").fill(name)
    form.get_by_label("E-mail address").fill(email)
    form.get_by_label("Researcher").check()
    form.get_by_label(re.compile("I agree")).check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def manage_link(message) -> str:
    link = re.search(r"https?://\S+/registration/\S+/\S+/\S+/", message.body)
    assert link, message.body
    return link.group(0)


def confirm_in_browser(page, message):
    """Follow the link of the "confirm your address" mail and press the button."""
    page.goto(manage_link(message))
    expect(page.locator("main")).to_contain_text("Not confirmed yet: no place is held")
    page.get_by_role("button", name="Confirm my registration").click()
    page.wait_for_load_state()


def test_register_confirm_and_cancel_with_the_mailed_links_and_the_waiting_list_moves_up(
    live_site, page, small_event
):
    register_in_browser(page, live_site, small_event, "Ada Seat", "ada@example.org")
    expect(page.locator("main .messages")).to_contain_text("check your mailbox")
    [request] = mail.outbox
    assert request.to == ["ada@example.org"] and not request.attachments
    confirm_in_browser(page, request)
    expect(page.locator("main")).to_contain_text("Confirmed: you have a place.")
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["ada@example.org"]
    assert [a[0] for a in confirmation.attachments] == ["one-seat-webinar.ics", "check-in-code.png"]

    # The event is full now: the next person joins the waiting list once they confirm.
    page.context.clear_cookies()
    register_in_browser(page, live_site, small_event, "Bob Waiting", "bob@example.org")
    expect(page.locator("main .messages")).to_contain_text("check your mailbox")
    confirm_in_browser(page, mail.outbox[-1])
    expect(page.locator("main")).to_contain_text("you are number 1")
    waiting_mail = mail.outbox[-1]
    assert waiting_mail.to == ["bob@example.org"] and "number 1" in waiting_mail.body

    # Ada cancels with the link from her mail.
    link = manage_link(confirmation)
    assert link.startswith(live_site)
    page.goto(link)
    main = page.locator("main")
    expect(main).to_contain_text("Confirmed: you have a place.")
    expect(main).to_contain_text("https://meet.example.org/one-seat")
    assert_accessible(page)
    main.get_by_role("button", name="Cancel my registration").click()
    # A confirmation step first (issue 18); only its button cancels.
    expect(main).to_contain_text("Cancel your registration for One-seat webinar?")
    main.get_by_role("button", name="Yes, cancel my registration").click()
    expect(main.locator(".messages")).to_contain_text("Your registration is cancelled")
    expect(main).to_contain_text("Cancelled.")

    # Bob was promoted and told so; his own link says confirmed.
    promotion = [m for m in mail.outbox if m.to == ["bob@example.org"]][-1]
    assert promotion.subject == "A place for you: One-seat webinar"
    page.goto(manage_link(promotion))
    expect(page.locator("main")).to_contain_text("Confirmed: you have a place.")


def test_invalid_registration_shows_errors_next_to_the_fields(live_site, page, small_event):
    from events.models import Registration

    page.goto(f"{live_site}{small_event.url}")
    form = page.locator("form.registration-form")
    form.get_by_label("E-mail address").fill("not-an-address")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main [role=alert]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Enter a valid e-mail address")
    assert not Registration.objects.filter(event=small_event).exists()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/events/", "/events/?when=past", "/events/?topic=quality"])
def test_event_lists_are_accessible(live_site, page, path):
    response = page.goto(f"{live_site}{path}")
    assert response.ok, response.status
    assert_accessible(page)


def test_event_page_with_programme_and_form_is_accessible(live_site, page):
    from events.models import EventPage

    day = EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    )
    response = page.goto(f"{live_site}{day.url}")
    assert response.ok, response.status
    expect(page.locator("main")).to_contain_text("Programme")
    expect(page.locator("main form.registration-form")).to_be_visible()
    assert_accessible(page)


def test_readers_elsewhere_also_see_the_times_in_their_own_zone(live_site, browser):
    from events.models import EventPage

    day = EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    )
    expected = day.start.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    context = browser.new_context(timezone_id="America/New_York", locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{live_site}{day.url}")
        note = page.locator("main .event-reader-time")
        expect(note).to_contain_text("In your time zone:")
        expect(note).to_contain_text(expected.strftime("%H:%M"))
    finally:
        context.close()

    at_home = browser.new_context(timezone_id="Europe/Amsterdam")
    try:
        page = at_home.new_page()
        page.goto(f"{live_site}{day.url}")
        expect(page.locator("main .event-facts")).to_contain_text("Amsterdam time")
        expect(page.locator("main .event-reader-time")).to_have_count(0)
    finally:
        at_home.close()
