"""Members' mails in the member's language (issue 21): chosen at sign-up (the page's language),
changed in My account, and followed by every mail another member's action causes (a group
announcement, a decision on a request to join), whatever language that member reads."""

import re

import pytest
from django.test import Client

from community.models import JoinRequest, Profile
from community.services import groups as group_services
from hub.outbox.models import OutgoingMail
from tests.factories import UserFactory, WorkingGroupMembersPageFactory, WorkingGroupPageFactory

pytestmark = pytest.mark.django_db

ANNOUNCEMENT = {"title": "Freezer audit next month", "body": "Please send your logs by Friday."}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def speaks(user, language):
    Profile.objects.filter(user=user).update(language=language)
    return user


def links(body: str) -> list[str]:
    return re.findall(r"http://testserver/\S*", body)


@pytest.fixture
def group():
    coordinator = UserFactory(first_name="Cora", last_name="Coordinator")
    page = WorkingGroupPageFactory(title="Freezer logistics")
    page.coordinators.add(coordinator)
    page.save()  # makes the coordinator a member
    WorkingGroupMembersPageFactory(parent=page)
    return page, coordinator


def test_an_english_coordinator_s_announcement_reaches_a_french_member_in_french(group):
    page, coordinator = group
    speaks(coordinator, "en")
    french = speaks(UserFactory(first_name="Fleur", last_name="Martin"), "fr")
    dutch = speaks(UserFactory(first_name="Daan", last_name="Jansen"), "nl")
    page.group.user_set.add(french, dutch)

    response = client_for(coordinator).post(page.url + "announce/", ANNOUNCEMENT)
    assert response.status_code == 302

    mails = OutgoingMail.objects.filter(kind="groups.announcement")
    to_french = mails.get(to=[french.email])
    assert to_french.subject == "[Freezer logistics] Freezer audit next month"
    assert "Publiée par Cora Coordinator dans le groupe de travail Freezer logistics." in (
        to_french.body
    )
    assert "Posted by" not in to_french.body
    assert links(to_french.body) and all(
        link.startswith("http://testserver/fr/") for link in links(to_french.body)
    )
    to_dutch = mails.get(to=[dutch.email])
    assert "Geplaatst door Cora Coordinator" in to_dutch.body, to_dutch.body
    assert all(link.startswith("http://testserver/nl/") for link in links(to_dutch.body))
    to_coordinator = mails.get(to=[coordinator.email])
    assert "Posted by Cora Coordinator" in to_coordinator.body
    assert not any("/fr/" in link or "/nl/" in link for link in links(to_coordinator.body))


def test_a_decision_on_a_request_to_join_is_written_in_the_requester_s_language(group):
    page, coordinator = group
    requester = speaks(UserFactory(first_name="Fleur", last_name="Martin"), "fr")
    join_request = JoinRequest.objects.create(group_page=page, user=requester, motivation="Oui.")

    group_services.approve(coordinator, join_request)  # the coordinator reads English

    welcome = OutgoingMail.objects.get(kind="groups.approved")
    assert welcome.subject == "Bienvenue dans Freezer logistics"
    assert "Bonjour Fleur Martin," in welcome.body
    assert all(link.startswith("http://testserver/fr/") for link in links(welcome.body))


# --- The member's language: at sign-up, and in My account ------------------------------------


def test_signing_up_on_the_dutch_page_records_dutch():
    password = "Cryo-Vial-Freezer-42!"
    response = Client().post(
        "/nl/accounts/signup/",
        {
            "first_name": "Daan",
            "last_name": "Jansen",
            "email": "daan@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    assert Profile.objects.get(user__email="daan@example.org").language == "nl"


def test_my_account_offers_the_three_languages_and_saves_the_choice():
    member = UserFactory(first_name="Ada", last_name="Lovelace")
    client = client_for(member)
    form = client.get("/accounts/profile/").content.decode()
    select = re.search(r'<select[^>]*name="language".*?</select>', form, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', select) == ["en", "nl", "fr"]
    assert "Nederlands" in select and "français" in select.lower()
    assert "Language of your e-mails" in form

    response = client.post(
        "/accounts/profile/",
        {"first_name": "Ada", "last_name": "Lovelace", "language": "fr"},
        follow=True,
    )
    page = response.content.decode()
    assert "Your profile has been saved." in page
    assert re.search(r'<dd lang="fr">fran[çc]ais</dd>', page, re.I), page
    assert Profile.objects.get(user=member).language == "fr"


def test_an_unknown_language_is_refused_with_a_message_and_nothing_is_written():
    member = speaks(UserFactory(first_name="Ada", last_name="Lovelace"), "nl")
    response = client_for(member).post(
        "/accounts/profile/",
        {"first_name": "Changed", "last_name": "Changed", "organisation": "X", "language": "de"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose one of the languages in the list." in page
    assert 'id="id_language_error"' in page
    assert "Your profile has been saved." not in page
    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("Ada", "Lovelace")
    profile = Profile.objects.get(user=member)
    assert (profile.language, profile.organisation) == ("nl", "")
