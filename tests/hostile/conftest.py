"""Shared parts of the property-based (hypothesis) tests of the public forms and listings.

Profiles: "fuzz" (1,000 examples per test, `make fuzz`), "ci" (200, loaded when CI=true) and
"dev" (60, otherwise); `HYPOTHESIS_PROFILE=<name>` picks one explicitly. No example database is
written (the runs must leave the checkout clean); a failure prints the seed blob to reproduce
it.

The strategies produce what a hostile or careless client sends: arbitrary unicode (NUL and
other control characters, bidi overrides, zero-width and combining characters, astral
symbols; never surrogates, which no UTF-8 request can carry), very long strings, numbers as
strings, markup and template syntax, repeated keys and keys nobody asked for. Form strategies
start from a valid submission and spoil some of it, so that both the accepting and the
refusing paths are taken.

Each example runs in `one_example()`: a savepoint rolled back at the end (examples do not see
each other's rows: a registration does not fill the event for the next one) and fresh rate-limit
counters (allauth's and the hub's own limits count in the cache; without this every example
after the first few would be a 429 and the validation paths would go untested). Only the
rate-limit entries are dropped, not the whole cache, so the cached menus and sections stay warm.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from contextlib import contextmanager
from functools import cache
from html import unescape

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from hub.env import env_bool

# "fuzz" (make fuzz): the long run; "ci": enough to catch a regression on every push; "dev":
# quick, for a local `make test`.
settings.register_profile(
    "fuzz",
    max_examples=1000,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile("ci", settings.get_profile("fuzz"), max_examples=200)
settings.register_profile("dev", settings.get_profile("fuzz"), max_examples=60)
# CI's second database: every property again, on PostgreSQL's stricter SQL, fewer examples.
settings.register_profile("ci-second", settings.get_profile("fuzz"), max_examples=60)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if env_bool("CI", False) else "dev")
)


def examples_wanted() -> int:
    """How many examples each test must have run (the loaded profile's max_examples)."""
    return settings.default.max_examples


# --- Strategies --------------------------------------------------------------------------------

XSS = "<script>alert(1)</script>"
NASTY_SNIPPETS = [
    "\x00",
    "\x00\x00",
    "a\x00b",
    "%00",
    "\x01",
    "\x07",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\x0b",
    "\x0c",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00a0",
    "\u3000",
    "\ufffd",
    "\uffff",
    "\u0301",
    "e\u0301",
    "\U0001d573",
    "\U0001f9ea",
    "\U0010ffff",
    "\U000e0001",
    "ß",
    "İ",
    "ǅ",
    "ﬁ",
    "Σ",
    "ꙮ",
    "\u0663",
    "\u096f",
    "²",
    XSS,
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}",
    "{% now 'Y' %}",
    "${7*7}",
    "' OR '1'='1",
    "'; DROP TABLE auth_user; --",
    "\\",
    "\\x00",
    "%",
    "%%",
    "%s",
    "%(x)s",
    "*",
    "?",
    "&",
    "=",
    "#",
    "+",
    "-",
    "--",
    ".",
    "..",
    "../../etc/passwd",
    "/",
    "//evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "http://evil.example/",
    '"',
    "'",
    '"unbalanced',
    "NEAR",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "^",
    "~",
    ":",
    ";",
    ",",
    "@",
    "@@",
    "a@",
    "@b",
    "a@b",
    "<",
    ">",
    "&amp;",
    "&#0;",
    "null",
    "None",
    "true",
    "false",
    "NaN",
    "-0",
    "1e309",
    "0x1F",
    "1_000",
    "٣",
    "१२",
]


# Each strategy is built once (functools.cache): hypothesis pays for validating and analysing
# a new strategy object, and a fresh one per draw made generating cost more than requesting.


@cache
def number_strings() -> st.SearchStrategy[str]:
    """Numbers the way a URL or form carries them: as text, in every odd shape."""
    return st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.integers(min_value=-5, max_value=200).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.integers(min_value=0, max_value=10**6).map(lambda n: f" {n} "),
        st.integers(min_value=0, max_value=999).map(lambda n: f"{n:08d}"),
        st.sampled_from(
            [
                "0",
                "-1",
                "1.5",
                "1e3",
                "1e309",
                "-0",
                "+3",
                "0x10",
                "1_000",
                "٣",
                "१२",
                "Ⅻ",
                "²",
                "9" * 400,
                "-" + "9" * 40,
                "",
                " ",
            ]
        ),
    )


@cache
def long_strings() -> st.SearchStrategy[str]:
    """A short piece repeated into a long string (cheap to make, up to ~12,000 characters)."""
    return st.builds(
        lambda piece, times: (piece * times)[:12_000],
        st.one_of(st.text(min_size=1, max_size=4), st.sampled_from(NASTY_SNIPPETS)),
        st.integers(min_value=50, max_value=4_000),
    )


@cache
def nasty_text() -> st.SearchStrategy[str]:
    """Anything a client may type or forge into one value."""
    return st.one_of(
        st.text(max_size=40),
        st.builds(  # a nasty piece inside ordinary text
            lambda before, snippet, after: before + snippet + after,
            st.text(max_size=6),
            st.sampled_from(NASTY_SNIPPETS),
            st.text(max_size=6),
        ),
        st.sampled_from(NASTY_SNIPPETS),
        st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=8),  # control characters
        number_strings(),
        long_strings(),
    )


@cache
def plain_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a person could sensibly type on one line (no control characters)."""
    return st.text(
        alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
        min_size=min_size,
        max_size=max_size,
    ).map(lambda text: text.strip() or "Ada")


LOCAL_PART = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_'"
DOMAIN = "abcdefghijklmnopqrstuvwxyz0123456789-"


@cache
def emails() -> st.SearchStrategy[str]:
    """Addresses that should pass, mostly (a dot or dash in the wrong place is refused)."""
    return st.one_of(
        st.builds(
            lambda local, domain, tld: f"{local}@{domain}.{tld}",
            st.text(alphabet=LOCAL_PART, min_size=1, max_size=20),
            st.text(alphabet=DOMAIN, min_size=1, max_size=15),
            st.sampled_from(["org", "nl", "be", "example", "museum", "xn--p1ai", "ORG"]),
        ),
        st.sampled_from(
            [
                "Ada.Lovelace@Example.ORG",
                "a+tag@sub.example.org",
                "x@例え.jp",
                "o'brien@example.ie",
                "user@[127.0.0.1]",
                "a@b.co",
                f"{'a' * 64}@{'b' * 60}.org",
            ]
        ),
    )


@cache
def junk_value() -> st.SearchStrategy:
    """What a client may send in place of a valid value: nothing, junk, or several values."""
    return st.one_of(
        st.none(),
        nasty_text(),
        st.lists(nasty_text(), min_size=2, max_size=3),
    )


@cache
def junk_keys() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(min_size=1, max_size=12),
        st.sampled_from(
            [
                "csrfmiddlewaretoken",
                "id",
                "pk",
                "user",
                "status",
                "is_staff",
                "submitted_by",
                "page",
                "next",
                "__proto__",
                "q[]",
                "a.b",
                "\x00",
            ]
        ),
    )


@cache
def extra_fields() -> st.SearchStrategy[dict]:
    return st.dictionaries(junk_keys(), junk_value(), max_size=3)


MODES = st.sampled_from(["valid", "one_bad", "one_bad", "some_bad", "junk"])


@st.composite
def form_posts(draw, valid: st.SearchStrategy[dict]) -> dict:
    """A form submission: a valid one (drawn from `valid`), the same with one field spoiled,
    with several spoiled, or all junk; sometimes with extra keys. Values may be lists (a
    repeated key); a None value leaves the field out."""
    data = dict(draw(valid))
    names = list(data)
    mode = draw(MODES)
    if mode == "one_bad":
        spoiled = [names[draw(st.integers(min_value=0, max_value=len(names) - 1))]]
    elif mode == "some_bad":
        mask = draw(st.integers(min_value=1, max_value=2 ** len(names) - 1))
        spoiled = [name for i, name in enumerate(names) if mask >> i & 1]
    else:
        spoiled = names if mode == "junk" else []
    for name in spoiled:
        data[name] = draw(junk_value())
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        data.update(draw(extra_fields()))
    return {name: value for name, value in data.items() if value is not None}


def query_pairs(params: dict[str, st.SearchStrategy], *, max_size: int = 5):
    """The (key, value) pairs of a query string: known keys with a sensible or a junk value,
    unknown keys, repeated keys."""
    junk = nasty_text()
    known = [st.tuples(st.just(key), st.one_of(values, junk)) for key, values in params.items()]
    unknown = st.tuples(junk_keys(), junk)
    # Known keys three times as often as unknown ones.
    pair = st.one_of(*known, *known, *known, *[unknown] * len(known))
    return st.lists(pair, max_size=max_size)


@cache
def page_numbers() -> st.SearchStrategy[str]:
    return st.one_of(number_strings(), st.sampled_from(["last", "first", "2", "1", ""]))


RAW_QUERY_TAILS = [
    "",
    "&",
    "&&=&",
    "=",
    "page",
    "%",
    "%zz",
    "%FF%FE",
    "%C0%80",
    "%ED%A0%80",
    "q=%00",
    "a=1;b=2",
    "+",
    "%2B",
    "q=a+b",
    "page=%00",
]


def query_strings(params: dict[str, st.SearchStrategy], *, max_size: int = 5):
    """A whole query string, sometimes with malformed percent-escapes glued on."""
    from urllib.parse import urlencode

    return st.builds(
        lambda pairs, tail: "&".join(part for part in (urlencode(pairs), tail) if part),
        query_pairs(params, max_size=max_size),
        st.sampled_from(RAW_QUERY_TAILS),
    )


# --- Per-example helpers -----------------------------------------------------------------------

RATE_LIMIT_MARK = ":allauth:rl:"  # allauth.core.internal.ratelimit.get_cache_key


def forget_rate_limits() -> None:
    """Drop the rate-limit counters (allauth's and the hub's, all kept by allauth's ratelimit)
    and nothing else of the cache; with another cache than LocMemCache, clear it all."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    store = caches["default"]
    if not isinstance(store, LocMemCache):
        store.clear()
        return
    with store._lock:
        for key in [key for key in store._cache if RATE_LIMIT_MARK in key]:
            del store._cache[key]
            store._expire_info.pop(key, None)


@contextmanager
def one_example():
    """Fresh rate limits, and a savepoint that is rolled back when the example ends."""
    from django.db import transaction

    forget_rate_limits()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def row_counts(*models) -> tuple[int, ...]:
    """The number of rows of each model's table (many-to-many `through` models too)."""
    return tuple(model._base_manager.count() for model in models)


ERROR_LIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
TAG = re.compile(r"<[^>]+>")


def shown_errors(html: str) -> list[str]:
    """The texts of the error lists a page shows (Django's <ul class="errorlist">)."""
    items = []
    for block in ERROR_LIST.findall(html):
        for item in re.findall(r"<li>(.*?)</li>", block, re.S):
            text = unescape(TAG.sub("", item)).strip()
            if text:
                items.append(text)
    return items


def assert_errors_shown(html: str, form=None) -> None:
    """The page shows an error message, and (given the form that refused the data) each
    field's first error next to it, in the words the form used."""
    errors = shown_errors(html)
    assert errors, "an invalid submission came back without any error message"
    if form is not None:
        for field, messages in form.errors.items():
            if field == "__all__" or field in form.fields:
                assert str(messages[0]) in errors, (
                    f"the error of {field!r} is not shown: {messages[0]!r} not in {errors!r}"
                )


def assert_no_reflected_markup(html: str) -> None:
    """Whatever the client sent, no script of theirs comes back unescaped."""
    assert XSS not in html
    assert "<img src=x onerror" not in html


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


class Tally(Counter):
    """What the examples of one test did (e.g. invalid / accepted), checked at the end so a
    property can never hold just because its interesting branch was never reached."""

    def expect(self, *, total: str | None = None, **at_least: int) -> None:
        wanted = examples_wanted()
        if total is not None:
            assert self[total] >= wanted, f"only {self[total]} of {wanted} examples ran: {self}"
        for outcome, minimum in at_least.items():
            assert self[outcome] >= minimum, f"too few {outcome!r} examples: {dict(self)}"


def some(share: float) -> int:
    """At least this share of the examples when there are many (the "ci" profile); at least
    one with few, whose mix hypothesis does not balance."""
    wanted = examples_wanted()
    return max(1, int(wanted * share)) if wanted >= 500 else 1


# --- Fixtures ----------------------------------------------------------------------------------

MEMBER_EMAIL = "fuzz-member@example.org"
MEMBER_PASSWORD = "a-Long-passw0rd!"


@pytest.fixture
def fuzz_site(site_tree, client):
    """The demo site, with its cached menus and sections warmed up by one request."""
    assert client.get("/").status_code == 200
    return site_tree


@pytest.fixture
def fuzz_member(fuzz_site, user_factory):
    return user_factory(
        MEMBER_EMAIL, password=MEMBER_PASSWORD, first_name="Fuzz", last_name="Member"
    )


@pytest.fixture
def fuzz_member_client(fuzz_member):
    from django.test import Client

    client = Client()
    client.force_login(fuzz_member)
    return client
