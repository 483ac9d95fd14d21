"""axe-core finds no serious or critical violations on every page type of the demo site that the
other browser tests do not scan already, in the states a visitor meets: forms with their
validation errors shown, confirmations, a member's own pages, and the 404 page.

Already scanned elsewhere, so not repeated here: the home page in every display mode, /about/,
/topics/, /topics/quality/, /news/, /newsletter/ and the empty login and sign-up forms
(test_accessibility.py); the funding, partnership and biobank listings with their first item
(test_accessibility.py); /events/ with its filters, the Biobanks & Collections Day page, a
small event's form with errors and the registration's own page (test_events.py); the working
group index, the open group anonymous and as a member, its members area and member list, the
join request and review pages, a person's contact form and its thank-you page (test_groups.py);
the filtered training list and an e-learning item (test_training.py).
"""

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .helpers import log_in_as

PHONE = {"width": 375, "height": 667}
PASSWORD = "Cryo-Vial-Freezer-42!"
MEMBER = "mira.member@example.org"


@pytest.fixture
def member(live_site, user_factory):
    """A hub member with a name and a verified address, in the open working group."""
    from community.models import WorkingGroupPage
    from community.services import groups

    user = user_factory(MEMBER, password=PASSWORD, first_name="Mira", last_name="Member")
    groups.join(
        user, WorkingGroupPage.objects.get(locale__language_code="en", slug="sample-quality")
    )
    return user


def label(text):
    """A field's label as shown: Django adds a colon to most of them."""
    return re.compile(rf"^{re.escape(text)}:?$")


def open_page(page, url, status=200):
    response = page.goto(url)
    assert response.status == status, f"{url}: HTTP {response.status}"
    return response


# --- Pages anyone can read --------------------------------------------------------------------

PUBLIC_PAGES = [
    pytest.param(
        "/news/biobanks-and-collections-day-announced/",
        "Biobanks & Collections Day: save the date",
        id="news-article",
    ),
    pytest.param("/news/?topic=quality", "News", id="news-index-filtered"),
    pytest.param("/training/", "Training", id="training-index"),
    pytest.param(
        "/training/?type=course&audience=biobank-staff",
        "Training",
        id="training-index-filtered-by-type-and-audience",
    ),
    pytest.param(
        "/training/fair-data-for-biobanks/", "FAIR data for biobanks", id="training-course"
    ),
    pytest.param(
        "/training/transfer-agreements-explained/",
        "Material and data transfer agreements explained",
        id="training-document",
    ),
    pytest.param(
        "/training/using-the-bbmri-eric-directory/",
        "Finding collections in the BBMRI-ERIC Directory",
        id="training-video",
    ),
    pytest.param(
        "/training/pre-analytical-sample-handling/",
        "Pre-analytical sample handling: from collection to freezer",
        id="training-e-learning",
    ),
    pytest.param(
        "/training/iso-20387-introduction/",
        "Introduction to ISO 20387, the international standard for biobanking",
        id="training-webinar-recording",
    ),
    pytest.param(
        "/training/biobank-business-planning/",
        "Financing a biobank: from project money to a business plan",
        id="training-slides",
    ),
    pytest.param(
        "/training/miabis-metadata/",
        "Describing your collection with MIABIS",
        id="training-guideline",
    ),
    pytest.param(
        "/topics/financing/",
        "Financing collections, biobanks and reuse",
        id="topic-page-without-working-group",
    ),
    pytest.param(
        "/working-groups/access-procedures/",
        "Harmonising access procedures",
        id="working-group-on-request-anonymous",
    ),
    pytest.param(
        "/events/webinar-access-requests/",
        "Webinar: writing an access request that gets approved",
        id="event-online-webinar-open",
    ),
    pytest.param(
        "/events/webinar-fair-catalogues/",
        "Webinar: FAIR data and your biobank catalogue",
        id="event-past-webinar",
    ),
    pytest.param(
        "/events/public-private-partnerships-meeting/",
        "Meeting: public-private partnerships for biobanks",
        id="event-hybrid-registration-not-open-yet",
    ),
    pytest.param(
        "/funding/reuse-of-cohort-data/",
        "Reuse of existing cohort and biobank data",
        id="funding-call-two-stage",
    ),
    pytest.param(
        "/funding/access-procedures-pilot/",
        "Pilots that simplify access procedures",
        id="funding-call-closed",
    ),
    pytest.param(
        "/funding/tools-for-sample-quality/",
        "Tools and standards for sample and data quality",
        id="funding-call-forthcoming",
    ),
    pytest.param("/biobanks/uza/", re.compile("UZA"), id="biobank-profile-with-hub-extras"),
    pytest.param("/search/", "Search", id="search-without-query"),
    pytest.param(
        "/accounts/password/reset/",
        "Reset your password",
        id="password-reset",
    ),
]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_page_type_is_accessible(live_site, page, path, heading):
    open_page(page, f"{live_site}{path}")
    expect(page.locator("main h1")).to_have_text(heading)
    assert_accessible(page)


def test_partnership_request_listing_is_accessible(live_site, page):
    from funding.models import PartnershipListing

    listing = PartnershipListing.objects.get(title__startswith="Seeking annotated imaging data")
    open_page(page, f"{live_site}/partnerships/{listing.pk}/")
    expect(page.locator("main h1")).to_have_text(listing.title)
    assert_accessible(page)


def test_404_page_is_accessible(live_site, page):
    open_page(page, f"{live_site}/no-such-page/", status=404)
    expect(page.locator("main h1")).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    assert_accessible(page)


# --- A member's own pages ---------------------------------------------------------------------

MEMBER_PAGES = [
    pytest.param("/accounts/", re.compile("account", re.IGNORECASE), id="my-account"),
    pytest.param("/accounts/profile/", "Your profile", id="profile"),
    pytest.param(
        "/accounts/email/", re.compile("E-?mail Address", re.IGNORECASE), id="email-addresses"
    ),
    pytest.param(
        "/accounts/password/change/",
        "Change your password",
        id="password-change",
    ),
    pytest.param("/accounts/data/", re.compile("data", re.IGNORECASE), id="download-my-data"),
    pytest.param("/accounts/delete/", re.compile("Delete", re.IGNORECASE), id="delete-account"),
    pytest.param(
        "/working-groups/sample-quality/members-area/kick-off-meeting/",
        "Notes of the kick-off meeting",
        id="members-only-meeting-notes",
    ),
    pytest.param(
        "/working-groups/access-procedures/",
        "Harmonising access procedures",
        id="working-group-on-request-as-member-of-another",
    ),
]


@pytest.mark.parametrize(("path", "heading"), MEMBER_PAGES)
def test_member_page_type_is_accessible(live_site, page, member, path, heading):
    log_in_as(page, live_site, member)
    open_page(page, f"{live_site}{path}")
    expect(page.get_by_role("link", name="My account").first).to_be_visible()  # signed in
    expect(page.locator("main h1")).to_have_text(heading)
    assert_accessible(page)


def test_members_area_of_a_group_one_is_not_in_is_refused_accessibly(live_site, page, member):
    log_in_as(page, live_site, member)
    open_page(page, f"{live_site}/working-groups/access-procedures/members-area/", status=403)
    expect(page.locator("main h1")).to_have_text("For members of this working group")
    expect(page.get_by_role("link", name="Go to Harmonising access procedures")).to_be_visible()
    assert_accessible(page)


def test_members_only_material_is_shown_and_accessible(live_site, page, member):
    log_in_as(page, live_site, member)
    open_page(page, f"{live_site}/working-groups/sample-quality/members-area/kick-off-meeting/")
    main = page.locator("main")
    expect(main).to_contain_text("Start with an inventory of the pre-analytical variables")
    expect(
        main.get_by_role("link", name=re.compile("Pre-analytical variables checklist"))
    ).to_be_visible()
    assert_accessible(page)


# --- Forms with their validation errors shown -------------------------------------------------


@dataclass
class FormCase:
    path: str  # or a function returning it, for pages whose URL holds a database id
    error: str | re.Pattern  # a message the visitor must see
    fill: dict = field(default_factory=dict)  # label -> value (checkboxes: True)
    form: str = "main form"  # the form to submit (its last submit button)
    as_member: bool = False


def listing_path(title_start):
    def path():
        from funding.models import PartnershipListing

        listing = PartnershipListing.objects.get(title__startswith=title_start)
        return f"/partnerships/{listing.pk}/contact/"

    return path


def person_path(name):
    def path():
        from community.models import Person

        return f"/contact/{Person.objects.get(locale__language_code='en', name=name).pk}/"

    return path


def day_path():
    from events.models import EventPage

    return EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    ).url


FORM_CASES = [
    pytest.param(
        FormCase(
            day_path,
            "Enter a valid e-mail address",
            fill={"E-mail address": "not-an-address"},
            form="main form.registration-form",
        ),
        id="biobanks-day-registration",
    ),
    pytest.param(
        FormCase(
            "/accounts/login/",
            re.compile("not correct|incorrect|invalid", re.IGNORECASE),
            fill={"E-mail address": MEMBER, "Password": "wrong-password-1"},
        ),
        id="login-wrong-password",
    ),
    pytest.param(
        FormCase(
            "/accounts/signup/",
            re.compile("same password", re.IGNORECASE),
            fill={
                "First name": "New",
                "Last name": "Person",
                "E-mail address": "new.person@example.org",
                "Password": PASSWORD,
                "Password (again)": PASSWORD + "x",
            },
        ),
        id="sign-up",
    ),
    pytest.param(
        FormCase(
            "/newsletter/",
            "Tick the box to agree",
            fill={"E-mail address": "reader@example.org"},
            form="main form.newsletter-form",
        ),
        id="newsletter",
    ),
    pytest.param(
        FormCase(person_path("Quality officer"), "Write your message."), id="site-contact"
    ),
    pytest.param(FormCase("/biobanks/uza/contact/", "Tick the box to agree"), id="biobank-contact"),
    pytest.param(
        FormCase("/partnerships/submit/", "Give your listing a title.", as_member=True),
        id="partnership-submit-as-member",
    ),
    pytest.param(
        FormCase(listing_path("Tumour tissue"), "Write your message."),
        id="partnership-contact",
    ),
    pytest.param(
        FormCase(
            "/working-groups/access-procedures/request/",
            re.compile("why you want to join", re.IGNORECASE),
            as_member=True,
        ),
        id="working-group-request-as-member",
    ),
    pytest.param(
        FormCase(
            "/accounts/password/change/",
            re.compile("current password", re.IGNORECASE),
            fill={
                "Current password": "not-my-password",
                "New password": PASSWORD + "2",
                "New password (again)": PASSWORD + "2",
            },
            as_member=True,
        ),
        id="password-change-as-member",
    ),
    pytest.param(
        FormCase(
            "/accounts/delete/", "Tick the box to confirm that you want this.", as_member=True
        ),
        id="delete-account-as-member",
    ),
]


DESCRIPTION = """element => {
    const owner = element.hasAttribute("aria-describedby") ? element : element.closest("fieldset");
    const ids = ((owner && owner.getAttribute("aria-describedby")) || "").split(/\\s+/);
    return ids.map(id => (document.getElementById(id) || {}).innerText || "").join(" ");
}"""


@pytest.mark.parametrize("case", FORM_CASES)
def test_form_with_errors_is_accessible(live_site, page, member, case):
    if case.as_member:
        log_in_as(page, live_site, member)
    path = case.path() if callable(case.path) else case.path
    open_page(page, f"{live_site}{path}")
    form = page.locator(case.form).first
    # Let the server's messages show, not the browser's own bubbles (which axe cannot see).
    form.evaluate("form => { form.noValidate = true; }")
    for text, value in case.fill.items():
        field_ = form.get_by_label(label(text))
        if value is True:
            field_.check()
        else:
            field_.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()

    main = page.locator("main")
    expect(main).to_contain_text(case.error)
    # The reader starts at the answer: the error summary, or the first field to correct.
    focused = page.locator(":focus")
    expect(focused).to_be_visible()
    assert focused.evaluate(
        "element => element.matches('.form-errors, [role=alert], [aria-invalid=true]')"
        " && document.getElementById('main').contains(element)"
    ), focused.evaluate("element => element.outerHTML.slice(0, 200)")
    # Every field marked invalid says why in its accessible description (a choice list: its
    # fieldset's), as a screen reader reads it out.
    for invalid in main.locator("[aria-invalid=true]").all():
        assert invalid.evaluate(DESCRIPTION).strip(), (
            f"{invalid.get_attribute('name')} is marked invalid without an error description"
        )
    assert_accessible(page)


# --- Confirmations ----------------------------------------------------------------------------


def test_registration_confirmation_is_accessible(live_site, page):
    from events.models import Registration

    open_page(page, f"{live_site}{day_path()}")
    form = page.locator("form.registration-form")
    form.get_by_label(label("Name")).fill("Rosa Register")
    form.get_by_label(label("E-mail address")).fill("rosa@example.org")
    form.get_by_role("radio", name="Researcher").check()
    form.get_by_role("radio", name=re.compile("^A1 Sample quality")).check()
    form.get_by_role("radio", name=re.compile("^B2 Telling the biobank story")).check()
    form.get_by_label(re.compile("I agree")).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Register").click()

    expect(page.locator("main .messages")).to_contain_text("check your mailbox")
    assert Registration.objects.get(email="rosa@example.org").is_pending
    assert_accessible(page)


def test_member_registration_state_on_the_event_page_is_accessible(live_site, page, member):
    from events import services
    from events.models import EventPage

    event = EventPage.objects.get(locale__language_code="en", slug="webinar-access-requests")
    services.register(
        event,
        name="Mira Member",
        email=MEMBER,
        user=member,
        answers={},
        notify=False,
        consent_text="test",
    )
    log_in_as(page, live_site, member)
    open_page(page, f"{live_site}{event.url}")
    registration = page.locator("#registration")
    expect(registration).to_contain_text("You are registered for this event.")
    expect(registration.get_by_role("link", name="See or cancel your registration")).to_be_visible()
    expect(page.get_by_role("link", name="join the event online")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "fill", "submit", "done"),
    [
        pytest.param(
            "/newsletter/",
            {"E-mail address": "reader@example.org", "consent": True},
            "Subscribe",
            re.compile("check your inbox", re.IGNORECASE),
            id="newsletter-check-your-inbox",
        ),
        pytest.param(
            "/biobanks/uza/contact/",
            {
                "Your name": "Sam Sender",
                "Your e-mail address": "sam@example.org",
                "Your message": "Do you hold plasma from the 2019 cohort?",
                "consent": True,
            },
            "Send message",
            re.compile("forwarding it to", re.IGNORECASE),
            id="biobank-contact-sent",
        ),
        pytest.param(
            "/accounts/password/reset/",
            {"E-mail address": MEMBER},
            "Send me the link",
            re.compile("sending you an e-?mail", re.IGNORECASE),
            id="password-reset-done",
        ),
    ],
)
def test_confirmation_page_is_accessible(live_site, page, member, path, fill, submit, done):
    open_page(page, f"{live_site}{path}")
    main = page.locator("main")
    form = main.locator("form", has=page.get_by_role("button", name=submit))
    for text, value in fill.items():
        if value is True:
            form.locator(f"input[name={text}]").check()
        else:
            form.get_by_label(label(text)).fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name=submit).click()
    expect(main).to_contain_text(done)
    assert_accessible(page)


# --- Every page type on a phone, with the largest text in high contrast -----------------------

SCANNED_ELSEWHERE = [
    "/",
    "/about/",
    "/topics/",
    "/topics/quality/",
    "/news/",
    "/working-groups/",
    "/working-groups/sample-quality/",
    "/events/",
    "/funding/",
    "/partnerships/",
    "/biobanks/",
    "/search/?q=biobank",
    "/newsletter/",
    "/accounts/login/",
    "/accounts/signup/",
    "/biobanks/uza/contact/",
]


def test_page_types_reflow_on_a_phone_with_the_largest_text_in_high_contrast(live_site, browser):
    """Nothing scrolls sideways at 375 px with the text at 150 %, and axe passes in high
    contrast: one browser page visits them all, and the failures are listed together."""
    paths = [
        *SCANNED_ELSEWHERE,
        day_path(),
        *(param.values[0] for param in PUBLIC_PAGES),
        "/no-such-page/",
    ]
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "display", "value": "larger.high", "url": live_site}])
    page = context.new_page()
    problems = []
    try:
        for path in paths:
            page.goto(f"{live_site}{path}")
            assert page.evaluate("document.documentElement.className") == (
                "text-larger contrast-high"
            )
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{path} scrolls sideways: {width} px wide")
            try:
                assert_accessible(page)
            except pytest.fail.Exception as failure:
                problems.append(str(failure))
    finally:
        context.close()
    assert not problems, "\n".join(problems)
