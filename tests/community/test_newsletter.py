"""The newsletter: double opt-in sign-up, confirmation, unsubscribe, purge and staff export."""

import logging
import re
import smtplib
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import newsletter
from community.models import Subscriber

pytestmark = pytest.mark.django_db

EMAIL = "reader@example.org"
CONFIRM_LINK = re.compile(r"https?://testserver/newsletter/confirm/[^/\s]+/")
UNSUBSCRIBE_LINK = re.compile(r"https?://testserver/newsletter/unsubscribe/[^/\s]+/")
TOO_MANY = "Too many sign-up attempts. Please try again later."


@pytest.fixture(autouse=True)
def _clear_cache():
    """The rate limits live in the cache: every test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Post the sign-up form as a visitor would; mails go out when the transaction commits."""

    def post(email=EMAIL, consent=True, follow=True):
        data = {"email": email}
        if consent:
            data["consent"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("newsletter"), data, follow=follow)

    return post


@pytest.fixture
def visit(client, django_capture_on_commit_callbacks):
    """GET a page (e.g. a link from a mail), running on-commit callbacks such as mails."""

    def get(url, method="get", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(url, **kwargs)

    return get


def link_in(message, pattern=CONFIRM_LINK) -> str:
    found = pattern.findall(message.body)
    assert found, f"no link in:\n{message.body}"
    return found[0]


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def without_csrf(response) -> str:
    """The page as a reader sees it (the hidden CSRF token changes on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def confirmed_subscriber(email=EMAIL, **fields) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        consent_text=str(newsletter.CONSENT_TEXT),
        consent_version=newsletter.CONSENT_VERSION,
        confirmed_at=timezone.now(),
        **fields,
    )


def pending_subscriber(email=EMAIL, **fields) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        consent_text=str(newsletter.CONSENT_TEXT),
        consent_version=newsletter.CONSENT_VERSION,
        **fields,
    )


# --- The form ---------------------------------------------------------------------------------


def test_newsletter_page_has_a_labelled_form_with_the_consent_wording(client):
    response = client.get(reverse("newsletter"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Newsletter ·" in html
    assert '<label for="newsletter-email">E-mail address</label>' in html
    assert 'autocomplete="email"' in html
    assert 'type="checkbox" name="consent"' in html and "required" in html
    assert f'<label for="newsletter-consent">{newsletter.CONSENT_TEXT}</label>' in html
    for words in [
        "receive the community newsletter by e-mail",
        "unsubscribe at any time",
        "privacy notice",
    ]:
        assert words in str(newsletter.CONSENT_TEXT)


def test_footer_form_on_the_home_page_links_the_privacy_notice(client):
    from tests.factories import PrivacyPageFactory, site_settings

    site_settings(privacy_notice=PrivacyPageFactory())
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'action="{reverse("newsletter")}"' in footer
    assert 'name="csrfmiddlewaretoken"' in footer
    assert '<label for="footer-newsletter-email">E-mail address</label>' in footer
    assert '<a href="/privacy/">Read the privacy notice</a>' in footer
    assert 'aria-describedby="footer-newsletter-consent_helptext"' in footer


@pytest.mark.parametrize("query", ["?email=%3Cscript%3E&consent=maybe", "?page=-1&x[]=%00"])
def test_junk_query_strings_render_the_pages(client, query):
    for name in ["newsletter", "newsletter_signup_done"]:
        response = client.get(reverse(name) + query)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()


# --- Sign-up and confirmation -----------------------------------------------------------------


def test_sign_up_sends_one_confirmation_mail_whose_link_confirms(sign_up, visit):
    response = sign_up()
    assert response.redirect_chain == [(reverse("newsletter_signup_done"), 302)]
    assert "Check your inbox" in response.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert "confirm" in message.subject.lower()
    assert "Hello," in message.body and "Biobank Community Hub" in message.body
    assert "If this was not you" in message.body
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None

    response = visit(path_of(link_in(message)))
    assert response.status_code == 200
    assert "Subscription confirmed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert len(mail.outbox) == 2  # the welcome mail


def test_sign_up_stores_the_consent_wording_version_and_times(sign_up, visit):
    before = timezone.now()
    sign_up()
    subscriber = Subscriber.objects.get()
    assert subscriber.consent_text == str(newsletter.CONSENT_TEXT)
    assert subscriber.consent_version == newsletter.CONSENT_VERSION
    assert subscriber.signed_up_at >= before
    visit(path_of(link_in(mail.outbox[0])))
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at >= subscriber.signed_up_at


def test_addresses_are_normalised_and_matched_case_insensitively(sign_up):
    sign_up("  Reader@Example.ORG ")
    assert Subscriber.objects.get().email == "Reader@example.org"
    sign_up("reader@example.org")
    assert Subscriber.objects.count() == 1


def test_signing_up_twice_while_pending_resends_the_confirmation(sign_up):
    first = sign_up()
    Subscriber.objects.update(signed_up_at=timezone.now() - timedelta(days=3))
    second = sign_up()
    assert without_csrf(first) == without_csrf(second)
    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 2
    assert all(CONFIRM_LINK.search(message.body) for message in mail.outbox)
    # The new link gets the full window again: the purge must not take the sign-up early.
    assert Subscriber.objects.get().signed_up_at > timezone.now() - timedelta(minutes=1)


def test_signing_up_a_confirmed_address_reveals_nothing_and_mails_a_reminder(sign_up):
    new_address = sign_up("someone.new@example.org")
    confirmed = confirmed_subscriber()
    mail.outbox.clear()

    response = sign_up()
    assert response.redirect_chain == new_address.redirect_chain
    assert without_csrf(response) == without_csrf(new_address)
    assert Subscriber.objects.filter(email__iexact=EMAIL).count() == 1
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.confirmed_at == confirmed.confirmed_at
    assert subscriber.signed_up_at == confirmed.signed_up_at

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "already subscribed" in message.subject
    assert not CONFIRM_LINK.search(message.body)
    assert UNSUBSCRIBE_LINK.search(message.body)
    assert "List-Unsubscribe" in message.extra_headers


@pytest.mark.parametrize(
    ("email", "consent", "error"),
    [
        (EMAIL, False, "Tick the box to agree, otherwise we cannot send you the newsletter."),
        ("not-an-address", True, "Enter a valid e-mail address, like name@example.org."),
        ("", True, "Enter your e-mail address."),
    ],
    ids=["no-consent", "bad-email", "no-email"],
)
def test_bad_input_shows_the_error_next_to_the_field_and_writes_nothing(
    sign_up, email, consent, error
):
    response = sign_up(email, consent=consent)
    assert response.status_code == 200
    html = response.content.decode()
    field = "consent" if not consent else "email"
    assert f'<ul class="errorlist" id="newsletter-{field}_error"><li>{error}</li></ul>' in html
    assert f'aria-describedby="newsletter-{field}_error"' in html or field == "consent"
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_expired_confirmation_link_shows_a_friendly_page_and_confirms_nothing(
    sign_up, client, monkeypatch, settings
):
    sign_up()
    link = path_of(link_in(mail.outbox[0]))
    window = timedelta(days=settings.NEWSLETTER_CONFIRMATION_DAYS)
    later = time.time() + (window + timedelta(hours=1)).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = client.get(link)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link does not work" in html
    assert "Please sign up again" in html
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "junk", lambda t: t + "a"])
def test_tampered_confirmation_link_shows_a_friendly_page(sign_up, client, mangle):
    sign_up()
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("newsletter_confirm", args=[mangle(token)]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_unsubscribe_token_cannot_confirm(client):
    pending_subscriber()
    response = client.get(
        reverse("newsletter_confirm", args=[newsletter.make_unsubscribe_token(EMAIL)])
    )
    assert response.status_code == 400
    assert Subscriber.objects.get().confirmed_at is None


def test_confirming_twice_sends_one_welcome_mail(sign_up, visit):
    sign_up()
    link = path_of(link_in(mail.outbox[0]))
    assert visit(link).status_code == 200
    assert visit(link).status_code == 200
    assert len(mail.outbox) == 2


def test_link_checker_head_request_does_not_confirm(sign_up, visit):
    sign_up()
    assert visit(path_of(link_in(mail.outbox[0])), method="head").status_code == 200
    assert Subscriber.objects.get().confirmed_at is None


def test_confirmation_link_after_unsubscribing_explains_instead_of_failing(sign_up, client):
    sign_up()
    Subscriber.objects.all().delete()
    response = client.get(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 404
    assert "Please sign up again" in response.content.decode()


# --- Unsubscribe ------------------------------------------------------------------------------


def test_welcome_mail_has_an_unsubscribe_link_and_one_click_headers(sign_up, visit):
    sign_up()
    visit(path_of(link_in(mail.outbox[0])))
    welcome = mail.outbox[1]
    assert welcome.subject == "Welcome to the Biobank Community Hub newsletter"
    link = link_in(welcome, UNSUBSCRIBE_LINK)
    assert welcome.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = welcome.message().as_string()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw


def test_unsubscribe_get_asks_and_post_unsubscribes(client):
    confirmed_subscriber()
    url = reverse("newsletter_unsubscribe", args=[newsletter.make_unsubscribe_token(EMAIL)])

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html and ">Unsubscribe</button>" in html
    assert Subscriber.objects.filter(email=EMAIL).exists()

    response = client.post(url)
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    assert not Subscriber.objects.exists()

    again = client.post(url)  # idempotent: a second click gets the same answer
    assert again.status_code == 200
    assert without_csrf(again) == without_csrf(response)


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(sign_up, visit):
    sign_up()
    visit(path_of(link_in(mail.outbox[0])))
    header = mail.outbox[1].extra_headers["List-Unsubscribe"].strip("<>")

    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path_of(header),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_tampered_unsubscribe_link_shows_a_friendly_page(client):
    confirmed_subscriber()
    token = newsletter.make_unsubscribe_token(EMAIL)
    for bad in [token[:-3] + "abc", newsletter.make_confirm_token(EMAIL), "junk"]:
        url = reverse("newsletter_unsubscribe", args=[bad])
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 400
            assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.exists()


def test_unsubscribe_links_do_not_expire(client, monkeypatch):
    confirmed_subscriber()
    url = reverse("newsletter_unsubscribe", args=[newsletter.make_unsubscribe_token(EMAIL)])
    years_later = time.time() + 5 * 365 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: years_later)
    assert client.post(url).status_code == 200
    assert not Subscriber.objects.exists()


def test_newsletter_mail_helper_adds_the_unsubscribe_footer_and_headers(db):
    subscriber = confirmed_subscriber()
    message = newsletter.build_newsletter_mail(
        subscriber, "Spring news", "Hello,\n\nThe news.", html_body="<p>The news.</p>"
    )
    link = link_in(message, UNSUBSCRIBE_LINK)
    assert message.to == [EMAIL]
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html


# --- Rate limit and failures ------------------------------------------------------------------


def test_fourth_sign_up_for_one_address_within_an_hour_is_refused(sign_up):
    for _ in range(3):
        assert sign_up().status_code == 200
    assert len(mail.outbox) == 3
    signed_up_at = Subscriber.objects.get().signed_up_at

    response = sign_up(EMAIL.upper().replace("EXAMPLE.ORG", "example.org"), follow=False)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mail.outbox) == 3
    assert Subscriber.objects.get().signed_up_at == signed_up_at

    # Another address from the same visitor is still welcome.
    assert sign_up("other@example.org").status_code == 200


@pytest.fixture
def committed(monkeypatch, django_capture_on_commit_callbacks):
    """committed("sign_up"): the service as production runs it. Its transaction is the
    outermost one there, so its mail is handed to the worker (an on-commit callback; the
    tests' task backend sends it at once) when it returns; in a test everything is inside the
    test's transaction, so run the callbacks as it ends. Returns the list of callbacks the
    service left for the commit."""

    def wrap(name):
        deferred = []
        service = getattr(newsletter, name)

        def run(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                result = service(*args, **kwargs)
            deferred.extend(callbacks)
            return result

        monkeypatch.setattr(newsletter, name, run)
        return deferred

    return wrap


def smtp_down(self, *args, **kwargs):
    raise smtplib.SMTPConnectError(421, "try later")


def test_mail_failure_keeps_the_sign_up_and_the_mail_waits_in_the_outbox(
    client, monkeypatch, caplog, committed
):
    from hub.outbox.models import OutgoingMail

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", smtp_down)
    deferred = committed("sign_up")

    with caplog.at_level(logging.WARNING):
        response = client.post(
            reverse("newsletter"), {"email": EMAIL, "consent": "on"}, follow=True
        )
    assert len(deferred) == 1, "the mail waits for the sign-up to be committed"
    assert response.redirect_chain == [(reverse("newsletter_signup_done"), 302)]
    assert "Check your inbox" in response.content.decode()  # the page answered at once
    assert mail.outbox == []
    assert Subscriber.objects.filter(email=EMAIL, confirmed_at=None).exists()
    [waiting] = OutgoingMail.objects.all()
    assert (waiting.state, waiting.to, waiting.kind) == ("queued", [EMAIL], "newsletter.confirm")
    assert "try later" in waiting.last_error and "try later" in caplog.text

    # The mail server is back and the retry is due: the link arrives, and confirms.
    monkeypatch.undo()
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    call_command("send_queued_mails", stdout=StringIO())
    [message] = mail.outbox
    assert Subscriber.objects.get().confirmed_at is None
    client.get(path_of(link_in(message)))
    assert Subscriber.objects.get().confirmed_at is not None


def test_welcome_mail_failure_still_confirms(sign_up, client, monkeypatch, committed):
    from hub.outbox.models import OutgoingMail

    sign_up()
    link = path_of(link_in(mail.outbox[0]))
    mail.outbox.clear()

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", smtp_down)
    deferred = committed("confirm")
    response = client.get(link)
    assert len(deferred) == 1, "the welcome mail waits for the confirmation to be committed"
    assert response.status_code == 200
    assert "Subscription confirmed" in response.content.decode()
    assert mail.outbox == []
    assert Subscriber.objects.get().confirmed_at is not None
    welcome = OutgoingMail.objects.get(kind="newsletter.welcome")
    assert welcome.state == "queued" and "try later" in welcome.last_error


# --- Purge ------------------------------------------------------------------------------------


def test_purge_deletes_only_expired_unconfirmed_sign_ups(settings):
    days = settings.NEWSLETTER_CONFIRMATION_DAYS
    long_ago = timezone.now() - timedelta(days=days, hours=1)
    pending_subscriber("expired@example.org", signed_up_at=long_ago)
    pending_subscriber("fresh@example.org")
    confirmed_subscriber("loyal@example.org", signed_up_at=long_ago - timedelta(days=300))

    out = StringIO()
    call_command("purge_newsletter_signups", "--dry-run", stdout=out)
    assert "would be deleted: 1" in out.getvalue()
    assert Subscriber.objects.count() == 3

    out = StringIO()
    call_command("purge_newsletter_signups", stdout=out)
    assert f"not confirmed within {days} day(s) deleted: 1" in out.getvalue()
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "fresh@example.org",
        "loyal@example.org",
    ]


# --- Staff export -----------------------------------------------------------------------------

ADMIN_URL = "/admin/newsletter_subscribers/"


@pytest.fixture
def subscribers(db):
    confirmed_subscriber("confirmed@example.org")
    confirmed_subscriber("=HYPERLINK(1)@example.org")
    pending_subscriber("pending@example.org")


def export_csv(client, query="status=confirmed") -> str:
    response = client.get(f"{ADMIN_URL}?{query}&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert 'filename="newsletter-subscribers.csv"' in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def test_staff_download_confirmed_subscribers_as_csv(admin_client, subscribers):
    client = admin_client
    assert "Newsletter subscribers" in client.get("/admin/").content.decode()  # the menu item
    listing = client.get(ADMIN_URL)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "pending@example.org" in html and "Waiting for confirmation" in html

    csv = export_csv(client)
    lines = csv.strip().splitlines()
    assert lines[0] == "E-mail address,Consent version,Signed up,Confirmed"
    assert len(lines) == 3
    assert any(line.startswith("confirmed@example.org,") for line in lines)
    assert any(line.startswith("'=HYPERLINK(1)@example.org,") for line in lines)  # no formula
    assert "pending@example.org" not in csv
    assert "pending@example.org" in export_csv(client, "status=pending")
    assert "confirmed@example.org" not in export_csv(client, "status=pending")
    assert export_csv(client, "q=pending").count("@") == 1


def test_staff_can_read_but_not_add_or_edit_subscribers(admin_client, subscribers):
    client = admin_client
    subscriber = Subscriber.objects.get(email="confirmed@example.org")
    inspect = client.get(f"{ADMIN_URL}inspect/{subscriber.pk}/")
    assert inspect.status_code == 200
    assert str(newsletter.CONSENT_TEXT) in inspect.content.decode()
    assert client.get(f"{ADMIN_URL}delete/{subscriber.pk}/").status_code == 200
    assert client.get(f"{ADMIN_URL}history/{subscriber.pk}/").status_code == 200
    assert client.get(f"{ADMIN_URL}new/").status_code == 404
    assert client.get(f"{ADMIN_URL}edit/{subscriber.pk}/").status_code == 404


def test_editor_needs_the_view_permission(client, django_user_model, subscribers):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))  # admin access, no subscriber rights
    client.force_login(editor)
    response = client.get(f"{ADMIN_URL}?status=confirmed&export=csv")
    assert response.status_code in (302, 403)
    assert b"confirmed@example.org" not in b"".join(
        getattr(response, "streaming_content", []) or [response.content]
    )

    editor.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    assert "confirmed@example.org" in export_csv(client)


def test_members_and_visitors_cannot_reach_the_export(client, user_factory, subscribers):
    url = f"{ADMIN_URL}?status=confirmed&export=csv"
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]

    client.force_login(user_factory())
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert b"confirmed@example.org" not in response.content
