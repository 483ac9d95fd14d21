"""The public archive of sent editions: /newsletter/archive/ (newest first), each edition's web
version, and an RSS feed."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.editions import render as edition_render
from community.editions.models import Edition
from hub.feeds import IndexPageFeed
from hub.pagination import page_of

PER_PAGE = 10
FEED_ITEMS = 20


def archive(request):
    editions = Edition.objects.sent().order_by("-sent_at", "-pk")
    return render(
        request,
        "editions/archive.html",
        {
            "page_title": _("Newsletter archive"),
            "page_obj": page_of(editions, PER_PAGE, request.GET.get("page")),
        },
    )


def edition(request, slug):
    return edition_render.web_response(
        get_object_or_404(Edition.objects.sent(), slug=slug), request
    )


class ArchiveFeed(IndexPageFeed):
    """The feed's links made on HUB_BASE_URL as the index pages' feeds are (IndexPageFeed); the
    archive is no page, so its title and link are its own."""

    def title(self, obj):
        return str(gettext_lazy("Newsletter archive"))

    def link(self, obj):
        from django.urls import reverse

        return reverse("newsletter_archive")

    def description(self, obj):
        return str(gettext_lazy("Every edition of the community newsletter."))

    def items(self, obj):
        return Edition.objects.sent().order_by("-sent_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.sent_at
