"""When the database is unreachable, readers get a friendly 503, and the site recovers by itself."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def unreachable():
    return mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("could not connect to server: Connection refused"),
    )


@pytest.mark.parametrize(
    "path", ["/", "/about/", "/funding/", "/search/?q=biobank", "/accounts/login/"]
)
def test_database_down_gives_a_friendly_503_then_recovers(site_tree, path):
    client = Client(raise_request_exception=False)
    with unreachable():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Back in a moment" in html and "Traceback" not in html
    assert client.get(path).status_code == 200  # the database is back: so is the page


def test_other_errors_still_give_the_500_page(site_tree):
    client = Client(raise_request_exception=False)
    with mock.patch("home.models.HomePage.get_context", side_effect=ValueError("bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
