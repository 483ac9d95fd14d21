"""Who may open what: every URL of the site that needs a role, for every role, in one table.

The table (MATRIX) is the specification: one row per URL (and method), one expected outcome
per role, in the order of the ROLES header. Outcomes:

    200     the page (or file) itself; `shows` names a text it must contain
    login   302 to the login page (?next= back here)
    denied  302 to the Wagtail dashboard ("Sorry, you do not have permission…")
    redir   302 elsewhere: the action was taken (or refused with a message on the target)
    400/403/404/405  that status

Whatever is refused, the refusal must not carry any of the members-only texts (SECRETS).
The roles are described in tests/hostile/conftest_roles.py. The demo content and the users are
built once for the module (`world`), each role signed in once; one test per row tries every
role, each in a savepoint rolled back afterwards, and reports all the wrong cells of the row.

Below the matrix: members-only material stays out of search, feeds and the sitemap, and the
addresses and links the site promises never to print (contact people, biobank and listing
contacts, online-event links) are printed nowhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from tests.hostile.conftest_roles import (
    CLOSED_GROUP,
    OPEN_GROUP,
    PASSWORD,
    ROLES,
    client_for,
    group_page,
    make_role_users,
    make_user,
    required_answers,
)

pytestmark = pytest.mark.django_db

CLOSED = f"/working-groups/{CLOSED_GROUP}/"
OPEN = f"/working-groups/{OPEN_GROUP}/"
DAY = "/events/biobanks-collections-day-2027/"
LOGIN_PREFIX = "/accounts/login/?next="
OUTCOMES = {"200", "login", "denied", "redir", "400", "403", "404", "405"}

# Texts only the right people may read: none may leak into a refusal.
NOTES_TEXT = "Most differences lie in the material and data transfer agreements"
DOCUMENT_TEXT = "Draft comparison of material and data transfer agreement templates"
OPEN_DOCUMENT_TEXT = "Draft checklist of pre-analytical variables"
MOTIVATION = "I review access requests at a hospital biobank and would like to join."
REGISTRANT = "Rhea Registrant"
REGISTRANT_EMAIL = "rhea.registrant@example.org"
PARTNER_MESSAGE = "We would like forty serum aliquots for a pilot."
BIOBANK_MESSAGE = "Do you hold paediatric tonsil tissue?"
SUBSCRIBER = "quiet.reader@example.org"
PENDING_TITLE = "Private pending listing of the member"
# A file of the kind /media/ does serve (uploaded images), next to the documents it must not.
MEDIA_PROBE = "hostile-matrix-probe/probe.txt"  # in a folder of its own, removed afterwards
MEDIA_PROBE_TEXT = "Served from /media/ like any uploaded image."
SECRETS = (
    NOTES_TEXT,
    DOCUMENT_TEXT,
    OPEN_DOCUMENT_TEXT,
    MOTIVATION,
    REGISTRANT,
    REGISTRANT_EMAIL,
    PARTNER_MESSAGE,
    BIOBANK_MESSAGE,
    SUBSCRIBER,
    PENDING_TITLE,
)


@dataclass
class Row:
    what: str
    method: str
    path: str
    outcomes: str  # one outcome per role, in ROLES order
    shows: str | None = None  # a 200 must contain this text
    data: dict = field(default_factory=dict)

    def expected(self) -> dict[str, str]:
        tokens = self.outcomes.split()
        assert len(tokens) == len(ROLES), f"{self.what}: {len(tokens)} outcomes"
        assert set(tokens) <= OUTCOMES, f"{self.what}: unknown outcome in {tokens}"
        return dict(zip(ROLES, tokens, strict=True))


REASON = {"reason": "The group is full until next year."}
APPROVE = {"action": "approve"}

# Placeholders, filled from the world: {closed_request} {approved} {member_pending}
# {orphan_pending} {member_approved} {partner_message} {contact_request} {subscriber}
# {event} {registration} {other_registration} {manage} {manage_tampered} {home} {notes_page}
# {call} {closed_doc} {closed_doc_pk} {open_doc} {public_doc} {closed_file} {filter_token}
MATRIX = [
    # ----------------------------- anon  unver member wg   other coord org   mod   editor admin
    Row("home page", "GET", "/", "200   200   200   200   200   200   200   200   200   200"),
    Row(
        "working group page",
        "GET",
        CLOSED,
        "200   200   200   200   200   200   200   200   200   200",
    ),
    # --- The member's own account pages --------------------------------------------------------
    Row(
        "my account",
        "GET",
        "/accounts/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    Row(
        "edit profile",
        "GET",
        "/accounts/profile/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    Row(
        "download my data (page)",
        "GET",
        "/accounts/data/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    Row(
        "download my data (file)",
        "POST",
        "/accounts/data/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    Row(
        "delete my account (page)",
        "GET",
        "/accounts/delete/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    Row(
        "e-mail addresses",
        "GET",
        "/accounts/email/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    Row(
        "change password",
        "GET",
        "/accounts/password/change/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    # --- Working groups: members-only pages and documents (closed group, then open group) ------
    # ----------------------------- anon  unver member wg   other coord org   mod   editor admin
    Row(
        "members area",
        "GET",
        CLOSED + "members-area/",
        "login login 403   200   403   200   403   403   403   200",
        shows="Notes: inventory of access procedures",
    ),
    Row(
        "meeting notes",
        "GET",
        CLOSED + "members-area/procedures-inventory/",
        "login login 403   200   403   200   403   403   403   200",
        shows=NOTES_TEXT,
    ),
    Row(
        "members-only document",
        "GET",
        "{closed_doc}",
        "login login 403   200   403   200   403   403   403   200",
        shows=DOCUMENT_TEXT,
    ),
    Row(
        "other group's members area",
        "GET",
        OPEN + "members-area/",
        "login login 403   403   200   403   403   403   403   200",
    ),
    Row(
        "other group's document",
        "GET",
        "{open_doc}",
        "login login 403   403   200   403   403   403   403   200",
        shows=OPEN_DOCUMENT_TEXT,
    ),
    Row(
        "public document",
        "GET",
        "{public_doc}",
        "200   200   200   200   200   200   200   200   200   200",
    ),
    Row(
        "uploaded file under /media/",
        "GET",
        "/media/" + MEDIA_PROBE,
        "200   200   200   200   200   200   200   200   200   200",
        shows=MEDIA_PROBE_TEXT,
    ),
    Row(
        "document file under /media/",
        "GET",
        "/media/{closed_file}",
        "404   404   404   404   404   404   404   404   404   404",
    ),
    Row(
        "document file under /media//",
        "GET",
        "/media//{closed_file}",
        "404   404   404   404   404   404   404   404   404   404",
    ),
    Row(
        "document file under /media/./",
        "GET",
        "/media/./{closed_file}",
        "404   404   404   404   404   404   404   404   404   404",
    ),
    Row(
        "document file under /media/x/../",
        "GET",
        "/media/images/../{closed_file}",
        "404   404   404   404   404   404   404   404   404   404",
    ),
    Row(
        "member list",
        "GET",
        CLOSED + "members/",
        "login login 403   200   403   200   403   403   403   200",
        shows="Wanda",
    ),
    Row(
        "ask to join (form)",
        "GET",
        CLOSED + "request/",
        "login login 200   redir 200   redir 200   200   200   200",
    ),
    Row(
        "join requests (review)",
        "GET",
        CLOSED + "requests/",
        "login login 403   403   403   200   403   403   403   200",
        shows=MOTIVATION,
    ),
    Row(
        "approve a request",
        "POST",
        CLOSED + "requests/{closed_request}/approve/",
        "login login 403   403   403   redir 403   403   403   redir",
    ),
    Row(
        "reject a request",
        "POST",
        CLOSED + "requests/{closed_request}/reject/",
        "login login 403   403   403   redir 403   403   403   redir",
        data=REASON,
    ),
    # --- Partnerships: submitting, contacting, renewing, moderating ----------------------------
    # ----------------------------- anon  unver member wg   other coord org   mod   editor admin
    Row(
        "submit a listing",
        "GET",
        "/partnerships/submit/",
        "login login 200   200   200   200   200   200   200   200",
    ),
    Row(
        "approved listing",
        "GET",
        "/partnerships/{approved}/",
        "200   200   200   200   200   200   200   200   200   200",
    ),
    Row(
        "own pending listing",
        "GET",
        "/partnerships/{member_pending}/",
        "404   404   200   404   404   404   404   200   404   200",
        shows=PENDING_TITLE,
    ),
    Row(
        "someone's pending listing",
        "GET",
        "/partnerships/{orphan_pending}/",
        "404   404   404   404   404   404   404   200   404   200",
    ),
    Row(
        "contact the partner",
        "GET",
        "/partnerships/{approved}/contact/",
        "200   200   200   200   200   200   200   200   200   200",
    ),
    Row(
        "contact a pending listing",
        "GET",
        "/partnerships/{member_pending}/contact/",
        "404   404   404   404   404   404   404   404   404   404",
    ),
    Row(
        "renew own listing",
        "GET",
        "/partnerships/{member_approved}/renew/",
        "login login 200   404   404   404   404   404   404   404",
    ),
    Row(
        "renew someone's listing",
        "POST",
        "/partnerships/{approved}/renew/",
        "login login 404   404   404   404   404   404   404   404",
        data={"days": "365"},
    ),
    Row(
        "moderation queue",
        "GET",
        "/admin/funding/moderation/",
        "login login login login login login denied 200  denied 200",
        shows=PENDING_TITLE,
    ),
    Row(
        "approve a listing",
        "POST",
        "/admin/funding/moderation/{member_pending}/",
        "login login login login login login denied redir denied redir",
        data=APPROVE,
    ),
    Row(
        "listings in the admin",
        "GET",
        "/admin/partnership_listings/",
        "login login login login login login denied 200  denied 200",
        shows=PENDING_TITLE,
    ),
    Row(
        "edit a listing in the admin",
        "GET",
        "/admin/partnership_listings/edit/{member_pending}/",
        "login login login login login login denied 200  denied 200",
        shows=PENDING_TITLE,
    ),
    Row(
        "delete a listing in the admin",
        "GET",
        "/admin/partnership_listings/delete/{member_pending}/",
        "login login login login login login denied denied denied 200",
    ),
    Row(
        "partner messages",
        "GET",
        "/admin/partner_messages/",
        "login login login login login login denied 200  denied 200",
    ),
    Row(
        "partner message",
        "GET",
        "/admin/partner_messages/inspect/{partner_message}/",
        "login login login login login login denied 200  denied 200",
        shows=PARTNER_MESSAGE,
    ),
    Row(
        # One table holds every contact message: moderators read the partners' only, and no
        # list shows another kind's message.
        "a biobank contact request among the partner messages",
        "GET",
        "/admin/partner_messages/inspect/{contact_request}/",
        "login login login login login login 404   404   404   404",
    ),
    # --- Biobank contact requests and newsletter subscribers (administrators only) -------------
    # ----------------------------- anon  unver member wg   other coord org   mod   editor admin
    Row(
        "contact a biobank",
        "GET",
        "/biobanks/uz-gent/contact/",
        "200   200   200   200   200   200   200   200   200   200",
    ),
    Row(
        "biobank search results (CSV)",
        "GET",
        "/biobanks/results/csv/",
        "200   200   200   200   200   200   200   200   200   200",
    ),
    Row(
        "biobank contact requests",
        "GET",
        "/admin/biobank_contact_requests/",
        "login login login login login login denied denied denied 200",
    ),
    Row(
        "biobank contact request",
        "GET",
        "/admin/biobank_contact_requests/inspect/{contact_request}/",
        "login login login login login login denied denied denied 200",
        shows=BIOBANK_MESSAGE,
    ),
    Row(
        "a partner message among the biobank contact requests",
        "GET",
        "/admin/biobank_contact_requests/inspect/{partner_message}/",
        "login login login login login login 404   404   404   404",
    ),
    Row(
        "biobank profiles in the admin",
        "GET",
        "/admin/biobanks/",
        "login login login login login login denied denied denied 200",
    ),
    Row(
        "newsletter subscribers",
        "GET",
        "/admin/newsletter_subscribers/",
        "login login login login login login denied denied denied 200",
        shows=SUBSCRIBER,
    ),
    Row(
        "newsletter subscribers (CSV)",
        "GET",
        "/admin/newsletter_subscribers/?export=csv",
        "login login login login login login denied denied denied 200",
        shows=SUBSCRIBER,
    ),
    Row(
        "newsletter subscriber",
        "GET",
        "/admin/newsletter_subscribers/inspect/{subscriber}/",
        "login login login login login login denied denied denied 200",
        shows=SUBSCRIBER,
    ),
    # --- Event organiser tools (whoever may edit the event page) -------------------------------
    # ----------------------------- anon  unver member wg   other coord org   mod   editor admin
    Row(
        "my events (organiser)",
        "GET",
        "/admin/events/",
        "login login login login login login 200   200   200   200",
    ),
    Row(
        "registrations",
        "GET",
        "/admin/events/{event}/",
        "login login login login login login 200   denied 200   200",
        shows=REGISTRANT,
    ),
    Row(
        "registrations (CSV)",
        "GET",
        "/admin/events/{event}/export/",
        "login login login login login login 200   denied 200   200",
        shows=REGISTRANT_EMAIL,
    ),
    Row(
        "check-in",
        "GET",
        "/admin/events/{event}/check-in/",
        "login login login login login login 200   denied 200   200",
        shows=REGISTRANT,
    ),
    Row(
        "check someone in",
        "POST",
        "/admin/events/{event}/check-in/{registration}/",
        "login login login login login login redir denied redir redir",
        data={"action": "in"},
    ),
    Row(
        "add a registration",
        "GET",
        "/admin/events/{event}/add/",
        "login login login login login login 200   denied 200   200",
    ),
    Row(
        "message attendees",
        "GET",
        "/admin/events/{event}/message/",
        "login login login login login login 200   denied 200   200",
    ),
    Row(
        "cancel a registration",
        "GET",
        "/admin/events/{event}/registrations/{registration}/cancel/",
        "login login login login login login 200   denied 200   200",
        shows=REGISTRANT,
    ),
    Row(
        "resend a mail",
        "POST",
        "/admin/events/{event}/registrations/{registration}/resend/",
        "login login login login login login redir denied redir redir",
    ),
    Row(
        "another event's registration",
        "GET",
        "/admin/events/{event}/registrations/{other_registration}/cancel/",
        "login login login login login login 404   denied 404   404",
    ),
    Row(
        "cancel the event",
        "GET",
        "/admin/events/{event}/cancel/",
        "login login login login login login 200   denied 200   200",
    ),
    Row(
        "duplicate the event",
        "GET",
        "/admin/events/{event}/duplicate/",
        "login login login login login login 200   denied 200   200",
    ),
    Row(
        "edit the event page",
        "GET",
        "/admin/pages/{event}/edit/",
        "login login login login login login 200   denied 200   200",
    ),
    Row(
        "own registration (signed link)",
        "GET",
        "{manage}",
        "200   200   200   200   200   200   200   200   200   200",
        shows=REGISTRANT,
    ),
    Row(
        "registration link tampered with",
        "GET",
        "{manage_tampered}",
        "400   400   400   400   400   400   400   400   400   400",
    ),
    # --- Funding alerts ------------------------------------------------------------------------
    # ----------------------------- anon  unver member wg   other coord org   mod   editor admin
    Row(
        "save a filter as an alert",
        "POST",
        "/funding/alerts/save/",
        "login login redir redir redir redir redir redir redir redir",
        data={"topic": "financing", "name": "Financing calls"},
    ),
    Row(
        "follow a call",
        "POST",
        "{call}follow/",
        "login login redir redir redir redir redir redir redir redir",
    ),
    Row(
        "stop an alert (signed link)",
        "GET",
        "/funding/unsubscribe/{filter_token}/",
        "200   200   200   200   200   200   200   200   200   200",
    ),
    Row(
        "alert link tampered with",
        "GET",
        "/funding/unsubscribe/{filter_token}x/",
        "400   400   400   400   400   400   400   400   400   400",
    ),
    # --- The Wagtail admin ---------------------------------------------------------------------
    # ----------------------------- anon  unver member wg   other coord org   mod   editor admin
    Row(
        "admin dashboard",
        "GET",
        "/admin/",
        "login login login login login login 200   200   200   200",
    ),
    Row(
        "edit the home page",
        "GET",
        "/admin/pages/{home}/edit/",
        "login login login login login login denied denied 200   200",
    ),
    Row(
        "users",
        "GET",
        "/admin/users/",
        "login login login login login login denied denied denied 200",
    ),
    Row(
        "contact people (snippets)",
        "GET",
        "/admin/snippets/community/person/",
        "login login login login login login denied denied denied 200",
    ),
    Row(
        "documents",
        "GET",
        "/admin/documents/",
        "login login login login login login denied denied 200   200",
    ),
    # Editors edit every page and document (Wagtail's default "Editors" group): the members-only
    # notes and documents included, in the admin, though not on the site (rows above).
    Row(
        "members-only notes in the page editor",
        "GET",
        "/admin/pages/{notes_page}/edit/",
        "login login login login login login denied denied 200   200",
    ),
    Row(
        "members-only document in the admin",
        "GET",
        "/admin/documents/edit/{closed_doc_pk}/",
        "login login login login login login denied denied 200   200",
    ),
]


# --- The module's world ------------------------------------------------------------------------


@dataclass
class World:
    users: dict
    ids: dict
    cookies: dict = field(default_factory=dict)  # role -> the session cookie it signed in with


def _build_world() -> World:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from community.models import (
        Biobank,
        ContactMessage,
        JoinRequest,
        Person,
        Subscriber,
        WorkingGroupMaterialPage,
    )
    from events import services as event_services
    from events import tokens as event_tokens
    from events.models import EventPage
    from funding import tokens as funding_tokens
    from funding.models import FundingCallPage, PartnershipListing, SavedFilter
    from home.models import HomePage

    users = make_role_users()
    member = users["member"]
    closed, open_ = group_page(CLOSED_GROUP), group_page(OPEN_GROUP)
    requester = make_user("requester@example.org", first_name="Rita")
    join_request = JoinRequest.objects.create(
        group_page=closed, user=requester, motivation=MOTIVATION
    )

    approved = PartnershipListing.objects.public().order_by("pk").first()
    orphan_pending = PartnershipListing.objects.pending().filter(submitted_by=None).first()
    fields = {
        field: getattr(approved, field)
        for field in (
            "kind",
            "summary",
            "description",
            "organisation_name",
            "organisation_type",
            "sector",
            "resources",
            "contact_role",
            "contact_email",
        )
    }
    later = timezone.localdate() + timezone.timedelta(days=60)
    member_pending = PartnershipListing.objects.create(
        title=PENDING_TITLE, status="pending", submitted_by=member, expires_on=later, **fields
    )
    member_approved = PartnershipListing.objects.create(
        title="Approved listing of the member",
        status="approved",
        submitted_by=member,
        expires_on=later,
        **fields,
    )
    partner_message = ContactMessage.objects.create(
        target=approved,
        sender=member,
        name="Mira Member",
        email=member.email,
        message=PARTNER_MESSAGE,
        sent_to=approved.contact_email,
    )
    contact_request = ContactMessage.objects.create(
        target=Biobank.objects.get(slug="uz-gent"),
        name="Sam Sender",
        email="sam@example.org",
        message=BIOBANK_MESSAGE,
        sent_to="biobank@uzgent.example.org",
    )
    subscriber = Subscriber.objects.create(
        email=SUBSCRIBER, consent_text="Yes.", consent_version="1"
    )

    event = EventPage.objects.get(locale__language_code="en", slug="biobanks-collections-day-2027")
    other_event = EventPage.objects.get(locale__language_code="en", slug="webinar-access-requests")
    registration = event_services.register(
        event,
        name=REGISTRANT,
        email=REGISTRANT_EMAIL,
        answers=required_answers(event),
        by_organiser=True,
        notify=False,
    )
    other_registration = event_services.register(
        other_event, name="Otto Other", email="otto@example.org", by_organiser=True, notify=False
    )
    manage = event_tokens.manage_path(registration, event)
    # Contact people are shown by name and role; their one address must never be printed.
    Person.objects.exclude(email="").update(email=PERSON_ADDRESS)
    saved = SavedFilter.objects.create(
        user=member, name="Financing", filters={"topic": "financing"}
    )

    Document = get_document_model()
    closed_doc = Document.objects.get(collection_id=closed.collection_id)
    open_doc = Document.objects.get(collection_id=open_.collection_id)
    public_doc = Document.objects.filter(collection=Collection.get_first_root_node()).first()
    # The /media/ rows can only fail if the file is really there.
    assert (Path(settings.MEDIA_ROOT) / closed_doc.file.name).is_file()

    ids = {
        "closed_request": join_request.pk,
        "approved": approved.pk,
        "member_pending": member_pending.pk,
        "orphan_pending": orphan_pending.pk,
        "member_approved": member_approved.pk,
        "partner_message": partner_message.pk,
        "contact_request": contact_request.pk,
        "subscriber": subscriber.pk,
        "event": event.pk,
        "registration": registration.pk,
        "other_registration": other_registration.pk,
        "manage": manage,
        "manage_tampered": manage.replace("/registration/", "/registration/x", 1),
        "home": HomePage.objects.get(locale__language_code="en").pk,
        "call": FundingCallPage.objects.live().order_by("pk").first().url,
        "closed_doc": closed_doc.url,
        "open_doc": open_doc.url,
        "public_doc": public_doc.url,
        "closed_file": closed_doc.file.name,
        "closed_doc_pk": closed_doc.pk,
        "notes_page": WorkingGroupMaterialPage.objects.get(
            locale__language_code="en", slug="procedures-inventory"
        ).pk,
        "filter_token": funding_tokens.make_token("filter", saved.pk),
    }
    assert get_user_model().objects.filter(pk=requester.pk).exists()
    # Sign every role in once: the sessions live as long as the world (tests roll back).
    cookies = {role: client_for(role, users[role]).cookies for role in ROLES}
    return World(users=users, ids=ids, cookies=cookies)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _demo_snapshot):
    """The demo content plus one user per role, built once; rolled back after the module."""
    probe = Path(settings.MEDIA_ROOT) / MEDIA_PROBE
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text(MEDIA_PROBE_TEXT)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            if _demo_snapshot:
                _demo_snapshot.restore()
            else:
                call_command("load_demo", stdout=io.StringIO())
            cache.clear()
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()  # Wagtail caches site root paths: nothing of this world may linger
            probe.unlink()
            probe.parent.rmdir()


def as_role(world, role) -> Client:
    """A fresh client with the role's session (no messages or cookies left by other tests)."""
    client = Client()
    session = world.cookies[role].get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    return client


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


# --- The matrix --------------------------------------------------------------------------------


def check(world, row, role, expected) -> str | None:
    """None if `role` meets `expected` at this row, else what happened instead."""
    url = row.path.format(**world.ids)
    client = as_role(world, role)
    response = client.get(url) if row.method == "GET" else client.post(url, row.data)
    status = response.status_code
    location = response.get("Location", "")
    seen = f"{status} {location}".strip()

    if expected == "login":
        ok = status == 302 and location.startswith(LOGIN_PREFIX)
    elif expected == "denied":
        ok = (status, location) == (302, "/admin/")
    elif expected == "redir":
        ok = (
            status == 302
            and not location.startswith("/accounts/login/")
            and (location != "/admin/")
        )
    else:
        ok = status == int(expected)
    if not ok:
        return seen
    body = body_of(response)
    if expected == "200" and row.shows and row.shows not in body:
        return f"{seen} without {row.shows!r}"
    leaked = [secret for secret in SECRETS if secret in body]
    if status != 200 and leaked:
        return f"{seen} showing {leaked}"
    return None


@pytest.mark.parametrize("row", [pytest.param(row, id=row.what) for row in MATRIX])
def test_access_matrix(world, row):
    """Every role at this row, each in its own savepoint (a POST changes nothing for the
    next role); all the wrong outcomes of the row are reported together."""
    wrong = []
    for role, expected in row.expected().items():
        with transaction.atomic():
            cache.clear()  # rate limits, Wagtail's caches
            problem = check(world, row, role, expected)
            transaction.set_rollback(True)
        if problem:
            wrong.append(f"  {role:<16} expected {expected:<7} got {problem}")
    url = row.path.format(**world.ids)
    if wrong:
        pytest.fail(f"{row.what}: {row.method} {url}\n" + "\n".join(wrong), pytrace=False)


def test_the_matrix_covers_every_role_once_per_row():
    whats = [row.what for row in MATRIX]
    assert len(whats) == len(set(whats)), "two rows with the same name"
    for row in MATRIX:
        row.expected()  # raises on a malformed row


def test_unverified_sign_up_cannot_sign_in(world, django_capture_on_commit_callbacks):
    """The `unverified` column is real: the login form asks them to confirm their address
    (and mails them a link) instead of signing them in."""
    from django.core import mail

    client = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes after the commit
        response = client.post(
            "/accounts/login/", {"login": "unverified@example.org", "password": PASSWORD}
        )
    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")
    assert [message.to for message in mail.outbox] == [["unverified@example.org"]]
    assert client.get("/accounts/")["Location"].startswith(LOGIN_PREFIX)


# --- Members-only content never leaks through search, feeds or the sitemap ----------------------


@pytest.mark.parametrize("role", ["anonymous", "member", "wg_member", "superuser"])
@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=differences+transfer+agreements",
        "/search/?q=inventory",
        "/search/autocomplete/?q=Notes",
        "/sitemap.xml",
        "/events/rss/",
        "/news/feed/rss/",
        "/working-groups/",
    ],
)
def test_members_only_material_stays_out_of_listings(world, role, url):
    response = as_role(world, role).get(url)
    assert response.status_code == 200
    body = body_of(response)
    assert "procedures-inventory" not in body and "members-area" not in body
    assert NOTES_TEXT not in body and DOCUMENT_TEXT not in body
    assert "Notes: inventory of access procedures" not in body


# --- Addresses and links the site promises never to show ---------------------------------------

WEBINAR = "/events/webinar-access-requests/"
ONLINE_LINK = "https://meet.example.org/"
BIOBANK_ADDRESS = "biobank@uzgent.example.org"
PERSON_ADDRESS = "person.private@example.org"  # the world gives every contact person this one
EVERYONE = ("anonymous", "member", "wg_member", "superuser")
SIGNED_IN = EVERYONE[1:]
NEVER_SHOWN = [
    # what, url, text that must not be in it[, roles (default: EVERYONE)]
    ("biobank profile", "/biobanks/uz-gent/", BIOBANK_ADDRESS),
    ("biobank contact form", "/biobanks/uz-gent/contact/", BIOBANK_ADDRESS),
    ("biobank API", "/biobanks/api/uz-gent/", BIOBANK_ADDRESS),
    ("biobank API list", "/biobanks/api/", BIOBANK_ADDRESS),
    ("biobank results CSV", "/biobanks/results/csv/", BIOBANK_ADDRESS),
    ("biobank EMX2 export", "/biobanks/export/emx2/", BIOBANK_ADDRESS),
    ("listing page", "/partnerships/{approved}/", "{approved_contact}"),
    ("listing directory", "/partnerships/", "{approved_contact}"),
    ("contact the partner", "/partnerships/{approved}/contact/", "{approved_contact}"),
    ("working group contacts", CLOSED, PERSON_ADDRESS),
    ("topic page contacts", "/topics/access-procedures/", PERSON_ADDRESS),
    ("contact form", "/contact/{person}/", PERSON_ADDRESS),
    ("online event page", WEBINAR, ONLINE_LINK),
    ("event feed", "/events/feed.ics", ONLINE_LINK),
]


def every_text_of(response) -> str:
    """The body; for a zip, the text of every file in it."""
    import zipfile

    if response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return body_of(response)


@pytest.mark.parametrize(
    ("what", "url", "secret", "role"),
    [
        pytest.param(what, url, secret, role, id=f"{what}-{role}")
        for what, url, secret, *roles in NEVER_SHOWN
        for role in (roles[0] if roles else EVERYONE)
    ],
)
def test_private_addresses_and_links_are_never_shown(world, what, url, secret, role):
    from community.models import Person
    from funding.models import PartnershipListing

    values = {
        **world.ids,
        "approved_contact": PartnershipListing.objects.get(pk=world.ids["approved"]).contact_email,
        "person": Person.objects.filter(email=PERSON_ADDRESS).order_by("pk").first().pk,
    }
    response = as_role(world, role).get(url.format(**values))
    assert response.status_code == 200, what
    body = every_text_of(response)
    assert len(body) > 200, f"{what}: too little to prove anything"
    assert secret.format(**values) not in body, f"{what} shows {secret.format(**values)}"


def test_the_online_link_is_for_confirmed_attendees_only(world):
    """The positive control of the row above: a registered member does get the link."""
    from events import services
    from events.models import EventPage

    member = world.users["member"]
    client = as_role(world, "member")
    assert ONLINE_LINK not in body_of(client.get(WEBINAR))
    services.register(
        EventPage.objects.get(
            locale__language_code="en", url_path__endswith="/webinar-access-requests/"
        ),
        name="Mira Member",
        email=member.email,
        user=member,
        notify=False,
    )
    assert ONLINE_LINK in body_of(client.get(WEBINAR))
    assert ONLINE_LINK not in body_of(as_role(world, "wg_member").get(WEBINAR))
