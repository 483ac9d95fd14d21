"""Interests: members' topics of interest, subscribers' topics on the confirmation page, and the
newsletter subscription shown and changed on My account."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from community import newsletter
from community.models import Profile, Subscriber
from tests.community.commits import production_commits
from tests.factories import PASSWORD, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "ada@example.org"
UNKNOWN_TOPIC = "Choose topics from the list: one of them does not exist (any more)."
CONFIRM_LINK = re.compile(r"https?://testserver(/newsletter/confirm/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_cache_and_real_commits():
    """Rate limits count in the cache; mails leave through the outbox when the work commits."""
    cache.clear()
    with production_commits():
        yield
    cache.clear()


@pytest.fixture
def topics():
    return [
        TopicFactory(name=name)
        for name in ("Rare diseases", "Data sharing", "Ethics and law", "Quality")
    ]


@pytest.fixture
def member():
    return UserFactory(email=EMAIL, first_name="Ada", last_name="Lovelace")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def subscriber(email=EMAIL, *, confirmed=True, topics=()):
    from django.utils import timezone

    found = Subscriber.objects.create(
        email=email,
        consent_text="I agree to receive the newsletter.",
        consent_version="test-v1",
        confirmed_at=timezone.now() if confirmed else None,
    )
    found.topics.set(topics)
    return found


def page(response) -> str:
    return response.content.decode()


def main(response) -> str:
    return page(response).split("<main", 1)[1].split("</main>", 1)[0]


def newsletter_section(response) -> str:
    html = main(response)
    start = html.index('<section aria-labelledby="account-newsletter">')
    return html[start : html.index("</section>", start)]


def topic_names(found: Subscriber) -> set[str]:
    return set(found.topics.values_list("name", flat=True))


# --- Members' topics of interest -------------------------------------------------------------


def test_profile_form_offers_the_topics_as_a_labelled_checkbox_list(member_client, topics):
    html = main(member_client.get(reverse("profile_edit")))
    fieldset = html[html.index("<legend>Topics of interest") :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    for topic in topics:
        assert f'value="{topic.pk}"' in fieldset and topic.name in fieldset
    assert fieldset.count('type="checkbox" name="interests"') == len(topics)


def test_chosen_interests_are_saved_and_shown_on_my_account(member_client, member, topics):
    response = member_client.post(
        reverse("profile_edit"),
        {"organisation": "Example Biobank", "interests": [topics[0].pk, topics[2].pk]},
        follow=True,
    )
    assert "Your profile has been saved." in page(response)
    assert "Rare diseases, Ethics and law" in main(response)
    assert set(member.profile.interests.all()) == {topics[0], topics[2]}

    # Unticking all of them clears them.
    member_client.post(reverse("profile_edit"), {"organisation": "Example Biobank"})
    assert not member.profile.interests.exists()


@pytest.mark.parametrize("junk", ["999999", "not-a-number"])
def test_an_unknown_interest_is_refused_and_nothing_is_saved(member_client, member, topics, junk):
    response = member_client.post(
        reverse("profile_edit"),
        {"organisation": "Changed Biobank", "interests": [topics[0].pk, junk]},
    )
    assert response.status_code == 200
    assert UNKNOWN_TOPIC in page(response)
    profile = Profile.objects.get(user=member)
    assert profile.organisation == "" and not profile.interests.exists()


# --- Subscribers' topics on the confirmation page ---------------------------------------------


@pytest.fixture
def confirm_path(client, topics):
    """Sign up on the public form as a reader would; the path of the link in the mail."""
    client.post(reverse("newsletter"), {"email": EMAIL, "consent": "on"})
    return CONFIRM_LINK.search(mail.outbox[-1].body).group(1)


def test_confirmation_page_offers_the_topics_with_a_save_button(client, confirm_path, topics):
    html = main(client.get(confirm_path))
    assert "Subscription confirmed" in html
    assert "<legend>What would you like to hear about?" in html
    assert "Leave all unticked to receive everything." in html
    assert html.count('type="checkbox" name="topics"') == len(topics)
    assert "checked" not in html  # none chosen yet: everything
    assert 'method="post"' in html and 'name="csrfmiddlewaretoken"' in html
    assert ">Save</button>" in html


def test_saving_topics_on_the_confirmation_page(client, confirm_path, topics):
    client.get(confirm_path)
    response = client.post(confirm_path, {"topics": [topics[1].pk, topics[3].pk]}, follow=True)
    assert response.redirect_chain == [(confirm_path, 302)]
    assert "Saved: you will hear about the topics you chose." in page(response)
    assert topic_names(Subscriber.objects.get()) == {"Data sharing", "Quality"}
    ticked = re.findall(
        r'<input type="checkbox" name="topics" value="(\d+)"[^>]*checked', page(response)
    )
    assert sorted(ticked) == sorted([str(topics[1].pk), str(topics[3].pk)])

    response = client.post(confirm_path, {}, follow=True)
    assert "Saved: you will hear about everything." in page(response)
    assert not Subscriber.objects.get().topics.exists()


def test_saving_topics_before_opening_the_page_confirms_too(client, confirm_path, topics):
    client.post(confirm_path, {"topics": [topics[0].pk]})
    found = Subscriber.objects.get()
    assert found.is_confirmed and topic_names(found) == {"Rare diseases"}
    assert len(mail.outbox) == 2  # the welcome mail, once


def test_an_unknown_topic_on_the_confirmation_page_writes_nothing(client, confirm_path, topics):
    response = client.post(confirm_path, {"topics": [topics[0].pk, "424242"]})
    assert response.status_code == 400
    assert UNKNOWN_TOPIC in page(response)
    found = Subscriber.objects.get()
    assert not found.is_confirmed and not found.topics.exists()


def test_saving_topics_needs_the_csrf_token_and_a_valid_link(confirm_path, topics):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(confirm_path, {"topics": [topics[0].pk]}).status_code == 403
    tampered = confirm_path.replace("/confirm/", "/confirm/x")
    response = Client().post(tampered, {"topics": [topics[0].pk]})
    assert response.status_code == 400
    assert "This link does not work" in page(response)
    assert not Subscriber.objects.get().topics.exists()


def test_sign_up_records_the_readers_language(client):
    """The language of the page signed up on (/nl/…), whatever the browser asks for."""
    from django.utils.translation import override

    with override("nl"):
        dutch_form = reverse("newsletter")
    assert dutch_form.startswith("/nl/")
    client.post(dutch_form, {"email": EMAIL, "consent": "on"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert Subscriber.objects.get().language == "nl"


# --- The newsletter on My account -----------------------------------------------------------


def test_my_account_offers_a_member_without_subscription_to_subscribe(member_client, topics):
    section = newsletter_section(member_client.get(reverse("my_account")))
    assert "You are not subscribed to the newsletter." in section
    assert f"Subscribe with {EMAIL}." in section
    assert f">{newsletter.CONSENT_TEXT}</label>" in section
    assert section.count('type="checkbox" name="topics"') == len(topics)
    assert ">Subscribe</button>" in section


def test_subscribing_from_my_account_is_confirmed_at_once_with_consent(member_client, topics):
    response = member_client.post(
        reverse("my_account"),
        {"newsletter_action": "subscribe", "consent": "on", "topics": [topics[2].pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.redirect_chain == [(reverse("my_account"), 302)]
    assert f"You are subscribed to the newsletter at {EMAIL}." in page(response)
    section = newsletter_section(response)
    assert f"You receive the newsletter at {EMAIL}." in section
    assert "Your topics: Ethics and law." in section
    assert ">Unsubscribe</button>" in section

    found = Subscriber.objects.get()
    assert found.email == EMAIL and found.is_confirmed
    assert found.consent_text == str(newsletter.CONSENT_TEXT)
    assert found.consent_version == newsletter.CONSENT_VERSION
    assert found.language == "en"
    assert [message.to for message in mail.outbox] == [[EMAIL]]  # the welcome mail
    assert "Thank you for confirming" in mail.outbox[0].body


def test_a_pending_sign_up_is_confirmed_by_subscribing_from_my_account(member_client):
    subscriber(confirmed=False)
    section = newsletter_section(member_client.get(reverse("my_account")))
    assert "waiting for confirmation" in section and ">Subscribe</button>" in section
    member_client.post(reverse("my_account"), {"newsletter_action": "subscribe", "consent": "on"})
    found = Subscriber.objects.get()
    assert found.is_confirmed and found.consent_version == newsletter.CONSENT_VERSION


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick the box to agree"),
        ({"consent": "on", "topics": ["31337"]}, UNKNOWN_TOPIC),
    ],
)
def test_subscribing_without_consent_or_with_unknown_topics_is_refused(
    member_client, topics, data, message
):
    response = member_client.post(reverse("my_account"), {"newsletter_action": "subscribe", **data})
    assert response.status_code == 400
    assert message in newsletter_section(response)
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_subscriber_changes_topics_on_my_account(member_client, topics):
    found = subscriber(topics=[topics[0]])
    section = newsletter_section(member_client.get(reverse("my_account")))
    assert "Your topics: Rare diseases." in section
    assert ">Save topics</button>" in section

    response = member_client.post(
        reverse("my_account"),
        {"newsletter_action": "topics", "topics": [topics[1].pk, topics[3].pk]},
        follow=True,
    )
    assert "Saved: you will hear about the topics you chose." in page(response)
    assert "Your topics: Data sharing, Quality." in newsletter_section(response)

    response = member_client.post(
        reverse("my_account"), {"newsletter_action": "topics", "topics": ["999"]}
    )
    assert response.status_code == 400 and UNKNOWN_TOPIC in page(response)
    assert topic_names(found) == {"Data sharing", "Quality"}

    member_client.post(reverse("my_account"), {"newsletter_action": "topics"})
    assert "Your topics: everything." in newsletter_section(
        member_client.get(reverse("my_account"))
    )


def test_unsubscribing_from_my_account(member_client):
    subscriber()
    response = member_client.post(
        reverse("my_account"), {"newsletter_action": "unsubscribe"}, follow=True
    )
    assert "You have unsubscribed from the newsletter." in page(response)
    assert "You are not subscribed to the newsletter." in newsletter_section(response)
    assert not Subscriber.objects.exists()


def test_an_unknown_action_changes_nothing(member_client):
    subscriber()
    response = member_client.post(reverse("my_account"), {"newsletter_action": "drop"}, follow=True)
    assert "Nothing was changed" in page(response)
    assert Subscriber.objects.get().is_confirmed


def test_another_members_subscription_is_never_shown_or_changed(client, member, topics):
    theirs = subscriber(topics=[topics[0]])
    other = UserFactory(email="grace@example.org")
    # Anyone can add someone else's address to their account without verifying it.
    EmailAddress.objects.create(user=other, email=EMAIL, verified=False)
    client.force_login(other)

    section = newsletter_section(client.get(reverse("my_account")))
    assert EMAIL not in section and "You are not subscribed" in section
    assert "Subscribe with grace@example.org." in section
    client.post(reverse("my_account"), {"newsletter_action": "unsubscribe"})
    client.post(reverse("my_account"), {"newsletter_action": "topics", "topics": [topics[1].pk]})
    theirs.refresh_from_db()
    assert theirs.is_confirmed and topic_names(theirs) == {"Rare diseases"}

    client.post(reverse("my_account"), {"newsletter_action": "subscribe", "consent": "on"})
    assert set(Subscriber.objects.values_list("email", flat=True)) == {EMAIL, "grace@example.org"}


def test_a_member_without_verified_address_cannot_subscribe_here(client):
    unverified = UserFactory(email="new@example.org", verified=False)
    EmailAddress.objects.create(user=unverified, email="new@example.org", verified=False)
    client.force_login(unverified)
    section = newsletter_section(client.get(reverse("my_account")))
    assert "first verify your e-mail address" in section and ">Subscribe</button>" not in section
    response = client.post(
        reverse("my_account"), {"newsletter_action": "subscribe", "consent": "on"}, follow=True
    )
    assert "Verify your e-mail address first" in page(response)
    assert not Subscriber.objects.exists()


def test_anonymous_visitors_are_sent_to_login_and_change_nothing(client, topics):
    subscriber()
    for response in [
        client.get(reverse("my_account")),
        client.post(reverse("my_account"), {"newsletter_action": "unsubscribe"}),
        client.get(reverse("profile_edit")),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert Subscriber.objects.exists()


def test_my_account_is_never_cached_and_its_forms_need_csrf(member):
    subscriber()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    response = strict.get(reverse("my_account"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert (
        strict.post(reverse("my_account"), {"newsletter_action": "unsubscribe"}).status_code == 403
    )
    assert Subscriber.objects.exists()


# --- Personal data ----------------------------------------------------------------------------


def test_interests_and_subscription_are_in_the_download_and_gone_with_the_account(
    member_client, member, topics
):
    member.profile.interests.set([topics[0], topics[1]])
    subscriber(topics=[topics[3]]).__class__.objects.filter(email=EMAIL).update(language="fr")

    data = json.loads(member_client.post(reverse("account_data_download")).content)
    assert data["account"]["profile"]["interests"] == ["Rare diseases", "Data sharing"]
    assert data["newsletter"][0]["topics"] == ["Quality"]
    assert data["newsletter"][0]["language"] == "fr"

    member_client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert not Profile.interests.through.objects.exists()
    assert not Subscriber.topics.through.objects.exists()
    assert not Subscriber.objects.exists()
