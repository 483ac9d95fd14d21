"""Every public form, driven with generated submissions (hypothesis).

Each submission starts valid and is spoiled in one field, several or all of them (junk from
tests/hostile/conftest.py: NUL and other control characters, odd unicode, very long strings,
numbers as strings, repeated keys, keys the form does not have). For every example:

* no response is a server error (the test client re-raises what a view raises);
* when the hub's own form class refuses the data, the view refuses it too: the page comes back
  (200) with the form's error messages next to the fields, and no row was written to the
  tables the form writes and no mail was sent;
* any page that comes back shows an error message and wrote nothing; otherwise the view
  redirected, as after a successful submission.

Each test counts what its examples did and checks at the end that both the refusing and the
accepting paths were taken, so the properties never hold for want of trying.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib.messages import constants, get_messages
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.hostile.conftest import (
    MEMBER_EMAIL,
    MEMBER_PASSWORD,
    Tally,
    assert_errors_shown,
    assert_no_reflected_markup,
    emails,
    examples_wanted,
    form_posts,
    junk_value,
    nasty_text,
    one_example,
    plain_text,
    row_counts,
    some,
)

pytestmark = pytest.mark.django_db


def post(client, url, data):
    """POST `data` the way a browser sends a form (urlencoded; a list is a repeated key)."""
    return client.post(
        url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
    )


def form_data(data) -> MultiValueDict:
    """`data` as the view's request.POST holds it (the last of repeated values wins)."""
    return MultiValueDict(
        {key: value if isinstance(value, list) else [value] for key, value in data.items()}
    )


def submit(client, url, data, *, models, tally, form=None, accepted=(302,)):
    """Post one example and check the properties of the module docstring.

    `form`: the hub's form class bound to the same data (None for allauth's forms)."""
    refused_by_form = form is not None and not form.is_valid()
    before, mails = row_counts(*models), len(mail.outbox)
    response = post(client, url, data)
    assert response.status_code < 500
    tally["examples"] += 1
    if refused_by_form:
        assert response.status_code == 200, (
            f"the form refuses {data!r} ({form.errors.as_data()}) but the view answered "
            f"{response.status_code}"
        )
    if response.status_code == 200:
        tally["refused"] += 1
        html = response.content.decode()
        assert row_counts(*models) == before, "a refused submission wrote to the database"
        assert len(mail.outbox) == mails, "a refused submission sent mail"
        assert_errors_shown(html, form if refused_by_form else None)
        assert_no_reflected_markup(html)
    else:
        assert response.status_code in accepted, response.status_code
        tally["accepted"] += 1
    return response


def single_line(max_size=40):
    return plain_text(max_size=max_size)


@cache
def texts(max_size=400):
    """A message: several lines of ordinary text."""
    return st.lists(plain_text(max_size=80), min_size=1, max_size=max(1, max_size // 80)).map(
        "\n".join
    )


# --- allauth: sign-up, login, password reset ---------------------------------------------------


def _account_models():
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from community.models import Profile

    return get_user_model(), EmailAddress, Profile


@cache
def passwords():
    return st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=12, max_size=40
    ).map(lambda text: "Vial-9" + text)


@st.composite
def signups(draw):
    password = draw(passwords())
    return {
        "first_name": draw(single_line()),
        "last_name": draw(single_line()),
        "email": draw(emails()),
        "password1": password,
        "password2": password,
    }


def test_signup_form(fuzz_site, fuzz_member):
    tally = Tally()
    models = _account_models()

    @given(data=form_posts(signups()))
    def run(data):
        with one_example():
            submit(Client(), "/accounts/signup/", data, models=models, tally=tally)

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


def test_login_form(fuzz_site, fuzz_member):
    tally = Tally()
    models = _account_models()
    valid = st.fixed_dictionaries(
        {
            "login": st.sampled_from([MEMBER_EMAIL, MEMBER_EMAIL.upper(), f" {MEMBER_EMAIL} "]),
            "password": st.just(MEMBER_PASSWORD),
            "remember": st.sampled_from(["on", "", None]),
        }
    ).map(lambda data: {key: value for key, value in data.items() if value is not None})

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            client = Client()
            response = submit(client, "/accounts/login/", data, models=models, tally=tally)
            signed_in = client.session.get("_auth_user_id")
            assert bool(signed_in) == (response.status_code == 302)

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


def test_password_reset_form(fuzz_site, fuzz_member, client):
    tally = Tally()
    models = _account_models()
    valid = st.fixed_dictionaries({"email": st.one_of(emails(), st.just(MEMBER_EMAIL))})

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            submit(client, "/accounts/password/reset/", data, models=models, tally=tally)

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


# --- Newsletter and the contact forms ----------------------------------------------------------


def test_newsletter_form(fuzz_site, client):
    from community.forms.newsletter import NewsletterSignupForm
    from community.models import Subscriber

    tally = Tally()
    valid = st.fixed_dictionaries({"email": emails(), "consent": st.sampled_from(["on", "1"])})

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            form = NewsletterSignupForm(form_data(data))
            response = submit(
                client, "/newsletter/", data, models=[Subscriber], tally=tally, form=form
            )
            if response.status_code == 302:
                assert Subscriber.objects.filter(
                    email__iexact=form.cleaned_data["email"], confirmed_at__isnull=True
                ).exists(), "a sign-up must wait for the confirmation"

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


def test_contact_person_form(fuzz_site, client):
    from community.forms.contact import PersonContactForm
    from community.models import ContactMessage, Person

    person = Person.objects.exclude(email="").order_by("pk").first()
    url = f"/contact/{person.pk}/"
    tally = Tally()
    valid = st.fixed_dictionaries({"name": single_line(), "email": emails(), "message": texts()})

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            submit(
                client,
                url,
                data,
                models=[ContactMessage],
                tally=tally,
                form=PersonContactForm(form_data(data)),
            )

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


def test_biobank_contact_form(fuzz_site, client):
    from community.biobanks.forms import BiobankContactForm
    from community.models import Biobank, ContactMessage

    biobank = (
        Biobank.objects.filter(withdrawn=False).exclude(contact_email="").order_by("pk").first()
    )
    url = f"/biobanks/{biobank.slug}/contact/"
    tally = Tally()
    valid = st.fixed_dictionaries(
        {
            "name": single_line(),
            "email": emails(),
            "organisation": st.one_of(st.just(""), single_line()),
            "message": texts(),
            "consent": st.just("on"),
            "website": st.just(""),
        }
    )

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            form = BiobankContactForm(form_data(data))
            before = row_counts(ContactMessage)
            response = submit(client, url, data, models=[ContactMessage], tally=tally, form=form)
            if response.status_code == 302:
                assert response["Location"].endswith("/contact/sent/")
                spam = form.is_spam()
                assert row_counts(ContactMessage)[0] == before[0] + (0 if spam else 1)
                tally["honeypot"] += spam

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


# --- Event registration ------------------------------------------------------------------------

QUESTIONS = [
    ("Your role", "single", True, [("Biobank", None), ("Researcher", None), ("Other", None)]),
    ("Subjects", "multiple", False, [("Quality", None), ("Access", None), ("Data", None)]),
    (
        "Morning workshop",
        "workshop",
        True,
        [("A1 Sample quality", 1), ("B1 Access procedures", 50)],
    ),
    ("Dietary requirements", "short_text", False, []),
    ("Drinks?", "yes_no", False, []),
    ("What to discuss", "long_text", False, []),
]


@pytest.fixture
def fuzz_event(fuzz_site):
    """An open event with every kind of question; workshop A1 (one place) is already full."""
    from events import services
    from events.models import EventFormat, EventIndexPage, EventPage, EventQuestion, QuestionOption

    start = timezone.now() + timedelta(days=30)
    event = EventPage(
        title="Fuzz day",
        slug="fuzz-day",
        summary="An event to register for.",
        start=start,
        end=start + timedelta(hours=6),
        capacity=None,
        format=EventFormat.ONLINE,
        online_url="https://meet.example.org/room",
        contact_email="events@example.org",
        questions=[
            EventQuestion(
                label=label,
                kind=kind,
                required=required,
                options=[
                    QuestionOption(name=name, places=places, sort_order=n)
                    for n, (name, places) in enumerate(options)
                ],
            )
            for label, kind, required, options in QUESTIONS
        ],
    )
    EventIndexPage.objects.get(locale__language_code="en").add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    questions = list(event.questions.all())
    services.register(
        event,
        name="First",
        email="first@example.org",
        answers={questions[0].key: "Biobank", questions[2].key: "A1 Sample quality"},
    )
    return event


def test_event_registration_form(fuzz_event, client):
    from events import services
    from events.forms import RegistrationForm
    from events.models import Registration

    event = fuzz_event
    questions = list(event.questions.all())
    full = services.workshops_full(questions, services.workshop_usage(event, questions))
    assert full, "workshop A1 should be full"
    single, multiple, workshop, short, yes_no, long = (q.key for q in questions)
    valid = st.fixed_dictionaries(
        {
            "name": single_line(),
            "email": emails(),
            "organisation": st.one_of(st.just(""), single_line()),
            "consent": st.just("on"),
            single: st.sampled_from(["Biobank", "Researcher", "Other"]),
            multiple: st.lists(
                st.sampled_from(["Quality", "Access", "Data"]), unique=True, max_size=3
            ),
            workshop: st.sampled_from(
                ["B1 Access procedures", "B1 Access procedures", "A1 Sample quality"]
            ),
            short: st.one_of(st.just(""), single_line()),
            yes_no: st.sampled_from(["yes", "no", ""]),
            long: st.one_of(st.just(""), texts()),
        }
    )
    url = f"{event.url}register/"
    tally = Tally()

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            form = RegistrationForm(form_data(data), questions=questions, full_workshops=full)
            response = submit(client, url, data, models=[Registration], tally=tally, form=form)
            if response.status_code == 200:
                assert "There is a problem" in response.content.decode()  # the error summary
            elif response.status_code == 302:
                assert response["Location"].endswith("#registration")
                tally["registered"] += Registration.objects.filter(
                    event=event, email__iexact=form.cleaned_data["email"]
                ).exists()

    run()
    tally.expect(total="examples", refused=some(0.3), accepted=some(0.02), registered=1)


# --- Partnerships (members) --------------------------------------------------------------------


def test_partner_contact_form(fuzz_site, fuzz_member_client):
    from community.models import ContactMessage
    from funding.forms import ContactPartnerForm
    from funding.models import PartnershipListing

    listing = PartnershipListing.objects.public().order_by("pk").first()
    url = f"/partnerships/{listing.pk}/contact/"
    tally = Tally()
    valid = st.fixed_dictionaries(
        {
            "name": single_line(),
            "email": emails(),
            "message": texts(),
            "website": st.just(""),
        }
    )

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            submit(
                fuzz_member_client,
                url,
                data,
                models=[ContactMessage],
                tally=tally,
                form=ContactPartnerForm(form_data(data)),
            )

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


def test_partnership_submit_form(fuzz_site, fuzz_member, fuzz_member_client):
    from community.models import Biobank, Topic
    from funding.forms import ListingForm
    from funding.models import (
        CommercialUse,
        ListingKind,
        OrganisationType,
        PartnershipListing,
        Resource,
        Sector,
    )

    today = timezone.localdate()
    topic_pks = [str(pk) for pk in Topic.objects.values_list("pk", flat=True)]
    biobank_pks = [
        str(pk) for pk in Biobank.objects.filter(withdrawn=False).values_list("pk", flat=True)[:20]
    ]
    valid = st.fixed_dictionaries(
        {
            "kind": st.sampled_from(ListingKind.values),
            "title": single_line(),
            "summary": single_line(),
            "description": texts(),
            "organisation_name": single_line(),
            "organisation_type": st.sampled_from(OrganisationType.values),
            "sector": st.sampled_from(Sector.values),
            "country": st.sampled_from(["", "NL", "BE", "FR", "DE"]),
            "resources": st.lists(st.sampled_from(Resource.values), min_size=1, unique=True),
            "topics": st.lists(st.sampled_from(topic_pks), unique=True, max_size=3),
            "biobanks": st.lists(st.sampled_from(biobank_pks), unique=True, max_size=3),
            "trl": st.sampled_from([""] + [str(level) for level in range(1, 10)]),
            "commercial_use": st.sampled_from(CommercialUse.values),
            "commercial_terms": st.one_of(st.just(""), texts(200)),
            "contact_role": single_line(),
            "contact_email": emails(),
            "expires_on": st.integers(min_value=0, max_value=366).map(
                lambda days: (today + timedelta(days=days)).isoformat()
            ),
        }
    )
    dates = st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "2027-02-30",
            "2027-13-01",
            "today",
            "31-12-2027",
            "2027-12-31T00:00",
            "+10000-01-01",
            "1e9",
        ]
    )
    models = [
        PartnershipListing,
        PartnershipListing.topics.through,
        PartnershipListing.biobanks.through,
    ]
    tally = Tally()

    @given(data=form_posts(valid), odd_date=st.one_of(st.none(), dates))
    def run(data, odd_date):
        if odd_date is not None:
            data["expires_on"] = odd_date
        with one_example():
            form = ListingForm(form_data(data))
            response = submit(
                fuzz_member_client,
                "/partnerships/submit/",
                data,
                models=models,
                tally=tally,
                form=form,
            )
            if response.status_code == 302:
                listing = PartnershipListing.objects.order_by("-pk").first()
                assert response["Location"].endswith(f"/{listing.pk}/")
                # Whatever keys came with it, a submission waits for an editor.
                assert listing.status == "pending" and listing.submitted_by == fuzz_member

    run()
    tally.expect(total="examples", refused=some(0.15), accepted=some(0.02))


# --- Working groups and funding alerts (members) -----------------------------------------------


def test_working_group_join_request_form(fuzz_site, fuzz_member, fuzz_member_client):
    from community.forms.groups import JoinRequestForm
    from community.models import JoinRequest, WorkingGroupPage

    group = next(page for page in WorkingGroupPage.objects.live() if not page.is_open)
    url = f"{group.url}request/"
    tally = Tally()
    valid = st.fixed_dictionaries({"motivation": texts()})

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            response = submit(
                fuzz_member_client,
                url,
                data,
                models=[JoinRequest],
                tally=tally,
                form=JoinRequestForm(form_data(data)),
            )
            if response.status_code == 302:
                assert JoinRequest.objects.filter(group_page=group, user=fuzz_member).exists()

    run()
    tally.expect(total="examples", refused=some(0.05), accepted=some(0.02))


def _messages(response) -> list:
    return list(get_messages(response.wsgi_request))


def test_save_call_filter_form(fuzz_site, fuzz_member_client):
    """ "Save as alert" on /funding/: a named filter is saved, or nothing is and the reader is
    told why (the list is shown again with an error message)."""
    from community.models import StakeholderType, Topic
    from funding.filters import CALL_FILTERS, CallFilterForm
    from funding.forms import SaveFilterForm
    from funding.models import CallStatus, Funder, SavedFilter

    choices = {
        "funder": st.sampled_from(list(Funder.objects.values_list("slug", flat=True))),
        "topic": st.sampled_from(list(Topic.objects.values_list("slug", flat=True))),
        "stakeholder": st.sampled_from(StakeholderType.values),
        "amount": st.integers(min_value=0, max_value=10**12).map(str),
    }
    valid = st.builds(  # a name, one filter, and sometimes a status (which is not saved)
        lambda name, chosen, status: {"name": name, **dict([chosen]), **status},
        single_line(),
        st.one_of(*(st.tuples(st.just(key), values) for key, values in choices.items())),
        st.fixed_dictionaries({}, optional={"status": st.sampled_from(CallStatus.values)}),
    )
    tally = Tally()

    @given(data=form_posts(valid))
    def run(data):
        with one_example():
            posted = form_data(data)
            filters = {
                key: value
                for key, value in CallFilterForm(posted).filters().items()
                if key in CALL_FILTERS and key != "status"
            }
            should_save = bool(filters) and SaveFilterForm(posted).is_valid()
            before = row_counts(SavedFilter)
            response = post(fuzz_member_client, "/funding/alerts/save/", data)
            tally["examples"] += 1
            assert response.status_code == 302
            assert urlsplit(response["Location"]).path == "/funding/"
            levels = {message.level for message in _messages(response)}
            saved = row_counts(SavedFilter)[0] - before[0]
            assert saved == (1 if should_save else 0), (data, filters)
            if saved:
                tally["accepted"] += 1
                assert constants.SUCCESS in levels
            else:
                tally["refused"] += 1
                assert constants.ERROR in levels, "a refused alert must say why"

    run()
    tally.expect(total="examples", refused=some(0.1), accepted=some(0.02))


def test_follow_call_button(fuzz_site, fuzz_member, fuzz_member_client):
    from funding.models import CallFollow, FundingCallPage

    call = FundingCallPage.objects.live().order_by("pk").first()
    url = f"{call.url}follow/"
    tally = Tally()

    # One input, no text to validate: a tenth of the examples covers it.
    @settings(max_examples=max(20, examples_wanted() // 10))
    @given(
        action=st.one_of(st.sampled_from(["follow", "unfollow"]), junk_value()),
        already=st.booleans(),
    )
    @example(action="unfollow", already=True)
    @example(action="follow", already=False)
    def run(action, already):
        with one_example():
            if already:
                CallFollow.objects.get_or_create(user=fuzz_member, call=call)
            response = post(fuzz_member_client, url, {} if action is None else {"action": action})
            assert response.status_code == 302 and response["Location"] == call.url
            last = action[-1] if isinstance(action, list) else action
            following = CallFollow.objects.filter(user=fuzz_member, call=call).exists()
            assert following == (last != "unfollow")
            tally["examples"] += 1
            tally["following" if following else "not following"] += 1

    run()
    assert tally["examples"] >= max(20, examples_wanted() // 10)
    assert tally["following"] and tally["not following"], tally


# (Writing to a partner needs no account, like writing to a biobank: not a member form.)
MEMBER_FORMS = [
    "/partnerships/submit/",
    "/working-groups/{group}/request/",
    "/funding/alerts/save/",
    "{call}follow/",
]


def test_member_forms_refuse_anonymous_posts(fuzz_site, client):
    """Signed out, every member form sends the reader to the login page and writes nothing
    (fewer examples: the form is never read)."""
    from community.models import ContactMessage, JoinRequest, WorkingGroupPage
    from funding.models import (
        CallFollow,
        FundingCallPage,
        PartnershipListing,
        SavedFilter,
    )

    names = {
        "listing": PartnershipListing.objects.public().order_by("pk").first().pk,
        "group": next(p for p in WorkingGroupPage.objects.live() if not p.is_open).slug,
        "call": FundingCallPage.objects.live().order_by("pk").first().url,
    }
    urls = [url.format(**names) for url in MEMBER_FORMS]
    models = [PartnershipListing, ContactMessage, JoinRequest, SavedFilter, CallFollow]
    fields = st.dictionaries(
        st.sampled_from(["title", "name", "message", "motivation", "action", "topic"]),
        nasty_text(),
        max_size=4,
    )
    tally = Tally()

    def member_form(url):
        @settings(max_examples=max(5, examples_wanted() // 50))
        @given(data=fields)
        def run(data):
            with one_example():
                before = row_counts(*models)
                response = post(client, url, data)
                assert response.status_code == 302, (url, response.status_code)
                assert urlsplit(response["Location"]).path == "/accounts/login/"
                assert row_counts(*models) == before
                tally[url] += 1

        return run

    for url in urls:
        member_form(url)()
    assert set(tally) == set(urls), tally


# --- The display switch ------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x20\x7f]")


def test_display_switch_form(fuzz_site, client):
    """Whatever `action` and `next` say, the switch redirects within the site and stores a
    valid preference."""
    tally = Tally()
    nexts = st.one_of(
        st.sampled_from(
            [
                "/",
                "/events/",
                "/biobanks/?q=x",
                "//evil.example/",
                "/\\evil.example",
                "https://evil.example/",
                "http://testserver/news/",
                "javascript:x",
                "/%0d%0aSet-Cookie:x=1",
                "/\r\nLocation: https://evil.example",
                "\x00/",
                "/\x00",
                "///evil.example",
                "\\\\evil.example",
                "/\t/evil",
            ]
        ),
        nasty_text(),
    )

    @given(
        data=st.fixed_dictionaries(
            {},
            optional={
                "action": st.one_of(
                    st.sampled_from(["larger", "smaller", "contrast", "reset"]), junk_value()
                ),
                "next": st.one_of(nexts, st.lists(nexts, min_size=2, max_size=3)),
            },
        ),
        cookie=st.one_of(
            st.none(),
            st.sampled_from(["large.high", "larger.normal", "x.y"]),
            nasty_text().map(
                lambda text: text.encode("ascii", "ignore").decode().replace(";", "").strip()
            ),
        ),
    )
    def run(data, cookie):
        data = {key: value for key, value in data.items() if value is not None}
        with one_example():
            client.cookies.clear()
            if cookie:
                client.cookies["display"] = cookie
            response = post(client, "/display/", data)
            assert response.status_code == 302
            location = response["Location"]
            assert not CONTROL.search(location), location
            # Where a browser goes: resolved against the page that posted.
            target = urlsplit(urljoin("http://testserver/display/", location))
            assert (target.scheme, target.netloc) == ("http", "testserver"), location
            size, _dot, contrast = response.cookies["display"].value.partition(".")
            assert size in ("normal", "large", "larger") and contrast in ("normal", "high")
            tally["examples"] += 1
            tally["elsewhere" if location != "/" else "home"] += 1

    run()
    tally.expect(total="examples", elsewhere=1, home=1)
