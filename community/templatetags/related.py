from django import template
from wagtail.models import Page

register = template.Library()


@register.filter
def href(item) -> str:
    """Where a related item lives on the hub: a page's URL, else the model's get_absolute_url().

    (A biobank's `url` field is its own website, not its profile here.)
    """
    if isinstance(item, Page):
        return item.url or ""
    return item.get_absolute_url()
