"""Factories for the hub's pages and models (factory-boy and wagtail-factories).

A test builds only what it reads. Every page factory finds or makes its parents: the home page
as the default Site's root (`site_root()`), the section's index page under it, so

    news = NewsPageFactory(title="Freezer audit")

gives /, /news/ and /news/freezer-audit/. Pages are published as an editor publishes them (a
revision, Wagtail's `page_published`, hence a new content generation: hub.cache); pass
`publish=False` for a draft. Index pages are found by slug before one is made (each section
exists once per site). Models import from their app package (`community.models`, …).
"""

from datetime import datetime, time, timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from community.models import (
    Biobank,
    BiobankIndexPage,
    Collection,
    Country,
    MaterialType,
    NewsIndexPage,
    NewsPage,
    Person,
    Topic,
    TopicIndexPage,
    TopicPage,
    TrainingIndexPage,
    TrainingPage,
    WorkingGroupIndexPage,
    WorkingGroupMaterialPage,
    WorkingGroupMembersPage,
    WorkingGroupPage,
)
from events.models import EventFormat, EventIndexPage, EventPage
from funding.models import (
    Funder,
    FundingCallPage,
    FundingDeadline,
    FundingIndexPage,
    PartnershipIndexPage,
    PartnershipListing,
)
from home.models import HomePage, SiteSettings, StandardPage

PASSWORD = "a-Long-passw0rd!"  # noqa: S105 - test accounts only
SITE_NAME = "Biobank Community Hub"


# --- People and accounts -----------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A member with a verified e-mail address, as allauth leaves one after sign-up."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    username = factory.SelfAttribute("email")

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        return model_class.objects.create_user(*args, password=password, **kwargs)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Contact person {n}")
    role = "Community coordinator"
    organisation = "National biobank node"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: slugify(topic.name))
    summary = factory.LazyAttribute(lambda topic: f"What the community does about {topic.name}.")
    sort_order = factory.Sequence(int)


# --- The page tree -----------------------------------------------------------------------------


def site_root(**fields) -> HomePage:
    """The home page, root of the default Site; made with its Site when there is none.

    Wagtail's migrations leave a "Welcome" page as the default site's root: it goes, as
    `load_demo` removes it, so the home page is the one page at depth 2."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    for welcome in root.get_children().exact_type(Page).filter(slug="home"):
        welcome.delete()  # takes the Site that pointed at it
    home = HomePageFactory(parent=root, **fields)
    Site.objects.filter(is_default_site=True).delete()
    wagtail_factories.SiteFactory(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
    )
    return home


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page saved under its parent and published (a revision), unless `publish=False`.

    With `django_get_or_create = ("slug",)` (the sections), the parent's child of that slug
    is returned when there is one."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, publish=True, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, publish=True, **kwargs):
        parent = kwargs.pop("parent")
        if cls._meta.django_get_or_create:
            found = model_class.objects.child_of(parent).filter(slug=kwargs["slug"]).first()
            if found is not None:
                return found
        page = model_class(*args, live=publish, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return model_class.objects.get(pk=page.pk)  # as stored (revision, publishing dates)


class HomePageFactory(PublishedPageFactory):
    class Meta:
        model = HomePage

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = SITE_NAME
    slug = "home"
    intro = "The meeting place of the national biobank community."


class StandardPageFactory(PublishedPageFactory):
    class Meta:
        model = StandardPage

    parent = factory.LazyFunction(site_root)
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = factory.LazyAttribute(lambda page: f"About {page.title}.")


class SectionFactory(PublishedPageFactory):
    """An index page directly under the home page, in the menu; one per site."""

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)

    parent = factory.LazyFunction(site_root)
    show_in_menus = True


class AboutPageFactory(SectionFactory):
    class Meta:
        model = StandardPage

    title = "About"
    slug = "about"
    intro = "The national biobank community: what it does and how it works."


class PrivacyPageFactory(SectionFactory):
    class Meta:
        model = StandardPage

    title = "Privacy notice"
    slug = "privacy"
    intro = "What the hub stores about you, and your rights."
    show_in_menus = False


class TopicIndexPageFactory(SectionFactory):
    class Meta:
        model = TopicIndexPage

    title = "Topics"
    slug = "topics"
    intro = "The community's themes."


class WorkingGroupIndexPageFactory(SectionFactory):
    class Meta:
        model = WorkingGroupIndexPage

    title = "Working groups"
    slug = "working-groups"
    intro = "Groups that members can join."


class TrainingIndexPageFactory(SectionFactory):
    class Meta:
        model = TrainingIndexPage

    title = "Training"
    slug = "training"
    intro = "Courses, slides and guidelines."


class NewsIndexPageFactory(SectionFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"
    intro = "News from the community."


class EventIndexPageFactory(SectionFactory):
    class Meta:
        model = EventIndexPage

    title = "Events"
    slug = "events"
    intro = "Community events."


class FundingIndexPageFactory(SectionFactory):
    class Meta:
        model = FundingIndexPage

    title = "Funding"
    slug = "funding"
    intro = "Funding opportunities."


class PartnershipIndexPageFactory(SectionFactory):
    class Meta:
        model = PartnershipIndexPage

    title = "Partnerships"
    slug = "partnerships"
    intro = "Offers and requests."


class BiobankIndexPageFactory(SectionFactory):
    class Meta:
        model = BiobankIndexPage

    title = "Biobanks"
    slug = "biobanks"
    intro = "Find biobanks and their collections."


# name -> factory, in the demo's menu order
SECTIONS = {
    "about": AboutPageFactory,
    "topics": TopicIndexPageFactory,
    "working-groups": WorkingGroupIndexPageFactory,
    "training": TrainingIndexPageFactory,
    "news": NewsIndexPageFactory,
    "events": EventIndexPageFactory,
    "funding": FundingIndexPageFactory,
    "partnerships": PartnershipIndexPageFactory,
    "biobanks": BiobankIndexPageFactory,
    "privacy": PrivacyPageFactory,
}


def sections(*names: str) -> dict[str, Page]:
    """The named sections (all of them without names) under the home page, made if missing."""
    return {name: SECTIONS[name]() for name in names or SECTIONS}


def site_settings(**fields) -> SiteSettings:
    """The default site's settings, with `fields` saved (as an editor saves them)."""
    settings = SiteSettings.for_site(Site.objects.get(root_page=site_root()))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


class TopicPageFactory(PublishedPageFactory):
    class Meta:
        model = TopicPage

    parent = factory.SubFactory(TopicIndexPageFactory)
    topic = factory.SubFactory(TopicFactory)
    title = factory.SelfAttribute("topic.name")
    slug = factory.SelfAttribute("topic.slug")
    summary = factory.LazyAttribute(lambda page: f"Why {page.title} matters to biobanks.")
    challenge = "<p>Samples are collected in many ways.</p>"
    approach = "<p>The community agrees on shared procedures.</p>"


class NewsPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsPage

    parent = factory.SubFactory(NewsIndexPageFactory)
    title = factory.Sequence(lambda n: f"News item {n}")
    intro = factory.LazyAttribute(lambda page: f"{page.title}: what happened.")
    date = factory.LazyFunction(timezone.localdate)


class TrainingPageFactory(PublishedPageFactory):
    class Meta:
        model = TrainingPage

    parent = factory.SubFactory(TrainingIndexPageFactory)
    title = factory.Sequence(lambda n: f"Training item {n}")
    description = factory.LazyAttribute(lambda page: f"{page.title}, for biobank staff.")
    provider = "National biobank node"
    external_url = factory.LazyAttribute(lambda page: f"https://learn.example.org/{page.slug}/")
    date = factory.LazyFunction(timezone.localdate)


class WorkingGroupPageFactory(PublishedPageFactory):
    class Meta:
        model = WorkingGroupPage

    parent = factory.SubFactory(WorkingGroupIndexPageFactory)
    title = factory.Sequence(lambda n: f"Working group {n}")
    summary = factory.LazyAttribute(lambda page: f"{page.title} shares what works.")
    meeting_rhythm = "Every six weeks, online"


class WorkingGroupMembersPageFactory(PublishedPageFactory):
    """A group's members area: members only (the page restricts itself when saved)."""

    class Meta:
        model = WorkingGroupMembersPage

    parent = factory.SubFactory(WorkingGroupPageFactory)
    title = "Members area"
    slug = "members-area"


class WorkingGroupMaterialPageFactory(PublishedPageFactory):
    class Meta:
        model = WorkingGroupMaterialPage

    parent = factory.SubFactory(WorkingGroupMembersPageFactory)
    title = factory.Sequence(lambda n: f"Meeting notes {n}")
    summary = "What was agreed."


def local(day, hour=10, zone="Europe/Amsterdam"):
    import zoneinfo

    return timezone.make_aware(datetime.combine(day, time(hour)), zoneinfo.ZoneInfo(zone))


class EventPageFactory(PublishedPageFactory):
    """An online event a month from now, open for registration."""

    class Meta:
        model = EventPage

    class Params:
        days = 30

    parent = factory.SubFactory(EventIndexPageFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    summary = factory.LazyAttribute(lambda page: f"{page.title}: talks and discussion.")
    start = factory.LazyAttribute(lambda page: local(timezone.localdate() + timedelta(page.days)))
    end = factory.LazyAttribute(lambda page: page.start + timedelta(hours=6))
    format = EventFormat.ONLINE
    online_url = "https://meet.example.org/room"
    contact_email = "events@example.org"
    capacity = 50


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Research council {n}")
    slug = factory.LazyAttribute(lambda funder: slugify(funder.name))


class FundingCallPageFactory(PublishedPageFactory):
    """An open call with one deadline; `deadlines=[days from today, …]` for others."""

    class Meta:
        model = FundingCallPage

    parent = factory.SubFactory(FundingIndexPageFactory)
    title = factory.Sequence(lambda n: f"Funding call {n}")
    funder = factory.SubFactory(FunderFactory)
    summary = factory.LazyAttribute(lambda page: f"{page.title} funds biobank research.")
    call_url = "https://funder.example.org/call"
    deadlines = (30,)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        today = timezone.localdate()
        kwargs["deadlines"] = [
            FundingDeadline(due_date=today + timedelta(days=days), due_time=time(17))
            for days in kwargs["deadlines"]
        ]
        return kwargs


class PartnershipListingFactory(DjangoModelFactory):
    """An approved offer, public for two months."""

    class Meta:
        model = PartnershipListing
        skip_postgeneration_save = True

    kind = "offer"
    title = factory.Sequence(lambda n: f"Partnership offer {n}")
    summary = factory.LazyAttribute(lambda listing: f"{listing.title}: samples for research.")
    description = "Serum and DNA from a population cohort, with consent for reuse."
    organisation_name = "Biobank Example"
    organisation_type = "biobank"
    sector = "academic"
    resources = factory.LazyFunction(lambda: ["samples"])
    contact_role = "Access desk"
    contact_email = "access@example.org"
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    status = "approved"

    @factory.post_generation
    def topics(listing, create, extracted, **kwargs):
        if create and extracted:
            listing.topics.set(extracted)


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "BE"
    label = "Belgium"


class BiobankFactory(DjangoModelFactory):
    """A listed biobank with one collection of `materials` (codes), its facets derived from
    it as the catalogue sync derives them; `topics=[…]` tags it."""

    class Meta:
        model = Biobank
        skip_postgeneration_save = True

    catalogue_id = factory.Sequence(lambda n: f"bbmri-eric:ID:BE_TEST{n}")
    name = factory.Sequence(lambda n: f"Test Biobank {n}")
    slug = factory.LazyAttribute(lambda biobank: slugify(biobank.name))
    description = factory.LazyAttribute(lambda biobank: f"{biobank.name} keeps samples.")
    url = factory.LazyAttribute(lambda biobank: f"https://{biobank.slug}.example.org/")
    country = factory.SubFactory(CountryFactory)
    contact_email = factory.LazyAttribute(lambda biobank: f"desk@{biobank.slug}.example.org")

    @factory.post_generation
    def materials(biobank, create, extracted, **kwargs):
        if not create:
            return
        terms = [
            MaterialType.objects.get_or_create(code=code, defaults={"label": code})[0]
            for code in extracted or ("DNA",)
        ]
        collection = Collection.objects.create(
            catalogue_id=f"{biobank.catalogue_id}:collection:1",
            biobank=biobank,
            name=f"{biobank.name} cohort",
            country=biobank.country,
        )
        collection.materials.set(terms)
        biobank.facet_materials.set(terms)
        biobank.collection_count = 1
        biobank.search_text = collection.name
        biobank.vocabulary_text = "\n".join(term.label for term in terms)
        biobank.save()  # its search index entry with the derived text

    @factory.post_generation
    def topics(biobank, create, extracted, **kwargs):
        if create and extracted:
            biobank.topics.set(extracted)


def translate(page, language: str, *, publish: bool = True, **fields):
    """`page`'s translation into `language` as an editor makes it (Wagtail's copy for
    translation, with its parents), `fields` changed, published with its new parents."""
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code=language)
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True)
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    revision = translated.save_revision()
    if publish:
        revision.publish()
        for ancestor in translated.get_ancestors().filter(depth__gt=1, live=False):
            ancestor.specific.save_revision().publish()
    return type(translated).objects.get(pk=translated.pk)
