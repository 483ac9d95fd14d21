"""RSS of new funding calls (Django's syndication framework), at /funding/rss/."""

from django.utils.translation import gettext_lazy as _

from funding.models import FundingCallPage
from hub.feeds import IndexPageFeed
from hub.i18n import source_of
from hub.privacy import public


class NewCallsFeed(IndexPageFeed):
    default_description = _("New funding calls for biobanks and the research that uses them.")

    def items(self, index_page):
        return (
            public(FundingCallPage.objects.live())
            .child_of(source_of(index_page))
            .select_related("funder")
            .order_by("-first_published_at", "-pk")[:50]
        )

    def item_title(self, call):
        return call.title

    def item_description(self, call):
        # Plain text: the syndication framework escapes it in the XML.
        return f"{call.funder.name}: {call.summary}"

    def item_link(self, call):
        return call.url

    def item_pubdate(self, call):
        return call.first_published_at

    def item_updateddate(self, call):
        return call.last_published_at

    def item_categories(self, call):
        return [call.funder.name]
