"""Cross-site scripting probes in every text a visitor, member or organiser can submit.

Each field gets its own payload, `payload(tag)`:

    <script>xss("tag")</script>"'><img src=x onerror=xss("tag")></textarea>{{7*7}}{% now "Y" %}

(a script element, an attribute break-out with an event handler, a textarea break-out and
template syntax), or, in e-mail fields, a valid address with markup in its quoted local part,
`"<svg/onload=xss(N)>"@example.org`. The text goes in through the real forms (or the model,
where no public form exists), then every page that shows it is fetched: public pages, the
member's own pages, the coordinators' and moderators' pages, and the Wagtail admin.

`assert_escaped` is the check: the page has no element the payload made (no script running
xss(, no on…= handler calling it, no javascript: link), no raw `<script>xss(` / `<img src=x
onerror=` / `<svg/onload=` at all, and each probe expected there *is* there, escaped exactly
once, so that no check passes because the text was simply not shown. Mails must be plain text
(no HTML part) and show the text as it was typed. CSV exports must be served as attachments
of type text/csv with nosniff, never as HTML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from tests.hostile.conftest_roles import (
    CLOSED_GROUP,
    OPEN_GROUP,
    group_page,
    make_moderator,
    make_organiser,
    make_superuser,
    make_user,
    required_answers,
)

pytestmark = pytest.mark.django_db

DAY = "/events/biobanks-collections-day-2027/"
CLOSED = f"/working-groups/{CLOSED_GROUP}/"
OPEN = f"/working-groups/{OPEN_GROUP}/"
RAW_MARKERS = ("<script>xss(", "<img src=x onerror=", "<svg/onload=")
DATA_SCRIPT_TYPES = ("application/ld+json", "application/json")


def payload(tag: str) -> str:
    return (
        f'<script>xss("{tag}")</script>"\'><img src=x onerror=xss("{tag}")>'
        f'</textarea>{{{{7*7}}}}{{% now "Y" %}}'
    )


def email_payload(number: int) -> str:
    """A valid address (Django accepts a quoted local part) that carries markup."""
    return f'"<svg/onload=xss({number})>"@example.org'


SEARCH_PAYLOAD = '"><script>xss("q")</script><img src=x onerror=xss("q")></textarea>{{7*7}}"'


# --- Checks ------------------------------------------------------------------------------------


class _Scanner(HTMLParser):
    """Finds what a browser would run: scripts calling xss(, on…= handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._script = None  # the type of the script element we are in

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "xss(" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "data") and re.sub(
                r"\s", "", value
            ).lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = (dict(attrs).get("type") or "").lower()

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is None:
            return
        if self._script in DATA_SCRIPT_TYPES:
            if "<" in data:  # data scripts must escape "<": "</script>" would end them
                self.found.append(f"raw '<' in a {self._script} script: {data[:80]!r}")
        elif "xss(" in data:
            self.found.append(f"script running {data[:80]!r}")


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_escaped(response, *tags, emails=(), status=200):
    """The page renders, runs none of the probes, and shows each of `tags` (and `emails`)
    escaped exactly once."""
    where = f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}"
    assert response.status_code == status, f"{where}: {response.status_code}"
    assert response["Content-Type"].startswith("text/html"), where
    body = text_of(response)
    scanner = _Scanner()
    scanner.feed(body)
    scanner.close()
    assert not scanner.found, f"{where} runs the payload: {scanner.found}"
    raw = [marker for marker in RAW_MARKERS if marker in body]
    assert not raw, f"{where} holds raw markup: {raw}"
    for tag in tags:
        assert escape(payload(tag)) in body, f"{where} does not show {tag!r} (escaped)"
    for number in emails:
        assert escape(email_payload(number)) in body, f"{where} does not show address {number}"
    return body


def assert_plain_mails(messages, *tags, emails=()):
    """Every mail is plain text only, and the probes appear in them as typed (not escaped)."""
    assert messages, "no mail was sent"
    texts = []
    for message in messages:
        assert message.content_subtype == "plain", message.subject
        html_parts = [alt for alt in getattr(message, "alternatives", []) if "html" in alt[1]]
        assert not html_parts, f"{message.subject!r} has an HTML part"
        assert "&lt;" not in message.body and "&quot;" not in message.body, message.subject
        texts.append(message.subject + "\n" + message.body)
    everything = "\n".join(texts)
    for tag in tags:
        assert payload(tag) in everything, f"{tag!r} is not in the mails as typed"
    for number in emails:
        assert email_payload(number) in everything, f"address {number} not in the mails"


def csv_cells(response) -> list[str]:
    return [
        cell for row in csv.reader(io.StringIO(text_of(response).lstrip("\ufeff"))) for cell in row
    ]


def json_strings(value) -> list[str]:
    """Every string in a JSON document."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return [value] if isinstance(value, str) else []


def assert_csv_download(response, *tags):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    cells = csv_cells(response)
    for tag in tags:
        assert payload(tag) in cells, f"{tag!r} is not a cell of the CSV"
    return cells


def fake_page(html: str):
    from django.http import HttpResponse

    response = HttpResponse(html)
    response.request = {"REQUEST_METHOD": "GET", "PATH_INFO": "/probe/"}
    return response


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(f"<p>{payload('x')}</p>", id="raw payload"),
        pytest.param(f"<p>{escape(escape(payload('x')))}</p>", id="escaped twice (not shown)"),
        pytest.param("<p>Hello</p>", id="not shown at all"),
        pytest.param(f'<input value="{payload("x")}">', id="attribute break-out"),
        pytest.param(f"<textarea>{payload('x')}</textarea>", id="textarea break-out"),
        pytest.param(
            f'<p>{escape(payload("x"))}<a href=" javascript:xss(1)">a</a></p>',
            id="javascript: link",
        ),
        pytest.param(
            f'<p>{escape(payload("x"))}</p><div onmouseover="xss(1)"></div>', id="event handler"
        ),
        pytest.param(
            f'<script type="application/ld+json">{{"name": "</script><script>xss(1)'
            f'</script>"}}</script><p>{escape(payload("x"))}</p>',
            id="JSON-LD break-out",
        ),
    ],
)
def test_the_check_catches_what_it_must(html):
    with pytest.raises(AssertionError):
        assert_escaped(fake_page(html), "x")


def test_the_check_passes_text_escaped_once():
    assert_escaped(
        fake_page(
            f'<p>{escape(payload("x"))}</p><input value="{escape(payload("x"))}">'
            f'<script type="application/ld+json">{{"name": "\\u003cscript"}}'
            "</script>"
        ),
        "x",
    )


def logged_in(client_factory, user):
    client = client_factory()
    client.force_login(user)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the on-commit callbacks (the mails) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def new_client():
    from django.test import Client

    return Client


# --- Partnership listings ----------------------------------------------------------------------

LISTING_TEXT = (
    "title",
    "summary",
    "description",
    "organisation_name",
    "contact_role",
    "commercial_terms",
)


def submit_listing(client, committed):
    from community.models import Biobank, Topic
    from funding.models import PartnershipListing

    data = {
        "kind": "offer",
        "organisation_type": "company",
        "sector": "biotech",
        "country": "BE",
        "resources": ["samples", "data"],
        "trl": "4",
        "commercial_use": "negotiable",
        "topics": [Topic.objects.get(slug="public-private-cooperation").pk],
        "biobanks": [Biobank.objects.get(slug="uz-gent").pk],
        "contact_email": email_payload(1),
        "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        **{name: payload(name) for name in LISTING_TEXT},
    }
    with committed():
        response = client.post("/partnerships/submit/", data)
    assert response.status_code == 302, response.context["form"].errors
    return PartnershipListing.objects.get(title=payload("title"))


def test_a_submitted_listing_is_escaped_for_its_owner_and_the_moderators(
    site_tree, new_client, committed
):
    owner = make_user("owner@example.org", first_name="Olivia")
    moderator, admin = make_moderator(), make_superuser()
    as_owner = logged_in(new_client, owner)
    listing = submit_listing(as_owner, committed)
    assert_plain_mails(mail.outbox, "title", "organisation_name", "summary")

    assert_escaped(as_owner.get(f"/partnerships/{listing.pk}/"), *LISTING_TEXT)
    assert_escaped(as_owner.get("/accounts/"), "title")

    as_moderator = logged_in(new_client, moderator)
    assert_escaped(
        as_moderator.get("/admin/funding/moderation/"),
        "title",
        "summary",
        "description",
        "organisation_name",
        "contact_role",
        emails=[1],
    )
    for user in (moderator, admin):
        client = logged_in(new_client, user)
        assert_escaped(client.get("/admin/partnership_listings/"), "title", "organisation_name")
        assert_escaped(client.get("/admin/partnership_listings/?q=xss"), "title")
        assert_escaped(
            client.get(f"/admin/partnership_listings/edit/{listing.pk}/"), *LISTING_TEXT, emails=[1]
        )
    assert_escaped(
        logged_in(new_client, admin).get(f"/admin/partnership_listings/delete/{listing.pk}/"),
        "title",
    )

    # Approving names the listing in the admin's message; the owner is mailed.
    mail.outbox.clear()
    with committed():
        response = as_moderator.post(
            f"/admin/funding/moderation/{listing.pk}/", {"action": "approve"}, follow=True
        )
    assert_escaped(response, "title")
    assert "is approved and published" in text_of(response)
    assert_plain_mails(mail.outbox, "title")


def test_an_approved_listing_is_escaped_on_every_public_page(
    site_tree, client, new_client, committed
):
    from funding.models import PartnershipListing

    owner = make_user("owner@example.org")
    listing = submit_listing(logged_in(new_client, owner), committed)
    PartnershipListing.objects.filter(pk=listing.pk).update(status="approved")

    assert_escaped(client.get(f"/partnerships/{listing.pk}/"), *LISTING_TEXT)
    assert_escaped(client.get("/partnerships/"), "title", "summary", "organisation_name")
    assert_escaped(client.get("/partnerships/?q=xss+title"), "title", "summary")
    assert_escaped(client.get("/search/?q=xss+title"), "title")
    assert_escaped(client.get("/topics/public-private-cooperation/"), "title", "organisation_name")
    assert_escaped(client.get("/biobanks/uz-gent/"), "title", "organisation_name")
    # The contact address is never shown, escaped or not.
    assert escape(email_payload(1)) not in text_of(client.get(f"/partnerships/{listing.pk}/"))
    member = logged_in(new_client, make_user("reader@example.org"))
    assert_escaped(member.get(f"/partnerships/{listing.pk}/contact/"), "organisation_name")


def test_a_rejection_reason_is_escaped_for_the_owner(site_tree, new_client, committed):
    owner = make_user("owner@example.org")
    as_owner = logged_in(new_client, owner)
    listing = submit_listing(as_owner, committed)
    mail.outbox.clear()
    with committed():
        logged_in(new_client, make_moderator()).post(
            f"/admin/funding/moderation/{listing.pk}/",
            {"action": "reject", "reason": payload("reason")},
        )
    assert_plain_mails(mail.outbox, "reason", "title")
    assert_escaped(as_owner.get(f"/partnerships/{listing.pk}/"), "reason", "title")


def test_contacting_a_partner_is_escaped_in_the_form_the_mails_and_the_admin(
    site_tree, new_client, committed
):
    from community.models import ContactMessage
    from funding.models import PartnershipListing

    listing = PartnershipListing.objects.public().order_by("pk").first()
    sender = logged_in(new_client, make_user("sender@example.org"))
    url = f"/partnerships/{listing.pk}/contact/"
    # A form sent back with an error shows what was typed, escaped (the textarea stays shut).
    response = sender.post(
        url, {"name": payload("name"), "email": "not an address", "message": payload("message")}
    )
    assert_escaped(response, "name", "message")
    assert ContactMessage.objects.count() == 0

    with committed():
        response = sender.post(
            url,
            {"name": payload("name"), "email": email_payload(2), "message": payload("message")},
            follow=True,
        )
    assert_escaped(response, emails=[2])  # "… they will answer you at …" (no copy: unverified)
    assert_plain_mails(mail.outbox, "name", "message", emails=[2])
    stored = ContactMessage.objects.get()

    as_moderator = logged_in(new_client, make_moderator())
    assert_escaped(as_moderator.get("/admin/partner_messages/"), "name", emails=[2])
    assert_escaped(
        as_moderator.get(f"/admin/partner_messages/inspect/{stored.pk}/"),
        "name",
        "message",
        emails=[2],
    )


# --- Event registrations -----------------------------------------------------------------------


def registration_data(event, **changes):
    from events.models import QuestionKind

    data = {
        "name": payload("name"),
        "email": email_payload(3),
        "organisation": payload("organisation"),
        "consent": "on",
        **required_answers(event),
    }
    for question in event.questions.all():
        if question.kind == QuestionKind.SHORT_TEXT:
            data[question.key] = payload("short_answer")
        elif question.kind == QuestionKind.LONG_TEXT:
            data[question.key] = payload("long_answer")
    data.update(changes)
    return data


def test_a_registration_is_escaped_for_the_attendee_and_the_organisers(
    site_tree, client, new_client, committed
):
    from events import tokens
    from events.models import EventPage, Registration

    event = EventPage.objects.get(slug="biobanks-collections-day-2027", locale__language_code="en")
    # Sent back with an error: the typed text returns, escaped, inputs and textarea closed.
    response = client.post(DAY + "register/", registration_data(event, consent=""))
    assert_escaped(response, "name", "organisation", "short_answer", "long_answer", emails=[3])

    with committed():
        response = client.post(DAY + "register/", registration_data(event), follow=True)
    assert_escaped(response, emails=[3])  # "We have sent an e-mail to … to confirm"
    registration = Registration.objects.get(event=event, name=payload("name"))
    assert registration.answers  # the free-text answers were stored
    assert_plain_mails(mail.outbox, "name", emails=[])

    # The page the mailed link opens, before and after the address is confirmed.
    manage = tokens.manage_path(registration, event)
    assert_escaped(
        client.get(manage), "name", "organisation", "short_answer", "long_answer", emails=[3]
    )
    with committed():
        response = client.post(manage, {"action": "confirm"}, follow=True)
    registration.refresh_from_db()
    assert registration.is_confirmed, text_of(response)
    assert_escaped(response, "name", "organisation", "short_answer", "long_answer", emails=[3])
    assert_plain_mails(mail.outbox, "name", emails=[])

    organiser = logged_in(new_client, make_organiser())
    admin_base = f"/admin/events/{event.pk}/"
    assert_escaped(organiser.get(admin_base), "name", "organisation", emails=[3])
    assert_escaped(organiser.get(admin_base + "?q=xss"), "name", "organisation")
    assert_escaped(organiser.get(admin_base + "check-in/?q=xss"), "name", "organisation")
    assert_escaped(
        organiser.get(admin_base + f"registrations/{registration.pk}/cancel/"), "name", emails=[3]
    )
    response = organiser.post(
        admin_base + f"check-in/{registration.pk}/", {"action": "in"}, follow=True
    )
    assert_escaped(response, "name")
    assert "is checked in" in text_of(response)
    assert_csv_download(
        organiser.get(admin_base + "export/"), "name", "organisation", "short_answer", "long_answer"
    )

    # Adding someone by hand, sent back with an error, shows the typed text escaped.
    response = organiser.post(admin_base + "add/", registration_data(event, email="not an address"))
    assert_escaped(response, "name", "organisation", "short_answer", "long_answer")


def test_organiser_texts_on_public_event_pages_are_escaped(
    site_tree, client, new_client, committed
):
    """Question labels and help texts (page editor), the cancellation message and the
    organiser's mails reach attendees: organisers write them, but never as HTML."""
    from events import services, tokens
    from events.models import EventPage, EventQuestion, QuestionKind

    event = EventPage.objects.get(slug="biobanks-collections-day-2027", locale__language_code="en")
    EventQuestion.objects.create(
        event=event,
        label=payload("label"),
        help_text=payload("help_text"),
        kind=QuestionKind.SHORT_TEXT,
    )
    assert_escaped(client.get(DAY), "label", "help_text")

    registration = services.register(
        event,
        name="Ada Attendee",
        email="ada@example.org",
        answers=required_answers(event),
        notify=False,
    )
    organiser = logged_in(new_client, make_organiser())
    admin_base = f"/admin/events/{event.pk}/"
    assert_escaped(organiser.get(admin_base + "add/"), "label", "help_text")
    mail.outbox.clear()
    message = {
        "audience": "confirmed",
        "subject": payload("subject"),
        "body": payload("message_body"),
    }
    # The preview shows the mail as its recipients get it (escaped here); then it is sent.
    preview = assert_escaped(
        organiser.post(admin_base + "message/", {**message, "action": "preview"}),
        "subject",
        "message_body",
    )
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    with committed():
        organiser.post(admin_base + "message/", {**message, "token": token, "action": "send"})
    assert_plain_mails(mail.outbox, "subject", "message_body")
    assert_escaped(organiser.get(admin_base + "message/"), "subject")  # the log of messages

    mail.outbox.clear()
    with committed():
        response = organiser.post(
            admin_base + "cancel/", {"message": payload("cancellation"), "confirm": "on"}
        )
    assert response.status_code == 302
    assert_plain_mails(mail.outbox, "cancellation")
    assert_escaped(client.get(DAY), "cancellation")
    assert_escaped(client.get(tokens.manage_path(registration, event)), "cancellation")


# --- Member profiles, working groups -----------------------------------------------------------

PROFILE_TEXT = ("first_name", "last_name", "organisation")


def test_a_member_profile_is_escaped_wherever_members_see_each_other(
    site_tree, new_client, committed
):
    member = make_user("member@example.org")
    as_member = logged_in(new_client, member)
    response = as_member.post(
        "/accounts/profile/",
        {
            "first_name": payload("first_name"),
            "last_name": payload("last_name"),
            "organisation": payload("organisation"),
            "country": "NL",
            "stakeholder_type": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert_escaped(as_member.get("/accounts/"), *PROFILE_TEXT)
    assert_escaped(as_member.get("/accounts/profile/"), *PROFILE_TEXT)
    # Forms filled in from the profile.
    assert_escaped(as_member.get(DAY), *PROFILE_TEXT)
    assert_escaped(as_member.get(f"/contact/{contactable_person()}/"), "first_name", "last_name")
    data = as_member.post("/accounts/data/")
    assert data["Content-Type"].startswith("application/json")
    assert data["Content-Disposition"].startswith("attachment")
    assert payload("organisation") in json_strings(json.loads(data.content))

    # Fellow members of an open group see the name and organisation in the member list.
    as_member.post(OPEN + "join/")
    fellow = make_user("fellow@example.org")
    group_page(OPEN_GROUP).group.user_set.add(fellow)
    assert_escaped(logged_in(new_client, fellow).get(OPEN + "members/"), *PROFILE_TEXT)

    # The coordinators of a closed group see them with a request to join.
    with committed():
        as_member.post(CLOSED + "request/", {"motivation": "I run access procedures."})
    assert_plain_mails(mail.outbox, "first_name", "last_name", "organisation")
    coordinator = logged_in(new_client, group_page(CLOSED_GROUP).coordinators.get())
    assert_escaped(coordinator.get(CLOSED + "requests/"), *PROFILE_TEXT)

    admin = logged_in(new_client, make_superuser())
    assert_escaped(admin.get("/admin/users/"), "first_name", "last_name")
    assert_escaped(admin.get(f"/admin/users/edit/{member.pk}/"), "first_name", "last_name")


def test_a_member_address_with_markup_is_escaped_on_account_and_admin_pages(
    site_tree, new_client, committed
):
    member = make_user(email_payload(4), first_name="Quinn")
    as_member = logged_in(new_client, member)
    assert_escaped(as_member.get("/accounts/"), emails=[4])
    assert_escaped(as_member.get("/accounts/email/"), emails=[4])
    listing = submit_listing(as_member, committed)
    admin = logged_in(new_client, make_superuser())
    assert_escaped(admin.get("/admin/funding/moderation/"), "title", emails=[1, 4])
    assert_escaped(admin.get("/admin/users/"), emails=[4])
    assert listing.submitted_by == member


def test_a_join_request_and_its_refusal_are_escaped(site_tree, new_client, committed):
    requester = make_user("requester@example.org", first_name="Rita")
    as_requester = logged_in(new_client, requester)
    # Too long: sent back with the typed text, escaped, the textarea closed.
    response = as_requester.post(
        CLOSED + "request/", {"motivation": payload("motivation") + "x" * 1000}
    )
    assert_escaped(response, "motivation")

    with committed():
        response = as_requester.post(CLOSED + "request/", {"motivation": payload("motivation")})
    assert response.status_code == 302
    assert_plain_mails(mail.outbox, "motivation")
    coordinator = logged_in(new_client, group_page(CLOSED_GROUP).coordinators.get())
    assert_escaped(coordinator.get(CLOSED + "requests/"), "motivation")

    from community.models import JoinRequest

    join_request = JoinRequest.objects.get(user=requester)
    mail.outbox.clear()
    with committed():
        response = coordinator.post(
            CLOSED + f"requests/{join_request.pk}/reject/",
            {"reason": payload("reason")},
            follow=True,
        )
    assert_escaped(response)
    assert_plain_mails(mail.outbox, "reason")


# --- Contact forms and the newsletter ----------------------------------------------------------


def contactable_person() -> int:
    from community.models import Person

    return Person.objects.exclude(email="").order_by("pk").first().pk


def test_the_site_contact_form_is_escaped_and_mails_plain_text(site_tree, client, committed):
    url = f"/contact/{contactable_person()}/"
    response = client.post(
        url, {"name": payload("name"), "email": "not an address", "message": payload("message")}
    )
    assert_escaped(response, "name", "message")
    with committed():
        response = client.post(
            url,
            {"name": payload("name"), "email": email_payload(5), "message": payload("message")},
            follow=True,
        )
    assert_escaped(response)
    assert_plain_mails(mail.outbox, "name", "message", emails=[5])


def test_a_biobank_contact_request_is_escaped_in_the_form_the_mails_and_the_admin(
    site_tree, client, new_client, committed
):
    from community.models import ContactMessage

    url = "/biobanks/uz-gent/contact/"
    data = {
        "name": payload("name"),
        "email": email_payload(6),
        "organisation": payload("organisation"),
        "message": payload("message"),
    }
    response = client.post(url, data)  # no consent: sent back
    assert_escaped(response, "name", "organisation", "message", emails=[6])
    with committed():
        response = client.post(url, {**data, "consent": "on"}, follow=True)
    assert_escaped(response)
    assert_plain_mails(mail.outbox, "name", "organisation", "message", emails=[6])

    stored = ContactMessage.objects.get()
    admin = logged_in(new_client, make_superuser())
    assert_escaped(
        admin.get("/admin/biobank_contact_requests/"), "name", "organisation", emails=[6]
    )
    assert_escaped(
        admin.get(f"/admin/biobank_contact_requests/inspect/{stored.pk}/"),
        "name",
        "organisation",
        "message",
        emails=[6],
    )


def test_newsletter_addresses_are_escaped_in_the_form_the_admin_and_the_export(
    site_tree, client, new_client, committed
):
    from community import newsletter
    from community.models import Subscriber

    response = client.post("/newsletter/", {"email": payload("email"), "consent": "on"})
    assert_escaped(response, "email")  # refused, shown back in the input, escaped

    with committed():
        response = client.post("/newsletter/", {"email": email_payload(7), "consent": "on"})
    assert response.status_code == 302
    assert_plain_mails(mail.outbox, emails=[7])
    subscriber = Subscriber.objects.get()
    token = newsletter.make_unsubscribe_token(subscriber.email)
    assert_escaped(client.get(f"/newsletter/unsubscribe/{token}/"), emails=[7])

    admin = logged_in(new_client, make_superuser())
    assert_escaped(admin.get("/admin/newsletter_subscribers/"), emails=[7])
    assert_escaped(admin.get(f"/admin/newsletter_subscribers/inspect/{subscriber.pk}/"), emails=[7])
    export = admin.get("/admin/newsletter_subscribers/?export=csv")
    assert export["Content-Type"].startswith("text/csv")
    assert export["Content-Disposition"].startswith("attachment")
    assert email_payload(7) in csv_cells(export)


def test_a_saved_funding_alert_name_is_escaped_on_my_account(site_tree, new_client):
    member = logged_in(new_client, make_user("member@example.org"))
    response = member.post(
        "/funding/alerts/save/", {"topic": "financing", "name": payload("alert")}
    )
    assert response.status_code == 302
    assert_escaped(member.get("/accounts/"), "alert")


def test_login_form_echo_is_escaped(site_tree, client):
    response = client.post("/accounts/login/", {"login": payload("login"), "password": "x"})
    assert_escaped(response, "login")
    response = client.post("/accounts/password/reset/", {"email": payload("reset")})
    assert_escaped(response, "reset")


def test_sign_up_with_markup_in_the_address_is_escaped(site_tree, client, committed):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": payload("first-name"),
            "last_name": "Signer",
            "email": payload("signup"),
            "password1": "a-Long-passw0rd!",
            "password2": "a-Long-passw0rd!",
        },
    )
    assert_escaped(response, "signup", "first-name")
    with committed():  # allauth's mail goes through the outbox, after the commit
        response = client.post(
            "/accounts/signup/",
            {
                "first_name": "Sam",
                "last_name": "Signer",
                "email": email_payload(8),
                "password1": "a-Long-passw0rd!",
                "password2": "a-Long-passw0rd!",
            },
            follow=True,
        )
    assert_escaped(response)
    assert_plain_mails(mail.outbox, emails=[8])


# --- Queries echoed back -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "echoed"),
    [
        ("/search/?q={q}", True),
        ("/biobanks/?q={q}", True),
        ("/partnerships/?q={q}", True),
        ("/training/?q={q}", True),
        ("/events/?topic={q}&month={q}&format={q}", False),
        ("/funding/?topic={q}&funder={q}&amount={q}", False),
        ("/news/?topic={q}", False),
        ("/working-groups/?topic={q}", False),
        ("/partnerships/{q}/", False),
    ],
)
def test_queries_are_echoed_escaped(site_tree, client, url, echoed):
    from urllib.parse import quote

    response = client.get(url.format(q=quote(SEARCH_PAYLOAD, safe="")))
    body = assert_escaped(response, status=404 if url.startswith("/partnerships/{") else 200)
    if echoed:
        assert escape(SEARCH_PAYLOAD) in body


def test_admin_searches_are_echoed_escaped(site_tree, new_client):
    from urllib.parse import quote

    from events.models import EventPage

    event = EventPage.objects.get(slug="biobanks-collections-day-2027", locale__language_code="en")
    q = quote(SEARCH_PAYLOAD, safe="")
    organiser = logged_in(new_client, make_organiser())
    for url in (f"/admin/events/{event.pk}/?q={q}", f"/admin/events/{event.pk}/check-in/?q={q}"):
        body = assert_escaped(organiser.get(url))
        assert escape(SEARCH_PAYLOAD) in body, url
    admin = logged_in(new_client, make_superuser())
    for url in (
        f"/admin/partnership_listings/?q={q}",
        f"/admin/pages/search/?q={q}",
        f"/admin/biobank_contact_requests/?q={q}",
    ):
        assert_escaped(admin.get(url))


def test_autocomplete_answers_json_not_html(site_tree, client):
    from urllib.parse import quote

    response = client.get("/search/autocomplete/?q=" + quote(SEARCH_PAYLOAD, safe=""))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Text from the outside catalogue -----------------------------------------------------------


def test_catalogue_text_is_escaped_and_javascript_urls_are_refused(
    site_tree, client, new_client, tmp_path, django_capture_on_commit_callbacks
):
    """Biobank names and descriptions come from the BBMRI-ERIC Directory or the national
    catalogue, typed by other people: the sync stores them, the profile escapes them."""
    from community.biobanks.catalogue import CatalogueError, sync
    from community.models import Biobank

    source = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "small"
    export = tmp_path / "export"
    shutil.copytree(source, export)
    biobanks_csv = export / "Biobanks.csv"

    def rewrite(**cells):
        with biobanks_csv.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        rows[0].update(cells)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        biobanks_csv.write_text(out.getvalue(), encoding="utf-8")
        return rows[0]["id"]

    catalogue_id = rewrite(url="javascript:xss(1)")
    with pytest.raises(CatalogueError):
        sync(str(export), source_key="hostile")
    assert not Biobank.objects.filter(catalogue_id=catalogue_id).exists()

    rewrite(
        url="https://alpha.example.org",
        name=payload("biobank_name"),
        description=payload("biobank_description"),
        location=payload("location"),
    )
    with django_capture_on_commit_callbacks(execute=True):  # the search index, after commit
        sync(str(export), source_key="hostile")
    biobank = Biobank.objects.get(catalogue_id=catalogue_id)
    assert_escaped(
        client.get(f"/biobanks/{biobank.slug}/"), "biobank_name", "biobank_description", "location"
    )
    assert_escaped(client.get("/biobanks/?q=xss"), "biobank_name")
    admin = logged_in(new_client, make_superuser())
    assert_escaped(admin.get("/admin/biobanks/?q=xss"), "biobank_name")
    assert_escaped(
        admin.get(f"/admin/biobanks/inspect/{biobank.pk}/"),
        "biobank_name",
        "biobank_description",
        "location",
    )


# --- Links typed by editors, organisers or a catalogue -----------------------------------------

URL_FIELDS = [
    ("events", "EventPage", "online_url"),  # organisers, in the page editor
    ("events", "EventPage", "map_url"),
    ("funding", "Funder", "website"),
    ("funding", "FundingCallPage", "call_url"),
    ("community", "Biobank", "url"),  # the catalogue sync runs full_clean
    ("community", "Collection", "access_uri"),
    ("community", "Collection", "data_access_uri"),
    ("community", "TrainingPage", "external_url"),
    ("home", "FooterLink", "url"),
    ("home", "SocialLink", "url"),
]


@pytest.mark.parametrize(("app", "model", "name"), URL_FIELDS)
@pytest.mark.parametrize(
    "link",
    [
        "javascript:xss(1)",
        "JaVaScRiPt:xss(1)",
        " javascript:xss(1)",
        "javascript://%0Axss(1)",
        "data:text/html,<script>xss(1)</script>",
        "vbscript:xss(1)",
    ],
)
def test_links_that_become_hrefs_refuse_script_urls(app, model, name, link):
    """Every URL field printed as a link refuses script URLs, in the admin's forms (formfield)
    and in full_clean (the catalogue sync)."""
    from django.apps import apps
    from django.core.exceptions import ValidationError

    field = apps.get_model(app, model)._meta.get_field(name)
    with pytest.raises(ValidationError):
        field.formfield(assume_scheme="https").clean(link)
    with pytest.raises(ValidationError):
        field.clean(link, None)
