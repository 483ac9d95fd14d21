from django import template

from hub import base_url

register = template.Library()


@register.simple_tag
def absolute_url(path: str) -> str:
    """`{% absolute_url request.get_full_path as url %}`: the link on HUB_BASE_URL (Open Graph,
    share links), not on whatever host name the reader used."""
    return base_url.absolute(path or "/")
