from django import template
from wagtail.models import Page, Site

from hub.cache import remember
from hub.i18n import localize, reader_url, source_of, translation_for_reader
from hub.privacy import public

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children shown in menus, each marked if it holds the current page."""
    request = context["request"]
    current = context.get("page")
    site = Site.find_for_request(request)
    if site is None:
        return []
    items = []
    # Marked by the source tree's paths: a Dutch translation sits in the Dutch tree.
    current = source_of(current) if isinstance(current, Page) else None
    for item in _menu_pages(site, request):
        state = None
        if current is not None and current.path.startswith(item["path"]):
            state = "page" if current.pk == item["pk"] else "true"
        items.append({**item, "current": state})
    return items


def _menu_pages(site, request) -> list[dict]:
    """[{pk, path, title, url}] of the menu, kept in the cache until pages or privacy change."""

    def items():
        pages = list(public(site.root_page.get_children().live().in_menu()))
        return [
            {
                "pk": page.pk,
                "path": page.path,
                "title": shown.title,
                "url": reader_url(shown, request),
            }
            for page, shown in zip(pages, localize(pages), strict=True)
        ]

    return remember(f"main_menu:{site.pk}", items)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """[{title, url}] of the page's ancestors below the root, cached like the menu."""
    if not isinstance(page, Page):
        return {"ancestors": [], "current": page}
    request = context.get("request")
    site = Site.find_for_request(request) if request else None

    # The source page's ancestors, each in the reader's language where it is translated.
    source = source_of(page)

    def ancestors():
        pages = source.get_ancestors().filter(depth__gt=1)
        return [
            {"title": shown.title, "url": reader_url(shown, request)} for shown in localize(pages)
        ]

    key = f"breadcrumbs:{site.pk if site else ''}:{source.path}"
    return {"ancestors": remember(key, ancestors), "current": page}


@register.simple_tag(takes_context=True)
def footer_details(context):
    """The footer's links (related sites, social media, privacy notice), cached like the menu."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {}

    def details():
        from home.models import SiteSettings

        site_settings = SiteSettings.for_site(site)
        privacy = site_settings.privacy_notice
        return {
            "links": [
                {"title": link.title, "url": link.url} for link in site_settings.footer_links.all()
            ],
            "socials": [
                {"network": link.network, "url": link.url}
                for link in site_settings.social_links.all()
            ],
            "privacy_url": (
                translation_for_reader(privacy.specific).get_url(request)
                if privacy and privacy.live
                else None
            ),
        }

    return remember(f"footer:{site.pk}", details)
