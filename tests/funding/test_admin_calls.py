"""Editors create calls in the Wagtail admin: bad dates, amounts and URLs are refused with a
clear message and nothing is written."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from funding.models import FundingCallPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    return client


def call_form(funder, **changes):
    today = timezone.localdate()
    deadlines = changes.pop("deadlines", [today + timedelta(days=40)])
    data = {
        "title": "New call",
        "slug": "new-call",
        "funder": funder.pk,
        "summary": "Money for biobanks.",
        "body": streamfield([]),
        "opens_on": (today + timedelta(days=1)).isoformat(),
        "time_zone": "Europe/Brussels",
        "call_url": "https://funder.example.org/new-call",
        "currency": "EUR",
        "award_min": "10000",
        "award_max": "50000",
        "deadlines": inline_formset(
            [{"label": "", "due_date": day.isoformat(), "due_time": "17:00"} for day in deadlines],
            min=1,
        ),
        "action-publish": "publish",
    }
    data.update(changes)
    return nested_form_data(data)


def add_url(index):
    return f"/admin/pages/add/funding/fundingcallpage/{index.pk}/"


def test_a_valid_call_is_published_with_derived_dates(admin_client, funding_index, funder):
    response = admin_client.post(add_url(funding_index), call_form(funder()))
    assert response.status_code == 302, response.content.decode()[:3000]
    call = FundingCallPage.objects.get(locale__language_code="en")
    assert call.live and call.opens_at is not None and call.closes_at is not None
    assert call.deadlines.get().due_at == call.closes_at
    assert call.status() == "forthcoming"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadlines": []}, "Give at least one deadline"),
        ({"opens_on": "2099-01-01"}, "A deadline cannot be before the opening date"),
        ({"award_min": "90000", "award_max": "50000"}, "The largest award cannot be smaller"),
        ({"call_url": "javascript:alert(1)"}, "starts with http:// or https://"),
        ({"call_url": "ftp://funder.example.org/call"}, "starts with http:// or https://"),
        ({"time_zone": "Mars/Olympus"}, "not a time zone"),
    ],
)
def test_bad_calls_are_refused_and_nothing_is_written(
    admin_client, funding_index, funder, changes, message
):
    response = admin_client.post(add_url(funding_index), call_form(funder(), **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FundingCallPage.objects.exists()
