"""The base of the index pages' RSS/Atom feeds (Django's syndication framework): the feed is
the index page given by its route, its title and intro those of the page."""

from django.contrib.syndication.views import Feed

from hub.base_url import absolute


class IndexPageFeed(Feed):
    default_description = ""  # when the index page has no introduction

    def get_object(self, request, index_page=None):
        self.request = request
        return index_page

    # Django's syndication framework completes relative links with the request's host (and
    # http unless the request was secure): every feed's links are made on HUB_BASE_URL instead,
    # as the mails' are, whatever a subclass returns for them.
    ABSOLUTE_LINKS = frozenset({"link", "feed_url", "item_link"})

    def _get_dynamic_attr(self, attname, obj, default=None):
        value = super()._get_dynamic_attr(attname, obj, default)
        if attname == "feed_url" and not value:
            value = self.request.path  # Django's own default, made absolute below
        if attname in self.ABSOLUTE_LINKS and isinstance(value, str) and value:
            return absolute(value)
        return value

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.get_url(self.request)

    def description(self, index_page):
        return index_page.intro or str(self.default_description)
