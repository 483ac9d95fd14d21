"""One base URL (HUB_BASE_URL) for every absolute link: mails sent in a request or not, allauth's
mails, feeds, robots.txt, Open Graph, JSON exports, calendars; refused at start-up when it is
not a plain http(s)://host[:port]."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from hub import base_url
from tests import factories
from tests.test_settings import PRODUCTION_ENV, production_setting, run_manage

# What `make run PORT=8020` sets; readers reach the dev server under another name below.
RUN = "http://127.0.0.1:8020"
OTHER_HOST = {"HTTP_HOST": "localhost:9999"}


# --- The setting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://Hub.Example.org/", "https://hub.example.org"),
        ("https://hub.example.org:443", "https://hub.example.org"),
        ("http://127.0.0.1:8020", "http://127.0.0.1:8020"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_the_base_url_is_written_one_way(given, expected):
    assert base_url.setting(given) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "hub.example.org",
        "ftp://hub.example.org",
        "https://",
        "https://hub.example.org/hub",
        "https://hub.example.org?x=1",
        "https://hub.example.org/#top",
        "https://user:secret@hub.example.org",
        "http://hub.example.org:http",
    ],
)
def test_a_bad_base_url_stops_the_start_up(bad):
    with pytest.raises(ImproperlyConfigured, match="HUB_BASE_URL"):
        base_url.setting(bad)


def test_production_takes_hub_base_url_else_https_on_the_first_allowed_host():
    assert production_setting("HUB_BASE_URL") == "https://hub.example.org"
    assert production_setting("HUB_BASE_URL", HUB_BASE_URL="https://biobanks.example.org/") == (
        "https://biobanks.example.org"
    )
    # Wagtail's admin mails use the same value.
    assert production_setting("WAGTAILADMIN_BASE_URL", HUB_BASE_URL="https://b.example.org") == (
        "https://b.example.org"
    )
    result = run_manage("check", HUB_BASE_URL="https://hub.example.org/hub", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "HUB_BASE_URL" in result.stderr and "no path" in result.stderr


# --- Mails ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(HUB_BASE_URL=RUN)
def test_a_promotion_sent_outside_any_request_links_the_served_port(
    django_capture_on_commit_callbacks,
):
    """A seat freed by a service call (an organiser's tool, the worker, cron): the promoted
    attendee's personal link must open on the port `make run PORT=8020` serves."""
    from events import services, tokens

    factories.site_root()
    event = factories.EventPageFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.register(event, name="Ada", email="ada@example.org")
        waiting = services.register(event, name="Bob", email="bob@example.org")
        assert waiting.is_waitlisted
        services.cancel(first)
    [promotion] = [m for m in mail.outbox if m.to == ["bob@example.org"] and "place" in m.subject]
    waiting.refresh_from_db()
    # Compared unsigned: the signature carries the second the link was made.
    link = re.search(rf"{re.escape(RUN)}(/events/\S+/registration/\S+/)", promotion.body)
    assert link, promotion.body
    page, *token = link.group(1).rstrip("/").rsplit("/", 3)
    assert page == tokens.manage_path(waiting).rstrip("/").rsplit("/", 3)[0]
    assert tokens.read_token("/".join(token))[0] == waiting.pk
    assert "http://testserver" not in promotion.body


@pytest.mark.django_db
@override_settings(HUB_BASE_URL="https://hub.example.org")
def test_a_mail_sent_while_answering_another_host_name_links_the_base_url(
    client, django_capture_on_commit_callbacks
):
    factories.site_root()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", {"email": "reader@example.org", "consent": "on"}, **OTHER_HOST)
    [message] = mail.outbox
    assert re.search(r"https://hub\.example\.org/newsletter/confirm/\S+/", message.body)
    assert "localhost" not in message.body


@pytest.mark.django_db
@override_settings(HUB_BASE_URL="https://hub.example.org")
def test_allauth_mails_greet_with_the_sites_name_and_link_the_base_url(
    client, django_capture_on_commit_callbacks
):
    factories.site_root()
    factories.site_settings(organisation_name="Biobank Hub Nederland")
    password = "Cryo-Vial-Freezer-42!"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "first_name": "New",
                "last_name": "Member",
                "email": "new@example.org",
                "password1": password,
                "password2": password,
            },
            **OTHER_HOST,
        )
    [message] = mail.outbox
    assert message.subject == "Confirm your e-mail address for Biobank Hub Nederland"
    assert "Thank you for signing up to Biobank Hub Nederland" in message.body
    assert "The Biobank Hub Nederland team\nhttps://hub.example.org/" in message.body
    assert re.search(r"https://hub\.example\.org/accounts/confirm-email/\S+/", message.body)
    assert "localhost" not in message.body


# --- Pages, feeds, exports -----------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(HUB_BASE_URL="https://hub.example.org")
def test_feeds_robots_open_graph_and_the_json_api_link_the_base_url(client):
    news = factories.NewsIndexPageFactory()
    factories.NewsPageFactory(parent=news, title="Freezer day", slug="freezer-day")
    factories.EventPageFactory(title="Webinar", slug="webinar")
    biobanks = factories.BiobankIndexPageFactory()
    factories.BiobankFactory(slug="lifelines", name="Lifelines")

    rss = client.get("/news/feed/rss/", **OTHER_HOST).content.decode()
    assert "<link>https://hub.example.org/news/</link>" in rss
    assert "<link>https://hub.example.org/news/freezer-day/</link>" in rss
    events_rss = client.get("/events/rss/", **OTHER_HOST).content.decode()
    assert "<link>https://hub.example.org/events/webinar/</link>" in events_rss
    calendar = client.get("/events/ics/", **OTHER_HOST).content.decode()
    assert "URL:https://hub.example.org/events/webinar/" in calendar.replace("\r\n ", "")
    robots = client.get("/robots.txt", **OTHER_HOST).content.decode()
    assert "Sitemap: https://hub.example.org/sitemap.xml" in robots
    page = client.get("/news/freezer-day/", **OTHER_HOST).content.decode()
    assert '<meta property="og:url" content="https://hub.example.org/news/freezer-day/">' in page
    api = client.get(f"{biobanks.url}api/", **OTHER_HOST).json()
    assert api["results"][0]["url"] == "https://hub.example.org/biobanks/lifelines/"
    assert "localhost" not in rss + events_rss + calendar + robots


def test_absolute_keeps_absolute_urls_and_encodes_the_rest(settings):
    settings.HUB_BASE_URL = "https://hub.example.org"
    assert base_url.absolute("/news/") == "https://hub.example.org/news/"
    assert base_url.absolute("news/") == "https://hub.example.org/news/"
    assert base_url.absolute("/nieuws/café/") == "https://hub.example.org/nieuws/caf%C3%A9/"
    assert base_url.absolute("https://media.example.org/a.png") == "https://media.example.org/a.png"
    assert base_url.absolute("//media.example.org/a.png") == "https://media.example.org/a.png"
    assert base_url.rebase("http://localhost:9999/accounts/x/?next=/") == (
        "https://hub.example.org/accounts/x/?next=/"
    )
    assert base_url.host() == "hub.example.org"


def test_calendar_uids_name_the_base_urls_host(settings):
    from hub import ical

    settings.HUB_BASE_URL = "https://hub.example.org"
    assert ical.uid("event", 7) == "event-7@hub.example.org"
