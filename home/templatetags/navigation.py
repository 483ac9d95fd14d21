from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children marked "show in menus", each with whether it holds the current page."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    current = context.get("page")
    items = []
    for item in site.root_page.get_children().live().public().in_menu().only("title", "path", "url_path"):
        state = None
        if isinstance(current, Page) and current.path.startswith(item.path):
            state = "page" if current.pk == item.pk else "true"
        items.append({"page": item, "current": state})
    return items


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(page):
    ancestors = page.get_ancestors().filter(depth__gt=1) if isinstance(page, Page) else []
    return {"ancestors": ancestors, "current": page}
