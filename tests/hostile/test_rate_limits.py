"""Every public form that writes something or sends mail, hammered from one address.

One table, one test: the site-wide guarantee. For each form, submissions from one IP address are
accepted until the limit, then refused with a message the person can read (HTTP 429, or the
form again with the explanation); once refused, even a perfectly valid submission stores and
sends nothing; a visitor at another address is served as usual; and the limit lifts with time.

The limits are allauth's (ACCOUNT_RATE_LIMITS, with the hub's own keys for its forms). Each
hammered submission uses a new e-mail address, so what stops the flood is the per-address
(IP) limit, not the per-e-mail one. The per-form tests elsewhere check the exact budgets.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

ATTACKER_IP = "198.51.100.23"
OTHER_IP = "203.0.113.77"
PASSWORD = "a-Long-passw0rd!"
# Whatever the form, one address gets no more than this many tries a minute.
MAX_ATTEMPTS = 30

# What a submission can leave behind: rows, mails, sign-ins.
COUNTED_MODELS = [
    "auth.User",
    "account.EmailAddress",
    "community.Subscriber",
    "community.ContactMessage",
    "funding.PartnershipListing",
    "events.Registration",
]


@dataclass(frozen=True)
class Form:
    name: str
    url: Callable[[], str]
    hammer: Callable[[int], dict]  # the n-th submission of the flood
    valid: Callable[[object, str], dict]  # a real submission by `member`, made unique by `tag`
    refusal: str  # what the refused person reads (case-insensitive)
    grows: str  # the footprint entry an accepted valid submission increases
    hammer_writes: bool = True  # each accepted flood submission is itself written
    signed_in: bool = False  # only members can use the form


def _login(field_name):
    def hammer(n):
        return {field_name: f"guess{n}@example.org", "password": f"wrong-{n}"}

    def valid(member, tag):
        return {field_name: member.email, "password": PASSWORD}

    return hammer, valid


def _signup(email):
    return {
        "first_name": "Sam",
        "last_name": "Signer",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def _contact(email, **more):
    return {
        "name": "Sam Sender",
        "email": email,
        "message": "Could you share your protocol for serum aliquots?",
        **more,
    }


def _person_url():
    person = apps.get_model("community.Person").objects.exclude(email="").order_by("pk").first()
    return f"/contact/{person.pk}/"


def _biobank_url():
    biobank = (
        apps.get_model("community.Biobank")
        .objects.filter(withdrawn=False)
        .exclude(contact_email="")
        .order_by("pk")
        .first()
    )
    return f"/biobanks/{biobank.slug}/contact/"


def _listing_url():
    listing = apps.get_model("funding.PartnershipListing").objects.public().order_by("pk").first()
    return f"/partnerships/{listing.pk}/contact/"


def _event_url():
    EventPage = apps.get_model("events.EventPage")
    for event in EventPage.objects.live().order_by("pk"):
        if event.registration_state().can_register and not any(
            question.required for question in event.questions.all()
        ):
            return event.url + "register/"
    pytest.fail("no event is open for registration without required questions")


LOGIN = _login("login")
ADMIN_LOGIN = _login("username")

FORMS = [
    Form(
        "login",
        lambda: "/accounts/login/",
        LOGIN[0],
        LOGIN[1],
        refusal="Too many failed login attempts",
        grows="logins",
        hammer_writes=False,
    ),
    Form(
        "admin login",
        lambda: "/admin/login/",
        ADMIN_LOGIN[0],
        ADMIN_LOGIN[1],
        refusal="Too many failed login attempts",
        grows="logins",
        hammer_writes=False,
    ),
    Form(
        "sign-up",
        lambda: "/accounts/signup/",
        lambda n: _signup(f"new{n}@example.org"),
        lambda member, tag: _signup(f"{tag}-new@example.org"),
        refusal="too many requests",
        grows="auth.User",
    ),
    Form(
        "password reset",
        lambda: "/accounts/password/reset/",
        lambda n: {"email": f"forgot{n}@example.org"},
        lambda member, tag: {"email": member.email},
        refusal="too many requests",
        grows="mails",
    ),
    Form(
        "newsletter",
        lambda: "/newsletter/",
        lambda n: {"email": f"reader{n}@example.org", "consent": "on"},
        lambda member, tag: {"email": f"{tag}-reader@example.org", "consent": "on"},
        refusal="Too many sign-up attempts",
        grows="community.Subscriber",
    ),
    Form(
        "site contact (a person)",
        _person_url,
        lambda n: _contact(f"sender{n}@example.org"),
        lambda member, tag: _contact(f"{tag}-sender@example.org"),
        refusal="Too many messages",
        grows="mails",
    ),
    Form(
        "biobank contact",
        _biobank_url,
        lambda n: _contact(f"sender{n}@example.org", organisation="Lab", consent="on"),
        lambda member, tag: _contact(f"{tag}@example.org", organisation="Lab", consent="on"),
        refusal="Too many messages",
        grows="community.ContactMessage",
    ),
    Form(
        "partnership contact",
        _listing_url,
        lambda n: _contact(f"sender{n}@example.org"),
        lambda member, tag: _contact(member.email),
        refusal="Too many messages",
        grows="community.ContactMessage",
    ),
    Form(
        "event registration",
        _event_url,
        lambda n: {
            "name": f"Attendee {n}",
            "email": f"attendee{n}@example.org",
            "organisation": "Lab",
            "consent": "on",
        },
        lambda member, tag: {
            "name": "Ada",
            "email": f"{tag}-attendee@example.org",
            "organisation": "Lab",
            "consent": "on",
        },
        refusal="Too many registration attempts",
        grows="events.Registration",
    ),
]


@pytest.fixture
def site(db):
    """Someone or something behind each form (a person, a biobank, a listing, an event)."""
    factories.sections("biobanks", "partnerships", "events")
    factories.PersonFactory()
    factories.BiobankFactory()
    factories.PartnershipListingFactory()
    factories.EventPageFactory(capacity=None)


@pytest.fixture
def logins():
    """Every sign-in that happens during the test."""
    seen = []

    def record(sender, user, **kwargs):
        seen.append(user.pk)

    user_logged_in.connect(record, weak=False, dispatch_uid="hostile-rate-limit-logins")
    yield seen
    user_logged_in.disconnect(dispatch_uid="hostile-rate-limit-logins")


@pytest.fixture
def footprint(logins):
    def count() -> dict:
        counts = {}
        for label in COUNTED_MODELS:
            try:
                counts[label] = apps.get_model(label).objects.count()
            except LookupError:  # a model another part of the hub has not (yet) got
                continue
        counts["mails"] = len(mail.outbox)
        counts["logins"] = len(logins)
        return counts

    return count


@pytest.fixture
def later(monkeypatch):
    """later(seconds): allauth's rate limiter sees the clock that much further on."""

    def move(seconds):
        real = time.time

        class Clock:
            monotonic = staticmethod(time.monotonic)
            sleep = staticmethod(time.sleep)

            @staticmethod
            def time():
                return real() + seconds

        monkeypatch.setattr(allauth_ratelimit, "time", Clock)

    return move


def _refused(response, form) -> bool:
    return form.refusal.lower() in response.content.decode().lower()


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_a_flood_from_one_address_is_refused_visibly_writes_nothing_and_spares_others(
    form, site, user_factory, footprint, later, django_capture_on_commit_callbacks
):
    attacker_member = user_factory("attacker.member@example.org")
    other_member = user_factory("other.member@example.org")
    attacker = Client(REMOTE_ADDR=ATTACKER_IP)
    other = Client(REMOTE_ADDR=OTHER_IP)
    if form.signed_in:
        attacker.force_login(attacker_member)
        other.force_login(other_member)
    url = form.url()

    def post(client, data):
        with django_capture_on_commit_callbacks(execute=True):  # mails sent after commit count
            response = client.post(url, data)
        assert response.status_code < 500, f"{form.name}: server error {response.status_code}"
        return response

    before = footprint()
    accepted = 0
    for n in range(MAX_ATTEMPTS):
        response = post(attacker, form.hammer(n))
        if _refused(response, form):
            break
        assert response.status_code in (200, 302), (form.name, n, response.status_code)
        accepted += 1
    else:
        pytest.fail(f"{form.name}: {MAX_ATTEMPTS} submissions from one address, none refused")

    # The person is told, not just shown the form again or an error page without words.
    assert response.status_code in (200, 429), (form.name, response.status_code)
    assert accepted >= 1, f"{form.name}: refused before a single submission was taken"
    limited = footprint()
    if form.hammer_writes:
        assert limited[form.grows] - before[form.grows] == accepted, (
            f"{form.name}: accepted {accepted} submissions but {form.grows} went "
            f"{before[form.grows]} -> {limited[form.grows]}"
        )

    # Once refused, even a perfectly valid submission from that address writes nothing.
    for attempt in range(2):
        response = post(attacker, form.valid(attacker_member, f"blocked{attempt}"))
        assert _refused(response, form), f"{form.name}: a valid submission got through"
        assert response.status_code in (200, 429)
    assert footprint() == limited, f"{form.name}: a refused submission left something behind"

    # Another address is served as usual.
    response = post(other, form.valid(other_member, "other"))
    assert not _refused(response, form), f"{form.name}: another address is refused as well"
    assert response.status_code in (200, 302)
    served = footprint()
    assert served[form.grows] == limited[form.grows] + 1, (form.name, limited, served)

    # "Try again later" is true: an hour on, the address is served again.
    later(3601)
    response = post(attacker, form.valid(attacker_member, "an-hour-later"))
    assert not _refused(response, form), f"{form.name}: still refused an hour later"
    assert footprint()[form.grows] == served[form.grows] + 1


def test_the_admin_has_no_password_reset_of_its_own(client, home_page):
    """Wagtail's /admin/password_reset/ sent mail without any limit; editors reset their
    password through the site's rate-limited page (/accounts/password/reset/) instead."""
    response = client.post("/admin/password_reset/", {"email": "editor@example.org"})
    assert response.status_code == 404
    assert mail.outbox == []
    assert "/admin/password_reset/" not in client.get("/admin/login/").content.decode()


def test_the_refusal_page_is_the_sites_own(home_page, settings):
    """allauth's own 429 page has no layout, lang or landmark: the hub's handler429 has."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    client = Client(REMOTE_ADDR=ATTACKER_IP)
    for n in range(3):
        response = client.post(
            "/accounts/signup/",
            _signup(f"flood{n}@example.org"),
        )
    assert response.status_code == 429
    html = response.content.decode()
    assert "<main" in html and '<html lang="' in html
    assert "Please wait a few minutes and try again" in html


HOURLY = [form for form in FORMS if form.name in ("newsletter", "event registration")]


@pytest.mark.parametrize("form", HOURLY, ids=[form.name for form in HOURLY])
def test_a_slow_steady_flood_is_capped_per_hour(form, site, footprint, monkeypatch):
    """Ten a minute (under the per-minute limit) for ten minutes fills the hour's 100; the
    101st that hour is refused, and an hour after the first it is served again."""
    clock = {"now": time.time()}

    class Clock:
        monotonic = staticmethod(time.monotonic)
        sleep = staticmethod(time.sleep)

        @staticmethod
        def time():
            return clock["now"]

    monkeypatch.setattr(allauth_ratelimit, "time", Clock)
    client, url = Client(REMOTE_ADDR=ATTACKER_IP), form.url()
    before = footprint()[form.grows]
    for n in range(100):
        if n and n % 10 == 0:
            clock["now"] += 61
        response = client.post(url, form.hammer(n))
        assert not _refused(response, form), f"{form.name}: refused at {n} (per-minute pace)"
    assert footprint()[form.grows] == before + 100

    clock["now"] += 61
    response = client.post(url, form.hammer(100))
    assert _refused(response, form), f"{form.name}: no hourly cap per address"
    assert footprint()[form.grows] == before + 100

    clock["now"] += 3600
    assert not _refused(client.post(url, form.hammer(101)), form)
