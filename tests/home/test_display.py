"""The text-size and contrast switch without JavaScript: a form, a cookie, classes on <html>."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages(db):
    factories.sections("about", "topics")


def html_tag(client, url="/about/"):
    html = client.get(url).content.decode()
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


def test_defaults_without_cookie(client):
    assert 'class="text-normal contrast-normal"' in html_tag(client)


def test_larger_text_steps_up_twice_and_stops(client):
    for expected in ["text-large", "text-larger", "text-larger"]:
        response = client.post("/display/", {"action": "larger", "next": "/about/"})
        assert response.status_code == 302
        assert response["Location"] == "/about/"
        assert expected in html_tag(client)


def test_smaller_and_contrast_toggle_persist_across_pages(client):
    client.post("/display/", {"action": "larger", "next": "/"})
    client.post("/display/", {"action": "contrast", "next": "/"})
    assert 'class="text-large contrast-high"' in html_tag(client, "/topics/")
    assert 'aria-pressed="true"' in client.get("/topics/").content.decode()
    client.post("/display/", {"action": "smaller", "next": "/"})
    client.post("/display/", {"action": "contrast", "next": "/"})
    assert 'class="text-normal contrast-normal"' in html_tag(client, "/")


def test_switch_never_redirects_off_site(client):
    response = client.post("/display/", {"action": "larger", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_switch_requires_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/display/", {"action": "larger"})
    assert response.status_code == 403


def test_tampered_cookie_falls_back_to_defaults(client):
    client.cookies["display"] = '"><script>x</script>.high'
    tag = html_tag(client)
    assert 'class="text-normal contrast-high"' in tag
    assert "<script>x" not in client.get("/").content.decode()


def test_get_is_not_allowed(client):
    assert client.get("/display/?action=larger").status_code == 405
