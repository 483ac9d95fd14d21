"""A forged session cookie is no session, not an error page (PostgreSQL refuses NUL bytes)."""

import pytest

from tests.factories import AboutPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["\x00" + "a" * 31, "a" * 20 + "é" * 12, "A" * 32, "a" * 31 + "'"])
def test_a_forged_session_key_counts_as_no_session(client, key):
    AboutPageFactory()
    client.cookies["sessionid"] = key
    response = client.get("/about/")
    assert response.status_code == 200
    assert "/accounts/login/" in response.content.decode()  # an anonymous reader's page
