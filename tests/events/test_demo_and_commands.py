"""Demo content, topic pages listing events, and `manage.py purge_registrations`."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import EventIndexPage, EventPage, Registration

pytestmark = pytest.mark.django_db


def test_demo_has_the_day_with_tracks_and_webinars_past_and_future(client, site_tree):
    index = EventIndexPage.objects.get(locale__language_code="en")
    assert index.url == "/events/" and index.live
    day = EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    )
    assert day.capacity == 150 and day.start > timezone.now()
    assert day.local_start.month in (3, 4, 5)  # spring
    assert day.tracks() == ["Track A", "Track B"]
    assert day.sessions.filter(track="").count() >= 5  # the plenary programme
    assert day.questions.filter(kind="workshop").count() == 2
    now = timezone.now()
    webinars = EventPage.objects.exclude(pk=day.pk)
    assert webinars.filter(end__lt=now).exists() and webinars.filter(start__gt=now).exists()
    for event in EventPage.objects.all():
        assert client.get(event.url).status_code == 200
    assert client.get("/events/").status_code == 200


def test_demo_is_idempotent(site_tree):
    counts = (EventPage.objects.count(), Registration.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (EventPage.objects.count(), Registration.objects.count()) == counts


def test_topic_pages_list_upcoming_events_with_see_all(client, site_tree):
    html = client.get("/topics/quality/").content.decode()
    assert "Biobanks &amp; Collections Day" in html
    assert 'href="/events/?topic=quality"' in html
    listed = client.get("/events/?topic=quality").content.decode()
    assert "Biobanks &amp; Collections Day" in listed


def test_organisers_group_may_edit_the_demo_events(site_tree, organiser):
    user = organiser()
    day = EventPage.objects.get(
        slug__startswith="biobanks-collections-day-", locale__language_code="en"
    )
    assert day.permissions_for_user(user).can_edit()


def test_purge_registrations_command(make_event, register, settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 30
    event = make_event()
    register(event)
    EventPage.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=41), end=timezone.now() - timedelta(days=40)
    )
    out = io.StringIO()
    call_command("purge_registrations", "--dry-run", stdout=out)
    assert "ended more than 30 day(s) ago would be anonymised: 1" in out.getvalue()
    assert Registration.objects.get().email != ""
    out = io.StringIO()
    call_command("purge_registrations", stdout=out)
    assert "ago anonymised: 1" in out.getvalue()
    out = io.StringIO()
    call_command("purge_registrations", stdout=out)
    assert "ago anonymised: 0" in out.getvalue()
    assert Registration.objects.get().email == ""
    call_command("purge_registrations", "--days", "100", stdout=io.StringIO())
