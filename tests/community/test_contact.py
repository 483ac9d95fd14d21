"""The contact form for people (Person snippets): mails the person (through the outbox, after
the commit), never shows or copies addresses, rate-limited per IP with allauth's mechanism."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from community.models import ContactMessage, Person
from community.services import contact
from hub.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db
HIDDEN_ADDRESS = "quality.officer@biobank-hub.example"
VALID = {
    "name": "Sam Sender",
    "email": "sam@example.org",
    "message": "Could your biobank share its pre-analytical protocol?",
}


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits count in the cache; every test starts afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sent_at_commit(monkeypatch, django_capture_on_commit_callbacks):
    """The contact service as production runs it: its transaction is the outermost one there,
    so its mails are handed to the worker when it returns (the tests' task backend runs them at
    once); in a test everything is inside the test's transaction, so run its on-commit
    callbacks as it returns."""
    service = contact.send

    def send(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    monkeypatch.setattr(contact, "send", send)


@pytest.fixture
def person():
    return Person.objects.create(
        name="Quality officer",
        role="Contact for sample quality",
        organisation="National biobank node",
        email=HIDDEN_ADDRESS,
    )


def html(response) -> str:
    return response.content.decode()


def test_the_form_names_the_person_but_never_their_address(client, person):
    response = client.get(f"/contact/{person.pk}/")
    assert response.status_code == 200
    body = html(response)
    assert "Contact Quality officer" in body and "National biobank node" in body
    assert HIDDEN_ADDRESS not in body and "quality.officer" not in body
    for field in ("name", "email", "message"):
        assert f'name="{field}"' in body
    assert 'autocomplete="email"' in body


def test_a_message_is_mailed_to_the_person_and_the_sender_gets_no_copy(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/contact/{person.pk}/", VALID)
    assert (response.status_code, response["Location"]) == (302, f"/contact/{person.pk}/thanks/")
    [message] = mail.outbox
    assert message.to == [HIDDEN_ADDRESS]
    assert message.cc == [] and message.bcc == []
    assert message.reply_to == ["sam@example.org"]
    assert "Message from Sam Sender" in message.subject
    assert VALID["message"] in message.body and "sam@example.org" in message.body

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "We are forwarding it to Quality officer" in html(thanks)
    assert HIDDEN_ADDRESS not in html(thanks)
    stored = ContactMessage.objects.get()
    assert (stored.target, stored.sent_to, stored.email) == (person, HIDDEN_ADDRESS, VALID["email"])
    assert stored.mail_failed_at is None


def test_honeypot_pretends_success_but_stores_and_sends_nothing(
    client, person, django_capture_on_commit_callbacks
):
    form = html(client.get(f"/contact/{person.pk}/"))
    assert 'aria-hidden="true"' in form and 'name="website"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/contact/{person.pk}/", {**VALID, "website": "http://spam"})
    assert (response.status_code, response["Location"]) == (302, f"/contact/{person.pk}/thanks/")
    assert mail.outbox == [] and not ContactMessage.objects.exists()


def test_a_signed_in_member_finds_name_and_address_filled_in(client, person, user_factory):
    client.force_login(user_factory("ada@example.org", first_name="Ada", last_name="Lovelace"))
    body = html(client.get(f"/contact/{person.pk}/"))
    assert 'value="Ada Lovelace"' in body and 'value="ada@example.org"' in body


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Enter your name."),
        ("name", "Sam\r\nBcc: victim@example.org", "Write your name on one line."),
        ("email", "not-an-address", "Enter a valid e-mail address"),
        ("email", "sam@example.org\nBcc: victim@example.org", "Enter a valid e-mail address"),
        ("message", "", "Write your message."),
        ("message", "x" * 5001, "Keep your message to 5000 characters or fewer (it has 5001)."),
        ("message", "nul\x00byte", "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_sent(
    client, person, field, value, error
):
    response = client.post(f"/contact/{person.pk}/", {**VALID, field: value})
    assert response.status_code == 200
    assert error in html(response)
    assert mail.outbox == []


def test_people_without_an_address_and_unknown_people_are_404(client):
    silent = Person.objects.create(name="Node director")
    for path in (
        f"/contact/{silent.pk}/",
        "/contact/987654/",
        "/contact/99999999999999999999999/",
        f"/contact/{silent.pk}/thanks/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/contact/{silent.pk}/", VALID).status_code == 404
    assert client.get("/contact/abc/").status_code == 404
    assert mail.outbox == []


def test_sending_is_rate_limited_per_ip(client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert client.post(f"/contact/{person.pk}/", VALID).status_code == 302
        response = client.post(f"/contact/{person.pk}/", VALID)
    assert response.status_code == 429
    assert "Too many messages" in html(response)
    assert VALID["message"] in html(response)  # the text is kept
    assert len(mail.outbox) == 5 and ContactMessage.objects.count() == 5
    # Another address is another budget.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(f"/contact/{person.pk}/", VALID).status_code == 302


@pytest.fixture
def smtp_timing_out(monkeypatch):
    from django.core.mail import EmailMessage

    def broken_send(self, fail_silently=False):
        raise TimeoutError("SMTP timed out")

    monkeypatch.setattr(EmailMessage, "send", broken_send)


def test_a_failed_send_keeps_the_message_and_its_mail_waits_in_the_outbox(
    client, person, smtp_timing_out, sent_at_commit
):
    response = client.post(f"/contact/{person.pk}/", VALID, follow=True)
    assert response.status_code == 200 and "Thank you for your message" in html(response)
    assert "We have forwarded" not in html(response)  # it has not been, yet
    stored = ContactMessage.objects.get()
    assert stored.message == VALID["message"]
    [waiting] = OutgoingMail.objects.all()
    assert (waiting.state, waiting.to, waiting.kind) == (
        "queued",
        [HIDDEN_ADDRESS],
        "contact.person",
    )
    assert "SMTP timed out" in waiting.last_error
    assert stored.mail_failed_at is None, "not failed for good: the outbox tries again"


def test_a_mail_that_fails_for_good_marks_the_message(
    client, person, settings, smtp_timing_out, sent_at_commit
):
    settings.OUTBOX_RETRY_DELAYS = ()  # the first failure is final
    client.post(f"/contact/{person.pk}/", VALID)
    [failed] = OutgoingMail.objects.all()
    assert failed.state == "failed" and "SMTP timed out" in failed.last_error
    assert ContactMessage.objects.get().mail_failed_at is not None


def test_the_form_needs_a_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/contact/{person.pk}/", VALID).status_code == 403
    assert mail.outbox == []


def test_topic_pages_link_to_the_form_next_to_each_contactable_person(client, site_tree):
    from community.models import TopicPage

    page = TopicPage.objects.get(slug="quality", locale__language_code="en")
    person = page.contacts.get()
    body = html(client.get("/topics/quality/"))
    contacts = body.split('id="contacts"')[1].split("</section>")[0]
    assert f'href="/contact/{person.pk}/"' in contacts
    assert f'Contact<span class="visually-hidden"> {person.name}</span>' in contacts
    assert "@" not in contacts

    person.email = ""
    person.save()
    contacts = html(client.get("/topics/quality/")).split('id="contacts"')[1]
    assert "/contact/" not in contacts.split("</section>")[0]
