"""A call's deadline in an edition is the day on the funder's clock (the call's time zone), as on
the call's own page, not the day it then is where the hub runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.editions import render
from community.models import Subscriber
from tests.factories import FundingCallPageFactory

pytestmark = pytest.mark.django_db


def test_a_deadline_late_in_the_funder_s_day_keeps_its_day_in_the_edition(make_edition):
    # 17:00 in Los Angeles is 02:00 the next day in Amsterdam (the site's zone).
    FundingCallPageFactory(
        title="Pacific cohort call", deadlines=(5,), time_zone="America/Los_Angeles"
    )
    due = timezone.localdate() + timedelta(days=5)
    edition = make_edition(body=[("closing_calls", {"heading": "", "count": 3})])

    body = render.build_mail(edition, Subscriber(email="member@example.org", language="")).body

    assert "Pacific cohort call" in body
    assert f"{due.day} {due:%B} {due.year}" in body
    next_day = due + timedelta(days=1)
    assert f"{next_day.day} {next_day:%B} {next_day.year}" not in body
