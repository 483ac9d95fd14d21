"""The organisers' check-in screen on a phone: the counter is not covered by the admin's menu
button, and without a camera the scanner is not offered (searching by name stays)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import log_in_as

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def door_event(live_site):
    from datetime import timedelta

    from events import services
    from events.models import EventIndexPage, EventPage, EventQuestion, QuestionOption

    start = timezone.now() + timedelta(days=3)
    event = EventPage(
        title="Door test day",
        slug="door-test-day",
        summary="An event checked in at the door.",
        start=start,
        end=start + timedelta(hours=6),
        format="online",
        capacity=100,
        online_url="https://meet.example.org/door",
        contact_email="events@example.org",
        questions=[
            EventQuestion(
                label="Which workshop would you like to join in the afternoon?",
                kind="workshop",
                options=[QuestionOption(name="Quality", places=20)],
            )
        ],
    )
    EventIndexPage.objects.get(locale__language_code="en").add_child(instance=event)
    event.save_revision().publish()
    for number in range(25):
        services.register(event, name=f"Zoë Door {number:02d}", email=f"zoe{number}@example.org")
    return event


def test_the_counter_is_visible_on_a_phone_and_no_scanner_without_a_camera(
    live_site, browser, door_event, django_user_model
):
    admin = django_user_model.objects.create_superuser(
        username="door-admin", email="door-admin@example.org", password="x"
    )
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in_as(page, live_site, admin)
    url = f"{live_site}/admin/events/{door_event.pk}/check-in/"
    page.goto(url)
    page.get_by_role("button", name="Check in Zoë Door 00").click()
    page.wait_for_load_state()
    counter = page.locator("[data-checkin-counter]")
    assert "1 of 25 checked in" in counter.inner_text()
    assert_not_covered(counter)
    last = door_event.registrations.order_by("-name").first()
    page.goto(f"{url}#r{last.pk}")  # far down the list: the counter stays in view
    expect(page.locator(f"#r{last.pk}")).to_be_in_viewport()
    expect(page.locator("#checkin-q")).not_to_be_in_viewport()
    assert_not_covered(counter)
    assert page.locator("#checkin-scan").is_hidden()  # headless Chromium: no camera
    assert page.get_by_role("searchbox").is_visible()
    context.close()

    # The question editor gives the question the width of the form (it had ~110 px).
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in_as(page, live_site, admin)
    page.goto(f"{live_site}/admin/pages/{door_event.pk}/edit/")
    page.get_by_role("tab", name="Registration").click()
    question = page.locator("input[name='questions-0-label']")
    expect(question).to_have_value(re.compile("Which workshop"))
    assert question.bounding_box()["width"] > 400
    option = page.locator("input[name='questions-0-options-0-name']")
    assert option.bounding_box()["width"] > 250
    context.close()


def assert_not_covered(locator):
    """The element is in view and nothing lies over its start or its centre."""
    covered = locator.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            if (box.bottom < 0 || box.top > window.innerHeight) return "out of view";
            const y = box.top + box.height / 2;
            for (const x of [box.left + 2, box.left + box.width / 2]) {
                const found = document.elementFromPoint(x, y);
                if (!element.contains(found)) return found && found.outerHTML.slice(0, 120);
            }
            return "";
        }"""
    )
    assert not covered, covered


def qr_video(path, text: str, width=640, height=480, frames=5):
    """A Y4M video (Chromium's fake camera reads it in a loop) showing the QR code of `text`."""
    import segno

    rows = [list(row) for row in segno.make(text, error="m", micro=False).matrix]
    border = 4
    size = len(rows) + 2 * border
    scale = min(width, height) // size
    left, top = (width - size * scale) // 2, (height - size * scale) // 2
    luma = bytearray(b"\xff" * (width * height))
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (top + (y + border) * scale + dy) * width + left + (x + border) * scale
                    luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (width * height // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _frame in range(frames):
            video.write(b"FRAME\n" + bytes(luma) + chroma)


def test_the_camera_reads_a_personal_code_and_checks_the_person_in(
    live_site, playwright, door_event, django_user_model, tmp_path
):
    from events import mails, tokens
    from events.models import Registration

    from .conftest import CHROMIUM, CHROMIUM_ARGS

    person = door_event.registrations.get(name="Zoë Door 03")
    video = tmp_path / "code.y4m"
    qr_video(video, mails._absolute(live_site, tokens.manage_path(person, door_event)))
    admin = django_user_model.objects.create_superuser(
        username="door-admin", email="door-admin@example.org", password="x"
    )
    camera_browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(viewport=PHONE, permissions=["camera"])
        page = context.new_page()
        log_in_as(page, live_site, admin)
        page.goto(f"{live_site}/admin/events/{door_event.pk}/check-in/")
        scanner = page.locator("#checkin-scan")
        expect(scanner).to_be_visible()
        scanner.get_by_role("button", name="Start the camera").click()
        expect(scanner.get_by_role("status")).to_have_text(
            "Zoë Door 03 is checked in.", timeout=15000
        )
        expect(page.locator("[data-checkin-counter]")).to_have_text("1 of 25 checked in")
        assert Registration.objects.get(pk=person.pk).checked_in_at is not None
        assert page.get_by_role("searchbox").is_visible()  # searching by name stays
    finally:
        camera_browser.close()
