"""The public side: /events/ with its filters, the event page, registering, a registration's own
page, calendars and feeds, My account and "download my data"."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from community.models import Topic
from events import tokens
from events.models import EventFormat, QuestionKind, Registration
from hub.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db


def main_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def event_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="event-card__title"><a href="[^"]*">([^<]*)</a></h3>', html)


def selected(html: str) -> dict[str, str]:
    """The filter form's choices as the reader sees them: {field: selected value}."""
    form = html[html.index('<form method="get"') : html.index("</form>")]
    choices = {}
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        picked = re.findall(r'<option value="([^"]*)" selected>', options)
        choices[name] = picked[0] if picked else ""
    when = re.search(r'<input type="hidden" name="when"(?: value="([^"]*)")?', form)
    choices["when"] = (when.group(1) or "") if when else None
    return choices


def listing(html: str) -> str:
    """From the upcoming/past switch to the end of the list (filters, events, pages)."""
    start, end = html.index('<nav class="event-when"'), html.index('class="event-subscribe"')
    return html[start:end]


def links(html: str, text: str) -> list[str]:
    return re.findall(rf'<a href="([^"]*)">{re.escape(text)}</a>', html)


def form_data(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "organisation": "Lab",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- /events/ --------------------------------------------------------------------------------


def test_index_lists_upcoming_soonest_first_and_past_in_the_archive(client, make_event):
    make_event("Later", days=40)
    make_event("Sooner", days=5)
    make_event("Last year", days=-300)
    make_event("Last month", days=-30)
    html = main_html(client.get("/events/"))
    assert html.index("Sooner") < html.index("Later")
    assert "Last month" not in html
    archive = main_html(client.get("/events/?when=past"))
    assert archive.index("Last month") < archive.index("Last year")
    assert "Sooner" not in archive


def test_cards_show_date_place_format_and_registration_state(client, make_event, register):
    event = make_event(
        "Small webinar", capacity=3, registration_closes_at=timezone.now() + timedelta(days=10)
    )
    register(event)
    full = make_event(
        "Full meeting",
        capacity=1,
        format=EventFormat.ON_SITE,
        venue_name="Main hall",
        venue_address="Street 1\n3511 AB Utrecht",
    )
    register(full)
    make_event("Closed one", registration_closes_at=timezone.now() - timedelta(hours=1))
    html = main_html(client.get("/events/"))
    card = html[html.index("Small webinar") : html.index("Full meeting")]
    assert "2 places left" in card and "registration closes" in card and "Online" in card
    assert "Main hall, 3511 AB Utrecht" in html and "On site" in html
    assert "Full: waiting list open" in html
    assert "Registration closed" in html


def test_cards_are_rendered_once_and_follow_seats_and_publishing(client, make_event, register):
    event = make_event("Cached webinar", capacity=3)
    assert "3 places left" in main_html(client.get("/events/"))

    again = client.get("/events/")
    assert "3 places left" in main_html(again)
    assert "events/includes/event_card.html" not in [t.name for t in again.templates], (
        "the second reader gets the stored cards"
    )

    register(event)
    assert "2 places left" in main_html(client.get("/events/")), "seats left stay live"

    event.title = "Renamed webinar"
    event.save_revision().publish()
    html = main_html(client.get("/events/"))
    assert ">Renamed webinar</a>" in html and ">Cached webinar</a>" not in html


def test_filters_by_topic_format_and_month_and_keep_state_in_the_url(client, make_event):
    quality = Topic.objects.create(name="Quality", slug="quality")
    make_event("Quality online", days=10, topics=[quality])
    make_event("On site meeting", days=11, format=EventFormat.ON_SITE, venue_name="Hall")
    make_event("Far away", days=100)
    make_event("Quality last year", days=-300, topics=[quality])
    default = {"topic": "", "format": "", "month": "", "when": ""}

    html = main_html(client.get("/events/?topic=quality"))
    assert event_titles(html) == ["Quality online"]
    assert selected(html) == {**default, "topic": "quality"}
    assert links(html, "Past events") == ["?topic=quality&amp;when=past"]
    assert links(html, "Clear filters") == ["/events/"]

    html = main_html(client.get("/events/?format=on_site"))
    assert event_titles(html) == ["On site meeting"]
    assert selected(html) == {**default, "format": "on_site"}

    far = (timezone.localdate() + timedelta(days=100)).strftime("%Y-%m")
    html = main_html(client.get(f"/events/?month={far}"))
    assert event_titles(html) == ["Far away"]
    assert selected(html) == {**default, "month": far}
    assert links(html, "Past events") == [f"?month={far}&amp;when=past"]

    # All three at once, and the past list: each filter narrows, and every link keeps them.
    soon = (timezone.localdate() + timedelta(days=10)).strftime("%Y-%m")
    html = main_html(client.get(f"/events/?topic=quality&format=online&month={soon}"))
    assert event_titles(html) == ["Quality online"]
    assert selected(html) == {"topic": "quality", "format": "online", "month": soon, "when": ""}
    assert links(html, "Past events") == [
        f"?topic=quality&amp;format=online&amp;month={soon}&amp;when=past"
    ]
    assert (
        event_titles(main_html(client.get(f"/events/?topic=quality&format=on_site&month={soon}")))
        == []
    )

    html = main_html(client.get("/events/?topic=quality&when=past"))
    assert event_titles(html) == ["Quality last year"]
    assert selected(html) == {**default, "topic": "quality", "when": "past"}
    assert links(html, "Upcoming events") == ["?topic=quality"]
    assert links(html, "Clear filters") == ["/events/?when=past"]


@pytest.mark.parametrize(
    "query",
    [
        "?topic=nope&format=%00&month=2020-13&when=tomorrow&page=-7",
        "?page=999999",
        "?page=abc",
        "?month=" + "9" * 500,
        "?topic[]=x&format=online&format=junk",
    ],
)
def test_junk_query_strings_fall_back_to_defaults(client, make_event, query):
    Topic.objects.create(name="Quality", slug="quality")
    make_event("Still listed", days=3)
    make_event("On site day", days=4, format=EventFormat.ON_SITE, venue_name="Hall")
    make_event("Last month", days=-30)
    default = main_html(client.get("/events/"))
    assert event_titles(default) == ["Still listed", "On site day"]

    response = client.get("/events/" + query)
    assert response.status_code == 200
    html = main_html(response)
    # The page a reader gets without any query string: the same events, the filter form
    # showing the defaults (no junk echoed back), the same links.
    assert event_titles(html) == event_titles(default)
    assert (
        selected(html) == selected(default) == {"topic": "", "format": "", "month": "", "when": ""}
    )
    assert listing(html) == listing(default)


def test_pagination_keeps_the_filters(client, make_event):
    for number in range(12):
        make_event(f"Webinar {number:02d}", days=number + 1)
    html = main_html(client.get("/events/?format=online"))
    assert "Page 1 of 2" in html
    assert "?format=online&amp;page=2" in html
    second = main_html(client.get("/events/?format=online&page=2"))
    assert "Webinar 11" in second and "Webinar 00" not in second


def test_index_query_count_does_not_grow_with_events(
    client, make_event, django_assert_max_num_queries
):
    topic = Topic.objects.create(name="Quality", slug="quality")
    for number in range(3):
        make_event(f"Event {number}", days=number + 1, topics=[topic])
    client.get("/events/")  # warm caches (site root paths, settings)
    with django_assert_max_num_queries(20) as few:
        client.get("/events/")
    baseline = len(few.captured_queries)  # read now: the next request clears the log
    for number in range(3, 10):
        make_event(f"Event {number}", days=number + 1, topics=[topic])
    client.get("/events/")  # publishing dropped the cached menu and footer: warm them again
    with django_assert_max_num_queries(baseline):
        assert client.get("/events/").status_code == 200


# --- The event page --------------------------------------------------------------------------


def test_event_page_shows_time_zone_place_programme_and_json_ld(client, make_event):
    from community.models import Person
    from events.models import EventSession

    speaker = Person.objects.create(name="Dr. Speaker", role="Keynote", organisation="Institute")
    event = make_event(
        "Day",
        format=EventFormat.HYBRID,
        venue_name="Main hall",
        venue_address="Street 1\n3511 AB Utrecht",
        time_zone="Europe/London",
    )
    for track in ("Track A", "Track B"):
        session = EventSession(
            event=event,
            start_time="11:00",
            end_time="12:00",
            title=f"Workshop {track}",
            track=track,
            room=track,
        )
        session.speakers.set([speaker])
        session.save()
    EventSession(event=event, start_time="09:00", end_time="10:00", title="Plenary").save()

    response = client.get(event.url)
    html = main_html(response)
    assert "London time (" in html
    assert event.local_start.strftime("%H:%M") in html
    assert "openstreetmap.org/search?query=Main+hall" in html
    assert html.index("Plenary") < html.index("Workshop Track A") < html.index("Workshop Track B")
    assert "programme__slot--parallel" in html
    assert "Dr. Speaker" in html and "Institute" in html
    assert "secret-room" not in response.content.decode()  # online link: attendees only

    data = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
        ).group(1)
    )
    assert data["@type"] == "Event" and data["name"] == "Day"
    assert data["startDate"] == event.local_start.isoformat()
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["location"][0]["name"] == "Main hall"
    assert "secret-room" not in json.dumps(data)


def test_json_ld_cannot_break_out_of_its_script_element(client, make_event):
    event = make_event("Bad </script><script>alert(1)</script> title")
    html = client.get(event.url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "alert" in script.group(1) and "<" not in script.group(1)


def test_online_link_is_shown_to_a_confirmed_member_only(
    client, make_event, register, user_factory
):
    event = make_event("Webinar", capacity=1)
    member = user_factory(email="member@example.org")
    waiting = user_factory(email="waiting@example.org")
    register(event, email="member@example.org")
    register(event, email="waiting@example.org")

    client.force_login(member)
    html = main_html(client.get(event.url))
    assert "https://meet.example.org/secret-room" in html
    assert "You are registered" in html

    client.force_login(waiting)
    html = main_html(client.get(event.url))
    assert "secret-room" not in html and "number 1 on the waiting list" in html


def test_members_get_a_form_filled_in_from_their_profile(client, make_event, user_factory):
    event = make_event()
    member = user_factory(email="pre@example.org", first_name="Pre", last_name="Filled")
    member.profile.organisation = "Profile Org"
    member.profile.save()
    client.force_login(member)
    html = main_html(client.get(event.url))
    assert 'value="Pre Filled"' in html and 'value="pre@example.org"' in html
    assert 'value="Profile Org"' in html


def test_event_page_query_count_does_not_grow_with_the_programme(
    client, make_event, django_assert_max_num_queries
):
    from community.models import Person
    from events.models import EventSession

    event = make_event(
        "Programme", questions=[("Workshop", QuestionKind.WORKSHOP, True, [("A", 5), ("B", 5)])]
    )

    def add_sessions(count):
        for number in range(count):
            session = EventSession(
                event=event, start_time=f"{9 + number}:00", title=f"Session {number}"
            )
            session.speakers.set([Person.objects.create(name=f"Speaker {number}")])
            session.save()

    from django.core.cache import cache

    # Rendered afresh each time (nothing cached): what the programme itself costs.
    add_sessions(2)
    cache.clear()
    with django_assert_max_num_queries(40) as few:
        client.get(event.url)
    add_sessions(8)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(event.url).status_code == 200


def test_ics_per_event_and_calendar_and_rss_feeds(client, make_event):
    event = make_event("Webinar one", days=3)
    make_event("Old one", days=-3)
    response = client.get(event.url + "ics/")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:Webinar one" in body and "BEGIN:VTIMEZONE" in body
    assert "secret-room" not in body

    feed = client.get("/events/feed.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "Webinar one" in feed.content.decode() and "Old one" not in feed.content.decode()

    rss = client.get("/events/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "<title>Webinar one</title>" in rss.content.decode()
    assert "Old one" not in rss.content.decode()


# --- Registering -----------------------------------------------------------------------------


def test_register_confirms_mails_and_shows_a_message(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event("Webinar")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url + "register/", form_data(), follow=True)
    assert "You are registered" in main_html(response)
    registration = Registration.objects.get()
    assert (registration.name, registration.email, registration.status) == (
        "Ada Lovelace",
        "ada@example.org",
        "confirmed",
    )
    assert registration.consent_text.startswith("I agree") and registration.consented_at
    assert len(mail.outbox) == 1


def test_full_event_puts_people_on_the_waiting_list(client, make_event, register):
    event = make_event(capacity=1)
    register(event)
    html = main_html(client.get(event.url))
    assert "Join the waiting list" in html
    response = client.post(event.url + "register/", form_data(), follow=True)
    assert "number 1 on the waiting list" in main_html(response)
    assert Registration.objects.get(email="ada@example.org").is_waitlisted


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(email="not-an-address"), "Enter a valid e-mail address"),
        (form_data(name=""), "Enter your name."),
        (form_data(name="x" * 201), "at most 200 characters"),
        (form_data(consent=None), "Tick the box to agree"),
    ],
    ids=["bad-email", "no-name", "name-too-long", "no-consent"],
)
def test_invalid_input_shows_errors_next_to_fields_and_writes_nothing(
    client, make_event, data, message
):
    event = make_event()
    response = client.post(event.url + "register/", data)
    assert response.status_code == 200
    html = main_html(response)
    assert message in html and "There is a problem" in html  # the error summary
    assert 'class="errorlist' in html
    assert not Registration.objects.exists()


def test_questions_are_validated_in_the_form(client, make_event, register):
    event = make_event(
        capacity=5,
        questions=[
            ("Role", QuestionKind.SINGLE, True, ["Biobank", "Researcher"]),
            ("Notes", QuestionKind.LONG_TEXT, False, []),
            ("Workshop", QuestionKind.WORKSHOP, True, [("Full one", 1), ("Open one", 3)]),
        ],
    )
    role, notes, workshop = event.questions.all()
    register(
        event, email="first@example.org", answers={role.key: "Biobank", workshop.key: "Full one"}
    )

    html = main_html(client.get(event.url))
    assert "Full one (full)" in html and "Open one (3 places)" in html

    response = client.post(
        event.url + "register/", form_data(**{notes.key: "x" * 3001, workshop.key: "Full one"})
    )
    html = main_html(response)
    assert "Choose one." in html  # role missing
    assert "at most 3000 characters" in html
    assert "is full. Please choose another one." in html
    assert Registration.objects.count() == 1

    response = client.post(
        event.url + "register/",
        form_data(**{role.key: "Researcher", workshop.key: "Open one", notes.key: "Hello"}),
    )
    assert response.status_code == 302
    assert Registration.objects.get(email="ada@example.org").answers == {
        role.key: "Researcher",
        workshop.key: "Open one",
        notes.key: "Hello",
    }


def test_registering_after_closing_is_refused_with_a_message(client, make_event):
    """The form was shown while open; registration closed before it was sent."""
    event = make_event(registration_closes_at=timezone.now() + timedelta(hours=1))
    page = client.get(event.url)
    assert "Register" in main_html(page)
    from events.models import EventPage

    EventPage.objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(event.url + "register/", form_data(), follow=True)
    assert response.redirect_chain[-1][0].endswith("#registration")
    assert "Registration for this event is closed." in main_html(response)
    assert not Registration.objects.exists()


def test_registering_twice_discloses_nothing_writes_nothing_and_mails_the_registrant(
    client, make_event, register, django_capture_on_commit_callbacks
):
    """Anyone may type any address: the answer must not tell whether it is registered."""
    event = make_event()
    register(event, email="ada@example.org", name="Original")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url + "register/", form_data(), follow=True)
    html = main_html(response)
    assert "already" not in html
    assert "You are registered. We are sending a confirmation to ada@example.org." in html
    assert Registration.objects.get().name == "Original"
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    # Their own link (its signature's time aside: the mail may be signed a second earlier).
    own_link = tokens.manage_path(Registration.objects.get()).rsplit("/", 3)[0]
    assert f"{own_link}/" in message.body


def test_registration_post_is_rate_limited(client, make_event, settings):
    event = make_event(capacity=None)
    for number in range(10):
        response = client.post(event.url + "register/", form_data(email=f"p{number}@x.org"))
        assert response.status_code == 302
    response = client.post(event.url + "register/", form_data(email="p99@x.org"))
    assert response.status_code == 429
    assert "Too many registration attempts" in main_html(response)
    assert Registration.objects.count() == 10


def test_get_on_the_register_url_redirects_to_the_form(client, make_event):
    event = make_event()
    response = client.get(event.url + "register/")
    assert response.status_code == 302 and response.url.endswith("#registration")


def test_csrf_is_required(make_event):
    from django.test import Client

    event = make_event()
    response = Client(enforce_csrf_checks=True).post(event.url + "register/", form_data())
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_member_registering_with_own_address_is_linked_to_the_account(
    client, make_event, user_factory
):
    event = make_event()
    member = user_factory(email="ada@example.org")
    client.force_login(member)
    client.post(event.url + "register/", form_data())
    client.post(event.url + "register/", form_data(email="colleague@example.org"))
    assert Registration.objects.get(email="ada@example.org").user == member
    assert Registration.objects.get(email="colleague@example.org").user is None


# --- A registration's own page (the link in every mail) --------------------------------------


def test_cancel_link_cancels_and_promotes_the_waiting_list(
    client, make_event, register, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    seat = register(event, email="seat@example.org")
    register(event, email="next@example.org")
    url = tokens.manage_path(seat)

    page = client.get(url)
    assert page.status_code == 200
    html = main_html(page)
    assert "Confirmed: you have a place." in html and "secret-room" in html
    assert Registration.objects.get(pk=seat.pk).is_confirmed  # GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "cancel", "confirm": "yes"}, follow=True)
    assert "Your registration is cancelled" in main_html(response)
    assert Registration.objects.get(pk=seat.pk).is_cancelled
    assert Registration.objects.get(email="next@example.org").is_confirmed
    assert {m.to[0] for m in mail.outbox} == {"seat@example.org", "next@example.org"}


def test_tampered_expired_or_replaced_links_do_not_work(client, make_event, register, monkeypatch):
    event = make_event()
    registration = register(event)
    good = tokens.manage_path(registration)
    tampered = good[:-3] + ("AAA" if not good.endswith("AAA/") else "BBB") + "/"
    for url in (
        tampered,
        event.url + "registration/x/y/z/",
        good.replace(f"/{event.slug}/", "/other-event/"),
    ):
        response = client.get(url)
        assert response.status_code in (400, 404), url
    assert client.post(tampered, {"action": "cancel"}).status_code == 400

    # Expired: made longer ago than MAX_AGE.
    real_time = signing.time.time
    monkeypatch.setattr(
        signing.time, "time", lambda: real_time() - tokens.MAX_AGE.total_seconds() - 60
    )
    old = tokens.manage_path(registration)
    monkeypatch.setattr(signing.time, "time", real_time)
    response = client.get(old)
    assert response.status_code == 400 and "This link does not work" in main_html(response)

    # Replaced: cancelled and registered again, the old link no longer cancels.
    from events import services

    services.cancel(registration)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    registration.refresh_from_db()
    old_link = tokens.manage_path(registration)
    register(event)
    assert client.post(old_link, {"action": "cancel"}).status_code == 400
    assert Registration.objects.get().is_confirmed


# --- My account and personal data ------------------------------------------------------------


def test_my_account_lists_my_registrations(client, make_event, register, user_factory):
    event = make_event("Upcoming webinar")
    other = make_event("Someone else's")
    member = user_factory(email="me@example.org")
    register(event, email="me@example.org")
    register(other, email="notme@example.org")
    client.force_login(member)
    html = main_html(client.get("/accounts/"))
    section = html[html.index('id="account-registrations"') :]
    assert "Upcoming webinar" in section and "confirmed" in section
    assert "Someone else" not in section
    assert "/registration/" in section


def test_download_my_data_includes_registrations(client, make_event, register, user_factory):
    event = make_event("Webinar", questions=[("Diet", QuestionKind.SHORT_TEXT, False, [])])
    member = user_factory(email="me@example.org")
    register(event, email="me@example.org", answers={event.questions.get().key: "Vegan"})
    client.force_login(member)
    data = json.loads(client.post(reverse("account_data_download")).content)
    (entry,) = data["event_registrations"]
    assert entry["event"] == "Webinar" and entry["answers"] == {"Diet": "Vegan"}
    assert entry["status"] == "confirmed"


def test_deleting_the_account_frees_the_seat_and_anonymises(make_event, register, user_factory):
    from community.personal_data import delete_user_and_data

    event = make_event(capacity=1)
    member = user_factory(email="me@example.org")
    register(event, email="me@example.org", user=member)
    register(event, email="next@example.org")
    delete_user_and_data(member)
    mine = Registration.objects.get(anonymised_at__isnull=False)
    assert mine.is_cancelled and mine.email == "" and mine.user is None
    # Nor does the outbox keep the mails to them (address, name).
    assert "me@example.org" not in {a for m in OutgoingMail.objects.all() for a in m.to}
    assert Registration.objects.get(email="next@example.org").is_confirmed


def test_a_published_change_to_the_cached_part_of_the_page_shows_at_once(client, make_event):
    """Body, programme, speakers and organisers are kept in the cache for the page as it is."""
    event = make_event("Programme day")
    event.contact_email = "first.organiser@example.org"
    event.save_revision().publish()
    assert "first.organiser@example.org" in client.get(event.url).content.decode()

    event.refresh_from_db()
    event.contact_email = "second.organiser@example.org"
    event.save_revision().publish()
    page = client.get(event.url).content.decode()
    assert "second.organiser@example.org" in page and "first.organiser" not in page


def test_an_editors_preview_of_a_draft_never_reaches_the_public_page(make_event):
    """The event content is kept for every reader: an editor's preview must neither fill it
    with the draft nor read the published copy."""
    from django.test import Client

    from hub.cache import forget_cached

    event = make_event("Open day")
    draft = event.specific
    draft.body = [("paragraph", "<p>Unannounced keynote speaker</p>")]
    draft.save_revision()  # not published
    forget_cached()  # content changed elsewhere: the fragment is not kept yet
    preview = draft.make_preview_request()
    assert b"Unannounced keynote speaker" in preview.content
    public = Client().get(event.url).content.decode()
    assert "Unannounced keynote speaker" not in public
    assert "Unannounced keynote speaker" in draft.make_preview_request().content.decode()


def test_the_index_routes_win_over_a_child_page_of_the_same_slug(events_index, make_event):
    """Wagtail's precedence: a routable page's own routes come before its children, so an
    event that happens to be called "rss" cannot take the feed's address."""
    from django.test import Client

    make_event("Webinar one")
    make_event("RSS", slug="rss")
    feed = Client().get("/events/rss/")
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert "<title>Webinar one</title>" in feed.content.decode()
