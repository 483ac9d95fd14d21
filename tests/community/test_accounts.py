"""Accounts: sign-up and login (allauth) in the site layout, profile, My account, download my
data, delete my account."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from community import personal_data
from community.models import Profile, Subscriber
from tests.community.commits import production_commits

User = get_user_model()
EMAIL = "member@example.org"
PASSWORD = "a-Long-passw0rd!"  # the user_factory default
NEW_PASSWORD = "Cryo-Vial-Freezer-42!"
NAME = {"first_name": "Grace", "last_name": "Hopper"}  # sign-up asks for the member's name


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits count in the cache; every test starts afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _mails_go_as_in_production():
    """allauth's mails go through the outbox, handed to the worker when the request's work
    commits (the tests' task backend sends them at once): commit as production does."""
    with production_commits():
        yield


@pytest.fixture
def member(user_factory):
    return user_factory(EMAIL, first_name="Ada", last_name="Lovelace")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def subscribe(email, confirmed=True):
    return Subscriber.objects.create(
        email=email,
        consent_text="I agree to receive the newsletter.",
        consent_version="test-v1",
        confirmed_at=timezone.now() if confirmed else None,
    )


def html(response):
    return response.content.decode()


def main(response):
    """The page's <main> (the header has a search field of its own)."""
    return html(response).split("<main", 1)[1].split("</main>", 1)[0]


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def assert_site_layout(response):
    page = html(response)
    assert response.status_code == 200
    assert re.search(r'<html lang="[a-z]', page), "no lang on <html>"
    assert '<main id="main"' in page
    assert 'class="skip-link"' in page
    assert page.count("<h1") == 1, "exactly one <h1>"
    assert "Menu:" not in page, "allauth's stock layout leaked through"


# --- Sign-up, verification, login -----------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_sends_verification_mail_and_login_waits_for_it(client):
    response = client.post(
        "/accounts/signup/",
        {
            **NAME,
            "email": "New.Member@Example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert logged_in_user_id(client) is None

    user = User.objects.get(email__iexact="new.member@example.org")
    assert Profile.objects.filter(user=user).exists(), "every new user gets a profile"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert [address.lower() for address in message.to] == ["new.member@example.org"]
    assert (user.first_name, user.last_name) == ("Grace", "Hopper"), "the name is stored"
    # The mail is in the site's words: its name in the subject, the member greeted by name,
    # what to do if it was not them, signed by the site.
    assert message.subject == "Confirm your e-mail address for Biobank Community Hub"
    assert message.body.startswith("Hello Grace,")
    assert "Thank you for signing up to Biobank Community Hub" in message.body
    assert "If you did not sign up, you can ignore this mail" in message.body
    assert "The Biobank Community Hub team" in message.body
    for stock in ("Please Confirm", "Hello from", "You're receiving", user.username):
        assert stock not in message.subject + message.body, stock
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert link, message.body

    # Before the link is followed, the password alone does not let them in.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new.member@example.org", "password": NEW_PASSWORD}
    )
    assert logged_in_user_id(client) is None
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"  # "check your inbox" again
    assert client.get("/accounts/")["Location"] == "/accounts/login/?next=/accounts/"

    # The link shows a confirmation page in the site layout; confirming verifies the address.
    confirm_page = client.get(link.group(1))
    assert_site_layout(confirm_page)
    assert "Confirm" in html(confirm_page)
    client.post(link.group(1))
    assert EmailAddress.objects.get(user=user).verified

    # Now logging in works and lands on My account, which shows their address.
    client.logout()
    response = client.post(
        "/accounts/login/",
        {"login": "new.member@example.org", "password": NEW_PASSWORD},
        follow=True,
    )
    assert logged_in_user_id(client) == str(user.pk)
    assert response.redirect_chain[-1][0] == "/accounts/"
    assert_site_layout(response)
    assert user.email in html(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "error"),
    [("short1", "too short"), ("password123", "too common"), ("12345678901", "entirely numeric")],
)
def test_sign_up_with_a_rejected_password_shows_why_and_creates_nobody(client, password, error):
    response = client.post(
        "/accounts/signup/",
        {**NAME, "email": "someone@example.org", "password1": password, "password2": password},
    )
    assert_site_layout(response)
    page = html(response)
    assert 'class="errorlist"' in page
    assert error in page
    assert 'aria-invalid="true"' in page
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_sign_up_with_mismatched_passwords_shows_an_error(client):
    response = client.post(
        "/accounts/signup/",
        {
            **NAME,
            "email": "someone@example.org",
            "password1": NEW_PASSWORD,
            "password2": "other-Pass1!",
        },
    )
    assert "You must type the same password each time" in html(response)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signing_up_twice_with_one_address_makes_no_second_user(client, member):
    response = client.post(
        "/accounts/signup/",
        {**NAME, "email": EMAIL.upper(), "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    # Enumeration prevention: the same "check your inbox" answer as a real sign-up ...
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert User.objects.get().check_password(PASSWORD), "the existing account is untouched"
    # ... and the owner of the address hears that someone tried.
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert "There already is an account with this address" in mail.outbox[0].body
    assert mail.outbox[0].subject == "You already have an account on Biobank Community Hub"


@pytest.mark.django_db
def test_login_with_a_wrong_password_shows_an_error_in_the_layout(client, member):
    response = client.post("/accounts/login/", {"login": EMAIL, "password": "wrong-password"})
    assert_site_layout(response)
    assert 'role="alert"' in html(response)
    assert "not correct" in html(response)
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_lands_on_my_account(client, member):
    response = client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert logged_in_user_id(client) == str(member.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"first_name": ""}, "Enter your first name."),
        ({"last_name": "   "}, "Enter your last name."),
        ({"first_name": "Grace\nHopper"}, "Write your name on one line."),
    ],
)
def test_sign_up_without_a_name_is_refused_with_a_message_and_creates_nobody(
    client, missing, message
):
    form = {"email": "someone@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post("/accounts/signup/", {**form, **NAME, **missing})
    assert_site_layout(response)
    page = html(response)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert not User.objects.exists() and not EmailAddress.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_sign_up_page_says_what_membership_gives_and_asks_for_a_name(client):
    page = main(client.get("/accounts/signup/"))
    assert "<h1>Sign up</h1>" in page
    for benefit in ("join working groups", "register for events", "funding calls", "newsletter"):
        assert benefit in page, benefit
    assert '<label for="id_first_name">First name' in page
    assert '<label for="id_last_name">Last name' in page
    assert '<label for="id_email">E-mail address' in page
    assert 'autocomplete="given-name"' in page
    for stock in ("Sign Up", "Signup", ">Email<", "placeholder="):
        assert stock not in page, stock


@pytest.mark.django_db
def test_login_page_says_log_in_and_e_mail_in_the_sites_words(client):
    page = main(client.get("/accounts/login/"))
    assert "<h1>Log in</h1>" in page
    assert '<label for="id_login">E-mail address' in page
    assert '<label for="id_remember">Keep me logged in' in page
    assert ">Log in</button>" in page
    assert 'href="/accounts/signup/"' in page and 'href="/accounts/password/reset/"' in page
    for stock in ("Sign In", "Sign in", "Remember Me", ">Email<", "placeholder="):
        assert stock not in page, stock


@pytest.mark.django_db
def test_password_reset_mail_reads_in_the_sites_voice(client, member):
    client.post("/accounts/password/reset/", {"email": EMAIL})
    [message] = mail.outbox
    assert message.subject == "Reset your password for Biobank Community Hub"
    assert message.body.startswith("Hello Ada,")
    assert "If this was not you, you can ignore this mail" in message.body
    assert "The Biobank Community Hub team" in message.body
    assert "Password Reset" not in message.subject + message.body


@pytest.mark.django_db
def test_confirming_it_is_you_asks_for_the_password_in_the_sites_words(member_client):
    response = member_client.get("/accounts/reauthenticate/")
    assert_site_layout(response)
    page = main(response)
    assert "<h1>Confirm it is you</h1>" in page
    assert '<label for="id_password">Password' in page
    assert "Confirm Access" not in page and "placeholder=" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("account/account_inactive.html", "This account is closed"),
        ("account/signup_closed.html", "Sign-up is closed"),
        ("account/verified_email_required.html", "Confirm your e-mail address"),
    ],
)
def test_allauths_other_pages_speak_the_sites_words(rf, member, template, words):
    from django.template.loader import render_to_string

    request = rf.get("/accounts/")
    request.user = member
    page = render_to_string(template, request=request)
    assert f"<h1>{words}</h1>" in page and "<main" in page
    assert "Email" not in page.split("<main", 1)[1]


# --- allauth's pages inside the site layout ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "labels"),
    [
        ("/accounts/login/", ["id_login", "id_password"]),
        (
            "/accounts/signup/",
            ["id_first_name", "id_last_name", "id_email", "id_password1", "id_password2"],
        ),
        ("/accounts/password/reset/", ["id_email"]),
        ("/accounts/password/reset/done/", []),
        ("/accounts/confirm-email/", []),
        ("/accounts/confirm-email/not-a-real-key/", []),
        ("/accounts/password/reset/key/done/", []),
    ],
)
def test_anonymous_account_pages_render_in_the_site_layout(client, path, labels):
    response = client.get(path)
    assert_site_layout(response)
    page = html(response)
    for field_id in labels:
        assert f'<label for="{field_id}"' in page, f"{field_id} has no label"
        assert f'id="{field_id}"' in page
    assert 'aria-label="Your account"' not in page, "no account sub-navigation for visitors"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "labels"),
    [
        ("/accounts/email/", ["id_email"]),
        ("/accounts/password/change/", ["id_oldpassword", "id_password1", "id_password2"]),
        ("/accounts/logout/", []),
        ("/accounts/", []),
        ("/accounts/profile/", ["id_first_name", "id_last_name", "id_organisation"]),
        ("/accounts/data/", []),
        ("/accounts/delete/", ["id_password", "id_confirm"]),
    ],
)
def test_account_management_pages_render_in_the_site_layout_with_sub_navigation(
    member_client, path, labels
):
    response = member_client.get(path)
    assert_site_layout(response)
    page = html(response)
    assert 'aria-label="Your account"' in page
    for name in [
        "My account",
        "Profile",
        "E-mail addresses",
        "Password",
        "Download my data",
        "Delete account",
    ]:
        assert f">{name}</a>" in page
    assert 'aria-current="page"' in page or path == "/accounts/logout/"
    for field_id in labels:
        assert f'<label for="{field_id}"' in page, f"{field_id} has no label"


@pytest.mark.django_db
def test_password_reset_by_mail_and_change_in_the_site_layout(client, member):
    response = client.post("/accounts/password/reset/", {"email": EMAIL}, follow=True)
    assert_site_layout(response)
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    response = client.get(link.group(1), follow=True)  # allauth moves the key into the session
    assert_site_layout(response)
    set_password_url = response.redirect_chain[-1][0]
    assert '<label for="id_password1"' in html(response)

    response = client.post(set_password_url, {"password1": "short", "password2": "short"})
    assert "too short" in html(response)

    response = client.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert_site_layout(response)
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_password_change_errors_show_next_to_the_field(member_client):
    response = member_client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    page = html(response)
    assert_site_layout(response)
    assert 'id="id_oldpassword_error"' in page
    assert re.search(r'aria-describedby="[^"]*id_oldpassword_error', page)


@pytest.mark.django_db
def test_changing_the_e_mail_address_sends_a_verification_mail(member_client, member):
    response = member_client.post("/accounts/email/", {"action_add": "", "email": "not-an-address"})
    assert_site_layout(response)
    assert 'class="errorlist"' in html(response)
    assert 'aria-invalid="true"' in html(response)

    response = member_client.post(
        "/accounts/email/", {"action_add": "", "email": "ada@example.net"}, follow=True
    )
    assert_site_layout(response)
    assert [m.to for m in mail.outbox] == [["ada@example.net"]]
    added = EmailAddress.objects.get(user=member, email="ada@example.net")
    assert not added.verified
    assert "ada@example.net" in html(response)


# --- Profile ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_user_gets_a_profile(user_factory):
    user = user_factory("someone@example.org")
    assert Profile.objects.get(user=user).organisation == ""
    admin = User.objects.create_superuser("admin", "admin@example.org", "x")
    assert Profile.objects.filter(user=admin).exists()


@pytest.mark.django_db
def test_profile_edit_saves_name_and_profile(member_client, member):
    response = member_client.post(
        "/accounts/profile/",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "organisation": "Example Biobank",
            "country": "NL",
            "stakeholder_type": "biobank",
        },
        follow=True,
    )
    assert response.redirect_chain == [("/accounts/", 302)]
    page = html(response)
    assert "Your profile has been saved." in page
    for shown in ["Grace Hopper", "Example Biobank", "Netherlands", "Biobank or collection"]:
        assert shown in page
    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("Grace", "Hopper")
    profile = Profile.objects.get(user=member)
    assert (profile.organisation, profile.country.code, profile.stakeholder_type) == (
        "Example Biobank",
        "NL",
        "biobank",
    )


@pytest.mark.django_db
def test_profile_form_has_autocomplete_and_a_labelled_choice_group(member_client):
    page = html(member_client.get("/accounts/profile/"))
    for field, token in [
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("organisation", "organization"),
        ("country", "country"),
    ]:
        tag = re.search(rf'<(input|select)[^>]*name="{field}"[^>]*>', page).group(0)
        assert f'autocomplete="{token}"' in tag, tag
    assert "<legend>I am involved as" in page
    assert "Lovelace" in page, "the form starts from the saved name"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("country", "XX", "Select a valid choice"),
        ("organisation", "x" * 201, "at most 200 characters"),
        ("stakeholder_type", "alien", "Select a valid choice"),
        ("first_name", "y" * 151, "at most 150 characters"),
    ],
)
def test_profile_edit_rejects_bad_input_and_saves_nothing(
    member_client, member, field, value, error
):
    data = {
        "first_name": "Changed",
        "last_name": "Changed",
        "organisation": "Changed",
        "country": "BE",
        "stakeholder_type": "funder",
        field: value,
    }
    response = member_client.post("/accounts/profile/", data)
    assert response.status_code == 200
    page = html(response)
    assert error in page
    assert f'id="id_{field}_error"' in page
    assert "Your profile has been saved." not in page
    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("Ada", "Lovelace")
    profile = Profile.objects.get(user=member)
    assert (profile.organisation, profile.country, profile.stakeholder_type) == ("", "", "")


# --- Login required ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/",
        "/accounts/profile/",
        "/accounts/data/",
        "/accounts/delete/",
        "/accounts/email/",
        "/accounts/password/change/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_account_pages_send_visitors_to_login(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


# --- My account -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("confirmed", "expected"),
    [
        (None, "You are not subscribed to the newsletter."),
        (False, "waiting for confirmation"),
        (True, f"You receive the newsletter at {EMAIL}."),
    ],
)
def test_my_account_shows_details_and_newsletter_status(member_client, member, confirmed, expected):
    if confirmed is not None:
        subscribe(EMAIL, confirmed=confirmed)
    Profile.objects.filter(user=member).update(
        organisation="Example Biobank", country="FR", stakeholder_type="researcher"
    )
    response = member_client.get("/accounts/")
    page = html(response)
    assert_site_layout(response)
    for shown in ["Ada Lovelace", EMAIL, "Example Biobank", "France", "Researcher", expected]:
        assert shown in page
    for url in [
        "/accounts/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/data/",
        "/accounts/delete/",
        "/newsletter/",
    ]:
        assert f'href="{url}"' in page


# --- Download my data -------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_page_explains_and_offers_a_button(member_client):
    response = member_client.get("/accounts/data/")
    page = html(response)
    assert response["Content-Type"].startswith("text/html")
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert "newsletter" in page.lower()


@pytest.mark.django_db
def test_download_my_data_returns_everything_but_the_password(member_client, member):
    Profile.objects.filter(user=member).update(
        organisation="Example Biobank", country="NL", stakeholder_type="patient"
    )
    EmailAddress.objects.create(user=member, email="ada@example.net", verified=True)
    EmailAddress.objects.create(user=member, email="not-mine@example.com", verified=False)
    subscribe(EMAIL, confirmed=True)
    subscribe("not-mine@example.com")  # somebody else's: an unverified address proves nothing

    response = member_client.post("/accounts/data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{today}.json"'
    body = response.content.decode()
    assert "\n  " in body, "pretty-printed"
    assert "password" not in body.lower()
    assert member.password not in body

    data = json.loads(body)
    account = data["account"]
    assert account["email"] == EMAIL
    assert (account["first_name"], account["last_name"]) == ("Ada", "Lovelace")
    assert account["date_joined"].startswith(str(member.date_joined.year))
    assert {"email": EMAIL, "verified": True, "primary": True} in account["email_addresses"]
    assert {"email": "not-mine@example.com", "verified": False, "primary": False} in (
        account["email_addresses"]
    )
    profile = account["profile"]
    assert profile["organisation"] == "Example Biobank"
    assert profile["country"] == {"code": "NL", "name": "Netherlands"}
    assert profile["stakeholder_type"] == {
        "code": "patient",
        "label": "Patient or participant representative",
    }
    assert [s["email"] for s in data["newsletter"]] == [EMAIL]
    assert data["newsletter"][0]["status"] == "subscribed"
    assert data["newsletter"][0]["consent_text"] == "I agree to receive the newsletter."


@pytest.mark.django_db
def test_download_my_data_names_the_language_of_my_mails(member_client, member):
    Profile.objects.filter(user=member).update(language="nl")
    profile = json.loads(member_client.post("/accounts/data/").content)["account"]["profile"]
    assert profile["language"] == {"code": "nl", "name": "Dutch"}
    # Downloaded from the Dutch pages: the name in Dutch.
    profile = json.loads(member_client.post("/nl/accounts/data/").content)["account"]["profile"]
    assert profile["language"] == {"code": "nl", "name": "Nederlands"}
    Profile.objects.filter(user=member).update(language="")
    profile = json.loads(member_client.post("/accounts/data/").content)["account"]["profile"]
    assert profile["language"] is None  # never chosen: mails in the site's default


@pytest.mark.django_db
def test_download_needs_csrf(member):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(member)
    assert csrf_client.post("/accounts/data/").status_code == 403


@pytest.mark.django_db
def test_an_app_joins_download_and_deletion_with_one_hook(member_client, member):
    from wagtail import hooks

    erased = []

    def reading_list():
        return personal_data.Section(
            "reading_list",
            "Your reading list",
            export=lambda user: [{"title": "Quality", "saved_at": user.date_joined}],
            erase=lambda user: erased.append(user.pk),
        )

    with hooks.register_temporarily("hub_personal_data", reading_list):
        data = json.loads(member_client.post("/accounts/data/").content)
        assert data["reading_list"][0]["title"] == "Quality"
        assert "Your reading list" in html(member_client.get("/accounts/delete/"))

        pk = member.pk
        member_client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert erased == [pk]
    assert not get_user_model().objects.filter(pk=pk).exists()


# --- Delete my account ------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_page_explains_what_goes_and_what_stays(member_client):
    page = html(member_client.get("/accounts/delete/"))
    assert "cannot be undone" in page
    assert "newsletter" in page.lower()
    assert "stay on the site" in page
    assert 'autocomplete="current-password"' in page


@pytest.mark.django_db
def test_delete_with_a_wrong_password_deletes_nothing(member_client, member):
    subscribe(EMAIL)
    response = member_client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "The password is not correct." in html(response)
    assert User.objects.filter(pk=member.pk).exists()
    assert Profile.objects.filter(user=member).exists()
    assert Subscriber.objects.filter(email=EMAIL).exists()
    assert logged_in_user_id(member_client) == str(member.pk)


@pytest.mark.django_db
def test_delete_needs_the_confirmation_box(member_client, member):
    response = member_client.post("/accounts/delete/", {"password": PASSWORD})
    assert "Tick the box" in html(response)
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_delete_removes_account_and_personal_data_and_keeps_their_pages(
    member_client, member, home_page
):
    page = home_page
    page.owner = member
    page.save(update_fields=["owner"])
    revision = page.save_revision(user=member, log_action=True)
    EmailAddress.objects.create(user=member, email="Ada@Example.net", verified=True)
    subscribe(EMAIL)
    subscribe("ada@example.net", confirmed=False)
    stranger = subscribe("stranger@example.org")
    # Anyone can add an address they don't own; that must not unsubscribe its owner.
    EmailAddress.objects.create(user=member, email="claimed@example.com", verified=False)
    owner_of_claimed = subscribe("claimed@example.com")
    pk = member.pk

    response = member_client.post(
        "/accounts/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    assert "Your account and personal data have been deleted." in html(response)
    assert logged_in_user_id(member_client) is None
    assert member_client.get("/accounts/").status_code == 302

    assert not User.objects.filter(pk=pk).exists()
    assert not Profile.objects.filter(user_id=pk).exists()
    assert not EmailAddress.objects.filter(user_id=pk).exists()
    assert set(Subscriber.objects.all()) == {stranger, owner_of_claimed}
    page.refresh_from_db()
    assert page.live and page.owner is None
    revision.refresh_from_db()
    assert revision.user is None


@pytest.mark.django_db
def test_wrong_passwords_on_delete_are_rate_limited(member_client, member):
    for _ in range(10):
        member_client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    response = member_client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 429
    assert "Too many attempts" in html(response)
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_superusers_cannot_delete_themselves(client, user_factory):
    admin = user_factory("admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = html(client.get("/accounts/delete/"))
    assert "Administrator accounts cannot be deleted here" in page
    assert 'name="password"' not in page

    response = client.post(
        "/accounts/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert "Administrator accounts cannot be deleted here." in html(response)
    assert User.objects.filter(pk=admin.pk).exists()
    assert logged_in_user_id(client) == str(admin.pk)


# --- Sign-up costs the same for a new and an existing address ---------------------------------


@pytest.fixture
def hash_calls(monkeypatch):
    """Counts the configured password hasher's `encode` calls (the costly part of a sign-up)."""
    from django.contrib.auth.hashers import get_hasher

    hasher_class = type(get_hasher())
    original = hasher_class.encode
    calls = []

    def encode(self, password, salt, *args, **kwargs):
        calls.append(password)
        return original(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher_class, "encode", encode)
    return calls


@pytest.mark.django_db
def test_sign_up_hashes_the_password_for_an_existing_address_too(client, member, hash_calls):
    """Enumeration by timing: an existing address must not answer faster (no hash, no user)."""
    form = {**NAME, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    new = client.post("/accounts/signup/", {"email": "newcomer@example.org", **form})
    new_hashes = len(hash_calls)
    hash_calls.clear()
    client.logout()
    existing = client.post("/accounts/signup/", {"email": EMAIL, **form})

    assert new.status_code == existing.status_code == 302
    assert new["Location"] == existing["Location"], "the same answer for both"
    assert new_hashes >= 1
    assert len(hash_calls) == new_hashes, "the existing address skipped the password hashing"
    assert hash_calls == [NEW_PASSWORD] * new_hashes
    assert User.objects.get(email=EMAIL).check_password(PASSWORD), "the account is untouched"


@pytest.mark.django_db
def test_a_changed_password_is_told_to_the_member_with_a_way_back(
    member_client, django_capture_on_commit_callbacks
):
    """Had someone else changed it, the member learns of it and can take the account back."""
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert response.status_code == 302
    [notice] = [message for message in mail.outbox if message.to == [EMAIL]]
    assert notice.subject == "Your password for Biobank Community Hub is changed"
    assert notice.body.startswith("Hello Ada,")
    assert "If it was not you" in notice.body
    assert "/accounts/password/reset/" in notice.body
