"""The request basket (/biobanks/basket/): anyone selects collections on the profiles without an
account, reviews them, and "Request access" hands them over to a BBMRI-ERIC Negotiator v3 —
here a stub on 127.0.0.1 that checks the payload as the Negotiator's RequestCreateDTO — and lands
on its redirectUrl. A Negotiator that refuses, answers nonsense, hangs or is not there costs the
reader nothing: a message, the basket kept. Without one, the basket offers to write to each
biobank."""

import base64
import json
import logging
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from community.biobanks import basket
from community.biobanks.catalogue.apply import RESERVED_SLUGS
from community.models import Biobank, Collection
from tests import factories

pytestmark = pytest.mark.django_db

USERNAME, PASSWORD = "hub-discovery", "s3cret"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
KEPT = "Your basket is kept"


class StubNegotiator:
    """A Negotiator v3 on a free local port: records each valid request, answers as told."""

    def __init__(self):
        self.received = []  # the JSON bodies of valid requests
        self.problems = []  # what was wrong with invalid ones
        self.followed = []  # the headers of any GET (a redirect followed)
        self.answer = "created"  # created | error | not-json | no-redirect | javascript | redirect
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                stub.followed.append(dict(self.headers))
                self.reply(200, {"id": 1, "redirectUrl": f"{stub.url}/requests/1"})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                expected = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
                if self.path != "/api/v3/requests":
                    return self.reply(404, {"detail": "unknown path"}, f"path {self.path}")
                if self.headers.get("Authorization") != expected:
                    return self.reply(401, {"detail": "unauthorised"}, "credentials")
                try:
                    data = json.loads(body)
                    problem = stub.check(data)
                except ValueError:
                    problem = "not JSON"
                if problem:
                    return self.reply(400, {"detail": problem}, problem)
                stub.received.append(data)
                redirect = f"http://127.0.0.1:{stub.port}/requests/1"
                if stub.answer == "error":
                    return self.reply(500, {"detail": "boom"})
                if stub.answer == "not-json":
                    return self.reply(201, b"<html>Created</html>")
                if stub.answer == "no-redirect":
                    return self.reply(201, {"id": 1})
                if stub.answer == "javascript":
                    redirect = "javascript:alert(1)"
                if stub.answer == "redirect":  # elsewhere, where urllib would take the password
                    self.send_response(302)
                    self.send_header("Location", f"{stub.url}/elsewhere")
                    self.send_header("Content-Length", "0")
                    return self.end_headers()
                self.reply(201, {"id": 1, "url": data["url"], "redirectUrl": redirect})

            def reply(self, status, body, problem=None):
                if problem:
                    stub.problems.append(problem)
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def check(data) -> str:
        """What is wrong with a RequestCreateDTO ('' if nothing)."""
        if not isinstance(data, dict) or set(data) != {"url", "humanReadable", "resources"}:
            return f"keys {sorted(data) if isinstance(data, dict) else data!r}"
        if not data["url"].startswith("http") or not data["humanReadable"].strip():
            return "url or humanReadable"
        if not data["resources"]:
            return "no resources"
        for resource in data["resources"]:
            organization = resource.get("organization") or {}
            if not (resource.get("id") and resource.get("name")):
                return f"resource {resource!r}"
            if not (organization.get("externalId") and organization.get("name")):
                return f"organization {organization!r}"
        return ""

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def negotiator(settings):
    stub = StubNegotiator()
    settings.NEGOTIATOR_URL = stub.url + "/"
    settings.NEGOTIATOR_USERNAME = USERNAME
    settings.NEGOTIATOR_PASSWORD = PASSWORD
    yield stub
    stub.stop()


@pytest.fixture
def two(biobank_index):
    """Two listed biobanks, one collection each."""
    first = factories.BiobankFactory(name="Heart Biobank", slug="heart")
    second = factories.BiobankFactory(name="Kidney Biobank", slug="kidney")
    return [first.collections.get(), second.collections.get()]


def add(client, *collections, next_path=None):
    data = {"collection": [c.catalogue_id for c in collections]}
    if next_path:
        data["next"] = next_path
    return client.post("/biobanks/basket/add/", data)


def page(client, path="/biobanks/basket/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_fills_the_basket_on_the_profiles_and_is_handed_over(client, two, negotiator):
    heart, kidney = two
    profile = page(client, "/biobanks/heart/")
    assert "Add to basket" in profile and "Basket (" not in profile
    response = add(client, heart, next_path="/biobanks/heart/")
    assert response.status_code == 302 and response["Location"] == "/biobanks/heart/"
    profile = page(client, "/biobanks/heart/")
    assert "In your basket" in profile and "Basket (1)" in profile
    add(client, kidney)
    basket_page = page(client)
    assert "Basket (2)" in basket_page
    assert heart.name in basket_page and kidney.name in basket_page
    assert "Request access" in basket_page

    response = client.post("/biobanks/basket/request/")
    assert response.status_code == 302
    assert response["Location"] == f"{negotiator.url}/requests/1"
    assert negotiator.problems == []
    [sent] = negotiator.received
    assert sorted(sent["resources"], key=lambda r: r["id"]) == sorted(
        [
            {
                "id": c.catalogue_id,
                "name": c.name,
                "organization": {"externalId": c.biobank.catalogue_id, "name": c.biobank.name},
            }
            for c in (heart, kidney)
        ],
        key=lambda r: r["id"],
    )
    assert heart.name in sent["humanReadable"] and "Kidney Biobank" in sent["humanReadable"]
    # The link back shows exactly this selection, to anyone.
    link = urlsplit(sent["url"])
    assert link.path == "/biobanks/basket/"
    assert parse_qs(link.query)["collection"] == [heart.catalogue_id, kidney.catalogue_id]
    shared = page(Client(), f"{link.path}?{link.query}")
    assert heart.name in shared and kidney.name in shared and "Request access" not in shared
    # Handed over: the basket is empty again.
    assert "Basket (" not in page(client)


@pytest.mark.parametrize("answer", ["error", "not-json", "no-redirect", "javascript", "redirect"])
def test_a_refusing_negotiator_costs_the_reader_nothing(client, two, negotiator, answer, caplog):
    negotiator.answer = answer
    add(client, *two)
    with caplog.at_level(logging.WARNING, logger="community.biobanks.basket"):
        response = client.post("/biobanks/basket/request/", follow=True)
    assert response.redirect_chain == [("/biobanks/basket/", 302)]
    text = response.content.decode()
    assert KEPT in text and "Basket (2)" in text
    assert two[0].name in text and two[1].name in text
    assert len(negotiator.received) == 1
    assert negotiator.followed == []  # a redirect is refused, not followed with the credentials
    assert "Negotiator hand-over failed" in caplog.text


def test_an_unreachable_or_hanging_negotiator_costs_the_reader_nothing(
    client, two, settings, monkeypatch, caplog
):
    add(client, *two)
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        settings.NEGOTIATOR_URL = f"http://127.0.0.1:{closed.getsockname()[1]}"
    with caplog.at_level(logging.WARNING, logger="community.biobanks.basket"):
        response = client.post("/biobanks/basket/request/", follow=True)
    assert KEPT in response.content.decode() and "Basket (2)" in response.content.decode()

    monkeypatch.setattr(basket, "TIMEOUT", 0.5)
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.NEGOTIATOR_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with caplog.at_level(logging.WARNING, logger="community.biobanks.basket"):
            response = client.post("/biobanks/basket/request/", follow=True)
    assert KEPT in response.content.decode() and "Basket (2)" in response.content.decode()
    assert caplog.text.count("Negotiator hand-over failed") == 2


def test_without_a_negotiator_the_basket_offers_to_write_to_each_biobank(client, two, settings):
    settings.NEGOTIATOR_URL = ""
    add(client, *two)
    text = page(client)
    assert "not set up on this site" in text
    assert 'href="/biobanks/heart/contact/"' in text and 'href="/biobanks/kidney/contact/"' in text
    assert 'action="/biobanks/basket/request/"' not in text
    response = client.post("/biobanks/basket/request/", follow=True)
    assert "not set up on this site" in response.content.decode()
    assert "Basket (2)" in response.content.decode()


def test_only_listed_collections_go_in_and_at_most_fifty(client, two):
    heart, kidney = two
    Collection.objects.filter(pk=kidney.pk).update(withdrawn=True)
    gone = factories.BiobankFactory(name="Closed Biobank", slug="closed")
    Biobank.objects.filter(pk=gone.pk).update(withdrawn=True)
    client.post(
        "/biobanks/basket/add/",
        {
            "collection": [
                "bbmri-eric:ID:NOPE",
                kidney.catalogue_id,  # withdrawn
                gone.collections.get().catalogue_id,  # of a withdrawn biobank
                "",
                "x" * 300,
                "<script>",
            ]
        },
    )
    assert "Basket (" not in page(client)
    assert "Your basket is empty" in page(client)

    many = [
        Collection(
            catalogue_id=f"{heart.biobank.catalogue_id}:extra:{n}",
            biobank=heart.biobank,
            name=f"Extra {n}",
        )
        for n in range(basket.MAX_ITEMS + 5)
    ]
    Collection.objects.bulk_create(many)
    response = add(client, heart, *many)
    text = client.get(response["Location"]).content.decode()
    assert f"Basket ({basket.MAX_ITEMS})" in text
    assert f"at most {basket.MAX_ITEMS} collections" in text


def test_remove_one_and_empty_the_basket(client, two):
    heart, kidney = two
    add(client, heart, kidney)
    response = client.post(
        "/biobanks/basket/remove/", {"collection": heart.catalogue_id}, follow=True
    )
    text = response.content.decode()
    assert f"“{heart.name}” removed from your basket." in text  # which one went, said
    assert "Basket (1)" in text and kidney.name in text and f">{heart.name}<" not in text
    client.post("/biobanks/basket/remove/", {"empty": "1"})
    text = page(client)
    assert "Basket (" not in text and kidney.name not in text


def test_changes_need_a_post_with_a_csrf_token(two):
    heart, _ = two
    reader = Client(enforce_csrf_checks=True)
    assert reader.get(f"/biobanks/basket/add/?collection={heart.catalogue_id}").status_code == 405
    assert (
        reader.post("/biobanks/basket/add/", {"collection": heart.catalogue_id}).status_code == 403
    )
    assert reader.post("/biobanks/basket/request/").status_code == 403
    assert reader.post("/biobanks/basket/remove/", {"empty": "1"}).status_code == 403
    assert "Basket (" not in page(reader)
    token = TOKEN.search(page(reader, "/biobanks/heart/"))[1]
    response = reader.post(
        "/biobanks/basket/add/", {"collection": heart.catalogue_id, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and "Basket (1)" in page(reader)


def test_pages_stay_cached_for_readers_without_a_basket(settings, two):
    """The header's link reads the basket only for a reader with a session: everyone else still
    gets the stored page (profiles vary by Accept and are not stored: /biobanks/ is)."""
    settings.PAGE_CACHE_SECONDS = 60
    heart, _ = two
    path = "/biobanks/"
    Client().get(path)
    assert Client().get(path)["X-Page-Cache"] == "hit"
    reader = Client()
    add(reader, heart)
    mine = reader.get(path)
    assert mine.get("X-Page-Cache") != "hit" and "Basket (1)" in mine.content.decode()
    others = Client().get(path)
    assert others["X-Page-Cache"] == "hit" and "Basket (" not in others.content.decode()


# --- Rate limit, withdrawn collections, escaping -------------------------------------------


def test_request_access_is_rate_limited_per_client_address(client, two, negotiator, settings):
    """ACCOUNT_RATE_LIMITS["basket_request"] (5/m/ip): the sixth hand-over within a minute is
    refused on the basket page, the basket kept; a header the client sets changes nothing."""
    heart, kidney = two
    for _ in range(5):
        add(client, heart)
        assert client.post("/biobanks/basket/request/").status_code == 302
    add(client, heart, kidney)
    response = client.post("/biobanks/basket/request/", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many requests have been sent from your connection" in text and KEPT in text
    assert heart.name in text and kidney.name in text and "Basket (2)" in text
    assert len(negotiator.received) == 5
    assert "Basket (2)" in page(client)  # still there afterwards

    other = Client(REMOTE_ADDR="192.0.2.7")  # another address, another budget
    add(other, kidney)
    assert other.post("/biobanks/basket/request/").status_code == 302
    # Behind one trusted proxy, the address the proxy saw is the one that counts.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    behind = Client(HTTP_X_FORWARDED_FOR="203.0.113.5")
    add(behind, kidney)
    assert behind.post("/biobanks/basket/request/").status_code == 302
    assert len(negotiator.received) == 7


def test_a_collection_withdrawn_before_the_request_is_not_silently_dropped(client, two, negotiator):
    heart, kidney = two
    add(client, heart, kidney)
    Collection.objects.filter(pk=kidney.pk).update(withdrawn=True)
    response = client.post("/biobanks/basket/request/", follow=True)
    assert response.redirect_chain == [("/biobanks/basket/", 302)]
    text = response.content.decode()
    assert "1 collection in your basket is no longer listed and was taken out" in text
    assert "Basket (1)" in text and heart.name in text and f">{kidney.name}<" not in text
    assert negotiator.received == []
    # Confirmed: what is left goes.
    assert client.post("/biobanks/basket/request/").status_code == 302
    [sent] = negotiator.received
    assert [r["id"] for r in sent["resources"]] == [heart.catalogue_id]


def test_names_are_escaped_on_the_basket_page_and_in_its_notices(client, biobank_index):
    bad = factories.BiobankFactory(name='<img src=x onerror="alert(1)">', slug="bad")
    collection = bad.collections.get()
    add(client, collection)
    text = page(client)
    assert "<img src=x" not in text and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text
    response = client.post(
        "/biobanks/basket/remove/", {"collection": collection.catalogue_id}, follow=True
    )
    text = response.content.decode()
    assert "removed from your basket" in text and "<img src=x" not in text


# --- Slugs that are routes of /biobanks/ ---------------------------------------------------


def _first_segments():
    """The first path segment of every route of /biobanks/ (its page's and hub/urls.py's)."""
    from django.urls import get_resolver

    from community.models import BiobankIndexPage

    segments = set()
    for pattern in BiobankIndexPage.get_subpage_urls():
        first = str(pattern.pattern).lstrip("^").split("/")[0]
        if first and "(" not in first:  # not the profiles' <slug>
            segments.add(first)
    for pattern in get_resolver().url_patterns:
        route = str(pattern.pattern)
        if route.startswith("biobanks/"):
            segments.add(re.split(r"[/.]", route.removeprefix("biobanks/"))[0])
    return segments


def test_every_route_of_the_biobanks_page_is_a_reserved_slug():
    segments = _first_segments()
    assert {"api", "basket", "export", "results", "catalog"} <= segments  # the walk works
    assert segments <= RESERVED_SLUGS, segments - RESERVED_SLUGS


def test_a_biobank_called_basket_gets_another_slug_and_its_profile_works(
    small, biobank_index, client
):
    from django.core.management import call_command

    from .conftest import rewrite

    def rename(rows):
        rows[0]["name"], rows[0]["acronym"] = "Basket", ""
        rows[1]["name"], rows[1]["acronym"] = "Map", ""

    rewrite(small / "Biobanks.csv", rename)
    call_command("sync_catalogue", str(small), "--source-key", "small", "--no-progress")
    for name, route in (("Basket", "basket"), ("Map", "map")):
        biobank = Biobank.objects.get(name=name)
        assert biobank.slug not in RESERVED_SLUGS and biobank.slug.startswith(f"{route}-")
        assert f"<h1>{name}</h1>" in page(client, f"/biobanks/{biobank.slug}/")
    assert "Your basket is empty" in page(client)  # /biobanks/basket/ is still the basket


def test_editors_cannot_give_a_biobank_a_reserved_slug(client, biobank_index, user_factory):
    heart = factories.BiobankFactory(name="Heart Biobank", slug="heart")
    client.force_login(user_factory("admin@example.org", is_superuser=True, is_staff=True))
    form = {"slug": "basket", "local_introduction": "", "contact_email": heart.contact_email}
    response = client.post(f"/admin/biobanks/edit/{heart.pk}/", form)
    assert response.status_code == 200
    assert "“basket” is the address of a page of /biobanks/" in response.content.decode()
    heart.refresh_from_db()
    assert heart.slug == "heart"
    response = client.post(f"/admin/biobanks/edit/{heart.pk}/", {**form, "slug": "heart-bank"})
    assert response.status_code == 302
    heart.refresh_from_db()
    assert heart.slug == "heart-bank" and page(client, "/biobanks/heart-bank/")
