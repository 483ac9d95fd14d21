"""Every listing's query parameters, driven with generated junk (hypothesis).

Each listing gets its own known parameters with a sensible value (a real facet code, topic,
page number…) or junk (see tests/hostile/conftest.py), unknown keys, repeated keys and
malformed percent-escapes. Whatever arrives, the listing answers 200 with its page (or its CSV,
JSON or feed), never a server error, and never echoes a script back unescaped.

The feeds take no parameters: they are checked to ignore junk with fewer examples. Forged
cookies (a session key with a NUL byte, which PostgreSQL refuses) get a test of their own.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hostile.conftest import (
    Tally,
    assert_no_reflected_markup,
    examples_wanted,
    nasty_text,
    number_strings,
    one_example,
    page_numbers,
    plain_text,
    query_strings,
    some,
    text_of,
)


def _words(*querysets_of_titles) -> list[str]:
    """Words of real titles: searching for them finds something."""
    words = set()
    for titles in querysets_of_titles:
        for title in titles:
            words.update(word for word in title.split() if len(word) > 2)
    return sorted(words) or ["biobank"]


def _queries(words: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(words),
        st.lists(st.sampled_from(words), min_size=1, max_size=4).map(" ".join),
        st.sampled_from(words).map(lambda word: word[:-1] + "x"),  # a misspelling
        st.sampled_from(words).map(lambda word: f'"{word}'),
        plain_text(max_size=30),
    )


def _topics() -> list[str]:
    from community.models import Topic

    return list(Topic.objects.values_list("slug", flat=True)) or ["financing"]


def _one_of_values(values) -> st.SearchStrategy[str]:
    values = [str(value) for value in values]
    return st.one_of(
        st.sampled_from(values),
        st.sampled_from(values).map(str.upper),
        st.sampled_from(values).map(lambda value: f" {value} "),
    )


# --- What each listing takes -------------------------------------------------------------------


def biobank_params() -> dict:
    from community.biobanks import facets as facet_index
    from community.models import Biobank

    index = facet_index.current()
    params = {"q": _queries(_words(Biobank.objects.values_list("name", flat=True)))}
    for param in ("country", "type", "material", "category", "chapter", "quality"):
        params[param] = _one_of_values(sorted(index.bits[param]) or ["x"])
    params["disease"] = _one_of_values(sorted(index.chapter_of) or ["C50"])
    params["commercial"] = st.sampled_from(["1", "0", "on", "true", "false", "yes", ""])
    params["sort"] = st.sampled_from(["relevance", "name", "-name", "date", ""])
    params["page"] = page_numbers()
    return params


def funding_params() -> dict:
    from community.models import StakeholderType
    from funding.models import CallStatus, Funder

    return {
        "status": _one_of_values(CallStatus.values),
        "funder": _one_of_values(Funder.objects.values_list("slug", flat=True) or ["x"]),
        "topic": _one_of_values(_topics()),
        "stakeholder": _one_of_values(StakeholderType.values),
        "amount": st.one_of(st.integers(min_value=0, max_value=10**13).map(str), number_strings()),
        "page": page_numbers(),
    }


def partnership_params() -> dict:
    from funding.models import (
        ListingKind,
        OrganisationType,
        PartnershipListing,
        Resource,
        Sector,
    )

    words = _words(PartnershipListing.objects.values_list("title", flat=True))
    return {
        "q": _queries(words),
        "kind": _one_of_values(ListingKind.values),
        "organisation_type": _one_of_values(OrganisationType.values),
        "sector": _one_of_values(Sector.values),
        "resource": _one_of_values(Resource.values),
        "topic": _one_of_values(_topics()),
        "page": page_numbers(),
    }


def event_params() -> dict:
    from events.forms import month_key
    from events.models import EventFormat, EventPage

    months = sorted(
        {month_key(start) for start in EventPage.objects.values_list("start", flat=True)}
    ) or ["2027-01"]
    return {
        "topic": _one_of_values(_topics()),
        "format": _one_of_values(EventFormat.values),
        "month": st.one_of(
            _one_of_values(months),
            st.sampled_from(
                ["2027-13", "2027-00", "0000-01", "9999-12", "-1-01", "2027-1", "2027"]
            ),
        ),
        "when": st.sampled_from(["upcoming", "past", "all", ""]),
        "page": page_numbers(),
    }


def training_params() -> dict:
    from community.forms.training import facet_choices
    from community.models import TrainingPage

    choices = facet_choices(TrainingPage.objects.live())
    params = {"q": _queries(_words(TrainingPage.objects.values_list("title", flat=True)))}
    for name, options in choices.items():
        params[name] = _one_of_values([value for value, _label in options] or ["x"])
    params["page"] = page_numbers()
    return params


def topic_params() -> dict:
    return {"topic": _one_of_values(_topics()), "page": page_numbers()}


def search_params() -> dict:
    from wagtail.models import Page

    from home import search_types

    return {
        "q": _queries(_words(Page.objects.live().values_list("title", flat=True))),
        "type": _one_of_values([t.key for t in search_types.registered()]),
        "page": page_numbers(),
    }


def autocomplete_params() -> dict:
    from wagtail.models import Page

    words = _words(Page.objects.live().values_list("title", flat=True))
    return {"q": st.one_of(st.sampled_from(words).map(lambda word: word[:3]), _queries(words))}


# --- What each listing must answer -------------------------------------------------------------


def html_page(heading: str):
    def check(response):
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"].startswith("text/html")
        html = text_of(response)
        assert heading in html, f"the listing's heading {heading!r} is missing"
        assert_no_reflected_markup(html)

    return check


def biobank_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text_of(response).removeprefix("\ufeff"))))
    assert rows[0][:2] == ["id", "name"]
    assert all(len(row) == len(rows[0]) for row in rows)


def biobank_api(response):
    assert response.status_code == 200
    data = json.loads(text_of(response))
    assert 1 <= data["page"] <= max(1, data["pages"])
    assert len(data["results"]) <= min(100, data["count"])
    if data["next"] is not None:
        assert urlsplit(data["next"]).netloc == "testserver"


def autocomplete_json(response):
    assert response.status_code == 200
    data = json.loads(text_of(response))
    assert len(data["query"]) <= 200
    assert not any(ord(character) < 32 for character in data["query"])
    assert isinstance(data["suggestions"], list) and len(data["suggestions"]) <= 8


@dataclass
class Listing:
    name: str
    path: str
    params: object  # () -> {parameter: strategy of sensible values}
    check: object  # (response) -> None, raising AssertionError

    def __str__(self):
        return self.name


LISTINGS = [
    Listing("biobanks", "/biobanks/", biobank_params, html_page("Biobanks")),
    Listing("biobanks-csv", "/biobanks/results/csv/", biobank_params, biobank_csv),
    Listing("biobanks-api", "/biobanks/api/", biobank_params, biobank_api),
    Listing("funding", "/funding/", funding_params, html_page("Funding")),
    Listing("partnerships", "/partnerships/", partnership_params, html_page("Partnerships")),
    Listing("events", "/events/", event_params, html_page("Events")),
    Listing("training", "/training/", training_params, html_page("Training")),
    Listing("news", "/news/", topic_params, html_page("News")),
    Listing("working-groups", "/working-groups/", topic_params, html_page("Working groups")),
    Listing("search", "/search/", search_params, html_page("Search")),
    Listing("autocomplete", "/search/autocomplete/", autocomplete_params, autocomplete_json),
]


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_listing_answers_any_query_string(listing, fuzz_site, client):
    tally = Tally()

    @given(query=query_strings(listing.params()))
    def run(query):
        with one_example():
            response = client.get(f"{listing.path}?{query}")
            listing.check(response)
            tally["examples"] += 1
            tally["junk"] += any(ch in query for ch in ("%00", "%25", "%zz", "%FF"))

    run()
    tally.expect(total="examples", junk=1)


FEEDS = [
    "/events/feed.ics",
    "/events/rss/",
    "/events/ics/",
    "/funding/rss/",
    "/funding/deadlines.ics",
    "/news/feed/rss/",
    "/news/feed/atom/",
]


def test_feeds_ignore_query_strings(fuzz_site, client):
    """The feeds read no parameter: junk ones change nothing (fewer examples suffice)."""
    params = {"page": page_numbers(), "q": nasty_text(), "topic": nasty_text()}
    tally = Tally()

    def feed(path):
        plain = client.get(path)
        assert plain.status_code == 200, path

        @settings(max_examples=max(5, examples_wanted() // 50))
        @given(query=query_strings(params))
        def run(query):
            with one_example():
                response = client.get(f"{path}?{query}")
                assert response.status_code == 200
                assert response["Content-Type"] == plain["Content-Type"]
                tally[path] += 1

        return run

    for path in FEEDS:
        feed(path)()
    assert set(tally) == set(FEEDS), tally


KEY_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
ASCII = st.text(alphabet=KEY_CHARACTERS + "ABC!#$%&'()*+-./:<=>?@[]^_`{|}~ ", max_size=20)


@cache
def cookie_values() -> st.SearchStrategy[str]:
    return st.one_of(
        nasty_text(),
        st.text(alphabet=KEY_CHARACTERS, max_size=40),  # what a session key looks like
        # A quoted value with octal escapes: the cookie parser turns "\000" into NUL.
        st.builds(
            lambda before, code, after: f'"{before}\\{code:03o}{after}"',
            ASCII,
            st.sampled_from([0, 1, 10, 13, 34, 92, 127, 255]),
            ASCII,
        ),
        st.sampled_from(
            [
                '"\\000aaaaaaaaaaaaaa"',
                '"\\377\\376aaaaaaaa"',
                '""',
                '"',
                "\\",
                "a" * 5000,
                "deleted",
                " ",
                "=",
                ";",
            ]
        ),
    )


COOKIE_NAMES = st.one_of(
    st.sampled_from(["sessionid", "csrftoken", "messages", "display"]),
    st.text(alphabet=KEY_CHARACTERS + "_-", min_size=1, max_size=8),
)


def test_pages_survive_any_cookie(fuzz_site, client):
    """Forged cookies (a session key with a NUL, quoted octal escapes, junk preferences) are
    ignored: the page is served to an anonymous reader."""
    tally = Tally()

    @given(
        session=st.one_of(st.none(), cookie_values()),
        others=st.lists(st.tuples(COOKIE_NAMES, cookie_values()), max_size=3),
    )
    def run(session, others):
        pairs = ([] if session is None else [("sessionid", session)]) + others
        header = "; ".join(f"{name}={value}" for name, value in pairs)
        with one_example():
            # As a WSGI server hands it over: the bytes of the header, read as latin-1.
            response = client.get("/search/", HTTP_COOKIE=header.encode().decode("latin-1"))
            assert response.status_code == 200
            assert not response.wsgi_request.user.is_authenticated
            tally["examples"] += 1
            tally["forged session"] += any(name == "sessionid" for name, _value in pairs)

    run()
    tally.expect(total="examples", **{"forged session": some(0.3)})
