"""A registrant's side of an event (issue 18): the Register button near the top, cancelling
only after a confirmation step, changing one's answers with the personal link (workshop places
respected), the answers in the mails, a stable question order when the event is full, and the
check-in code on the personal page and in the mail."""

import re

import pytest
import segno
from django.core import mail

from events import checkin_code, services, tokens
from events.models import QuestionKind, Registration

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("Your role", QuestionKind.SINGLE, True, ["Biobank", "Researcher"]),
    ("Afternoon workshop", QuestionKind.WORKSHOP, True, [("Sampling", 1), ("Ethics", 2)]),
    ("Dietary needs", QuestionKind.SHORT_TEXT, False, []),
]


def main_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def field_names(html: str) -> list[str]:
    """The names of the form's inputs, each once, in the order the reader meets them."""
    names = []
    for name in re.findall(r'<(?:input|textarea|select)[^>]* name="([^"]+)"', html):
        if name not in names:
            names.append(name)
    return names


def keys(event) -> dict[str, str]:
    return {q.label: q.key for q in event.question_list()}


def answers_for(event, role="Researcher", workshop="Ethics", diet=""):
    k = keys(event)
    answers = {k["Your role"]: role, k["Afternoon workshop"]: workshop}
    if diet:
        answers[k["Dietary needs"]] = diet
    return answers


# --- The Register button ---------------------------------------------------------------------


def test_the_register_button_near_the_top_follows_the_state(client, make_event, register):
    from django.utils import timezone

    event = make_event("Open day", capacity=1, waiting_list_enabled=True)
    html = main_html(client.get(event.url))
    button = re.search(
        r'<div class="event-cta"[^>]*>\s*<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', html
    )
    assert button and button.groups() == ("#register", "Register")
    assert html.index("event-cta") < html.index('class="event-facts"')  # near the top
    assert 'id="register"' in html  # where it leads: the form

    register(event, email="seat@example.org")
    html = main_html(client.get(event.url))
    assert re.search(
        r'class="button event-cta__button" href="#register">Join the waiting list<', html
    )

    later = make_event(
        "Later day", registration_opens_at=timezone.now() + timezone.timedelta(days=3)
    )
    html = main_html(client.get(later.url))
    assert re.search(r'<p class="event-cta__note">Registration opens [^<]+</p>', html)
    assert 'href="#register"' not in html

    closed = make_event("Full day", capacity=0, waiting_list_enabled=False)
    assert "event-cta" not in main_html(client.get(closed.url))


# --- Cancelling takes a confirmation step ----------------------------------------------------


def test_cancelling_asks_first_and_only_the_confirm_button_cancels(
    client, make_event, register, committed
):
    event = make_event("Biobank day", capacity=1, waiting_list_enabled=True)
    seat = register(event, email="seat@example.org")
    register(event, email="next1@example.org")
    register(event, email="next2@example.org")
    url = tokens.manage_path(seat)
    mail.outbox.clear()

    # The page's button only asks (a GET); the question names the event and who is waiting.
    html = main_html(client.get(url))
    assert re.search(r'<form method="get"[^>]*>\s*<input type="hidden" name="cancel"', html)
    asking = main_html(client.get(url + "?cancel"))
    assert "Cancel your registration for Biobank day?" in asking
    assert "You will lose your seat." in asking
    assert "2 people are waiting for a place" in asking
    assert f'<a href="{url}">Keep my registration</a>' in asking
    assert Registration.objects.get(pk=seat.pk).is_confirmed

    # A POST without the confirmation cancels nothing: it shows the question.
    with committed():
        response = client.post(url, {"action": "cancel"})
    assert response.status_code == 302 and response["Location"].startswith(url + "?cancel")
    assert Registration.objects.get(pk=seat.pk).is_confirmed
    assert not mail.outbox

    with committed():
        response = client.post(url, {"action": "cancel", "confirm": "yes"}, follow=True)
    assert "Your registration is cancelled" in main_html(response)
    assert Registration.objects.get(pk=seat.pk).is_cancelled
    assert Registration.objects.get(email="next1@example.org").is_confirmed


# --- Changing one's answers ------------------------------------------------------------------


def test_a_registrant_changes_their_answers_and_a_full_workshop_is_refused(
    client, make_event, register, committed
):
    event = make_event("Workshop day", questions=QUESTIONS)
    k = keys(event)
    ada = register(event, name="Ada", email="ada@example.org", answers=answers_for(event))
    register(
        event, name="Bob", email="bob@example.org", answers=answers_for(event, workshop="Sampling")
    )
    url = tokens.manage_path(ada)

    html = main_html(client.get(url))
    assert "Edit your answers" in html
    assert 'name="email"' not in html.split("Edit your answers")[1]  # the address stays
    # Sampling is full: shown "(full)" and disabled, in its place; Ada's own Ethics is not.
    assert re.search(
        rf'<input type="radio" name="{k["Afternoon workshop"]}" value="Sampling"[^>]* disabled',
        html,
    )
    assert "Sampling (full)" in html
    assert html.index("Sampling (full)") < html.index("Ethics (2 places)")

    # Refused: the full workshop; nothing is changed, not even the name sent with it.
    before = Registration.objects.get(pk=ada.pk)
    data = {
        "action": "change",
        "name": "Ada Lovelace",
        "organisation": "Lab",
        k["Your role"]: "Biobank",
        k["Afternoon workshop"]: "Sampling",
    }
    with committed():
        response = client.post(url, data)
    assert response.status_code == 400
    assert "The workshop “Sampling” is full" in main_html(response)
    after = Registration.objects.get(pk=ada.pk)
    assert (after.name, after.answers) == (before.name, before.answers)
    assert not mail.outbox

    # Under capacity: saved, and a mail confirms the change with the answers in order.
    data[k["Afternoon workshop"]] = "Ethics"
    data[k["Dietary needs"]] = "Vegetarian"
    with committed():
        response = client.post(url, data, follow=True)
    assert "Your answers are changed" in main_html(response)
    after = Registration.objects.get(pk=ada.pk)
    assert after.name == "Ada Lovelace" and after.organisation == "Lab"
    assert after.email == "ada@example.org" and after.is_confirmed
    assert after.answers == answers_for(event, role="Biobank", diet="Vegetarian")
    [changed] = mail.outbox
    assert changed.to == ["ada@example.org"] and "Your answers are changed" in changed.subject
    assert re.search(
        r"- Your role: Biobank\n- Afternoon workshop: Ethics\n- Dietary needs: Vegetarian",
        changed.body,
    )


def test_the_service_checks_the_workshop_places_under_the_lock(make_event, register):
    """A form shown before the workshop filled up: the service refuses and writes nothing;
    a registration's own place counts as free for it, so keeping one's workshop is fine."""
    event = make_event("Race day", questions=QUESTIONS)
    ada = register(event, email="ada@example.org", answers=answers_for(event))
    bob = register(event, email="bob@example.org", answers=answers_for(event, workshop="Sampling"))

    with pytest.raises(services.WorkshopFull):
        services.change_answers(ada, name="Ada", answers=answers_for(event, workshop="Sampling"))
    assert Registration.objects.get(pk=ada.pk).answers == answers_for(event)

    # Bob keeps Sampling (his own place) and changes his role.
    services.change_answers(
        bob, name="Bob", answers=answers_for(event, role="Biobank", workshop="Sampling")
    )
    assert Registration.objects.get(pk=bob.pk).answers == answers_for(
        event, role="Biobank", workshop="Sampling"
    )
    # A required answer stays required.
    with pytest.raises(services.InvalidRegistration):
        services.change_answers(bob, name="Bob", answers={})


# --- The answers in the mails ----------------------------------------------------------------


def test_the_mails_list_the_answers_and_workshops_in_question_order(
    make_event, register, committed
):
    event = make_event("Mail day", capacity=1, waiting_list_enabled=True, questions=QUESTIONS)
    with committed():
        ada = register(
            event, name="Ada", email="ada@example.org", answers=answers_for(event, diet="None")
        )
        register(
            event, name="Bob", email="bob@example.org", answers=answers_for(event, role="Biobank")
        )
    confirmed, waitlisted = mail.outbox
    listed = (
        "Your answers:\n- Your role: Researcher\n- Afternoon workshop: Ethics\n"
        "- Dietary needs: None\n"
    )
    assert listed in confirmed.body
    assert "Your answers:\n- Your role: Biobank\n- Afternoon workshop: Ethics\n" in waitlisted.body

    with committed():
        services.cancel(ada)
    promoted = [m for m in mail.outbox if m.to == ["bob@example.org"]][-1]
    assert "A place for you" in promoted.subject
    assert "- Afternoon workshop: Ethics" in promoted.body


# --- Question order when full ----------------------------------------------------------------


def test_the_questions_keep_their_order_when_the_event_and_a_workshop_are_full(
    client, make_event, register
):
    event = make_event("Order day", capacity=2, waiting_list_enabled=True, questions=QUESTIONS)
    # Equal sort orders (as the demo and scripts make them): the order falls back to creation.
    event.questions.update(sort_order=0)
    # A publish rewrites the rows: on PostgreSQL a rewritten row moves to the end of the table,
    # and rows of equal sort order came back in that order (the order "changed when full").
    first = event.questions.get(label="Your role")
    first.save()
    expected = ["name", "email", "organisation", *[q.key for q in event.question_list()], "consent"]
    assert [q.label for q in event.question_list()] == [q[0] for q in QUESTIONS]
    assert field_names(main_html(client.get(event.url))) == ["csrfmiddlewaretoken", *expected]

    register(event, email="a@example.org", answers=answers_for(event, workshop="Sampling"))
    register(event, email="b@example.org", answers=answers_for(event))
    html = main_html(client.get(event.url))
    assert "Join the waiting list" in html
    assert field_names(html) == ["csrfmiddlewaretoken", *expected]
    options = re.findall(r'value="(Sampling|Ethics)"', html)
    assert options == ["Sampling", "Ethics"]  # the full one in its place


# --- The check-in code -----------------------------------------------------------------------


def test_the_personal_page_and_the_mail_carry_the_check_in_code_of_the_personal_url(
    client, make_event, register, committed
):
    event = make_event("Code day", capacity=1, waiting_list_enabled=True)
    with committed():
        ada = register(event, email="ada@example.org")
        bob = register(event, email="bob@example.org")
    url = tokens.manage_path(ada)
    absolute = "http://testserver" + url
    html = main_html(client.get(url))
    assert "Your check-in code" in html
    assert 'role="img" aria-label="Your check-in code"' in html
    # The code drawn is segno's for the page's own absolute address.
    drawn = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', html).group(1)
    expected = segno.make(absolute, error=checkin_code.ERROR_LEVEL, micro=False).svg_inline(
        scale=1, border=4, omitsize=True
    )
    assert f'd="{drawn}"' in expected
    other = segno.make(absolute + "x", error=checkin_code.ERROR_LEVEL).svg_inline(scale=1, border=4)
    assert f'd="{drawn}"' not in other

    # Waiting: no seat, no code.
    assert "Your check-in code" not in main_html(client.get(tokens.manage_path(bob)))

    confirmation = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    names = [attachment[0] for attachment in confirmation.attachments]
    assert names == ["code-day.ics", "check-in-code.png"]
    mailed_url = re.search(r"http://testserver/\S+/registration/\S+/", confirmation.body).group(0)
    assert confirmation.attachments[1][1] == checkin_code.png(mailed_url)
    assert confirmation.attachments[1][1] != checkin_code.png(mailed_url + "x")
    assert "check-in code is attached" in confirmation.body


def test_questions_made_in_code_keep_the_order_given(events_index):
    """The demo makes its questions without a sort order; a NULL order let PostgreSQL (and then
    the editor, on the next publish) return them in any order."""
    from datetime import timedelta

    from django.utils import timezone

    from events.models import EventPage, EventQuestion, QuestionOption

    start = timezone.now() + timedelta(days=3)
    page = EventPage(
        title="Coded",
        slug="coded",
        summary="Made by a script.",
        start=start,
        end=start + timedelta(hours=1),
        format="online",
        questions=[
            EventQuestion(
                label=label,
                kind=QuestionKind.WORKSHOP,
                options=[QuestionOption(name=f"{label}2"), QuestionOption(name=f"{label}1")],
            )
            for label in ("Morning", "Afternoon", "Evening")
        ],
    )
    events_index.add_child(instance=page)
    page.save_revision().publish()
    stored = EventPage.objects.get(pk=page.pk)
    questions = stored.question_list()
    assert [(q.label, q.sort_order) for q in questions] == [
        ("Morning", 0),
        ("Afternoon", 1),
        ("Evening", 2),
    ]
    assert [name for name, _places in questions[0].option_list()] == ["Morning2", "Morning1"]
