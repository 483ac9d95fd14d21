"""Fixtures for the funding tests: a small site with /funding/ and /partnerships/, and
factories for funders, calls and listings (not the whole demo: that is slow)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached sections live in the cache: every test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    from wagtail.models import Page, Site

    from home.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Hub", slug="hub-home")
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    return home


@pytest.fixture
def funding_index(home):
    from funding.models import FundingIndexPage

    index = FundingIndexPage(title="Funding", slug="funding", intro="Calls for biobanks.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def partnership_index(home):
    from funding.models import PartnershipIndexPage

    index = PartnershipIndexPage(
        title="Partnerships", slug="partnerships", intro="Offers and requests."
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def funder(db):
    from funding.models import Funder

    def make(name="National Research Council", **fields):
        fields.setdefault("slug", slugify(name))
        return Funder.objects.get_or_create(name=name, defaults=fields)[0]

    return make


@pytest.fixture
def topic(db):
    from community.models import Topic

    def make(name="Financing"):
        return Topic.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]

    return make


def at(day: date, hour=17, minute=0):
    import zoneinfo

    return timezone.make_aware(
        datetime.combine(day, time(hour, minute)), zoneinfo.ZoneInfo("Europe/Brussels")
    )


@pytest.fixture
def make_call(funding_index, funder):
    """make_call(title, deadlines=[days from today...], opens_in=None, **fields)."""
    from funding.models import FundingCallPage, FundingDeadline

    def make(
        title="Sample call", *, deadlines=(30,), opens_in=None, topics=(), publish=True, **fields
    ):
        today = timezone.localdate()
        fields.setdefault("funder", funder())
        fields.setdefault("summary", f"About {title}.")
        fields.setdefault("call_url", "https://funder.example.org/call")
        page = FundingCallPage(
            title=title,
            slug=fields.pop("slug", slugify(title)),
            opens_on=today + timedelta(days=opens_in) if opens_in is not None else None,
            deadlines=[
                FundingDeadline(
                    label=f"Stage {i + 1}" if len(deadlines) > 1 else "",
                    due_date=today + timedelta(days=days),
                    due_time=time(17, 0),
                )
                for i, days in enumerate(deadlines)
            ],
            **fields,
        )
        funding_index.add_child(instance=page)
        if topics:
            page.topics.set(topics)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_listing(partnership_index, user_factory):
    """make_listing(title, status="approved", expires_in=90, **fields)."""
    from funding.models import PartnershipListing

    def make(
        title="Serum samples for biomarker research",
        *,
        status="approved",
        expires_in=90,
        topics=(),
        owner=None,
        **fields,
    ):
        fields.setdefault("kind", "offer")
        fields.setdefault("summary", f"Summary of {title}.")
        fields.setdefault("description", f"Description of {title}.")
        fields.setdefault("organisation_name", "Biobank Example")
        fields.setdefault("organisation_type", "biobank")
        fields.setdefault("sector", "academic")
        fields.setdefault("resources", ["samples"])
        fields.setdefault("contact_role", "Access desk coordinator")
        fields.setdefault("contact_email", "access-desk@biobank.example.org")
        listing = PartnershipListing.objects.create(
            title=title,
            status=status,
            submitted_by=owner,
            expires_on=timezone.localdate() + timedelta(days=expires_in),
            **fields,
        )
        if topics:
            listing.topics.set(topics)
        return listing

    return make


@pytest.fixture
def moderator(user_factory):
    from django.contrib.auth.models import Group

    def make(email="moderator@example.org"):
        user = user_factory(email=email)
        user.groups.add(Group.objects.get(name="Partnership moderators"))
        return user

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what was scheduled with transaction.on_commit (mails) at
    the end of the block, as a real commit would."""
    from functools import partial

    return partial(django_capture_on_commit_callbacks, execute=True)
