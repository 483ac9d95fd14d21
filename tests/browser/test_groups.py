"""Working groups in the browser: log in, join the open group, read its members-only notes;
axe on the index, the group pages, the request, review and member pages and the contact form."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

PASSWORD = "Cryo-Vial-Freezer-42!"
OPEN = "/working-groups/sample-quality/"
CLOSED = "/working-groups/access-procedures/"


def log_in(page, live_site, email, password=PASSWORD):
    page.goto(f"{live_site}/accounts/login/")
    main = page.locator("main")
    main.locator("input[name=login]").fill(email)
    main.locator("input[name=password]").fill(password)
    main.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_site}/accounts/")


def test_member_logs_in_joins_the_open_group_and_reads_its_notes(live_site, page, user_factory):
    user_factory("member@example.org", password=PASSWORD, first_name="Mira", last_name="Member")

    response = page.goto(f"{live_site}/working-groups/")
    assert response.ok, response.status
    assert_accessible(page)
    page.get_by_role("link", name="Sample quality and pre-analytics").click()
    expect(page).to_have_url(f"{live_site}{OPEN}")
    assert_accessible(page)

    log_in(page, live_site, "member@example.org")
    page.goto(f"{live_site}{OPEN}")
    page.get_by_role("button", name="Join this working group").click()
    expect(page).to_have_url(f"{live_site}{OPEN}")
    expect(page.locator(".messages")).to_contain_text("Welcome to Sample quality")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Members area")).click()
    expect(page).to_have_url(f"{live_site}{OPEN}members-area/")
    expect(page.locator("h1")).to_contain_text("Members area")
    assert_accessible(page)
    page.get_by_role("link", name="Notes of the kick-off meeting").click()
    expect(page.locator("h1")).to_have_text("Notes of the kick-off meeting")

    page.goto(f"{live_site}{OPEN}members/")
    expect(page.locator("main table")).to_contain_text("Mira Member")
    assert_accessible(page)


def test_request_and_review_pages_are_accessible(live_site, page, user_factory):
    from django.contrib.auth import get_user_model

    from community.models import JoinRequest, WorkingGroupPage

    requester = user_factory("requester@example.org", password=PASSWORD, first_name="Rita")
    coordinator = get_user_model().objects.get(email="access-group-coordinator@biobank-hub.example")
    coordinator.set_password(PASSWORD)
    coordinator.save()

    log_in(page, live_site, "requester@example.org")
    page.goto(f"{live_site}{CLOSED}")
    page.get_by_role("link", name="Ask to join").click()
    expect(page).to_have_url(f"{live_site}{CLOSED}request/")
    assert_accessible(page)
    page.get_by_label("Why do you want to join?").fill("I run access procedures.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator(".messages")).to_contain_text("Your request has been sent")
    assert JoinRequest.objects.filter(
        user=requester,
        group_page=WorkingGroupPage.objects.get(
            locale__language_code="en", slug="access-procedures"
        ),
    ).exists()

    page.context.clear_cookies()
    log_in(page, live_site, "access-group-coordinator@biobank-hub.example")
    page.goto(f"{live_site}{CLOSED}requests/")
    expect(page.locator("main")).to_contain_text("I run access procedures.")
    assert_accessible(page)
    page.get_by_role("button", name="Approve Rita", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Rita is now a member")


@pytest.mark.parametrize("path", ["/working-groups/?topic=quality", "/topics/quality/"])
def test_filtered_index_and_topic_page_are_accessible(live_site, page, path):
    response = page.goto(f"{live_site}{path}")
    assert response.ok, response.status
    assert_accessible(page)


def test_contact_form_is_accessible_and_sends(live_site, page):
    from django.core import mail

    page.goto(f"{live_site}/topics/quality/")
    page.get_by_role("link", name="Contact Quality officer").click()
    expect(page.locator("h1")).to_have_text("Contact Quality officer")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Sam Sender")
    page.get_by_label("Your e-mail address").fill("sam@example.org")
    page.get_by_label("Your message").fill("Could you share your protocol?")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("h1")).to_have_text("Thank you for your message")
    assert_accessible(page)
    assert [message.reply_to for message in mail.outbox] == [["sam@example.org"]]
