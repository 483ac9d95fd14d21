"""Working groups that share: coordinators' announcements (mailed once through the outbox, with
a per-group opt-out that works from the mail), the members' library (same upload checks as
editors' documents, coordinator review), and the members' meetings with a private iCal feed."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model

from community.models.group_sharing import GroupAnnouncement, GroupMailOptOut, SharedDocument
from community.services import group_sharing
from hub.outbox.models import OutgoingMail
from tests.factories import (
    EventPageFactory,
    UserFactory,
    WorkingGroupMembersPageFactory,
    WorkingGroupPageFactory,
)

pytestmark = pytest.mark.django_db
Document = get_document_model()
ANNOUNCEMENT = {"title": "Freezer audit next month", "body": "Please send your logs by Friday."}


@pytest.fixture
def group():
    """A group with a coordinator, two members (one opted out of mails) and an outsider."""
    people = {
        "coordinator": UserFactory(first_name="Cora", last_name="Coordinator"),
        "member": UserFactory(first_name="Mira", last_name="Member"),
        "quiet": UserFactory(first_name="Quentin", last_name="Quiet"),
        "outsider": UserFactory(first_name="Otto", last_name="Outside"),
    }
    page = WorkingGroupPageFactory(title="Freezer logistics")
    page.coordinators.add(people["coordinator"])
    page.save()  # makes the coordinator a member
    page.group.user_set.add(people["member"], people["quiet"])
    GroupMailOptOut.objects.create(group=page, user=people["quiet"])
    area = WorkingGroupMembersPageFactory(parent=page)
    return page, area, people


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def post_announcement(page, user, data=ANNOUNCEMENT):
    return client_for(user).post(page.url + "announce/", data)


def announcement_mails():
    return OutgoingMail.objects.filter(kind="groups.announcement")


# --- Announcements -----------------------------------------------------------------------------


def test_an_announcement_is_mailed_once_to_each_member_who_has_not_opted_out(group):
    page, area, people = group
    response = post_announcement(page, people["coordinator"])
    assert (response.status_code, response["Location"]) == (302, area.url)

    recipients = sorted(address for mail in announcement_mails() for address in mail.to)
    assert recipients == sorted([people["coordinator"].email, people["member"].email])
    announcement = GroupAnnouncement.objects.get()
    assert announcement.mailed_at is not None
    mail = announcement_mails().get(to=[people["member"].email])
    assert mail.subject == "[Freezer logistics] Freezer audit next month"
    assert "Please send your logs by Friday." in mail.body
    assert "/announcements/opt-out/" in mail.body

    # The same form sent again (a double click), or mailing again, sends nothing more.
    coordinator = client_for(people["coordinator"])
    again = coordinator.post(page.url + "announce/", ANNOUNCEMENT, follow=True)
    assert "was not sent again" in text(again)
    assert group_sharing.mail_announcement(announcement) == 0
    assert GroupAnnouncement.objects.count() == 1
    assert announcement_mails().count() == 2


@pytest.mark.parametrize("role", ["outsider", "member"])
def test_only_coordinators_post_announcements(group, role):
    page, _area, people = group
    response = post_announcement(page, people[role])
    assert response.status_code == 403
    assert "Only the coordinators" in text(response)
    assert not GroupAnnouncement.objects.exists()
    assert not announcement_mails().exists()


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_posted(group):
    page, _area, _people = group
    response = post_announcement(page, None)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not GroupAnnouncement.objects.exists()


def test_an_empty_announcement_is_refused_with_a_message(group):
    page, _area, people = group
    response = post_announcement(page, people["coordinator"], {"title": "  ", "body": "Hello"})
    assert response.status_code == 200
    assert "This field is required" in text(response)
    assert not GroupAnnouncement.objects.exists()


def test_announcements_are_shown_to_members_only(group):
    page, area, people = group
    post_announcement(page, people["coordinator"])
    assert ANNOUNCEMENT["title"] in text(client_for(people["member"]).get(area.url))
    anonymous = client_for().get(area.url)
    assert anonymous.status_code == 302 and ANNOUNCEMENT["title"] not in text(anonymous)
    outsider = client_for(people["outsider"]).get(area.url)
    assert outsider.status_code == 403 and ANNOUNCEMENT["title"] not in text(outsider)


def test_announcements_are_listed_newest_first_ten_a_page(group):
    page, area, people = group
    for number in range(12):
        GroupAnnouncement.objects.create(
            group=page,
            title=f"Note {number:02}",
            body="…",
            created_at=timezone.now() - timezone.timedelta(hours=12 - number),
        )
    first = text(client_for(people["member"]).get(area.url))
    assert first.index("Note 11") < first.index("Note 02") and "Note 01" not in first
    second = text(client_for(people["member"]).get(area.url + "?page=2"))
    assert "Note 01" in second and "Note 00" in second and "Note 11" not in second


def test_the_link_in_the_mail_opts_out_with_one_click_without_logging_in(group):
    page, _area, people = group
    post_announcement(page, people["coordinator"])
    body = announcement_mails().get(to=[people["member"].email]).body
    link = urlsplit(re.search(r"https?://\S+/announcements/opt-out/\S+/", body).group()).path

    anonymous = client_for()
    assert "Stop these e-mails" in text(anonymous.get(link))
    assert not GroupMailOptOut.objects.filter(user=people["member"]).exists()  # GET changes nothing
    response = anonymous.post(link)
    assert response.status_code == 200
    assert "You no longer get this group's announcements" in text(response)
    assert GroupMailOptOut.objects.filter(group=page, user=people["member"]).exists()

    post_announcement(page, people["coordinator"], {"title": "Second", "body": "More news."})
    latest = GroupAnnouncement.objects.get(title="Second")
    assert [m.to for m in announcement_mails().filter(about_id=str(latest.pk))] == [
        [people["coordinator"].email]
    ]
    assert anonymous.post(link[:-3] + "xx/").status_code == 404  # a forged token


def test_members_turn_announcement_mails_off_and_on_in_the_members_area(group):
    page, area, people = group
    member = client_for(people["member"])
    assert "Stop e-mailing me the announcements" in text(member.get(area.url))
    member.post(page.url + "announcements/mail/", {"mails": "off"})
    assert GroupMailOptOut.objects.filter(group=page, user=people["member"]).exists()
    assert "E-mail me the announcements" in text(member.get(area.url))
    member.post(page.url + "announcements/mail/", {"mails": "on"})
    assert not GroupMailOptOut.objects.filter(group=page, user=people["member"]).exists()
    outsider = client_for(people["outsider"]).post(
        page.url + "announcements/mail/", {"mails": "off"}
    )
    assert outsider.status_code == 403
    assert not GroupMailOptOut.objects.filter(user=people["outsider"]).exists()


# --- The library -------------------------------------------------------------------------------


def share(page, user, name="minutes.txt", content=b"Minutes of the freezer meeting\n", title=None):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client_for(user).post(
        page.url + "library/share/", {"title": title or "Freezer minutes", "file": upload}
    )


def test_a_shared_document_waits_for_a_coordinator_then_is_listed(group):
    page, area, people = group
    response = share(page, people["member"])
    assert (response.status_code, response["Location"]) == (302, area.url)
    shared = SharedDocument.objects.get()
    assert shared.approved_at is None and shared.document.collection_id == page.collection_id
    waiting_mail = OutgoingMail.objects.get(kind="groups.library_waiting")
    assert waiting_mail.to == [people["coordinator"].email]
    assert "Freezer minutes" in waiting_mail.body and "/library/review/" in waiting_mail.body
    assert "Freezer minutes" not in text(client_for(people["member"]).get(area.url))

    coordinator = client_for(people["coordinator"])
    assert "Freezer minutes" in text(coordinator.get(page.url + "library/review/"))
    assert client_for(people["member"]).get(page.url + "library/review/").status_code == 403
    refused = client_for(people["member"]).post(
        page.url + f"library/review/{shared.pk}/", {"decision": "approve"}
    )
    assert refused.status_code == 403
    coordinator.post(page.url + f"library/review/{shared.pk}/", {"decision": "approve"})
    shared.refresh_from_db()
    assert shared.approved_by == people["coordinator"]
    listing = text(client_for(people["member"]).get(area.url))
    assert "Freezer minutes" in listing and shared.document.url in listing


def test_a_rejected_document_is_deleted(group):
    page, _area, people = group
    share(page, people["member"])
    shared = SharedDocument.objects.get()
    client_for(people["coordinator"]).post(
        page.url + f"library/review/{shared.pk}/", {"decision": "reject"}
    )
    assert not SharedDocument.objects.exists()
    assert not Document.objects.filter(pk=shared.document_id).exists()


def test_without_review_a_shared_document_is_listed_at_once(group):
    page, area, people = group
    page.library_needs_approval = False
    page.save()
    share(page, people["member"])
    assert SharedDocument.objects.get().approved_at is not None
    assert not OutgoingMail.objects.filter(kind="groups.library_waiting").exists()
    assert "Freezer minutes" in text(client_for(people["member"]).get(area.url))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("installer.exe", b"MZ\x90\x00", "File extension “exe” is not allowed"),
        ("minutes.pdf", b"just text, renamed", "not a real .pdf file"),
    ],
)
def test_the_editors_upload_checks_refuse_a_file_and_nothing_is_written(
    group, name, content, message
):
    page, _area, people = group
    response = share(page, people["member"], name=name, content=content)
    assert response.status_code == 200
    assert message in text(response)
    assert "The document was not shared" in text(response)
    assert not Document.objects.filter(collection_id=page.collection_id).exists()
    assert not SharedDocument.objects.exists()


def test_non_members_can_neither_share_nor_download(group):
    page, _area, people = group
    refused = share(page, people["outsider"])
    assert refused.status_code == 403 and not SharedDocument.objects.exists()

    share(page, people["member"])
    shared = SharedDocument.objects.get()
    group_sharing.review_document(people["coordinator"], shared, approve=True)
    url = shared.document.url
    assert client_for(people["member"]).get(url).status_code == 200
    assert client_for(people["outsider"]).get(url).status_code == 403
    anonymous = client_for().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


# --- Meetings and the calendar feed ------------------------------------------------------------


@pytest.fixture
def meetings(group):
    page = group[0]
    upcoming = EventPageFactory(title="Freezer logistics: spring meeting", days=14)
    past = EventPageFactory(title="Freezer logistics: last year's meeting", days=-30)
    EventPageFactory(title="Unrelated webinar", days=7)
    for event in (upcoming, past):
        event.working_groups.add(page)
        event.save_revision().publish()
    return upcoming, past


def calendar_link(area, user) -> str:
    html = text(client_for(user).get(area.url))
    url = re.search(r'id="group-calendar-url"[^>]*value="([^"]+)"', html).group(1)
    return urlsplit(url).path


def test_members_see_upcoming_meetings_and_their_feed_lists_them(group, meetings):
    page, area, people = group
    html = text(client_for(people["member"]).get(area.url))
    assert "Freezer logistics: spring meeting" in html
    assert "last year's meeting" not in html and "Unrelated webinar" not in html

    feed = client_for().get(calendar_link(area, people["member"]))  # a calendar app: no login
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "SUMMARY:Freezer logistics: spring meeting" in body
    assert "Unrelated webinar" not in body and "last year" not in body
    assert "no-cache" in feed["Cache-Control"] or "private" in feed["Cache-Control"]


def test_forged_or_foreign_calendar_tokens_find_nothing(group, meetings):
    page, area, people = group
    link = calendar_link(area, people["member"])
    anonymous = client_for()
    assert anonymous.get(link[:-4] + "abc/").status_code == 404
    outsider_token = group_sharing.calendar_token(people["outsider"], page)
    assert anonymous.get(page.url + f"calendar/{outsider_token}/").status_code == 404
    other_group = WorkingGroupPageFactory(title="Another group")
    other_group.group.user_set.add(people["member"])
    other_token = group_sharing.calendar_token(people["member"], other_group)
    assert anonymous.get(page.url + f"calendar/{other_token}/").status_code == 404


def test_leaving_the_group_stops_the_feed(group, meetings):
    page, area, people = group
    link = calendar_link(area, people["member"])
    assert client_for().get(link).status_code == 200
    client_for(people["member"]).post(page.url + "leave/")
    assert client_for().get(link).status_code == 404


def test_changing_the_password_revokes_the_feed(group, meetings):
    _page, area, people = group
    link = calendar_link(area, people["member"])
    people["member"].set_password("another-Long-passw0rd!")
    people["member"].save()
    assert client_for().get(link).status_code == 404


def test_a_document_over_the_size_limit_is_refused_and_nothing_is_written(group, settings):
    page, _area, people = group
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = share(page, people["member"], name="minutes.txt", content=b"x" * 4096)
    assert response.status_code == 200
    assert "The document was not shared" in text(response)
    assert not SharedDocument.objects.exists()
