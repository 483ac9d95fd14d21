"""The editors' dashboard (issue 20): the admin's home page shows each panel with what is stored,
an empty state when there is nothing, and each panel only to those who may act on it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.utils import timezone

from community.models import JoinRequest, SyncRun
from events.models import Registration
from hub.outbox.models import OutgoingMail
from tests import factories

pytestmark = pytest.mark.django_db

HEADINGS = {
    "listings": "Partnership listings to review",
    "join_requests": "Requests to join a working group",
    "events": "Upcoming events",
    "failed_mail": "Mails that failed",
    "calls": "Funding calls closing soon",
    "sync": "Last catalogue sync",
}


# --- People ------------------------------------------------------------------------------------


def admin_user(*groups, **fields):
    """A user who may open the admin (and nothing more, without groups)."""
    user = factories.UserFactory(**fields)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def superuser():
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def editor():
    """Wagtail's "Editors" group: may edit every page, nothing else of the hub's."""
    return admin_user("Editors")


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, key: str) -> str:
    """The HTML of one panel (its <section>), or "" when it is not on the page."""
    heading = f"<span data-panel-heading-text>{HEADINGS[key]}</span>"
    if heading not in html:
        return ""
    start = html.rindex("<section", 0, html.index(heading))
    return html[start : html.index("</section>", start)]


# --- What there is to show ---------------------------------------------------------------------


def pending_listing(title="Cryobank audit service"):
    return factories.PartnershipListingFactory(title=title, status="pending")


def join_request(group_title="Sample logistics", coordinator=None, first_name="Ada"):
    page = factories.WorkingGroupPageFactory(title=group_title)
    if coordinator:
        page.coordinators.add(coordinator)
        page.save_revision().publish()
    member = factories.UserFactory(first_name=first_name, last_name="Lovelace")
    JoinRequest.objects.create(group_page=page, user=member, motivation="I run a freezer park.")
    return page


def event_with_seats(title="Biobanks Day", capacity=40, confirmed=12, waiting=3, days=30):
    event = factories.EventPageFactory(title=title, capacity=capacity, days=days)
    for n in range(confirmed + waiting):
        Registration.objects.create(
            event=event,
            name=f"Participant {n}",
            email=f"p{n}-{event.pk}@example.org",
            status="confirmed" if n < confirmed else "waitlisted",
        )
    return event


def failed_mail(subject="Your seat at the Biobanks Day"):
    return OutgoingMail.objects.create(
        subject=subject,
        from_email="hub@example.org",
        to=["ada@example.org"],
        body="See you there.",
        state=OutgoingMail.State.FAILED,
        attempts=5,
        last_error="Connection unexpectedly closed",
    )


def sync_run(source_key="bbmri-nl", hours_ago=1, **fields):
    run = SyncRun.objects.create(
        source=f"/srv/exports/{source_key}", source_key=source_key, format="emx2", **fields
    )
    moment = timezone.now() - timedelta(hours=hours_ago)
    SyncRun.objects.filter(pk=run.pk).update(started_at=moment, finished_at=moment)
    return run


# --- Each panel with its data ------------------------------------------------------------------


def test_a_superuser_sees_every_panel_with_what_is_stored(client, superuser):
    pending_listing()
    factories.PartnershipListingFactory(title="Approved imaging offer")  # not waiting
    group = join_request()
    event = event_with_seats()
    factories.EventPageFactory(title="Long past symposium", days=-60)
    mail = failed_mail()
    factories.FundingCallPageFactory(title="Cohort linkage grant", deadlines=[5])
    factories.FundingCallPageFactory(title="Far-off infrastructure call", deadlines=[60])
    sync_run(hours_ago=30, status="success", added=9, changed=9, withdrawn=9)  # an older run
    run = sync_run(status="success", added=4, changed=2, withdrawn=1, collections_added=7)
    sync_run(source_key="demo", status="failed", errors="Collections.csv: no such file")

    html = dashboard(client, superuser)

    listings = panel(html, "listings")
    assert "Cryobank audit service" in listings and "Approved imaging offer" not in listings
    assert "1 listing waits for review" in listings and "/admin/funding/moderation/" in listings

    requests = panel(html, "join_requests")
    assert "Ada Lovelace" in requests and "Sample logistics" in requests
    assert f'href="{group.url}requests/"' in requests

    events = panel(html, "events")
    assert "Biobanks Day" in events and "12 of 40 seats, 3 waiting" in events
    assert f"/admin/events/{event.pk}/" in events and "Long past symposium" not in events

    mails = panel(html, "failed_mail")
    assert "Your seat at the Biobanks Day" in mails and "ada@example.org" in mails
    assert f"/admin/outgoing_mail/inspect/{mail.pk}/" in mails

    calls = panel(html, "calls")
    assert "Cohort linkage grant" in calls and "in 5 days" in calls
    assert "Far-off infrastructure call" not in calls

    sync = panel(html, "sync")
    assert "4 added, 2 changed, 1 withdrawn" in sync and "7 added" in sync
    assert "9 added" not in sync  # only the last run of each source
    assert "Failed" in sync and "Collections.csv: no such file" in sync
    assert f"/admin/catalogue_syncs/inspect/{run.pk}/" in sync


def test_each_panel_says_when_there_is_nothing(client, superuser):
    html = dashboard(client, superuser)
    assert "No partnership listing waits for review." in panel(html, "listings")
    assert "No request to join a working group waits" in panel(html, "join_requests")
    assert "No upcoming event that you manage." in panel(html, "events")
    assert "No mail failed." in panel(html, "failed_mail")
    assert "No published funding call has a deadline in the next 14 days." in panel(html, "calls")
    assert "The catalogue has never been synced." in panel(html, "sync")


def test_panels_are_accessible_tables(client, superuser):
    pending_listing()
    event_with_seats()
    html = dashboard(client, superuser)
    for key in ("listings", "events"):
        section = panel(html, key)
        assert '<caption class="w-sr-only">' in section
        assert '<th scope="col">' in section and '<th scope="row"' in section
    assert re.search(r'<h2 [^>]*id="dashboard-upcoming-events-heading"', html)


# --- Who sees what -----------------------------------------------------------------------------


def test_an_editor_sees_events_and_calls_but_not_failed_mail_or_moderation(client, editor):
    pending_listing()
    failed_mail()
    event_with_seats()
    factories.FundingCallPageFactory(title="Cohort linkage grant", deadlines=[5])
    sync_run(status="success", added=4)
    join_request()

    html = dashboard(client, editor)
    assert "12 of 40 seats, 3 waiting" in panel(html, "events")
    assert "Cohort linkage grant" in panel(html, "calls")
    for key in ("listings", "failed_mail", "join_requests", "sync"):
        assert panel(html, key) == "", key
    assert "Your seat at the Biobanks Day" not in html and "Cryobank audit service" not in html


def test_a_partnership_moderator_sees_the_listings_to_review(client):
    pending_listing()
    html = dashboard(client, admin_user("Partnership moderators"))
    assert "Cryobank audit service" in panel(html, "listings")
    assert panel(html, "failed_mail") == ""


def test_a_coordinator_sees_the_requests_to_their_own_group_only(client):
    coordinator = admin_user(first_name="Cora")
    join_request("Sample logistics", coordinator=coordinator, first_name="Ada")
    join_request("Access procedures", first_name="Bert")
    requests = panel(dashboard(client, coordinator), "join_requests")
    assert "Ada Lovelace" in requests and "Sample logistics" in requests
    assert "Bert" not in requests and "Access procedures" not in requests


def test_whoever_may_see_the_sync_history_sees_the_last_sync(client):
    sync_run(status="success", added=4, changed=2, withdrawn=1)
    user = admin_user()
    user.user_permissions.add(Permission.objects.get(codename="view_syncrun"))
    assert "4 added, 2 changed, 1 withdrawn" in panel(dashboard(client, user), "sync")


def test_someone_who_may_only_open_the_admin_sees_none_of_the_panels(client):
    pending_listing()
    failed_mail()
    event_with_seats()
    factories.FundingCallPageFactory(title="Cohort linkage grant", deadlines=[5])
    sync_run(status="success", added=4)
    join_request()
    html = dashboard(client, admin_user())
    for key in HEADINGS:
        assert panel(html, key) == "", key


# --- Bounded queries ---------------------------------------------------------------------------


def rendered(panel_class, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    shown = panel_class(request)
    assert shown.is_shown()
    return shown.render_html({})


def test_each_panel_costs_a_few_queries_whatever_it_lists(superuser, django_assert_max_num_queries):
    from community.dashboard import CatalogueSyncPanel, JoinRequestsPanel
    from events.dashboard import UpcomingEventsPanel
    from funding.dashboard import CallsClosingSoonPanel, ListingsToReviewPanel
    from hub.outbox.dashboard import FailedMailPanel

    for n in range(4):
        pending_listing(f"Listing {n}")
        join_request(f"Group {n}", first_name=f"Member{n}")
        event_with_seats(f"Event {n}", confirmed=2, waiting=1, days=10 + n)
        failed_mail(f"Mail {n}")
        factories.FundingCallPageFactory(title=f"Call {n}", deadlines=[3 + n])
        sync_run(source_key=f"source-{n}", status="success", added=n)
    budgets = {  # the panel, its queries, what it lists last
        ListingsToReviewPanel: (2, "Listing 3"),  # the rows and their count
        # + the site, once (+ its root paths and, with translations on, the root page's
        # translations when cold: Wagtail's Site.get_site_root_paths)
        JoinRequestsPanel: (5, "Member3"),
        UpcomingEventsPanel: (1, "Event 3"),  # the counts are subqueries
        FailedMailPanel: (2, "Mail 3"),
        CallsClosingSoonPanel: (3, "Call 3"),  # + the site, once (+ its root paths when cold)
        CatalogueSyncPanel: (1, "source-3"),  # the last run of each source, one query
    }
    for panel_class, (budget, last) in budgets.items():
        with django_assert_max_num_queries(budget):
            html = rendered(panel_class, superuser)
        assert last in html, panel_class
