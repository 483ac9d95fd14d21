"""“Contact this biobank”: the hub-owned address receives the message (never shown), the
request is stored, and a copy goes to a signed-in member's verified address only (never to an
address typed by someone we do not know: that would be an open relay); honeypot, rate limit,
validation."""

import pytest
from django.core import mail

from community.models import Biobank, ContactMessage

pytestmark = pytest.mark.django_db
ADDRESS = "biobank-secret@uza.example.org"
VALID = {
    "name": "Ada Researcher",
    "email": "ada@example.org",
    "organisation": "Lab",
    "message": "Do you have serum of colon cancer patients?",
    "consent": "on",
}


@pytest.fixture
def uza(demo_catalogue):
    Biobank.objects.filter(slug="uza").update(contact_email=ADDRESS)
    return Biobank.objects.get(slug="uza")


def url(biobank):
    return f"/biobanks/{biobank.slug}/contact/"


def test_the_address_is_never_shown(client, uza):
    profile = client.get("/biobanks/uza/").content.decode()
    form = client.get(url(uza)).content.decode()
    assert "Contact this biobank" in profile
    assert ADDRESS not in profile and ADDRESS not in form
    assert ADDRESS not in client.get("/biobanks/api/uza/").content.decode()
    assert 'for="contact-name"' in form and 'id="contact-name"' in form
    assert 'aria-hidden="true"' in form  # the honeypot is hidden from people


NO_COPIES = "We do not send copies to addresses we have not verified."


def test_a_visitors_message_goes_to_the_biobank_and_no_copy_to_the_typed_address(
    client, uza, django_capture_on_commit_callbacks
):
    """Without an account anyone could type a victim's address: the hub must not mail it."""
    form = client.get(url(uza)).content.decode()
    assert NO_COPIES in form and "you receive a copy" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(uza), VALID)
    assert response.status_code == 302 and response["Location"].endswith("/contact/sent/")
    [to_biobank] = mail.outbox
    assert to_biobank.to == [ADDRESS] and to_biobank.reply_to == ["ada@example.org"]
    assert "Do you have serum" in to_biobank.body and "Organisation: Lab" in to_biobank.body
    stored = ContactMessage.objects.get()
    assert (stored.target, stored.sent_to, stored.email) == (uza, ADDRESS, "ada@example.org")
    assert (stored.organisation, stored.mail_failed_at, stored.sender) == ("Lab", None, None)
    sent_page = client.get(response["Location"]).content.decode()
    assert "you will get a copy" not in sent_page and "you will not get a copy" in sent_page
    assert NO_COPIES in sent_page


def test_a_member_writing_from_their_verified_address_gets_a_copy_after_the_message(
    client, uza, user_factory, django_capture_on_commit_callbacks
):
    from hub.outbox.models import OutgoingMail

    member = user_factory("ada@example.org")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(uza), {**VALID, "email": "ADA@example.org"})
    assert response.status_code == 302
    to_biobank, copy = mail.outbox
    assert to_biobank.to == [ADDRESS] and to_biobank.reply_to == ["ADA@example.org"]
    assert copy.to == ["ADA@example.org"] and ADDRESS not in copy.body
    assert "Do you have serum" in copy.body
    sent_to_biobank, sent_copy = OutgoingMail.objects.order_by("pk")
    assert sent_copy.after == sent_to_biobank  # the copy waits for the message
    assert ContactMessage.objects.get().sender == member
    sent_page = client.get(response["Location"]).content.decode()
    assert "you will get a copy there" in sent_page


def test_a_member_who_types_an_address_not_verified_as_theirs_gets_no_copy(
    client, uza, user_factory, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    member = user_factory("ada@example.org")
    EmailAddress.objects.create(user=member, email="other@example.org", verified=False)
    client.force_login(member)
    for typed in ("other@example.org", "victim@example.org"):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url(uza), {**VALID, "email": typed}).status_code == 302
        [to_biobank] = mail.outbox
        assert to_biobank.to == [ADDRESS] and to_biobank.reply_to == [typed]
    assert ContactMessage.objects.filter(sender=member).count() == 2


def test_validation_messages_and_nothing_sent(client, uza):
    response = client.post(url(uza), {**VALID, "email": "nope", "consent": "", "message": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid e-mail address" in body
    assert "Tick the box to agree" in body
    assert "Write your message." in body
    assert not mail.outbox and not ContactMessage.objects.exists()


def test_honeypot_pretends_success_but_sends_nothing(
    client, uza, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(uza), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not mail.outbox and not ContactMessage.objects.exists()


def test_rate_limited(client, uza, django_capture_on_commit_callbacks):
    statuses = []
    for number in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(
                client.post(url(uza), {**VALID, "email": f"a{number}@example.org"}).status_code
            )
    assert statuses[:5] == [302] * 5 and statuses[-1] == 429
    assert ContactMessage.objects.count() == 5


def test_no_form_without_an_address_or_when_withdrawn(client, uza):
    assert client.get("/biobanks/bordet/contact/").status_code == 404
    assert "Contact this biobank" not in client.get("/biobanks/bordet/").content.decode()
    Biobank.objects.filter(pk=uza.pk).update(withdrawn=True)
    assert client.get(url(uza)).status_code == 404
    assert client.post(url(uza), VALID).status_code == 404


def test_a_failing_mail_server_keeps_the_request_and_its_mails_wait_in_the_outbox(
    client, uza, settings, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    from community.services import contact
    from hub.outbox.models import OutgoingMail

    service = contact.send

    def send_as_in_production(*args, **kwargs):
        # The service's transaction is the outermost one in production: its mails are handed
        # to the worker (run at once in tests) when it returns.
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    monkeypatch.setattr(contact, "send", send_as_in_production)
    settings.EMAIL_BACKEND = "tests.catalogue.test_contact.BrokenBackend"
    settings.OUTBOX_RETRY_DELAYS = ()  # the first failure is final
    response = client.post(url(uza), VALID)
    assert response.status_code == 302
    assert ContactMessage.objects.get().mail_failed_at is not None
    [to_biobank] = OutgoingMail.objects.order_by("pk")  # no copy: an anonymous sender
    assert to_biobank.state == "failed" and to_biobank.to == [ADDRESS]
    assert "SMTP is down" in to_biobank.last_error and "SMTP is down" in caplog.text
    sent_page = client.get(response["Location"]).content.decode()
    assert "Thank you for your message" in sent_page and not mail.outbox


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP is down")
