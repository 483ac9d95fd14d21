"""/funding/deadlines.ics (one event per upcoming deadline) and /funding/rss/, parsed."""

import xml.etree.ElementTree as ET
from datetime import datetime

import icalendar
import pytest

pytestmark = pytest.mark.django_db


def test_deadline_calendar_has_one_event_per_upcoming_deadline(client, make_call):
    two_stage = make_call("Two-stage call", deadlines=(10, 70))
    make_call("Single deadline", deadlines=(30,))
    make_call("Closed call", deadlines=(-5,))
    make_call("Forthcoming", deadlines=(100,), opens_in=20)
    make_call("Half past", deadlines=(-5, 40))
    response = client.get("/funding/deadlines.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    summaries = sorted(str(event["summary"]) for event in events)
    assert summaries == [
        "Deadline: Forthcoming",
        "Deadline: Half past (Stage 2)",
        "Deadline: Single deadline",
        "Deadline: Two-stage call (Stage 1)",
        "Deadline: Two-stage call (Stage 2)",
    ]
    first = next(e for e in events if str(e["summary"]) == "Deadline: Two-stage call (Stage 1)")
    start = first.decoded("dtstart")
    assert isinstance(start, datetime)
    assert (start.hour, start.minute) == (17, 0)
    assert (
        str(start.tzinfo) in ("Europe/Brussels", "CET", "CEST")
        or first["dtstart"].params["TZID"] == "Europe/Brussels"
    )
    assert two_stage.url in str(first["url"])
    uids = [str(event["uid"]) for event in events]
    assert len(set(uids)) == len(uids)
    assert calendar.walk("VTIMEZONE")


def test_rss_lists_new_calls_newest_first(client, make_call):
    make_call("Older call", deadlines=(30,))
    make_call("Newer call <b>bold</b>", slug="newer", deadlines=(40,))
    response = client.get("/funding/rss/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["Newer call <b>bold</b>", "Older call"]
    assert items[0].findtext("link").endswith("/funding/newer/")
    assert "National Research Council" in items[0].findtext("description")


def test_index_links_to_the_feeds(client, funding_index):
    html = client.get("/funding/").content.decode()
    assert 'href="/funding/deadlines.ics"' in html
    assert 'href="/funding/rss/"' in html
