"""An edition as the reader sees it: the web page (archive and preview), the HTML mail and the
plain-text mail, from the same list of parts (text, image, self-filled lists)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.rich_text import expand_db_html

from community import newsletter
from community.editions.blocks import AutoBlock
from community.editions.text import absolute_links, html_to_text
from hub.base_url import absolute

IMAGE_RENDITION = "max-1200x1200"  # shown at most 600 px wide: sharp on high-density screens


def auto_items(edition, child) -> list[dict]:
    """The items of an automatic block: as sent (snapshot) once sending began, else live."""
    if edition.sent_at and child.id in (edition.snapshot or {}):
        return edition.snapshot[child.id]
    return child.block.items(child.value)


def take_snapshot(edition) -> dict:
    """The automatic blocks' items now, by block id (stored when sending begins)."""
    return {
        child.id: child.block.items(child.value)
        for child in edition.body
        if isinstance(child.block, AutoBlock)
    }


def parts(edition) -> list[dict]:
    result = []
    for child in edition.body:
        block, value = child.block, child.value
        if isinstance(block, AutoBlock):
            items = auto_items(edition, child)
            if items:  # an empty list says nothing: left out
                result.append(
                    {"kind": "list", "heading": block.heading_text(value), "items": items}
                )
        elif child.block_type == "image" and value.get("image"):
            rendition = value["image"].get_rendition(IMAGE_RENDITION)
            result.append(
                {
                    "kind": "image",
                    "src": absolute(rendition.url),
                    "width": rendition.width,
                    "height": rendition.height,
                    "alt": value.get("alt_text", ""),
                    "caption": value.get("caption", ""),
                }
            )
        elif child.block_type == "text":
            html = absolute_links(expand_db_html(value.source))
            result.append({"kind": "text", "html": html, "text": html_to_text(html)})
    return result


def context(edition, **extra) -> dict:
    found = newsletter.site_settings()
    return {
        "edition": edition,
        "parts": parts(edition),
        "organisation_name": found.organisation_name if found else "",
        "web_url": absolute(edition.get_absolute_url()) if edition.sent_at else "",
        "archive_url": absolute("/newsletter/archive/"),
        **extra,
    }


def email_html(edition, ctx=None) -> str:
    return render_to_string("editions/email/edition.html", ctx or context(edition, email=True))


def email_text(edition, ctx=None) -> str:
    return render_to_string("editions/email/edition.txt", ctx or context(edition))


def email_bodies(edition) -> tuple[str, str]:
    """(text, HTML) of the mail, without the per-subscriber footer: rendered once per batch."""
    ctx = context(edition, email=True)
    return email_text(edition, ctx), email_html(edition, ctx)


def build_mail(edition, subscriber, bodies=None, *, subject_prefix=""):
    """The mail for one subscriber (or an editor's test): footer, unsubscribe link, headers."""
    text, html = bodies or email_bodies(edition)
    # The footer (why you get this, how to leave) in the language the reader subscribed in.
    with translation.override(getattr(subscriber, "language", "") or None):
        return newsletter.build_newsletter_mail(
            subscriber, f"{subject_prefix}{edition.title}", text, html_body=html
        )


def preview_response(edition, request, mode_name):
    if mode_name == "email_text":
        return HttpResponse(email_text(edition), content_type="text/plain; charset=utf-8")
    if mode_name == "email_html":
        # With the footer a subscriber gets (for the editor's own address as an example).
        sample = newsletter.Subscriber(
            email=getattr(request.user, "email", "") or "reader@example.org"
        )
        message = build_mail(edition, sample)
        return HttpResponse(message.alternatives[0][0], content_type="text/html; charset=utf-8")
    return web_response(edition, request)


def web_response(edition, request, status=200):
    return TemplateResponse(
        request,
        "editions/edition_page.html",
        context(edition, page_title=edition.title),
        status=status,
    )
