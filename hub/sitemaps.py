"""sitemap.xml: every public page once per language, each entry naming all its alternates.

What Django's sitemaps do with ``i18n = True, alternates = True, x_default = True``, for
Wagtail's page sitemap, whose ``_urls`` (built on ``Page.get_sitemap_urls``) ignores those
flags. A page's URL in a language is its translation's, or the English page's under that
language's prefix (hub/i18n.py: English at /, Dutch under /nl/, French under /fr/); x-default
is the English one.
"""

from django.conf import settings
from django.utils.translation import override
from wagtail.contrib.sitemaps import Sitemap

from hub.i18n import localize


class PageSitemap(Sitemap):
    # A sitemap file holds at most 50,000 URLs; each page gives one per language.
    limit = 50_000 // len(settings.LANGUAGES)

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        languages = [code for code, _name in settings.LANGUAGES]
        # The site's root page's tree: the English pages, each shown as its translations.
        items = list(self.paginator.page(page).object_list)
        shown = {}
        for code in languages:
            with override(code):
                shown[code] = localize(items)
        for position, _item in enumerate(items):
            by_language = {}
            for code in languages:
                with override(code):
                    by_language[code] = shown[code][position].get_sitemap_urls(self.request)
            # A page may list more than one URL (a routable page's sub-pages): the n-th URL
            # in one language is the n-th in the others.
            for index, default in enumerate(by_language[settings.LANGUAGE_CODE]):
                if not default.get("location"):
                    continue  # a page no site routes to
                alternates = [
                    {"lang_code": code, "location": by_language[code][index]["location"]}
                    for code in languages
                ]
                alternates.append({"lang_code": "x-default", "location": default["location"]})
                for code in languages:
                    urls.append({**by_language[code][index], "alternates": alternates})
                last_mods.add(default.get("lastmod"))
        # As Wagtail's: no Last-Modified header unless every page has a date.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
