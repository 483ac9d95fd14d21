"""Organiser tools in the Wagtail admin, for the "Event organisers" group."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from wagtail.models import GroupPagePermission

from events.models import EventIndexPage, EventPage, QuestionKind, Registration
from events.permissions import ORGANISERS_GROUP, grant_organiser_permissions

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("Diet", QuestionKind.SHORT_TEXT, False, []),
    ("Workshop", QuestionKind.WORKSHOP, False, [("Quality", 10), ("Access", 10)]),
    ("Drinks", QuestionKind.YES_NO, False, []),
]


@pytest.fixture
def day(make_event, events_index):
    grant_organiser_permissions(events_index)
    return make_event("Biobanks Day", capacity=2, questions=QUESTIONS)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser())
    return client


def csv_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def fill(event, register, count, start=0, **kwargs):
    diet, workshop, drinks = event.questions.all()
    for number in range(start, start + count):
        register(
            event,
            name=f"Person {number:03d}",
            email=f"person{number}@example.org",
            organisation="Org",
            by_organiser=True,
            force_confirm=True,
            notify=False,
            answers={diet.key: "Vegan", workshop.key: "Access", drinks.key: True},
            **kwargs,
        )


# --- Who may use the tools -------------------------------------------------------------------


def test_the_group_exists_and_may_use_the_admin():
    group = Group.objects.get(name=ORGANISERS_GROUP)
    assert group.permissions.filter(codename="access_admin").exists()


def test_organisers_see_only_the_events_they_may_edit(
    client, make_event, user_factory, events_index
):
    mine = make_event("Mine")
    other = make_event("Not mine")
    group = Group.objects.create(name="Webinar team")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=mine,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user = user_factory(email="team@example.org")
    user.groups.add(group)
    client.force_login(user)

    listing = client.get("/admin/events/").content.decode()
    assert "Mine" in listing and "Not mine" not in listing
    assert client.get(f"/admin/events/{mine.pk}/").status_code == 200
    for path in ("", "export/", "check-in/", "add/", "message/", "duplicate/", "cancel/"):
        assert_refused(client.get(f"/admin/events/{other.pk}/{path}"))
    assert_refused(client.post(f"/admin/events/{other.pk}/cancel/", {"confirm": "on"}))
    assert not EventPage.objects.get(pk=other.pk).is_cancelled


def assert_refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response.url in (
            "/admin/",
            "/accounts/login/?next=" + response.url.split("next=")[-1],
        )


def test_people_without_admin_access_are_refused(client, day, user_factory):
    client.force_login(user_factory(email="member@example.org"))
    response = client.get(f"/admin/events/{day.pk}/")
    assert response.status_code == 302 and "/admin/events/" not in response.url.split("?")[0]


def test_menu_item_and_page_header_button(organiser_client, day):
    dashboard = organiser_client.get("/admin/").content.decode()
    assert "/admin/events/" in dashboard and "Event registrations" in dashboard
    edit = organiser_client.get(f"/admin/pages/{day.pk}/edit/").content.decode()
    assert f"/admin/events/{day.pk}/" in edit


def test_no_menu_item_for_editors_of_no_event(client, day, user_factory):
    group = Group.objects.create(name="Editors elsewhere")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = user_factory(email="editor@example.org")
    user.groups.add(group)
    client.force_login(user)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "/admin/events/" not in dashboard.content.decode()
    assert client.get("/admin/events/").status_code == 200  # the list is there, and empty
    assert "Biobanks Day" not in client.get("/admin/events/").content.decode()


# --- Registrations list and export -----------------------------------------------------------


def test_counts_search_and_filters(organiser_client, day, register):
    from events import organising

    fill(day, register, 3)
    register(day, name="Zoë Waiting", email="zoe@example.org")
    organising.check_in(Registration.objects.get(email="person0@example.org"))
    html = organiser_client.get(f"/admin/events/{day.pk}/").content.decode()
    assert "Person 000" in html and "Zoë Waiting" in html
    assert ">3</strong> / 2" in html  # confirmed (one over capacity, added by hand) / capacity
    assert "Access" in html  # per-workshop counts

    html = organiser_client.get(f"/admin/events/{day.pk}/?q=zo%C3%AB").content.decode()
    assert "Zoë Waiting" in html and "Person 001" not in html
    html = organiser_client.get(f"/admin/events/{day.pk}/?status=waitlisted").content.decode()
    assert "Zoë Waiting" in html and "Person 001" not in html
    html = organiser_client.get(f"/admin/events/{day.pk}/?checked_in=yes").content.decode()
    assert "Person 000" in html and "Person 001" not in html
    junk = organiser_client.get(f"/admin/events/{day.pk}/?status=junk&checked_in=%00&p=x")
    assert junk.status_code == 200


def test_csv_has_a_column_per_question_and_is_spreadsheet_safe(organiser_client, day, register):
    diet, workshop, drinks = day.questions.all()
    register(
        day,
        name='=HYPERLINK("evil")',
        email="a@example.org",
        answers={diet.key: "Vegan", workshop.key: "Quality", drinks.key: False},
    )
    register(day, name="Bob", email="b@example.org", answers={})
    response = organiser_client.get(f"/admin/events/{day.pk}/export/")
    assert response["Content-Type"].startswith("text/csv")
    header, first, second = csv_rows(response)
    assert header[-3:] == ["Diet", "Workshop", "Drinks"]
    assert first[0] == '\'=HYPERLINK("evil")'
    assert first[-3:] == ["Vegan", "Quality", "No"]
    assert second[0] == "Bob" and second[-3:] == ["", "", ""]

    only_bob = organiser_client.get(f"/admin/events/{day.pk}/export/?q=bob")
    assert [row[0] for row in csv_rows(only_bob)[1:]] == ["Bob"]


def test_list_and_export_query_counts_do_not_grow_with_rows(
    organiser_client, day, register, django_assert_max_num_queries
):
    fill(day, register, 5)
    url = f"/admin/events/{day.pk}/"
    organiser_client.get(url)
    with django_assert_max_num_queries(40) as small_list:
        organiser_client.get(url)
    with django_assert_max_num_queries(20) as small_csv:
        csv_rows(organiser_client.get(url + "export/"))
    fill(day, register, 60, start=5)  # more than a page of the list
    with django_assert_max_num_queries(len(small_list.captured_queries)):
        assert organiser_client.get(url).status_code == 200
    with django_assert_max_num_queries(len(small_csv.captured_queries)):
        assert len(csv_rows(organiser_client.get(url + "export/"))) == 66


# --- Writing by hand -------------------------------------------------------------------------


def test_add_by_hand_with_validation(organiser_client, day, register):
    url = f"/admin/events/{day.pk}/add/"
    assert organiser_client.get(url).status_code == 200
    response = organiser_client.post(url, {"name": "X", "email": "nope", "notify": "on"})
    assert response.status_code == 200 and "Enter a valid e-mail address" in (
        response.content.decode()
    )
    assert not Registration.objects.exists()

    response = organiser_client.post(
        url, {"name": "Walk-in", "email": "walk@example.org", "notify": "on"}
    )
    assert response.status_code == 302
    walk_in = Registration.objects.get()
    assert walk_in.added_by_organiser and walk_in.is_confirmed and walk_in.consent_text == ""

    response = organiser_client.post(url, {"name": "Walk-in", "email": "WALK@example.org"})
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


def test_add_by_hand_beyond_capacity_only_when_asked(organiser_client, day, register):
    fill(day, register, 2)
    url = f"/admin/events/{day.pk}/add/"
    organiser_client.post(url, {"name": "Waits", "email": "waits@example.org"})
    organiser_client.post(url, {"name": "VIP", "email": "vip@example.org", "force_confirm": "on"})
    assert Registration.objects.get(email="waits@example.org").is_waitlisted
    assert Registration.objects.get(email="vip@example.org").is_confirmed


def test_cancel_by_hand_promotes_the_waiting_list(
    organiser_client, day, register, django_capture_on_commit_callbacks
):
    seat = register(day, email="seat@example.org")
    register(day, email="seat2@example.org")
    register(day, email="next@example.org")
    url = f"/admin/events/{day.pk}/registrations/{seat.pk}/cancel/"
    assert "seat@example.org" in organiser_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(url, {})  # without "notify": no mail to the cancelled person
    assert Registration.objects.get(pk=seat.pk).is_cancelled
    assert Registration.objects.get(email="next@example.org").is_confirmed
    assert [m.to for m in mail.outbox] == [["next@example.org"]]


def resend_form(html, registration):
    """The token the list's "Resend mail" button of this registration carries."""
    action = f"/registrations/{registration.pk}/resend/"
    form = html[html.index(action) :]
    return {"seen": re.search(r'name="seen" value="([^"]*)"', form).group(1)}


@pytest.mark.parametrize("failed", [True, False], ids=["after-a-failure", "lost-by-the-attendee"])
def test_resend_mail_sends_one_mail_even_on_a_double_click(
    organiser_client, day, register, committed, mail_server, failed
):
    if failed:
        mail_server.down()  # no retries: the first failure is final
    with committed():
        registration = register(day, email="again@example.org")
    mail_server.up()
    mail.outbox.clear()
    url = f"/admin/events/{day.pk}/"
    html = organiser_client.get(url).content.decode()
    assert ("mail failed" in html) is failed

    resend = f"{url}registrations/{registration.pk}/resend/"
    form = resend_form(html, registration)  # both clicks come from the same page
    with committed():
        first = organiser_client.post(resend, form, follow=True).content.decode()
    with committed():
        second = organiser_client.post(resend, form, follow=True).content.decode()
    assert "The e-mail to again@example.org is on its way again" in first
    assert "already sent again" in second
    [message] = mail.outbox
    assert message.to == ["again@example.org"] and "Registration confirmed" in message.subject
    assert "mail failed" not in second

    # Shown anew, the list's button sends again (the attendee lost it once more).
    with committed():
        organiser_client.post(resend, resend_form(second, registration))
    assert len(mail.outbox) == 2


def test_a_mail_that_fails_again_after_a_resend_is_marked_again(
    organiser_client, day, register, committed, mail_server
):
    mail_server.down()
    with committed():
        registration = register(day, email="again@example.org")
    url = f"/admin/events/{day.pk}/"
    html = organiser_client.get(url).content.decode()
    with committed():
        organiser_client.post(
            f"{url}registrations/{registration.pk}/resend/", resend_form(html, registration)
        )
    assert "mail failed" in organiser_client.get(url).content.decode()
    assert mail.outbox == []
    assert Registration.objects.get().mail_failed_at is not None


def test_check_in_search_one_tap_and_undo(organiser_client, day, register):
    fill(day, register, 2)
    waiting = register(day, name="Person waiting", email="waiting@example.org")
    url = f"/admin/events/{day.pk}/check-in/"
    html = organiser_client.get(url + "?q=person 001").content.decode()
    assert "Person 001" in html and "Person 000" not in html
    assert 'name="viewport"' in html  # Wagtail's admin is responsive: usable on a phone
    assert "Person waiting" not in organiser_client.get(url + "?q=person").content.decode()

    person = Registration.objects.get(email="person1@example.org")
    response = organiser_client.post(f"{url}{person.pk}/", {"action": "in", "q": "person 001"})
    assert response.status_code == 302
    assert response.url.endswith(f"?q=person+001#r{person.pk}")
    assert Registration.objects.get(pk=person.pk).checked_in
    assert "1 of 2 checked in" in organiser_client.get(url).content.decode()

    organiser_client.post(f"{url}{person.pk}/", {"action": "undo"})
    assert not Registration.objects.get(pk=person.pk).checked_in
    organiser_client.post(f"{url}{waiting.pk}/", {"action": "in"})
    assert not Registration.objects.get(pk=waiting.pk).checked_in


def test_message_all_confirmed(organiser_client, day, register, committed):
    fill(day, register, 2)
    register(day, email="waiting@example.org")
    url = f"/admin/events/{day.pk}/message/"
    response = organiser_client.post(url, {"audience": "confirmed", "subject": "", "body": "Hi"})
    assert response.status_code == 200 and mail.outbox == []
    data = {"audience": "confirmed", "subject": "Parking", "body": "Use the north entrance."}
    preview = organiser_client.post(url, {**data, "action": "preview"}).content.decode()
    assert "This will send 2 mails to Everyone confirmed. Send?" in preview and mail.outbox == []
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    with committed():
        response = organiser_client.post(
            url, {**data, "token": token, "action": "send"}, follow=True
        )
    assert "Your message is being sent to 2 people." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["person0@example.org", "person1@example.org"]
    assert all("Use the north entrance." in m.body for m in mail.outbox)


def test_duplicate_as_next_years_draft(organiser_client, day):
    response = organiser_client.post(f"/admin/events/{day.pk}/duplicate/")
    copy = EventPage.objects.exclude(pk=day.pk).get()
    assert response.url == f"/admin/pages/{copy.pk}/edit/"
    assert not copy.live and copy.start == day.start + timedelta(weeks=52)
    assert organiser_client.get(response.url).status_code == 200


def test_cancel_event_needs_confirmation_and_mails_everyone(
    organiser_client, day, register, django_capture_on_commit_callbacks
):
    register(day, email="a@example.org")
    url = f"/admin/events/{day.pk}/cancel/"
    response = organiser_client.post(url, {"message": "Sorry"})
    assert "Tick the box to confirm." in response.content.decode()
    assert not EventPage.objects.get(pk=day.pk).is_cancelled
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(url, {"message": "Sorry, the venue is closed.", "confirm": "on"})
    assert EventPage.objects.get(pk=day.pk).is_cancelled
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "the venue is closed" in mail.outbox[0].body


# --- The page editor -------------------------------------------------------------------------


def test_editor_types_times_in_the_event_time_zone(day, admin_user):
    """Whatever the editor's own zone, 09:00 means 09:00 where the event is."""
    from django.utils import timezone as tz

    day.time_zone = "America/New_York"
    form_class = EventPage.get_edit_handler().get_form_class()
    form = form_class(instance=day, for_user=admin_user)
    shown = form.initial["start"]
    assert shown.tzinfo is None
    assert shown == day.start.astimezone(day.tz).replace(tzinfo=None)

    with tz.override("Europe/Amsterdam"):
        form = form_class(instance=day, for_user=admin_user)
        form.cleaned_data = {
            "time_zone": "America/New_York",
            "start": tz.make_aware(shown.replace(hour=9, minute=0)),
            "end": tz.make_aware(shown.replace(hour=17, minute=0)),
        }
        form._errors = {}
        cleaned = form.clean()
    assert cleaned["start"].astimezone(day.tz).hour == 9
    assert str(cleaned["start"].tzinfo) == "America/New_York"


def test_event_page_validation(day):
    from django.core.exceptions import ValidationError

    day.end = day.start - timedelta(hours=1)
    day.registration_closes_at = day.start + timedelta(days=5)
    with pytest.raises(ValidationError) as error:
        day.full_clean()
    assert "end" in error.value.message_dict
    assert "registration_closes_at" in error.value.message_dict


def test_full_workshop_by_hand_only_when_forced(organiser_client, day, register):
    from events.models import QuestionOption

    QuestionOption.objects.filter(question__event=day, name="Quality").update(places=1)
    workshop = day.questions.get(label="Workshop")
    register(day, email="first@example.org", answers={workshop.key: "Quality"})
    url = f"/admin/events/{day.pk}/add/"
    response = organiser_client.post(
        url, {"name": "B", "email": "b@example.org", workshop.key: "Quality"}
    )
    assert "is full" in response.content.decode()
    assert Registration.objects.count() == 1
    organiser_client.post(
        url, {"name": "B", "email": "b@example.org", workshop.key: "Quality", "force_confirm": "on"}
    )
    assert Registration.objects.get(email="b@example.org").is_confirmed


def questions_formset(questions, initial=0):
    """The editor's questions: (label, kind, options[, id]) with options as (name, places[, id])
    pairs or dicts; each question's options are a formset of their own, inside its form."""
    from wagtail.test.utils.form_data import inline_formset

    def option(spec):
        if isinstance(spec, dict):
            return spec
        name, places, *pk = spec
        return {"name": name, "places": places, **({"id": pk[0]} if pk else {})}

    forms = []
    for label, kind, options, *pk in questions:
        existing = sum(1 for spec in options if not isinstance(spec, dict) and len(spec) == 3)
        forms.append(
            {
                **({"id": pk[0]} if pk else {}),
                "label": label,
                "kind": kind,
                "required": "on",
                "help_text": "",
                "options": inline_formset([option(spec) for spec in options], initial=existing),
            }
        )
    return inline_formset(forms, initial=initial)


def _editor_data(**overrides):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "title": "Edited in the admin",
        "slug": "edited-in-the-admin",
        "summary": "Typed by an editor.",
        "start": "2031-04-10 09:00",
        "end": "2031-04-10 17:00",
        "time_zone": "America/New_York",
        "format": "online",
        "venue_name": "",
        "venue_address": "",
        "map_url": "",
        "online_url": "",
        "body": streamfield([]),
        "contact_email": "",
        "sessions": inline_formset(
            [
                {
                    "day": "",
                    "start_time": "09:30",
                    "end_time": "10:00",
                    "title": "Opening",
                    "room": "",
                    "track": "",
                    "description": "",
                }
            ]
        ),
        "questions": questions_formset(
            [("Workshop", "workshop", [{"name": "Quality", "places": "20"}, ("Access", "20")])]
        ),
        "registration_enabled": "on",
        "registration_opens_at": "",
        "registration_closes_at": "2031-04-03 23:00",
        "capacity": "100",
        "waiting_list_enabled": "on",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_creating_an_event_in_the_page_editor(client, admin_user, events_index):
    client.force_login(admin_user)
    url = f"/admin/pages/add/events/eventpage/{events_index.pk}/"
    assert client.get(url).status_code == 200

    preview = client.post(url + "preview/", _editor_data())
    assert preview.status_code == 200 and preview.json()["is_valid"]
    rendered = client.get(url + "preview/?mode=")
    assert rendered.status_code == 200
    assert "New York time" in rendered.content.decode()

    response = client.post(url, _editor_data(**{"action-publish": "action-publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(locale__language_code="en", slug="edited-in-the-admin")
    assert event.live and str(event.tz) == "America/New_York"
    assert (event.local_start.hour, event.local_start.minute) == (9, 0)
    assert event.local_end.hour == 17
    assert event.registration_closes_at.astimezone(event.tz).hour == 23
    assert event.questions.get().option_list() == [("Quality", 20), ("Access", 20)]
    assert event.sessions.get().title == "Opening"
    edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'value="2031-04-10 09:00"' in edit  # shown again as typed, in the event's zone


def test_the_editor_refuses_an_end_before_the_start(client, admin_user, events_index):
    client.force_login(admin_user)
    url = f"/admin/pages/add/events/eventpage/{events_index.pk}/"
    response = client.post(
        url, _editor_data(**{"end": "2031-04-10 08:00", "action-publish": "action-publish"})
    )
    assert response.status_code == 200
    assert "The event must end after it starts." in response.content.decode()
    assert not EventPage.objects.exists()


def test_the_editor_checks_each_question_s_options(client, admin_user, events_index):
    client.force_login(admin_user)
    questions = questions_formset(
        [
            ("Role", "single", [("Biobank", "")]),
            ("Diet", "multiple", [("Vegan", "5"), ("Halal", "")]),
            ("Morning", "workshop", [("Quality", "5"), ("Quality", "")]),
            ("Afternoon", "workshop", []),
        ]
    )
    response = client.post(
        f"/admin/pages/add/events/eventpage/{events_index.pk}/",
        _editor_data(questions=questions, **{"action-publish": "action-publish"}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give at least two options." in html
    assert "Only workshop choices have places: leave this empty." in html
    assert "Each option must be different." in html
    assert "Give at least one workshop." in html
    assert not EventPage.objects.exists()


def test_an_editor_adds_a_workshop_with_places_and_the_form_enforces_them(
    client, admin_user, make_event, register
):
    from events.services import workshop_usage

    event = make_event(
        "Workshop day",
        questions=[("Workshop", QuestionKind.WORKSHOP, True, [("Quality", 10), ("Access", 10)])],
    )
    question = event.questions.get()
    quality, access = question.options.all()
    register(event, email="early@example.org", answers={question.key: "Quality"})

    client.force_login(admin_user)
    options = [("Quality", "10", quality.pk), ("Access", "10", access.pk), ("Linkage", "1")]
    response = client.post(
        f"/admin/pages/{event.pk}/edit/",
        _editor_data(
            title="Workshop day",
            slug="workshop-day",
            questions=questions_formset([("Workshop", "workshop", options, question.pk)], 1),
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(pk=event.pk)
    assert [q.pk for q in event.questions.all()] == [question.pk]
    assert question.option_list() == [("Quality", 10), ("Access", 10), ("Linkage", 1)]
    # The answer given before the edit still counts for its workshop.
    assert workshop_usage(event)[(question.key, "Quality")] == 1

    client.logout()
    assert "Linkage (1 place)" in client.get(event.url).content.decode()
    form = {"name": "First", "email": "first@example.org", "consent": "on", question.key: "Linkage"}
    assert client.post(event.url + "register/", form).status_code == 302
    assert Registration.objects.get(email="first@example.org").answers == {question.key: "Linkage"}
    response = client.post(event.url + "register/", {**form, "email": "second@example.org"})
    assert "The workshop “Linkage” is full." in response.content.decode()
    assert not Registration.objects.filter(email="second@example.org").exists()
    assert "Linkage (full)" in client.get(event.url).content.decode()


def test_a_new_events_index_is_given_to_the_organisers(client, admin_user, events_index):
    from wagtail.test.utils.form_data import nested_form_data

    home = events_index.get_parent()
    events_index.delete()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/pages/add/events/eventindexpage/{home.pk}/",
        nested_form_data(
            {
                "title": "Events",
                "slug": "events",
                "intro": "",
                "seo_title": "",
                "search_description": "",
                "go_live_at": "",
                "expire_at": "",
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    index = EventIndexPage.objects.get(locale__language_code="en")
    assert GroupPagePermission.objects.filter(group__name=ORGANISERS_GROUP, page=index).count() == 3


def test_an_old_revision_of_a_copied_event_keeps_the_original_s_options(
    make_event, events_index, admin_user, client
):
    """Copying an event with its revisions (the admin's default), then publishing the copy's
    first revision, must not take the options away from the original event."""
    from wagtail.actions.copy_page import CopyPageAction

    event = make_event(
        "Biobanks day",
        questions=[("Morning workshop", QuestionKind.WORKSHOP, True, [("Quality", 1), "Access"])],
    )
    copy = CopyPageAction(
        page=event,
        to=events_index,
        update_attrs={"title": "Biobanks day (copy)", "slug": "biobanks-day-copy"},
        user=admin_user,
        copy_revisions=True,
    ).execute()
    first = copy.revisions.order_by("created_at", "pk").first()
    # Copied revisions keep the original's slug: as an editor would, give it the copy's.
    first.content.update(title=copy.title, slug=copy.slug)
    first.save()
    first.publish(user=admin_user)

    def offered(page):
        return client.get(page.url).content.decode()

    for page in (event, EventPage.objects.get(pk=copy.pk)):
        [question] = page.questions.all()
        assert [(o.name, o.places) for o in question.options.all()] == [
            ("Quality", 1),
            ("Access", None),
        ]
    assert "Quality" in offered(event) and "Access" in offered(event)
