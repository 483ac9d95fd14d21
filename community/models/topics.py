"""The community's themes, and the pages that present them.

Every other content type tags itself with topics (a `topics` many-to-many field); each topic
page then lists the related items of every type registered in `community.related`.
"""

import re

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from hub.i18n import LocalisedPage, localize, source_of
from hub.privacy import CachedViewRestrictions, public

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Topic(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Used in filter links, e.g. /training/?topic=<slug>."),
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
    ]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


TOPIC_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


def topic_from_query(request) -> tuple[Topic | None, bool]:
    """The topic a listing's `?topic=<slug>` asks for, and whether the value was unknown.

    Junk or unknown slugs give (None, True): the listing shows everything and says so.
    """
    raw = request.GET.get("topic", "")
    if not raw:
        return None, False
    topic = Topic.objects.filter(slug=raw).first() if TOPIC_SLUG.match(raw) else None
    return topic, topic is None


PER_PAGE = 24


class TopicIndexPage(LocalisedPage, CachedViewRestrictions, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.TopicPage"]
    max_count = 1

    class Meta:
        verbose_name = _("topic index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = (
            public(TopicPage.objects.child_of(source_of(self)).live())
            .select_related("topic")
            .order_by("topic__sort_order", "title")
        )
        page_obj = Paginator(pages, PER_PAGE).get_page(request.GET.get("page"))
        context.update({"topic_pages": localize(page_obj.object_list), "page_obj": page_obj})
        return context


class TopicPage(LocalisedPage, CachedViewRestrictions, Page):
    # One page per topic and language: a translation shares its source's topic (hub/i18n.py).
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="pages"
    )
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences."))
    challenge = RichTextField(_("the challenge"), features=RICH_TEXT_FEATURES, blank=True)
    approach = RichTextField(
        _("what the community does about it"), features=RICH_TEXT_FEATURES, blank=True
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    contacts = ParentalManyToManyField(
        "community.Person", verbose_name=_("contact people"), blank=True, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("challenge"),
        FieldPanel("approach"),
        FieldPanel("body"),
        FieldPanel("contacts"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("challenge"),
        index.SearchField("approach"),
        index.SearchField("body"),
    ]
    parent_page_types = ["community.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("topic page")

    def clean(self):
        super().clean()
        # Not a database constraint: the language (locale) is a column of Wagtail's page table.
        others = TopicPage.objects.filter(topic_id=self.topic_id, locale_id=self.locale_id)
        if self.topic_id and others.exclude(pk=self.pk).exists():
            raise ValidationError({"topic": _("This topic already has a page in this language.")})

    def get_context(self, request, *args, **kwargs):
        from community import related

        context = super().get_context(request, *args, **kwargs)
        context["related_groups"] = related.for_topic(self.topic)
        context["contact_people"] = self.contacts.all()
        return context
