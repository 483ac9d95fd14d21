"""A call's status follows from its dates, with a fixed clock, at every boundary."""

from datetime import date, timedelta
from unittest import mock

import pytest

from funding.models import CallStatus, FundingCallPage, call_status

from .conftest import at

OPENS = at(date(2027, 3, 1), 0, 0)
DEADLINE = at(date(2027, 6, 1), 17, 0)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (OPENS - SECOND, CallStatus.FORTHCOMING),
        (OPENS, CallStatus.OPEN),
        (DEADLINE - timedelta(days=14) - SECOND, CallStatus.OPEN),
        (DEADLINE - timedelta(days=14), CallStatus.CLOSING_SOON),
        (DEADLINE - SECOND, CallStatus.CLOSING_SOON),
        (DEADLINE, CallStatus.CLOSED),
        (DEADLINE + timedelta(days=400), CallStatus.CLOSED),
    ],
)
def test_status_at_each_boundary(now, expected):
    assert call_status(OPENS, [DEADLINE], now) == expected


def test_two_stage_call_is_closing_soon_before_each_stage_and_closed_after_the_last():
    first, second = DEADLINE, DEADLINE + timedelta(days=60)
    assert call_status(None, [first, second], first - timedelta(days=3)) == "closing_soon"
    assert call_status(None, [first, second], first + SECOND) == "open"
    assert call_status(None, [first, second], second - timedelta(days=1)) == "closing_soon"
    assert call_status(None, [first, second], second) == "closed"


def test_closing_soon_window_is_configurable(settings):
    settings.FUNDING_CLOSING_SOON_DAYS = 3
    assert call_status(None, [DEADLINE], DEADLINE - timedelta(days=4)) == "open"
    assert call_status(None, [DEADLINE], DEADLINE - timedelta(days=3)) == "closing_soon"


def test_a_call_without_deadline_stays_open_once_opened():
    assert call_status(OPENS, [], OPENS - SECOND) == "forthcoming"
    assert call_status(OPENS, [], OPENS + timedelta(days=999)) == "open"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(days=-30), "forthcoming"),
        (timedelta(0), "open"),
        (timedelta(days=92) - timedelta(days=14) - timedelta(hours=17) - SECOND, "open"),
        (timedelta(days=92, hours=17) - timedelta(days=14), "closing_soon"),
        (timedelta(days=92, hours=17) - SECOND, "closing_soon"),
        (timedelta(days=92, hours=17), "closed"),
    ],
)
def test_page_status_and_database_filters_agree_at_each_boundary(make_call, offset, expected):
    """The page's status and the queryset filters the list uses say the same, with the clock
    fixed (django.utils.timezone.now patched) at each boundary."""
    call = make_call("Boundary call", deadlines=(0,), opens_in=0)
    # Put the dates where the test wants them: opens 1 March, deadline 1 June 17:00.
    call.opens_on = date(2027, 3, 1)
    deadline = call.deadlines.get()
    deadline.due_date = date(2027, 6, 1)
    deadline.save()
    call.save()
    now = OPENS + offset
    with mock.patch("django.utils.timezone.now", return_value=now):
        call.refresh_from_db()
        assert call.status() == expected
        calls = FundingCallPage.objects.live()
        for status in CallStatus.values:
            assert calls.with_status(status).filter(pk=call.pk).exists() == (status == expected)
        assert calls.not_closed().filter(pk=call.pk).exists() == (expected != "closed")


@pytest.mark.django_db
def test_status_changes_by_itself_as_days_pass(client, make_call):
    call = make_call("Time passes", deadlines=(20,), opens_in=2)
    assert "Forthcoming" in client.get(call.url).content.decode()
    from django.utils import timezone

    later = timezone.now() + timedelta(days=10)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Closing soon" in client.get(call.url).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=later + timedelta(days=11)):
        assert "Closed" in client.get(call.url).content.decode()
