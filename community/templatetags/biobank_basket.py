"""The request basket in templates: the header's "Basket (n)" link and each collection's button.

Both read the basket only for a reader who already has a session cookie
(``community.biobanks.basket.read``): for everyone else the basket is empty, nothing is read,
no session is opened, and the page stays the same for all of them (the page cache stores it).
"""

from django import template

from community.biobanks import basket
from community.biobanks.models import biobank_index_url

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_link(context):
    """``{"count": n, "url": …}`` for a non-empty basket, else None."""
    request = context.get("request")
    count = len(basket.read(request)) if request is not None else 0
    if not count:
        return None
    return {"count": count, "url": f"{biobank_index_url()}basket/"}


@register.simple_tag(takes_context=True)
def basket_ids(context):
    """The Directory IDs in the reader's basket (a set)."""
    request = context.get("request")
    return set(basket.read(request)) if request is not None else set()
