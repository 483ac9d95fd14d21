"""The one form language in the browser (issue 18): a form sent empty comes back with the focus
on its error summary, whose links take the focus to each field to correct; on a phone every
checkbox sits on the same line as its label."""

from playwright.sync_api import expect

from .helpers import log_in_as

PHONE = {"width": 390, "height": 844}


def person_contact_path():
    from community.models import Person

    person = Person.objects.exclude(email="").order_by("pk").first()
    return f"/contact/{person.pk}/"


def test_error_summary_takes_the_focus_and_its_links_lead_to_the_fields(
    live_site, page, user_factory
):
    log_in_as(page, live_site, user_factory("forms.member@example.org"))
    for path, link_to in [
        (person_contact_path(), "contact-message"),
        ("/partnerships/submit/", "listing-kind_0"),  # a radio group: its first option
        ("/partnerships/submit/", "listing-expires_on"),
    ]:
        page.goto(f"{live_site}{path}")
        form = page.locator("main form[method=post]").first
        form.evaluate("form => { form.noValidate = true; }")
        # Empty every text field (a member's name and address are filled in, so is the date).
        for field in form.locator(
            "input[type=text], input[type=email], input[type=date], textarea"
        ).all():
            field.fill("")
        with page.expect_navigation():
            form.locator("button[type=submit]").last.click()

        summary = page.locator("main .error-summary")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
        link = summary.locator(f"a[href='#{link_to}']")
        expect(link).to_be_visible()
        link.click()
        expect(page.locator(f"[id='{link_to}']")).to_be_focused()


def test_checkbox_labels_sit_beside_their_box_on_a_phone(live_site, page, user_factory):
    page.set_viewport_size(PHONE)
    log_in_as(page, live_site, user_factory("forms.phone@example.org"))
    checked = 0
    for path in ["/partnerships/submit/", "/biobanks/uza/contact/", "/newsletter/"]:
        page.goto(f"{live_site}{path}")
        boxes = page.locator("main form[method=post] input[type=checkbox]")
        for box in boxes.all():
            label = page.locator(f"main label[for='{box.get_attribute('id')}']")
            if label.count() == 0:
                label = box.locator("xpath=ancestor::label[1]")
            box_rect, label_rect = box.bounding_box(), label.bounding_box()
            assert box_rect["width"] >= 24 and box_rect["height"] >= 24, (path, box_rect)
            # Same line: the label's first line starts level with the box, to its right.
            assert abs(label_rect["y"] - box_rect["y"]) < box_rect["height"], (path, label_rect)
            checked += 1
    assert checked >= 5
