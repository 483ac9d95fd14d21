"""Working groups: joining, requests and decisions (with their mails), leaving, who sees what
(the access matrix), topic cross-links, the topic filter, bad input and query counts.

The demo content and the test users are built once for the module (`world`); every test runs
in a savepoint that is rolled back afterwards, as Django's TestCase.setUpTestData does.
"""

import io
import json
import logging
import re
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction

from community import personal_data
from community.models import (
    JoinRequest,
    JoinRequestStatus,
    MembershipPolicy,
    Profile,
    Topic,
    WorkingGroupIndexPage,
    WorkingGroupMaterialPage,
    WorkingGroupMembersPage,
    WorkingGroupPage,
)
from community.services import groups as services

pytestmark = pytest.mark.django_db
User = get_user_model()

OPEN = "/working-groups/sample-quality/"
CLOSED = "/working-groups/access-procedures/"
INDEX = "/working-groups/"
MOTIVATION = "I run the access procedures of a regional biobank and want to align them."


# --- The module's world ------------------------------------------------------------------------


def make_user(email, first_name="", last_name="", organisation="", **fields):
    user = User.objects.create_user(
        username=email,
        email=email,
        password="a-Long-passw0rd!",
        first_name=first_name,
        last_name=last_name,
        **fields,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if organisation:
        Profile.objects.filter(user=user).update(organisation=organisation)
    return user


@dataclass
class World:
    open_pk: int
    closed_pk: int
    users: dict
    pending_pk: int
    closed_document_url: str
    open_document_url: str

    def page(self, which="closed") -> WorkingGroupPage:
        pk = self.closed_pk if which == "closed" else self.open_pk
        return WorkingGroupPage.objects.get(pk=pk)

    def user(self, role):
        return User.objects.get(pk=self.users[role].pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            call_command("load_demo", stdout=io.StringIO())
            open_page = WorkingGroupPage.objects.get(
                locale__language_code="en", slug="sample-quality"
            )
            closed_page = WorkingGroupPage.objects.get(
                locale__language_code="en", slug="access-procedures"
            )
            users = {
                "outsider": make_user("outsider@example.org", "Otto", "Outside"),
                "member": make_user(
                    "member@example.org", "Mira", "Member", organisation="Biobank North"
                ),
                "other_member": make_user(
                    "other@example.org", "Olga", "Other", organisation="Biobank South"
                ),
                "coordinator": closed_page.coordinators.get(),
                "editor": make_user("editor@example.org", "Eddie", "Editor"),
                "requester": make_user(
                    "requester@example.org", "Rita", "Requester", organisation="Biobank East"
                ),
            }
            users["editor"].groups.add(Group.objects.get(name="Editors"))
            closed_page.group.user_set.add(users["member"])
            open_page.group.user_set.add(users["other_member"])
            pending = JoinRequest.objects.create(
                group_page=closed_page, user=users["requester"], motivation=MOTIVATION
            )
            Document = get_document_model()
            yield World(
                open_pk=open_page.pk,
                closed_pk=closed_page.pk,
                users=users,
                pending_pk=pending.pk,
                closed_document_url=Document.objects.get(
                    collection_id=closed_page.collection_id
                ).url,
                open_document_url=Document.objects.get(collection_id=open_page.collection_id).url,
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()  # Wagtail caches site root paths: nothing of this world may linger


@pytest.fixture(autouse=True)
def _fresh_cache(world):
    cache.clear()  # rate limits and Wagtail's caches count per test
    yield


@pytest.fixture
def as_role(world):
    def make_client(role, **kwargs) -> Client:
        client = Client(**kwargs)
        if role != "anonymous":
            client.force_login(world.user(role))
        return client

    return make_client


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def follow_messages(client, response) -> str:
    """The page a redirect leads to, where the messages are shown."""
    assert response.status_code == 302, response.status_code
    return html(client.get(response["Location"]))


# --- The access matrix -------------------------------------------------------------------------

LOGIN = "login"  # 302 to the login page
BACK = "back"  # 302 back to the group page (with a message saying what happened)
REVIEW = "review"  # 302 back to the list of requests
ROLES = ("anonymous", "outsider", "member", "other_member", "coordinator", "editor")

# Every URL of the closed group "access-procedures". `other_member` is a member of the *open*
# group only; `editor` is a Wagtail editor (page permissions) who is not a member.
MATRIX = [
    # what, method, path (under the group page), then one outcome per role in ROLES
    ("group page", "get", "", 200, 200, 200, 200, 200, 200),
    ("join (closed: refused)", "post", "join/", LOGIN, BACK, BACK, BACK, BACK, BACK),
    ("join by GET", "get", "join/", LOGIN, 405, 405, 405, 405, 405),
    ("leave", "post", "leave/", LOGIN, BACK, BACK, BACK, BACK, BACK),
    ("request form", "get", "request/", LOGIN, 200, BACK, 200, BACK, 200),
    ("send request", "post", "request/", LOGIN, BACK, BACK, BACK, BACK, BACK),
    ("review requests", "get", "requests/", LOGIN, 403, 403, 403, 200, 403),
    ("approve", "post", "requests/{pending}/approve/", LOGIN, 403, 403, 403, REVIEW, 403),
    ("reject", "post", "requests/{pending}/reject/", LOGIN, 403, 403, 403, REVIEW, 403),
    ("approve by GET", "get", "requests/{pending}/approve/", LOGIN, 403, 403, 403, 405, 403),
    ("approve unknown request", "post", "requests/987654/approve/", LOGIN, 403, 403, 403, 404, 403),
    ("member list", "get", "members/", LOGIN, 403, 200, 403, 200, 403),
    ("members area", "get", "members-area/", LOGIN, 403, 200, 403, 200, 403),
    ("meeting notes", "get", "members-area/procedures-inventory/", LOGIN, 403, 200, 403, 200, 403),
    ("document", "get", "{document}", LOGIN, 403, 200, 403, 200, 403),
    ("unknown route", "get", "no-such-thing/", 404, 404, 404, 404, 404, 404),
    (
        "unknown group",
        "post",
        "/working-groups/no-such-group/request/",
        404,
        404,
        404,
        404,
        404,
        404,
    ),
]
POST_DATA = {"motivation": MOTIVATION, "reason": "The group is full until next year."}


@pytest.mark.parametrize(
    ("what", "method", "path", "role", "expected"),
    [
        pytest.param(what, method, path, role, outcomes[index], id=f"{what}-{role}")
        for what, method, path, *outcomes in MATRIX
        for index, role in enumerate(ROLES)
    ],
)
def test_access_matrix(world, as_role, what, method, path, role, expected):
    path = path.format(pending=world.pending_pk, document=world.closed_document_url)
    url = path if path.startswith("/") else CLOSED + path
    client = as_role(role)
    response = getattr(client, method)(url, POST_DATA if method == "post" else None)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif expected == BACK:
        assert (response.status_code, response["Location"]) == (302, CLOSED)
    elif expected == REVIEW:
        assert (response.status_code, response["Location"]) == (302, CLOSED + "requests/")
    else:
        assert response.status_code == expected
    if expected in (403, 404, 405) or response.status_code >= 400:
        # Nothing members-only leaks into a refusal.
        body = html(response)
        assert "Mira" not in body and MOTIVATION not in body


def test_refusals_explain_how_to_get_in(as_role):
    response = as_role("outsider").get(CLOSED + "members-area/")
    assert response.status_code == 403
    body = html(response)
    assert "for members of the working group Harmonising access procedures" in body
    assert f'href="{CLOSED}"' in body
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_members_only_pages_are_restricted_with_wagtails_own_view_restrictions(world):
    page = world.page()
    area = WorkingGroupMembersPage.objects.child_of(page).get()
    restriction = PageViewRestriction.objects.get(page=area)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [page.group]
    notes = WorkingGroupMaterialPage.objects.descendant_of(area).get()
    assert [r.pk for r in notes.get_view_restrictions()] == [restriction.pk]
    collection_restrictions = page.collection.get_view_restrictions()
    assert [list(r.groups.all()) for r in collection_restrictions] == [[page.group]]
    # Private material stays out of listings and search.
    assert not WorkingGroupMaterialPage.objects.live().public().exists()


def test_members_only_documents_are_not_served_straight_from_media(world, client):
    from django.conf import settings

    document = get_document_model().objects.get(collection_id=world.page().collection_id)
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404


def test_superusers_pass_the_restrictions_like_everywhere_in_wagtail(world, admin_user):
    client = Client()
    client.force_login(admin_user)
    assert client.get(CLOSED + "members-area/").status_code == 200
    assert client.get(CLOSED + "requests/").status_code == 200


# --- Joining an open group, leaving -------------------------------------------------------------


def test_member_joins_open_group_reads_material_then_leaves(world, as_role):
    client = as_role("outsider")
    outsider = world.user("outsider")
    page = world.page("open")
    assert client.get(OPEN + "members-area/").status_code == 403

    body = html(client.get(OPEN))
    assert "Join this working group" in body and "Members area" not in body
    response = client.post(OPEN + "join/")
    assert services.is_member(outsider, page)
    body = follow_messages(client, response)
    assert "Welcome to Sample quality and pre-analytics" in body
    assert "Leave this working group" in body and f'href="{OPEN}members-area/"' in body

    assert client.get(OPEN + "members-area/").status_code == 200
    notes = html(client.get(OPEN + "members-area/kick-off-meeting/"))
    assert "Notes of the kick-off meeting" in notes
    assert client.get(world.open_document_url).status_code == 200

    body = follow_messages(client, client.post(OPEN + "leave/"))
    assert "You have left Sample quality and pre-analytics" in body
    assert not services.is_member(outsider, page)
    assert client.get(OPEN + "members-area/").status_code == 403
    assert mail.outbox == []  # joining an open group needs nobody's decision


def test_joining_twice_or_leaving_without_being_a_member_says_so(world, as_role):
    client = as_role("other_member")
    assert "already a member" in follow_messages(client, client.post(OPEN + "join/"))
    outsider = as_role("outsider")
    assert "not a member" in follow_messages(outsider, outsider.post(OPEN + "leave/"))


def test_coordinators_cannot_leave_their_group(world, as_role):
    client = as_role("coordinator")
    body = follow_messages(client, client.post(CLOSED + "leave/"))
    assert "Coordinators cannot leave" in body
    assert services.is_member(world.user("coordinator"), world.page())


# --- Requests to join a closed group ------------------------------------------------------------


def test_request_approve_flow_mails_the_coordinator_then_the_member(
    world, as_role, django_capture_on_commit_callbacks
):
    client = as_role("outsider")
    body = html(client.get(CLOSED))
    assert "Ask to join" in body and "Join this working group" not in body
    form = html(client.get(CLOSED + "request/"))
    assert 'name="motivation"' in form and 'maxlength="1000"' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CLOSED + "request/", {"motivation": "  I review requests.  "})
    body = follow_messages(client, response)
    assert "Your request has been sent to the coordinators" in body
    assert "You asked to join on" in body
    join_request = JoinRequest.objects.get(user=world.user("outsider"))
    assert (join_request.status, join_request.motivation) == ("pending", "I review requests.")
    assert not services.is_member(world.user("outsider"), world.page())

    [notice] = mail.outbox
    assert notice.to == ["access-group-coordinator@biobank-hub.example"]
    assert "New request to join Harmonising access procedures" in notice.subject
    assert "Otto Outside" in notice.body and "I review requests." in notice.body
    assert f"http://testserver{CLOSED}requests/" in notice.body
    assert "outsider@example.org" not in notice.body  # coordinators see names, not addresses

    coordinator = as_role("coordinator")
    review = html(coordinator.get(CLOSED + "requests/"))
    assert "Otto Outside" in review and "I review requests." in review
    assert "Rita Requester, Biobank East" in review  # the world's older request is listed too
    assert "outsider@example.org" not in review

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(CLOSED + f"requests/{join_request.pk}/approve/")
    assert "Otto Outside is now a member" in follow_messages(coordinator, response)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == world.user("coordinator")
    assert services.is_member(world.user("outsider"), world.page())
    [welcome] = mail.outbox
    assert welcome.to == ["outsider@example.org"]
    assert "Welcome to Harmonising access procedures" in welcome.subject
    assert f"http://testserver{CLOSED}" in welcome.body
    assert client.get(CLOSED + "members-area/").status_code == 200


def test_reject_flow_sends_the_reason_and_allows_a_new_request(
    world, as_role, django_capture_on_commit_callbacks
):
    coordinator = as_role("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            CLOSED + f"requests/{world.pending_pk}/reject/",
            {"reason": "This group is for staff of the central biobanks."},
        )
    assert "was not approved" in follow_messages(coordinator, response)
    join_request = JoinRequest.objects.get(pk=world.pending_pk)
    assert join_request.status == JoinRequestStatus.REJECTED
    assert join_request.reason == "This group is for staff of the central biobanks."
    assert not services.is_member(world.user("requester"), world.page())
    [message] = mail.outbox
    assert message.to == ["requester@example.org"]
    assert "This group is for staff of the central biobanks." in message.body
    assert "Recent decisions" in html(coordinator.get(CLOSED + "requests/"))

    requester = as_role("requester")
    assert requester.get(CLOSED + "request/").status_code == 200  # may ask again
    requester.post(CLOSED + "request/", {"motivation": "I now work at a central biobank."})
    assert JoinRequest.objects.filter(user=world.user("requester")).count() == 2


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "Give the member a reason: it is sent to them."),
        ("  \n ", "Give the member a reason: it is sent to them."),
        ("x" * 1001, "Keep the reason to 1000 characters or fewer (it has 1001)."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_rejecting_needs_a_reason_of_sensible_length(
    world, as_role, reason, error, django_capture_on_commit_callbacks
):
    coordinator = as_role("coordinator")
    url = CLOSED + f"requests/{world.pending_pk}/reject/"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator.post(url, {"reason": reason})
    assert response.status_code == 200
    # The error is shown next to the reason of this request, the typed text kept to correct.
    form = html(response).split(f'action="{url}"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', form).group(1) == error
    typed = re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S).group(1)
    assert typed.strip() == reason.strip()
    # Nothing decided, stored or sent.
    join_request = JoinRequest.objects.get(pk=world.pending_pk)
    assert join_request.is_pending and join_request.reason == ""
    assert callbacks == [] and mail.outbox == []

    # A reason of the full length, with the spaces around it dropped, is taken and sent.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url, {"reason": f"  {'y' * 1000}\n"})
    assert "was not approved" in follow_messages(coordinator, response)
    assert JoinRequest.objects.get(pk=world.pending_pk).reason == "y" * 1000
    [message] = mail.outbox
    assert "y" * 1000 in message.body


def test_a_decided_request_cannot_be_decided_again(world, as_role):
    coordinator = as_role("coordinator")
    coordinator.post(CLOSED + f"requests/{world.pending_pk}/approve/")
    response = coordinator.post(
        CLOSED + f"requests/{world.pending_pk}/reject/", {"reason": "Changed my mind."}
    )
    assert "already been decided" in follow_messages(coordinator, response)
    assert JoinRequest.objects.get(pk=world.pending_pk).status == JoinRequestStatus.APPROVED


def test_a_failed_mail_keeps_the_request_and_waits_in_the_outbox(
    world, as_role, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from django.core.mail import EmailMessage

    from hub.outbox.models import OutgoingMail

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailMessage, "send", broken_send)
    client = as_role("outsider")
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(CLOSED + "request/", {"motivation": MOTIVATION})
    assert response.status_code == 302
    assert JoinRequest.objects.pending().filter(user=world.user("outsider")).exists()
    waiting = OutgoingMail.objects.get(kind="groups.join_request")
    assert waiting.state == "queued" and "SMTP server down" in waiting.last_error
    assert "SMTP server down" in caplog.text


def test_mails_are_sent_only_after_the_commit(world, as_role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        as_role("outsider").post(CLOSED + "request/", {"motivation": MOTIVATION})
    assert mail.outbox == [] and len(callbacks) == 1


# --- Who sees whom ------------------------------------------------------------------------------


def test_members_see_each_others_names_and_organisations_but_no_addresses(world, as_role):
    body = html(as_role("member").get(CLOSED + "members/"))
    assert "Mira Member" in body and "Biobank North" in body
    assert "Access procedures working group coordinator" in body and "Coordinator" in body
    assert "@" not in body.split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_member"])
def test_the_group_page_shows_no_member_names_to_non_members(world, as_role, role):
    body = html(as_role(role).get(CLOSED))
    assert "Mira Member" not in body and "Biobank North" not in body
    assert "Access procedures working group coordinator" not in body
    assert "Community coordinator" in body  # the public contact person (a role, no address)
    assert 'href="/contact/' in body


def test_anonymous_readers_are_invited_to_log_in(as_role):
    body = html(as_role("anonymous").get(CLOSED))
    assert f'href="/accounts/login/?next={CLOSED}"' in body
    assert f'href="/accounts/signup/?next={CLOSED}"' in body


def test_coordinator_sees_the_number_of_waiting_requests(as_role):
    body = html(as_role("coordinator").get(CLOSED))
    assert "Requests to join: 1 waiting" in body
    assert "You coordinate this working group" in body


# --- My account, download my data, delete my account --------------------------------------------


def test_my_account_lists_my_groups_and_pending_requests(world, as_role):
    client = as_role("member")
    client.post(OPEN + "join/")
    body = html(client.get("/accounts/"))
    assert "Working groups" in body
    assert f'<a href="{CLOSED}">Harmonising access procedures</a>' in body
    assert f'<a href="{OPEN}">Sample quality and pre-analytics</a>' in body

    body = html(as_role("requester").get("/accounts/"))
    assert "waiting for a coordinator" in body and "Harmonising access procedures" in body

    body = html(as_role("coordinator").get("/accounts/"))
    assert "Harmonising access procedures: 1 request waiting" in body


def test_download_my_data_includes_memberships_and_requests(world, as_role):
    data = json.loads(as_role("requester").post("/accounts/data/").content)
    assert data["working_groups"]["memberships"] == []
    [join_request] = data["working_groups"]["join_requests"]
    assert join_request["working_group"] == "Harmonising access procedures"
    assert join_request["motivation"] == MOTIVATION
    assert join_request["status"] == "pending"

    data = json.loads(as_role("coordinator").post("/accounts/data/").content)
    assert data["working_groups"]["memberships"] == [
        {
            "working_group": "Harmonising access procedures",
            "url": f"http://testserver{CLOSED}",  # HUB_BASE_URL, not the Site's localhost
            "coordinator": True,
        }
    ]


def test_deleting_an_account_removes_requests_and_memberships(world):
    requester = world.user("requester")
    world.page().group.user_set.add(requester)
    personal_data.delete_user_and_data(requester)
    assert not JoinRequest.objects.filter(user_id=requester.pk).exists()
    assert not world.page().group.user_set.filter(pk=requester.pk).exists()


# --- The group, its auth Group and collection, kept in sync -------------------------------------


def test_publishing_renames_group_and_collection_and_adds_new_coordinators(world):
    page = world.page()
    group_pk, collection_pk = page.group_id, page.collection_id
    page.title = "Access procedures"
    page.coordinators.add(world.user("outsider"))
    page.save_revision().publish()

    page = world.page()
    assert (page.group_id, page.collection_id) == (group_pk, collection_pk)
    assert Group.objects.get(pk=group_pk).name == "Working group: Access procedures"
    assert Collection.objects.get(pk=collection_pk).name == "Working group: Access procedures"
    assert services.is_member(world.user("outsider"), page)
    assert services.is_coordinator(world.user("outsider"), page)


def test_a_draft_changes_nobodys_access(world):
    page = world.page()
    page.coordinators.add(world.user("outsider"))
    page.save_revision()  # not published
    assert not services.is_member(world.user("outsider"), world.page())


def test_a_copied_group_gets_its_own_members_and_collection(world):
    page = world.page()
    copy = page.copy(update_attrs={"title": "Copy", "slug": "copy"}, keep_live=False)
    copy = WorkingGroupPage.objects.get(pk=copy.pk)
    assert copy.group_id and copy.group_id != page.group_id
    assert copy.collection_id and copy.collection_id != page.collection_id


def test_two_groups_with_the_same_title_get_distinct_auth_groups(world):
    index = WorkingGroupIndexPage.objects.get(locale__language_code="en")
    twin = WorkingGroupPage(title="Harmonising access procedures", slug="twin", summary="Twin.")
    index.add_child(instance=twin)
    assert twin.group.name.startswith("Working group: Harmonising access procedures (")
    assert twin.group_id != world.page().group_id


def test_the_members_area_may_not_take_a_route_name(world):
    from django.core.exceptions import ValidationError

    area = WorkingGroupMembersPage.objects.child_of(world.page()).get()
    area.slug = "members"
    with pytest.raises(ValidationError):
        area.full_clean()


def test_editors_can_open_the_group_page_and_members_area_in_the_admin(world, admin_user):
    client = Client()
    client.force_login(admin_user)
    page = world.page()
    area = WorkingGroupMembersPage.objects.child_of(page).get()
    index = WorkingGroupIndexPage.objects.get(locale__language_code="en")
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{area.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/community/workinggrouppage/{index.pk}/").status_code == 200


def test_publishing_in_the_admin_renames_the_group_and_adds_coordinators(world, admin_user):
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

    client = Client()
    client.force_login(admin_user)
    page = world.page("open")
    url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(html(client.get(url)), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))  # rendered by JavaScript
    data["title"] = "Sample quality"
    data.setlist("coordinators", [*data.getlist("coordinators"), str(world.users["outsider"].pk)])
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors

    page = world.page("open")
    assert page.title == "Sample quality" and page.live
    assert page.group.name == "Working group: Sample quality"
    assert services.is_coordinator(world.user("outsider"), page)
    assert services.is_member(world.user("outsider"), page)


def test_a_new_group_page_can_be_previewed_by_an_editor(world, admin_user, rf):
    index = WorkingGroupIndexPage.objects.get(locale__language_code="en")
    page = WorkingGroupPage(
        title="Biobank IT",
        slug="biobank-it",
        summary="Preview me.",
        membership=MembershipPolicy.CLOSED,
    )
    page.set_url_path(index)
    page.path, page.depth = index.path + "9999", index.depth + 1
    client = Client()
    client.force_login(admin_user)  # the preview request carries the editor's session cookie
    request = rf.get("/admin/", HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}")
    response = page.make_preview_request(original_request=request)
    assert response.status_code == 200
    assert "Preview me." in html(response)


# --- Topics: cross-links and the filter ---------------------------------------------------------


def test_a_tagged_group_appears_on_the_topic_page_with_a_see_all_link(world, client):
    topic = Topic.objects.get(slug="financing")
    assert "Sample quality and pre-analytics" not in html(client.get("/topics/financing/"))
    page = world.page("open")
    page.topics.add(topic)
    page.save_revision().publish()

    body = html(client.get("/topics/financing/"))
    assert f'<a href="{OPEN}">Sample quality and pre-analytics</a>' in body
    assert (
        '<a href="/working-groups/?topic=financing">See all working groups on this topic</a>'
        in body
    )
    listing = html(client.get("/working-groups/?topic=financing"))
    assert "Sample quality and pre-analytics" in listing
    assert "Harmonising access procedures" not in listing


@pytest.mark.parametrize(
    ("topic", "shown", "hidden"),
    [
        ("quality", ["Sample quality"], ["Harmonising access"]),
        ("access-procedures", ["Harmonising access"], ["Sample quality"]),
        ("financing", ["Public-private partnerships"], ["Sample quality", "Harmonising access"]),
        ("image-and-reputation", [], ["Sample quality", "Harmonising access"]),
    ],
)
def test_the_index_filters_by_topic(client, topic, shown, hidden):
    body = html(client.get(f"{INDEX}?topic={topic}"))
    for title in shown:
        assert title in body
    for title in hidden:
        assert f">{title}" not in body
    if not shown:
        assert "No working group works on this topic yet." in body


@pytest.mark.parametrize(
    "junk",
    [
        "no-such-topic",
        "%00",
        "x" * 500,
        "../../etc",
        "<script>alert(1)</script>",
        "quality'--",
        "%F0%9F%A7%AA",
        "1e309",
    ],
)
def test_junk_topic_values_mean_no_filter(client, junk):
    response = client.get(f"{INDEX}?topic={junk}")
    assert response.status_code == 200
    body = html(response)
    assert "We do not know that topic, so all working groups are shown." in body
    assert "Sample quality and pre-analytics" in body and "Harmonising access procedures" in body
    assert "<script>alert" not in body


def test_the_index_marks_my_groups_and_counts_members(as_role):
    body = html(as_role("member").get(INDEX))
    assert body.count("You are a member") == 1
    assert "Join on request" in body
    assert "2 members" in body  # the closed group: its coordinator and Mira


# --- Bad input ----------------------------------------------------------------------------------


def test_an_over_long_motivation_is_refused_with_a_clear_message(world, as_role):
    client = as_role("outsider")
    response = client.post(CLOSED + "request/", {"motivation": "x" * 1001})
    assert response.status_code == 200
    assert "Keep your motivation to 1000 characters or fewer (it has 1001)." in html(response)
    assert not JoinRequest.objects.filter(user=world.user("outsider")).exists()
    assert client.post(CLOSED + "request/", {"motivation": "x" * 1000}).status_code == 302
    assert JoinRequest.objects.filter(user=world.user("outsider")).count() == 1


@pytest.mark.parametrize("motivation", ["", "   \n  ", "nul\x00byte"])
def test_empty_or_invalid_motivations_are_refused(world, as_role, motivation):
    response = as_role("outsider").post(CLOSED + "request/", {"motivation": motivation})
    assert response.status_code == 200
    assert 'class="errorlist' in html(response)
    assert not JoinRequest.objects.filter(user=world.user("outsider")).exists()


def test_a_second_request_while_one_is_pending_writes_nothing(world, as_role):
    client = as_role("requester")
    response = client.post(CLOSED + "request/", {"motivation": "Again, please."})
    assert "You have already asked to join this working group" in follow_messages(client, response)
    assert JoinRequest.objects.filter(user=world.user("requester")).count() == 1
    with pytest.raises(services.RequestAlreadyPending):
        services.request_to_join(world.user("requester"), world.page(), "Via the service.")
    assert JoinRequest.objects.filter(user=world.user("requester")).count() == 1


def test_the_database_allows_one_pending_request_per_member_and_group(world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequest.objects.create(
            group_page=world.page(), user=world.user("requester"), motivation="Duplicate"
        )


def test_joining_a_closed_group_directly_is_refused(world, as_role):
    client = as_role("outsider")
    body = follow_messages(client, client.post(CLOSED + "join/"))
    assert "admits members on request" in body
    assert not services.is_member(world.user("outsider"), world.page())
    with pytest.raises(services.MembershipOnRequest):
        services.join(world.user("outsider"), world.page())


def test_requests_to_an_open_group_point_to_the_join_button(world, as_role):
    client = as_role("outsider")
    response = client.post(OPEN + "request/", {"motivation": MOTIVATION})
    assert "open to all members" in follow_messages(client, response)
    assert not JoinRequest.objects.filter(user=world.user("outsider")).exists()


def test_approving_as_a_non_coordinator_is_forbidden_and_changes_nothing(world, as_role):
    for role in ("outsider", "member", "editor", "requester"):
        response = as_role(role).post(CLOSED + f"requests/{world.pending_pk}/approve/")
        assert response.status_code == 403, role
    assert JoinRequest.objects.get(pk=world.pending_pk).is_pending
    with pytest.raises(services.NotCoordinator):
        services.approve(world.user("member"), JoinRequest.objects.get(pk=world.pending_pk))


def test_the_other_groups_coordinator_cannot_decide_here(world):
    quality_coordinator = world.page("open").coordinators.get()
    client = Client()
    client.force_login(quality_coordinator)
    response = client.post(CLOSED + f"requests/{world.pending_pk}/approve/")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "requests/99999999999999999999999/approve/",
        "requests/abc/approve/",
        "requests/-1/approve/",
        "requests/{open_request}/approve/",
    ],
)
def test_unknown_or_foreign_request_ids_are_404(world, as_role, path):
    other = JoinRequest.objects.create(
        group_page=world.page("open"), user=world.user("outsider"), motivation="Old."
    )
    response = as_role("coordinator").post(CLOSED + path.format(open_request=other.pk))
    assert response.status_code == 404


def test_state_changes_need_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("outsider"))
    assert client.post(OPEN + "join/").status_code == 403
    assert not services.is_member(world.user("outsider"), world.page("open"))
    coordinator = Client(enforce_csrf_checks=True)
    coordinator.force_login(world.user("coordinator"))
    assert coordinator.post(CLOSED + f"requests/{world.pending_pk}/approve/").status_code == 403
    assert JoinRequest.objects.get(pk=world.pending_pk).is_pending


def test_an_unpublished_group_takes_no_members(world, as_role):
    page = world.page("open")
    page.unpublish()
    assert as_role("outsider").post(OPEN + "join/").status_code == 404
    with pytest.raises(services.GroupNotAvailable):
        services.join(world.user("outsider"), WorkingGroupPage.objects.get(pk=page.pk))


def test_a_group_switched_from_closed_to_open_settles_pending_requests_on_join(world, as_role):
    page = world.page()
    page.membership = MembershipPolicy.OPEN
    page.save_revision().publish()
    as_role("requester").post(CLOSED + "join/")
    assert services.is_member(world.user("requester"), world.page())
    assert JoinRequest.objects.get(pk=world.pending_pk).status == JoinRequestStatus.APPROVED


# --- Query counts -------------------------------------------------------------------------------


def _add_groups_and_members(world, groups=4, members=15):
    index = WorkingGroupIndexPage.objects.get(locale__language_code="en")
    topics = list(Topic.objects.all()[:3])
    for number in range(groups):
        page = WorkingGroupPage(
            title=f"Extra group {number}", slug=f"extra-{number}", summary="More.", topics=topics
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    for number in range(members):
        user = make_user(
            f"crowd{number}@example.org", f"Crowd {number}", organisation="Biobank Crowd"
        )
        world.page().group.user_set.add(user)
        world.page("open").group.user_set.add(user)
        JoinRequest.objects.create(
            group_page=world.page(),
            user=make_user(f"asking{number}@example.org"),
            motivation="Please.",
        )


@pytest.mark.parametrize("role", ["anonymous", "member", "coordinator"])
@pytest.mark.parametrize("path", [INDEX, f"{INDEX}?topic=quality", CLOSED, OPEN])
def test_query_counts_do_not_grow_with_groups_or_members(
    world, as_role, django_assert_max_num_queries, role, path
):
    client = as_role(role)
    client.get(path)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as before:
        assert client.get(path).status_code == 200
    baseline = len(before.captured_queries)  # read now: the next request clears the log
    _add_groups_and_members(world)
    client.get(path)
    with django_assert_max_num_queries(baseline):
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(30):
        client.get(path)
