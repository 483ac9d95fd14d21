from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children shown in menus, each marked if it holds the current page."""
    request = context["request"]
    current = context.get("page")
    cache_key = ("main_menu", getattr(current, "pk", None))
    cached = getattr(request, "_main_menu", None)
    if cached and cached[0] == cache_key:  # the header and the home page's cards share it
        return cached[1]
    site = Site.find_for_request(request)
    if site is None:
        return []
    items = []
    for item in site.root_page.get_children().live().public().in_menu().only(
        "title", "path", "url_path", "search_description"
    ):
        state = None
        if isinstance(current, Page) and current.path.startswith(item.path):
            state = "page" if current.pk == item.pk else "true"
        items.append({"page": item, "current": state})
    request._main_menu = (cache_key, items)
    return items


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(page):
    ancestors = page.get_ancestors().filter(depth__gt=1) if isinstance(page, Page) else []
    return {"ancestors": ancestors, "current": page}
