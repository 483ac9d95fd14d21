"""Organiser tools: messages with a preview, a test to oneself and a log; who a publish
promoted; the CSV for Excel; check-in by a scanned personal link."""

import re

import pytest
from django.core import mail

from events import tokens
from events.models import OrganiserMessage, QuestionKind, Registration
from events.permissions import grant_organiser_permissions
from hub.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db

QUESTIONS = [("Workshop", QuestionKind.WORKSHOP, False, [("Quality", 10), ("Access", 10)])]


@pytest.fixture
def day(make_event, events_index):
    grant_organiser_permissions(events_index)
    return make_event("Biobanks Day", capacity=3, questions=QUESTIONS)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser())
    return client


@pytest.fixture
def people(day, register):
    """Ada (Quality, checked in), Bo (Access), Cy (Access), Di (waiting)."""
    from events import organising

    [workshop] = day.questions.all()
    made = {}
    for name, choice in (("Ada", "Quality"), ("Bo", "Access"), ("Cy", "Access"), ("Di", "Access")):
        made[name] = register(
            day,
            name=f"{name} Émile",
            email=f"{name.lower()}@example.org",
            answers={workshop.key: choice},
        )
    organising.check_in(made["Ada"])
    assert made["Di"].status == "waitlisted"
    return made


def message_url(event):
    return f"/admin/events/{event.pk}/message/"


def queued_to():
    return sorted(m.to[0] for m in OutgoingMail.objects.filter(kind="events.organiser_message"))


def token_in(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_preview_shows_the_greeting_and_the_count_and_queues_nothing(organiser_client, day, people):
    html = organiser_client.get(message_url(day)).content.decode()
    assert "Everyone confirmed (3)" in html and "Everyone on the waiting list (1)" in html
    assert "Everyone checked in (1)" in html
    assert "Confirmed, chose “Access” (Workshop) (2)" in html
    assert "No messages sent for this event yet." in html

    response = organiser_client.post(
        message_url(day),
        {"audience": "confirmed", "subject": "Parking", "body": "Use the north entrance."},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Each mail starts with “Dear &lt;their name&gt;,”" in html
    assert "Dear Ada Émile," in html and "Use the north entrance." in html
    assert "This will send 3 mails to Everyone confirmed. Send?" in html
    assert "Send a test to me" in html
    assert queued_to() == [] and OrganiserMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("confirmed", ["ada@example.org", "bo@example.org", "cy@example.org"]),
        ("waitlisted", ["di@example.org"]),
        ("checked_in", ["ada@example.org"]),
        ("not_checked_in", ["bo@example.org", "cy@example.org"]),
        ("workshop:{key}:Access", ["bo@example.org", "cy@example.org"]),
    ],
)
def test_confirm_sends_to_the_audience_once_and_logs_it(
    organiser_client, day, people, audience, expected, committed
):
    audience = audience.format(key=day.questions.get().key)
    data = {"audience": audience, "subject": "Parking", "body": "Use the north entrance."}
    preview = organiser_client.post(message_url(day), {**data, "action": "preview"})
    confirm = {**data, "token": token_in(preview.content.decode()), "action": "send"}
    with committed():
        response = organiser_client.post(message_url(day), confirm, follow=True)
    html = response.content.decode()
    assert f"Your message is being sent to {len(expected)} " in html
    assert sorted(m.to[0] for m in mail.outbox) == expected
    assert all(m.body.startswith("Dear ") for m in mail.outbox)

    again = organiser_client.post(message_url(day), confirm, follow=True)  # a double submit
    assert "This message was sent already: nothing more was sent." in again.content.decode()
    assert queued_to() == expected
    [logged] = OrganiserMessage.objects.all()
    assert (logged.recipient_count, logged.subject, logged.event_id) == (
        len(expected),
        "Parking",
        day.pk,
    )
    log = organiser_client.get(message_url(day)).content.decode()
    assert "Parking" in log and "No messages sent for this event yet." not in log


def test_a_send_without_the_preview_token_only_previews(organiser_client, day, people):
    data = {"audience": "confirmed", "subject": "Parking", "body": "Hi", "action": "send"}
    html = organiser_client.post(message_url(day), data).content.decode()
    assert "This will send 3 mails" in html and queued_to() == []


def test_the_same_message_twice_within_a_minute_goes_once(organiser_client, day, people):
    data = {"audience": "waitlisted", "subject": "News", "body": "A second room.", "action": "send"}
    organiser_client.post(message_url(day), {**data, "token": "first"})
    html = organiser_client.post(message_url(day), {**data, "token": "second"}, follow=True)
    assert "sent already" in html.content.decode()
    assert queued_to() == ["di@example.org"] and OrganiserMessage.objects.count() == 1


def test_the_test_goes_only_to_the_organiser(organiser_client, day, people, committed):
    data = {"audience": "confirmed", "subject": "Parking", "body": "North entrance."}
    with committed():
        response = organiser_client.post(message_url(day), {**data, "action": "test"})
    html = response.content.decode()
    assert "A test is on its way to organiser@example.org" in html
    assert "This will send 3 mails" in html  # still on the preview, ready to send
    [test] = mail.outbox
    assert test.to == ["organiser@example.org"] and test.subject == "[Test] Parking"
    assert "North entrance." in test.body and test.body.startswith("Dear ")
    assert OrganiserMessage.objects.count() == 0


def test_someone_who_may_not_edit_the_event_is_refused(client, day, people, user_factory):
    client.force_login(user_factory(email="member@example.org"))
    data = {"audience": "confirmed", "subject": "Spam", "body": "x", "action": "send", "token": "t"}
    response = client.post(message_url(day), data)
    assert response.status_code in (302, 403)
    assert queued_to() == [] and OrganiserMessage.objects.count() == 0


def test_publishing_a_raised_capacity_names_who_was_promoted(
    client, admin_user, make_event, register
):
    from wagtail.test.utils.form_data import nested_form_data

    from tests.events.test_admin import _editor_data

    event = make_event("Small day", capacity=1)
    register(event, name="Seated One", email="one@example.org")
    register(event, name="Waiting Zoë", email="zoe@example.org")
    register(event, name="Waiting Xavier", email="xavier@example.org")
    client.force_login(admin_user)
    data = _editor_data(title=event.title, slug=event.slug, capacity="3")
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{event.pk}/edit/", data, follow=True)
    html = response.content.decode()
    assert "2 people moved from the waiting list to confirmed: Waiting Zoë, Waiting Xavier" in html
    assert Registration.objects.filter(status="confirmed").count() == 3
    assert nested_form_data  # the editor's data is built as the admin posts it


def test_csv_starts_with_a_byte_order_mark_and_stays_spreadsheet_safe(
    organiser_client, day, register
):
    register(day, name="=cmd|' /C calc'!A0", email="a@example.org")
    register(day, name="Zoë Émile", email="z@example.org")
    response = organiser_client.get(f"/admin/events/{day.pk}/export/")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbfName,")
    text = body.decode("utf-8-sig")
    assert "\n'=cmd|' /C calc'!A0," in text.replace("\r\n", "\n")
    assert "Zoë Émile" in text


def scan(client, event, url, json=True):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/admin/events/{event.pk}/check-in/scan/", {"url": url}, headers=headers)


def personal_link(registration):
    return "http://testserver" + tokens.manage_path(registration, registration.event)


def test_a_scanned_personal_link_checks_in_this_event_s_registration_only(
    organiser_client, day, people, make_event, register
):
    bo = people["Bo"]
    answer = scan(organiser_client, day, personal_link(bo))
    assert answer.status_code == 200
    assert answer.json()["message"] == "Bo Émile is checked in."
    assert answer.json()["counter"] == "2 of 3 checked in"
    assert Registration.objects.get(pk=bo.pk).checked_in_at is not None
    again = scan(organiser_client, day, personal_link(bo)).json()
    assert again["ok"] and "Bo Émile was already checked in, at " in again["message"]

    other_event = make_event("Another day")
    stranger = register(other_event, name="Other Person", email="other@example.org")
    refused = scan(organiser_client, day, personal_link(stranger))
    assert refused.status_code == 400
    assert refused.json()["message"] == (
        "This registration is for another event: Another day. Nobody was checked in."
    )
    assert Registration.objects.get(pk=stranger.pk).checked_in_at is None

    waiting = scan(organiser_client, day, personal_link(people["Di"])).json()
    assert not waiting["ok"] and "Di Émile is not confirmed" in waiting["message"]
    tampered = personal_link(people["Cy"]).replace("/registration/", "/registration/x")
    assert "does not work" in scan(organiser_client, day, tampered).json()["message"]
    assert "not the personal link" in scan(organiser_client, day, "hello").json()["message"]
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2

    # Only the check-in screen may use the camera (for its scanner).
    check_in_screen = organiser_client.get(f"/admin/events/{day.pk}/check-in/")
    assert "camera=(self)" in check_in_screen["Permissions-Policy"]
    assert "camera=()" in organiser_client.get(f"/admin/events/{day.pk}/")["Permissions-Policy"]

    # Without the scanner's script (a plain form post): a message on the check-in screen.
    page = scan(organiser_client, day, personal_link(people["Cy"]), json=False)
    assert page.status_code == 302
    html = organiser_client.get(page.url).content.decode()
    assert "Cy Émile is checked in." in html and "3 of 3 checked in" in html


def test_only_organisers_may_scan(client, day, people, user_factory):
    client.force_login(user_factory(email="member@example.org"))
    response = scan(client, day, personal_link(people["Bo"]))
    assert response.status_code in (302, 403)
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1  # Ada only
