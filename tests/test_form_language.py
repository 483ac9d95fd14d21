"""One form language for every public form (issue 18): no "---------" in any form, an error
summary at the top that links to each field to correct, nothing written when a form comes back,
biobanks as a checkbox list and a default expiry date on the partnership form, opt-outs last,
and one date format."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from community.models import ContactMessage, JoinRequest, Profile
from community.models.groups import MembershipPolicy
from community.models.newsletter import Subscriber
from events.models import EventQuestion, QuestionKind, QuestionOption, Registration
from funding.models import PartnershipListing
from funding.models.partnerships import DEFAULT_EXPIRY_DAYS
from tests.factories import (
    BiobankFactory,
    BiobankIndexPageFactory,
    EventPageFactory,
    PartnershipIndexPageFactory,
    PartnershipListingFactory,
    PersonFactory,
    UserFactory,
    WorkingGroupPageFactory,
    site_root,
)

pytestmark = pytest.mark.django_db
DASHES = "---------"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: every test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(client):
    user = UserFactory(email="member@example.org")
    client.force_login(user)
    return user


def html(response) -> str:
    return response.content.decode()


def main_form(response) -> str:
    """The main content's forms (the footer's newsletter form left out)."""
    page = html(response)
    main = page.split('id="main"', 1)[1].split("</main>", 1)[0]
    return main


def assert_summary_links_each_invalid_field(response):
    """The error summary is the form's first content, announced, headed "There is a problem",
    and links to the first input of every field marked invalid."""
    assert response.status_code == 200
    main = main_form(response)
    summary = re.search(r'<div class="error-summary[^"]*" role="alert">(.*?)</div>', main, re.S)
    assert summary, "no error summary"
    assert "There is a problem" in summary.group(1)
    before = main[: summary.start()].rsplit("<form", 1)[1]
    assert "<label" not in before and "<legend" not in before, "the summary comes first"
    links = re.findall(r'<a href="#([^"]+)">', summary.group(1))
    invalid = re.findall(r'<(?:input|select|textarea)\b[^>]*aria-invalid="true"[^>]*>', main)
    assert invalid, "no field marked invalid"
    first_of_each = {}
    for tag in invalid:
        name = re.search(r'\sname="([^"]+)"', tag).group(1)
        first_of_each.setdefault(name, re.search(r'\sid="([^"]+)"', tag).group(1))
    for name, field_id in first_of_each.items():
        assert field_id in links, f"{name} (#{field_id}) has no link in the summary {links}"
    return links


# --- Every public form: no dashes, a summary with links, nothing written -------------------


def test_contact_a_person(client):
    site_root()
    person = PersonFactory()
    url = f"/contact/{person.pk}/"
    assert DASHES not in html(client.get(url))
    links = assert_summary_links_each_invalid_field(client.post(url, {}))
    assert {"contact-name", "contact-email", "contact-message"} <= set(links)
    assert not ContactMessage.objects.exists()


def test_contact_a_biobank(client):
    BiobankIndexPageFactory(parent=site_root())
    biobank = BiobankFactory()
    url = f"/biobanks/{biobank.slug}/contact/"
    assert DASHES not in html(client.get(url))
    links = assert_summary_links_each_invalid_field(client.post(url, {"email": "nope"}))
    assert "contact-email" in links
    assert not ContactMessage.objects.exists()


def test_partnership_submit(client, member):
    PartnershipIndexPageFactory(parent=site_root())
    BiobankFactory(name="Antwerp Tumour Bank")
    BiobankFactory(name="Ghent Brain Bank")
    page = html(client.get("/partnerships/submit/"))
    assert DASHES not in page
    # Biobanks are a checkbox list, not a Ctrl-click multi-select.
    assert "<select multiple" not in page and "multiple>" not in page
    assert len(re.findall(r'<input type="checkbox" name="biobanks"', page)) == 2
    assert "Ctrl" not in page
    # "Expires on" is a date picker starting at the default period.
    default = (timezone.localdate() + timedelta(days=DEFAULT_EXPIRY_DAYS)).isoformat()
    expires = re.search(r'<input[^>]*name="expires_on"[^>]*>', page).group(0)
    assert 'type="date"' in expires and f'value="{default}"' in expires
    # Nothing commercial is chosen for the member.
    commercial = re.findall(r'<input[^>]*name="commercial_use"[^>]*>', page)
    assert len(commercial) == 4 and not any("checked" in tag for tag in commercial)
    assert "Choose a sector" in page and "Choose a type of organisation" in page

    links = assert_summary_links_each_invalid_field(
        client.post("/partnerships/submit/", {"expires_on": "2020-01-01"})
    )
    assert {"listing-title", "listing-expires_on", "listing-commercial_use_0"} <= set(links)
    assert not PartnershipListing.objects.exists()


def test_partnership_renew_and_contact(client, member):
    PartnershipIndexPageFactory(parent=site_root())
    listing = PartnershipListingFactory(submitted_by=member, expires_on=timezone.localdate())
    renew = f"/partnerships/{listing.pk}/renew/"
    assert DASHES not in html(client.get(renew))
    links = assert_summary_links_each_invalid_field(client.post(renew, {"days": "7"}))
    assert "id_days_0" in links
    listing.refresh_from_db()
    assert listing.expires_on == timezone.localdate()

    contact = f"/partnerships/{listing.pk}/contact/"
    assert DASHES not in html(client.get(contact))
    links = assert_summary_links_each_invalid_field(client.post(contact, {}))
    assert "contact-message" in links
    assert not ContactMessage.objects.exists()


def test_join_a_working_group(client, member):
    group = WorkingGroupPageFactory(parent__parent=site_root(), membership=MembershipPolicy.CLOSED)
    url = f"{group.url}request/"
    assert DASHES not in html(client.get(url))
    links = assert_summary_links_each_invalid_field(client.post(url, {"motivation": ""}))
    assert links == ["id_motivation"]
    assert not JoinRequest.objects.exists()


def test_event_registration_puts_prefer_not_to_say_last(client):
    event = EventPageFactory(parent__parent=site_root(), confirm_email=False)
    event.questions = [
        EventQuestion(
            label="gender",
            kind=QuestionKind.SINGLE,
            required=True,
            sort_order=0,
            options=[
                QuestionOption(name=name, sort_order=n)
                for n, name in enumerate(["Prefer not to say", "Woman", "Man", "Non-binary"])
            ],
        )
    ]
    event.save_revision().publish()
    event.refresh_from_db()
    page = html(client.get(event.url))
    assert DASHES not in page
    options = re.findall(r'name="q\d+" value="([^"]+)"', page)
    assert options == ["Woman", "Man", "Non-binary", "Prefer not to say"]
    assert "<legend>Gender</legend>" in page, "group labels start with a capital"

    links = assert_summary_links_each_invalid_field(
        client.post(f"{event.url}register/", {"email": "nope"})
    )
    assert {"registration-name", "registration-email", "registration-consent"} <= set(links)
    assert not Registration.objects.exists()


def test_profile_edit_puts_prefer_not_to_say_last(client, member):
    site_root()
    page = html(client.get("/accounts/profile/"))
    assert DASHES not in page
    choices = re.findall(r'name="stakeholder_type" value="([^"]*)"', page)
    assert choices[-1] == "" and len(choices) > 2
    assert page.index("Prefer not to say") > page.index("Researcher")
    links = assert_summary_links_each_invalid_field(
        client.post("/accounts/profile/", {"first_name": "Ada", "country": "XX"})
    )
    assert "id_country" in links
    assert not Profile.objects.filter(user=member).exclude(country="").exists()
    member.refresh_from_db()
    assert member.first_name != "Ada"


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_login_and_signup(client, url):
    site_root()
    UserFactory(email="someone@example.org")
    users = get_user_model().objects.count()
    assert DASHES not in html(client.get(url))
    links = assert_summary_links_each_invalid_field(client.post(url, {"email": "nope"}))
    assert links
    assert get_user_model().objects.count() == users


def test_newsletter(client):
    site_root()
    assert DASHES not in html(client.get("/newsletter/"))
    response = client.post("/newsletter/", {"email": "nope"})
    assert response.status_code == 200 and "errorlist" in html(response)
    assert not Subscriber.objects.exists()


# --- Optional fields are the marked ones; labels and hints are linked ----------------------


def test_optional_fields_are_marked_and_hints_linked(client, member):
    PartnershipIndexPageFactory(parent=site_root())
    page = html(client.get("/partnerships/submit/"))
    assert re.search(
        r'<label for="listing-country">Country <span class="field__optional">'
        r"\(optional\)</span></label>",
        page,
    )
    assert not re.search(r'<label for="listing-title">[^<]*<span class="field__optional">', page)
    summary = re.search(r'<input[^>]*name="summary"[^>]*>', page).group(0)
    assert 'aria-describedby="listing-summary_helptext"' in summary
    assert 'id="listing-summary_helptext"' in page


# --- One date format ------------------------------------------------------------------------


def test_dates_are_written_one_way():
    from datetime import date

    from django.utils import formats

    day = date(2027, 4, 8)
    assert formats.date_format(day) == "8 April 2027"
    assert formats.date_format(date(2026, 12, 1)) == "1 December 2026"
    assert formats.time_format(timezone.datetime(2027, 4, 8, 7, 0).time()) == "07:00"
    assert formats.number_format(18000, force_grouping=True) == "18,000"
