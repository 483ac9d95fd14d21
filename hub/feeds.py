"""The base of the index pages' RSS/Atom feeds (Django's syndication framework): the feed is
the index page given by its route, its title and intro those of the page."""

from django.contrib.syndication.views import Feed


class IndexPageFeed(Feed):
    default_description = ""  # when the index page has no introduction

    def get_object(self, request, index_page=None):
        self.request = request
        return index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.get_url(self.request)

    def description(self, index_page):
        return index_page.intro or str(self.default_description)
