"""Sign up with a name, confirm the e-mail address from the mail (in the site's words), land on
My account, which shows the name."""

import re

from django.core import mail
from playwright.sync_api import expect

EMAIL = "new.member@example.org"
PASSWORD = "Cryo-Vial-Freezer-42!"


def test_sign_up_confirm_email_and_reach_my_account(live_site, page):
    page.goto(f"{live_site}/accounts/signup/")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Sign up")
    expect(main).to_contain_text("join working groups")
    main.get_by_label("First name").fill("Grace")
    main.get_by_label("Last name").fill("Hopper")
    main.get_by_label("E-mail address").fill(EMAIL)
    main.locator("input[name=password1]").fill(PASSWORD)
    main.locator("input[name=password2]").fill(PASSWORD)
    main.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(f"{live_site}/accounts/confirm-email/")
    expect(main).to_contain_text(re.compile(r"verify|confirm", re.IGNORECASE))

    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject.startswith("Confirm your e-mail address for ")
    assert message.body.startswith("Hello Grace,")
    link = re.search(r"https?://\S+/accounts/confirm-email/[^/\s]+/", message.body)
    assert link, message.body
    assert link.group(0).startswith(live_site), link.group(0)

    page.goto(link.group(0))
    page.locator("main").get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    if page.url.startswith(f"{live_site}/accounts/login/"):  # not logged in on confirmation
        main.locator("input[name=login]").fill(EMAIL)
        main.locator("input[name=password]").fill(PASSWORD)
        main.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{live_site}/accounts/")
    expect(page.locator("main")).to_contain_text(EMAIL)
    expect(page.locator("main")).to_contain_text("Grace Hopper")
