import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from home import search_types
from home.search_page import PER_PAGE, SiteSearch
from hub.i18n import default_language, reading_pages
from hub.privacy import public_in_any_language

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
# Control characters (e.g. NUL) break full-text query parsers and are never meant as search terms.
CONTROL_CHARACTERS = dict.fromkeys(range(32), " ") | {127: " "}


def clean_query(raw: str) -> str:
    query = raw.translate(CONTROL_CHARACTERS).strip()[:MAX_QUERY_LENGTH]
    if query.count('"') % 2:  # an unbalanced quote is a typo, not a phrase
        query = query.replace('"', " ").strip()
    return query


def search(request):
    query = clean_query(request.GET.get("q", ""))
    type_key = request.GET.get("type", "")
    context = {"query": query, "page_title": _("Search"), "error": None}
    if not query:
        return render(request, "home/search.html", context)
    site_search = SiteSearch(query, type_key if search_types.get(type_key) else "")
    try:
        results = Paginator(site_search.run(), PER_PAGE).get_page(request.GET.get("page"))
        results.object_list = site_search.hits(results.object_list, request)
    except DatabaseError:
        # A query the full-text engine cannot parse: say so rather than fail.
        logger.warning("Search could not run the query %r", query, exc_info=True)
        results = Paginator([], PER_PAGE).get_page(1)
        context["error"] = _("The search could not understand that query. Try plain words.")
    context.update(
        results=results,
        type_filters=site_search.type_filters(),
        type_key=site_search.type_key,
        fuzzy=site_search.fuzzy,
        suggestion=site_search.suggestion,
        promotions=site_search.promotions() if results.number == 1 else [],
    )
    return render(request, "home/search.html", context)


AUTOCOMPLETE_LIMIT = 8


def autocomplete_language(request) -> str:
    """The reader's language for the search box (its URL has no language prefix): ``lang``."""
    language = request.GET.get("lang", "")
    return language if language in dict(settings.LANGUAGES) else default_language()


@cache_control(max_age=300, public=True)
def autocomplete(request):
    """Titles that start with what was typed, for the search box's suggestion list (JSON):
    the titles a reader of ``lang`` (default English) finds, as on the search page."""
    query = clean_query(request.GET.get("q", ""))
    titles = []
    if len(query) >= 2:
        backend = get_search_backend()
        pages = public_in_any_language(Page.objects.live())
        sources = [reading_pages(pages, autocomplete_language(request))] + [
            t.queryset() for t in search_types.registered() if not t.is_pages
        ]
        try:
            for queryset in sources:
                for obj in backend.autocomplete(query, queryset)[:AUTOCOMPLETE_LIMIT]:
                    title = obj.title if isinstance(obj, Page) else str(obj)
                    if title not in titles:
                        titles.append(title)
        except DatabaseError:
            logger.warning("Autocomplete could not run the query %r", query, exc_info=True)
    return JsonResponse({"query": query, "suggestions": titles[:AUTOCOMPLETE_LIMIT]})
