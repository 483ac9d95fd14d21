from django import template

from hub import cache

register = template.Library()


@register.simple_tag
def content_key(*parts) -> str:
    """`{% content_key page.pk as key %}{% cache 300 "name" key %}`: a fragment of published
    content, kept until content changes (hub.cache.content_key)."""
    return cache.content_key(*parts)
