import urllib.request, urllib.error
import pytest
from django.db import connection

@pytest.mark.parametrize("i", [1, 2, 3])
def test_x(request, i, live_server, django_db_serialized_rollback):
    from wagtail.models import Page
    print(i, list(Page.objects.values_list("id", "depth", "path")))
    for path in ["/", "/favicon.ico"]:
        try:
            urllib.request.urlopen(live_server.url + path).read()
        except urllib.error.HTTPError as e:
            print(path, e.code)
