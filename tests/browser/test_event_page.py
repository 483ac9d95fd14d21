"""The event page on a phone (issue 18): a Register button in the first screen that stays at
the bottom of the screen and leads to the form, the reader's local time in one day-month,
24-hour format, and cancelling with a confirmation step on the personal page."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible

PHONE_390 = {"width": 390, "height": 844}


def answers_for(event) -> dict:
    """The first option of every choice question (the demo day asks several)."""
    from events.models import QuestionKind

    answers = {}
    for question in event.question_list():
        options = [name for name, _places in question.option_list()]
        if question.kind == QuestionKind.YES_NO:
            answers[question.key] = True
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.key] = options[:1]
        elif options:
            answers[question.key] = options[0]
    return answers


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_on_a_phone_register_is_at_hand_local_times_read_day_month_and_cancel_asks_first(
    live_site, browser
):
    from events import services, tokens
    from events.models import EventPage, Registration

    day = EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    )
    # A reader in New York whose browser speaks US English: the page's language decides.
    context = browser.new_context(
        viewport=PHONE_390, timezone_id="America/New_York", locale="en-US"
    )
    page = context.new_page()
    try:
        page.goto(f"{live_site}{day.url}")
        button = page.locator("main .event-cta__button")
        expect(button).to_have_text("Register")
        assert in_viewport(page, button), "the Register button is not in the first screen"
        assert button.evaluate("b => getComputedStyle(b.parentElement).position") == "fixed"

        # Halfway down the long page it is still on screen.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 3)")
        page.wait_for_timeout(200)
        assert in_viewport(page, button), "the Register button does not stay on screen"

        # It leads to the form, and gets out of its way there.
        button.click()
        form = page.locator("#register")
        expect(form).to_be_in_viewport()
        expect(button).to_be_hidden()
        assert page.evaluate("location.hash") == "#register"

        # The reader's own time: weekday, day before month, 24-hour clock.
        note = page.locator("main .event-reader-time")
        expect(note).to_contain_text("In your time zone:")
        text = note.inner_text()
        assert re.search(r"In your time zone: [A-Z][a-z]+,? \d{1,2} [A-Z][a-z]+ \d{4}", text), text
        assert re.search(r"\b\d{2}:\d{2}\b", text) and not re.search(r"\b[AP]M\b", text), text
        assert_accessible(page)

        # Cancelling from the personal page asks first; "Keep my registration" keeps it.
        registration = services.register(
            day, name="Mira Phone", email="mira.phone@example.org", answers=answers_for(day)
        )
        assert registration.is_confirmed
        page.goto(live_site + tokens.manage_path(registration))
        main = page.locator("main")
        expect(main.get_by_role("img", name="Your check-in code")).to_be_visible()
        main.get_by_role("button", name="Cancel my registration").click()
        expect(main).to_contain_text(f"Cancel your registration for {day.title}?")
        expect(main).to_contain_text("You will lose your seat.")
        assert Registration.objects.get(pk=registration.pk).is_confirmed
        assert_accessible(page)
        main.get_by_role("link", name="Keep my registration").click()
        expect(main).to_contain_text("Confirmed: you have a place.")
        assert Registration.objects.get(pk=registration.pk).is_confirmed

        main.get_by_role("button", name="Cancel my registration").click()
        main.get_by_role("button", name="Yes, cancel my registration").click()
        expect(main.locator(".messages")).to_contain_text("Your registration is cancelled")
        assert Registration.objects.get(pk=registration.pk).is_cancelled
    finally:
        context.close()
