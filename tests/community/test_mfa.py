"""Two-factor sign-in (allauth.mfa): required before the admin opens for everyone who can reach
it (editors, moderators, organisers, superusers), optional for members.

The rest of the suite logs staff in with `force_login` and turns the requirement off in its
settings (HUB_REQUIRE_MFA_FOR_STAFF); every test here turns it back on and signs in for real.
"""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group
from django.core.cache import cache

from events.permissions import organisers_group

PASSWORD = "a-Long-passw0rd!"  # the user_factory default
SETUP_URL = "/accounts/2fa/totp/activate/"
REQUIRED = "Two-factor sign-in is required for everyone who can open the administration"


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.HUB_REQUIRE_MFA_FOR_STAFF = True
    # One step of clock drift either way, so a code made here never straddles a 30 s boundary.
    settings.MFA_TOTP_TOLERANCE = 1
    cache.clear()  # rate limits and allauth's "code already used" markers
    yield
    cache.clear()


@pytest.fixture
def editor(user_factory):
    return user_factory("editor@example.org", is_staff=True, is_superuser=True)


def code_for(secret):
    """What the member's authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def html(response):
    return response.content.decode()


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def confirm_password(client, next_url=SETUP_URL):
    return client.post(
        "/accounts/reauthenticate/", {"password": PASSWORD, "next": next_url}, follow=True
    )


def assert_site_layout(response):
    page = html(response)
    assert response.status_code == 200
    assert re.search(r'<html lang="[a-z]', page), "no lang on <html>"
    assert '<main id="main"' in page
    assert page.count("<h1") == 1, "exactly one <h1>"
    assert "Menu:" not in page, "allauth's stock layout leaked through"


# --- Required before the admin opens -----------------------------------------------------------


@pytest.mark.django_db
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, editor):
    assert sign_in(client, editor.email).status_code == 302

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP_URL)
    # allauth asks for the password again before an authenticator is added.
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert REQUIRED in html(page), "the page says why"
    assert_site_layout(page)
    page = confirm_password(client)
    assert_site_layout(page)
    assert 'src="data:image/svg+xml;base64,' in html(page), "the QR code is shown"
    # Pages below /admin/ (the organiser tools among them) are held back the same way.
    assert client.get("/admin/pages/")["Location"].startswith(SETUP_URL)


# A real commit: allauth announces the new authenticator (the signal that marks this session as
# having shown the second factor) only once the transaction is committed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_activating_an_authenticator_app_opens_the_admin(client, editor):
    sign_in(client, editor.email)
    page = html(confirm_password(client))
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]{16,})"', page).group(1)

    response = client.post(SETUP_URL, {"code": code_for(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=editor, type=Authenticator.Type.RECOVERY_CODES
    ).exists()

    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_login_asks_staff_for_the_code_and_then_the_admin_opens(client, editor):
    secret = with_totp(editor)
    response = sign_in(client, editor.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session, "not signed in on the password alone"
    assert_site_layout(client.get("/accounts/2fa/authenticate/"))

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in html(wrong)
    assert "_auth_user_id" not in client.session

    client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_session_made_without_the_second_factor_must_give_the_code(client, editor):
    """Wagtail's own /admin/login/ form checks the password only: the code is asked before the
    admin opens."""
    secret = with_totp(editor)
    response = client.post("/admin/login/", {"username": editor.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(editor.pk), response

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert_site_layout(client.get(response["Location"]))

    response = client.post(response["Location"], {"code": code_for(secret)})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


@pytest.mark.django_db
def test_a_password_only_session_cannot_swap_the_authenticator_for_its_own(client, editor):
    """Someone who knows only the password signs in at /admin/login/ and tries to remove the
    authenticator (allauth asks for the password again, which they know) to add their own."""
    with_totp(editor)
    client.post("/admin/login/", {"username": editor.email, "password": PASSWORD})
    confirm_password(client, next_url="/accounts/2fa/totp/deactivate/")
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith(
        "/accounts/2fa/reauthenticate/"
    )
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/reauthenticate/")


@pytest.mark.django_db
def test_a_password_only_session_reads_nothing_until_the_code_is_given(client, user_factory):
    """Outside /admin/ too: members-only pages, My account. A member who turned two-factor on
    is held to it however they signed in."""
    from wagtail.models import PageViewRestriction

    from tests.factories import AboutPageFactory

    member = user_factory("member@example.org")
    secret = with_totp(member)
    about = AboutPageFactory()
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    client.post("/admin/login/", {"username": member.email, "password": PASSWORD})
    for path in ("/about/", "/accounts/", "/accounts/data/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), path
    client.post("/accounts/2fa/reauthenticate/", {"code": code_for(secret)})
    assert client.get("/about/").status_code == 200


@pytest.mark.django_db
def test_staff_without_an_authenticator_see_no_members_only_page_before_setting_one_up(
    client, editor
):
    from wagtail.models import PageViewRestriction

    from tests.factories import AboutPageFactory

    about = AboutPageFactory()
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    sign_in(client, editor.email)
    assert client.get("/about/")["Location"].startswith(SETUP_URL)
    assert client.get("/accounts/").status_code == 200  # the account pages stay open


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["organisers", "Partnership moderators"])
def test_organisers_and_moderators_need_it_too(client, user_factory, group):
    """Not staff, but their group may open the admin (wagtailadmin.access_admin)."""
    user = user_factory("helper@example.org")
    user.groups.add(organisers_group() if group == "organisers" else Group.objects.get(name=group))
    sign_in(client, user.email)
    assert client.get("/admin/")["Location"].startswith(SETUP_URL)


@pytest.mark.django_db
def test_signing_out_of_the_admin_is_never_held_back(client, editor):
    sign_in(client, editor.email)
    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_setting_turns_the_requirement_off(client, editor, settings):
    settings.HUB_REQUIRE_MFA_FOR_STAFF = False
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


# --- Optional for members ----------------------------------------------------------------------


@pytest.mark.django_db
def test_members_are_not_asked_and_can_turn_it_on(client, user_factory):
    member = user_factory("member@example.org")
    assert sign_in(client, member.email)["Location"] == "/accounts/"

    account = client.get("/accounts/")
    assert 'href="/accounts/2fa/"' in html(account), "a link on My account"
    page = client.get("/accounts/2fa/")
    assert_site_layout(page)
    assert 'aria-label="Your account"' in html(page), "the account sub-navigation"
    assert 'aria-current="page"' in html(page)
    assert client.get(SETUP_URL)["Location"].startswith("/accounts/reauthenticate/")
    assert_site_layout(confirm_password(client))
