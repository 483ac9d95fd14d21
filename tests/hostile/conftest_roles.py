"""The people of the hostile tests: one user per role, made on top of the demo content.

A plain module (not a conftest): test_access_matrix.py and test_xss.py import it.

Roles, as the access matrix names them:

=================  ===============================================================================
anonymous          nobody signed in
unverified         signed up, e-mail address never confirmed: the login form refuses them, so
                   they browse exactly as `anonymous` does (their client tried to sign in)
member             a signed-in member with a verified address, in no group
wg_member          a member of the closed working group "Harmonising access procedures"
other_wg_member    a member of the open group "Sample quality" only
coordinator        the coordinator of the closed group (the demo's account)
organiser          in the "Event organisers" group (page permissions on /events/)
moderator          in the "Partnership moderators" group
editor             in Wagtail's "Editors" group
superuser          a Wagtail administrator
=================  ===============================================================================
"""

from __future__ import annotations

from django.test import Client

ROLES = (
    "anonymous",
    "unverified",
    "member",
    "wg_member",
    "other_wg_member",
    "coordinator",
    "organiser",
    "moderator",
    "editor",
    "superuser",
)
PASSWORD = "a-Long-passw0rd!"
CLOSED_GROUP = "access-procedures"
OPEN_GROUP = "sample-quality"


def make_user(email, *, verified=True, first_name="", last_name="", organisation="", **fields):
    """A user as allauth's sign-up leaves them (with an EmailAddress row)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from community.models import Profile

    user = get_user_model().objects.create_user(
        username=email,
        email=email,
        password=PASSWORD,
        first_name=first_name,
        last_name=last_name,
        **fields,
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if organisation:
        Profile.objects.update_or_create(user=user, defaults={"organisation": organisation})
    return user


def make_superuser(email="admin@example.org"):
    user = make_user(email, is_staff=True, is_superuser=True)
    return user


def add_to_group(user, name: str):
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=name))
    return user


def make_moderator(email="moderator@example.org", **fields):
    return add_to_group(make_user(email, **fields), "Partnership moderators")


def make_organiser(email="organiser@example.org", **fields):
    from events.permissions import organisers_group

    user = make_user(email, **fields)
    user.groups.add(organisers_group())
    return user


def make_editor(email="editor@example.org", **fields):
    return add_to_group(make_user(email, **fields), "Editors")


def group_page(slug):
    from community.models import WorkingGroupPage

    return WorkingGroupPage.objects.get(locale__language_code="en", slug=slug)


def make_role_users() -> dict:
    """One user per role (None for anonymous); needs the demo content (working groups)."""
    closed, open_ = group_page(CLOSED_GROUP), group_page(OPEN_GROUP)
    users = {
        "anonymous": None,
        "unverified": make_user("unverified@example.org", verified=False, first_name="Una"),
        "member": make_user("member@example.org", first_name="Mira", last_name="Member"),
        "wg_member": make_user("wg-member@example.org", first_name="Wanda"),
        "other_wg_member": make_user("other-wg@example.org", first_name="Olga"),
        "coordinator": closed.coordinators.get(),
        "organiser": make_organiser(),
        "moderator": make_moderator(),
        "editor": make_editor(),
        "superuser": make_superuser(),
    }
    closed.group.user_set.add(users["wg_member"])
    open_.group.user_set.add(users["other_wg_member"])
    return users


def client_for(role: str, user=None) -> Client:
    """A test client as that role would have it. `unverified` really tries the login form
    (and is refused: ACCOUNT_EMAIL_VERIFICATION is mandatory); the others are signed in
    directly, as after a successful login."""
    client = Client()
    if role == "anonymous" or user is None:
        return client
    if role == "unverified":
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        assert "_auth_user_id" not in client.session, "an unverified address signed in"
        return client
    client.force_login(user)
    return client


def required_answers(event) -> dict:
    """Answers to the event's required choice questions (the first option each), keyed as the
    registration form names its fields."""
    from events.models import QuestionKind

    answers = {}
    for question in event.questions.all():
        if question.required and question.kind in (
            QuestionKind.SINGLE,
            QuestionKind.WORKSHOP,
            QuestionKind.MULTIPLE,
        ):
            first = question.option_list()[0][0]
            answers[question.key] = [first] if question.kind == QuestionKind.MULTIPLE else first
    return answers
