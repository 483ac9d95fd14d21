from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
# Control characters (e.g. NUL) break full-text query parsers and are never meant as search terms.
CONTROL_CHARACTERS = dict.fromkeys(range(32), " ") | {127: " "}
PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").translate(CONTROL_CHARACTERS).strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "home/search.html",
        {"query": query, "results": page, "page_title": _("Search")},
    )
