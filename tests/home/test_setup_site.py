"""`manage.py setup_site`: an empty real site in one command, as the README's Production section
runs it on a freshly migrated database (Wagtail's "Welcome" page and its localhost:80 Site)."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, Revision, Site

from home.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db

NAME = "Biobank Hub Nederland"
BASE = "https://hub.example.org"

# What a reader sees on each section of the empty site.
EMPTY_STATES = {
    "/": NAME,
    "/about/": "Who we are and how we work.",
    "/topics/": "There are no topics yet.",
    "/working-groups/": "There are no working groups yet.",
    "/training/": "There is no training material yet.",
    "/news/": "There is no news yet.",
    "/events/": "There are no upcoming events yet.",
    "/events/?when=past": "There are no past events yet.",
    "/funding/": "There are no open or forthcoming funding calls at the moment.",
    "/partnerships/": "There are no partnership listings yet.",
    "/biobanks/": "There are no biobanks yet: they appear when the catalogue is synced.",
    "/search/?q=cryopreservation": "Nothing matched.",
    "/newsletter/": "Read the privacy notice",
    "/privacy/": "You can download everything the site holds on you",
}


def setup_site(*args) -> str:
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict:
    """What the database holds that setup_site could change."""
    site = Site.objects.get(is_default_site=True)
    return {
        "pages": list(Page.objects.order_by("path").values_list("pk", "path", "title", "slug")),
        "revisions": Revision.objects.count(),
        "site": (site.pk, site.hostname, site.port, site.root_page_id, site.site_name),
        "settings": list(SiteSettings.objects.values_list("organisation_name", "privacy_notice")),
    }


def text_of(response) -> str:
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def welcome_site():
    """The database as `migrate` leaves it: Wagtail's welcome page is the Site's root."""
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert site.root_page.specific_class is Page and not HomePage.objects.exists()
    return site


def test_an_empty_database_becomes_a_site_with_every_section_and_their_empty_states(
    client, welcome_site
):
    before = SiteSettings.for_site(welcome_site)
    before.contact_email = "office@example.org"  # saved in the admin before setup_site ran
    before.save()
    output = setup_site("--name", NAME, "--base-url", BASE)
    assert "Deleted Wagtail's welcome page" in output

    site = Site.objects.get(is_default_site=True)
    assert site.pk == welcome_site.pk, "the Site (and its settings) went with the welcome page"
    assert SiteSettings.for_site(site).contact_email == "office@example.org"
    assert (site.hostname, site.port, site.root_url) == ("hub.example.org", 443, BASE)
    assert site.site_name == NAME and site.root_page.specific_class is HomePage
    assert not Page.objects.exact_type(Page).filter(depth=2).exists(), "welcome page left over"
    settings = SiteSettings.for_site(site)
    assert settings.organisation_name == NAME
    assert settings.privacy_notice.url == "/privacy/"

    for path, empty_state in EMPTY_STATES.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert empty_state in text_of(response), path
    # No demo content anywhere: the only pages are the home page and its sections.
    assert Page.objects.filter(depth__gt=3).count() == 0


def test_the_sitemap_lists_the_sections_on_the_base_url(client, welcome_site):
    setup_site("--name", NAME, "--base-url", BASE)
    with override_settings(HUB_BASE_URL=BASE):
        sitemap = client.get("/sitemap.xml").content.decode()
        robots = client.get("/robots.txt").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    for section in ["", "about/", "biobanks/", "events/", "funding/", "news/", "partnerships/"]:
        assert f"{BASE}/{section}" in locations
    assert all(url.startswith(f"{BASE}/") for url in locations), locations
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_a_second_run_changes_nothing_and_says_so(welcome_site):
    setup_site("--name", NAME, "--base-url", BASE)
    before = snapshot()
    output = setup_site("--name", NAME, "--base-url", BASE)
    assert "Nothing to change" in output
    assert snapshot() == before


def test_a_new_name_or_address_changes_only_that(welcome_site):
    setup_site("--name", NAME, "--base-url", BASE)
    about = Page.objects.get(locale__language_code="en", slug="about").specific
    about.title = "Who we are"  # an editor's change survives
    about.save_revision().publish()
    before = snapshot()

    output = setup_site("--name", "Biobank Hub NL", "--base-url", BASE)
    assert "Nothing to change" not in output
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "Biobank Hub NL" and site.root_url == BASE
    assert SiteSettings.for_site(site).organisation_name == "Biobank Hub NL"
    # The home page was titled with the old name: it follows; nothing else moves.
    assert HomePage.objects.get(locale__language_code="en").title == "Biobank Hub NL"
    assert Page.objects.get(locale__language_code="en", slug="about").title == "Who we are"
    after = snapshot()
    assert len(after["pages"]) == len(before["pages"])
    assert after["revisions"] == before["revisions"] + 1  # the home page's new title

    setup_site("--base-url", "http://hub.example.org:8080")  # the name stays
    site.refresh_from_db()
    assert (site.hostname, site.port, site.site_name) == ("hub.example.org", 8080, "Biobank Hub NL")
    assert Revision.objects.count() == after["revisions"]


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://hub.example.org",
        "hub.example.org",
        "https://",
        "https://hub.example.org/hub/",
        "https://hub.example.org/?lang=en",
        "https://hub.example.org#top",
        "https://hub.example.org:99999",
        "https://hub.example.org:8443",  # Wagtail's Site cannot say https on another port
    ],
)
def test_a_bad_base_url_is_refused_and_nothing_is_written(welcome_site, bad):
    before = snapshot()
    with pytest.raises(CommandError) as refusal:
        setup_site("--name", NAME, "--base-url", bad)
    assert bad in str(refusal.value)
    assert snapshot() == before


def test_an_empty_name_is_refused(welcome_site):
    with pytest.raises(CommandError, match="name"):
        setup_site("--name", "  ", "--base-url", BASE)
    assert not HomePage.objects.exists()


def test_the_system_check_tells_when_the_site_and_hub_base_url_differ(welcome_site):
    from hub.checks import site_matches_base_url

    with override_settings(HUB_BASE_URL=BASE):
        [warning] = site_matches_base_url(databases=["default"])
        assert warning.id == "hub.W002" and "http://localhost" in warning.msg
        assert BASE in warning.hint
        setup_site("--name", NAME)  # --base-url defaults to HUB_BASE_URL
        assert site_matches_base_url(databases=["default"]) == []
    # Only with a database (migrate, check --database): `check --deploy` has none.
    assert site_matches_base_url(databases=None) == []


def test_the_readmes_superuser_signs_in_after_confirming_the_address(
    client, welcome_site, django_capture_on_commit_callbacks, monkeypatch
):
    """`createsuperuser --no-input` with the DJANGO_SUPERUSER_* variables, then allauth's
    mandatory verification: the first login mails a link, and after it the login works."""
    from django.contrib.auth import get_user_model

    env = {
        "DJANGO_SUPERUSER_USERNAME": "admin",
        "DJANGO_SUPERUSER_EMAIL": "ops@example.org",
        "DJANGO_SUPERUSER_PASSWORD": "Freezer-Vial-Rack-77!",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    call_command("createsuperuser", interactive=False, stdout=io.StringIO())
    assert get_user_model().objects.get(username="admin").is_superuser

    login = {"login": "ops@example.org", "password": env["DJANGO_SUPERUSER_PASSWORD"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/", login)
    assert response["Location"] == "/accounts/confirm-email/"
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    client.post(link.group(1))
    client.logout()
    response = client.post("/accounts/login/", login)
    assert response.status_code == 302 and response["Location"] != "/accounts/confirm-email/"
    assert client.get("/accounts/").status_code == 200
