import logging

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
# Control characters (e.g. NUL) break full-text query parsers and are never meant as search terms.
CONTROL_CHARACTERS = dict.fromkeys(range(32), " ") | {127: " "}


def clean_query(raw: str) -> str:
    query = raw.translate(CONTROL_CHARACTERS).strip()[:MAX_QUERY_LENGTH]
    if query.count('"') % 2:  # an unbalanced quote is a typo, not a phrase
        query = query.replace('"', " ").strip()
    return query


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    error = None
    try:
        page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
    except DatabaseError:
        # A query the full-text engine cannot parse: say so rather than fail.
        logger.warning("Search could not run the query %r", query, exc_info=True)
        page = Paginator(Page.objects.none(), PER_PAGE).get_page(1)
        error = _("The search could not understand that query. Try plain words.")
    return render(
        request,
        "home/search.html",
        {"query": query, "results": page, "error": error, "page_title": _("Search")},
    )
