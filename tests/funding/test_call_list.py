"""/funding/: current calls first by next deadline, filters, archive, junk, query counts."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(
        r'class="funding-card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def test_default_list_is_open_then_forthcoming_sorted_by_next_deadline(client, make_call):
    make_call("Later deadline", deadlines=(60,))
    make_call("Closing soon call", deadlines=(5,))
    make_call("Forthcoming call", deadlines=(90,), opens_in=10)
    make_call("Closed call", deadlines=(-1,))
    make_call("Two stages", deadlines=(-3, 20))
    response = client.get("/funding/")
    assert response.status_code == 200
    assert titles(response) == [
        "Closing soon call",
        "Two stages",
        "Later deadline",
        "Forthcoming call",
    ]
    html = response.content.decode()
    assert "Closing soon" in html and "Forthcoming" in html


def test_closed_calls_stay_in_the_archive(client, make_call):
    make_call("Open call", deadlines=(30,))
    make_call("Old call", deadlines=(-30,))
    make_call("Older call", deadlines=(-300,))
    response = client.get("/funding/?status=closed")
    assert titles(response) == ["Old call", "Older call"]
    assert "Archive of closed calls" in response.content.decode()


def test_cached_filter_options_and_cards_follow_funder_and_topic_edits(
    client, make_call, funder, topic
):
    agency = funder("Research Agency", country="")
    financing = topic("Financing")
    make_call("Agency call", funder=agency, deadlines=(30,), topics=[financing])
    html = client.get("/funding/").content.decode()
    assert ">Research Agency</option>" in html and ">Financing</option>" in html

    agency.name = "National Research Agency"
    agency.save()
    html = client.get("/funding/").content.decode()
    assert ">National Research Agency</option>" in html, "the funder filter"
    assert '<p class="funding-card__meta meta">National Research Agency' in html, "the card"

    financing.name = "Financing of collections"
    financing.save()
    html = client.get("/funding/").content.decode()
    assert ">Financing of collections</option>" in html and ">Financing</option>" not in html


def test_filters_by_status_funder_topic_stakeholder_and_amount(client, make_call, funder, topic):
    eu = funder("European Programme", country="")
    financing = topic("Financing")
    make_call(
        "EU call",
        funder=eu,
        deadlines=(40,),
        award_min=100_000,
        award_max=500_000,
        eligible_stakeholders=["biobank"],
        topics=[financing],
    )
    make_call(
        "National call", deadlines=(3,), award_max=50_000, eligible_stakeholders=["researcher"]
    )
    make_call("Anyone call", deadlines=(50,), award_min=20_000)
    make_call("Soon open", deadlines=(80,), opens_in=5)

    assert titles(client.get("/funding/?funder=european-programme")) == ["EU call"]
    assert titles(client.get("/funding/?topic=financing")) == ["EU call"]
    assert titles(client.get("/funding/?status=closing_soon")) == ["National call"]
    assert titles(client.get("/funding/?status=forthcoming")) == ["Soon open"]
    assert titles(client.get("/funding/?status=open")) == ["EU call", "Anyone call"]
    # Calls without a restriction are open to everyone.
    assert titles(client.get("/funding/?stakeholder=biobank")) == [
        "EU call",
        "Anyone call",
        "Soon open",
    ]
    assert titles(client.get("/funding/?amount=60000")) == ["EU call"]
    assert titles(client.get("/funding/?amount=20000&stakeholder=researcher")) == [
        "National call",
        "Anyone call",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?page=x",
        "?page=999",
        "?status=bogus",
        "?amount=lots",
        "?amount=-5",
        "?amount=1e99",
        "?funder=nobody",
        "?topic=<script>",
        "?stakeholder=robot",
        "?status=%00",
        "?amount=99999999999999999999999",
        "?topic=a%00b&page=-1",
    ],
)
def test_junk_parameters_render_the_default_list(client, make_call, query):
    make_call("Open call", deadlines=(30,))
    response = client.get("/funding/" + query)
    assert response.status_code == 200
    assert titles(response) == ["Open call"]
    assert "<script>" not in response.content.decode().split("<main")[-1]


def test_state_in_the_url_and_pagination(client, make_call):
    for number in range(12):
        make_call(f"Call {number:02d}", deadlines=(10 + number,))
    first = client.get("/funding/")
    assert len(titles(first)) == 10
    assert "page=2" in first.content.decode()
    second = client.get("/funding/?page=2")
    assert titles(second) == ["Call 10", "Call 11"]


def test_list_query_count_does_not_grow_with_the_data(
    client, make_call, topic, django_assert_max_num_queries
):
    financing = topic("Financing")
    make_call("First", deadlines=(10, 40), topics=[financing])
    client.get("/funding/")  # warm the site and settings caches
    # The site shell (site, routing, view restrictions, settings, menu, footer) costs about a
    # dozen queries on its own; the list adds six (topics, funders, count, calls, deadlines,
    # their topics), whatever the number of calls.
    with django_assert_max_num_queries(20) as few:
        client.get("/funding/")
    baseline = len(few.captured_queries)  # read now: the next request clears the log
    for number in range(10):
        make_call(f"More {number}", deadlines=(5, 50 + number), topics=[financing])
    client.get("/funding/")  # publishing dropped the cached menu and footer: warm them again
    with django_assert_max_num_queries(baseline):
        response = client.get("/funding/")
    assert len(titles(response)) == 10


def facts(html: str) -> dict[str, str]:
    """The call's facts as a reader sees them: {term: text}, tags dropped, spaces squeezed."""
    block = html.split('<dl class="funding-facts">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {term: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for term, text in pairs}


def test_call_page_shows_the_facts_and_stays_within_the_query_budget(
    client, make_call, topic, funder, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.utils import formats, timezone

    def due(days) -> str:
        """A deadline as the page shows it: 17:00 in the call's zone (Brussels by default)."""
        day = timezone.localdate() + timedelta(days=days)
        at = datetime.combine(day, time(17, 0), ZoneInfo("Europe/Brussels"))
        return f"{formats.date_format(day, 'j F Y')}, 17:00 {at.tzname()}"

    call = make_call(
        "Infrastructure call",
        funder=funder("Research Agency", country="BE"),
        deadlines=(10, 60),
        award_min=50_000,
        award_max=250_000,
        eligible_stakeholders=["biobank", "researcher"],
        eligible_countries=["BE", "NL"],
        topics=[topic("Financing")],
        call_identifier="INFRA-2027-01",
    )
    # The same call with more of everything that is listed on the page.
    bigger = make_call(
        "Bigger call",
        deadlines=(10, 30, 60, 90, 120),
        award_min=50_000,
        award_max=250_000,
        eligible_stakeholders=["biobank", "researcher", "company"],
        eligible_countries=["BE", "NL", "FR", "DE", "LU"],
        topics=[topic("Financing"), topic("Quality"), topic("Data"), topic("Ethics")],
        call_identifier="INFRA-2027-02",
    )

    def cost(url, *, cold) -> tuple[int, str]:
        if cold:
            cache.clear()  # nothing kept: menu, footer, site, settings, restrictions
        else:
            client.get(url)
        with django_assert_max_num_queries(24 if cold else 12) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries), response.content.decode()

    client.get(bigger.url)  # the process's own caches (content types), not the hub's
    cold, html = cost(call.url, cold=True)
    warm, warm_html = cost(call.url, cold=False)
    assert warm < cold, "a second reader pays less: the site shell comes from the cache"
    # More deadlines, topics, countries and stakeholders cost no extra queries.
    assert cost(bigger.url, cold=True)[0] == cold
    assert cost(bigger.url, cold=False)[0] == warm

    for page in (html, warm_html):
        shown = facts(page)
        assert shown["Funder"] == "Research Agency (Belgium)"
        assert shown["Call identifier"] == "INFRA-2027-01"
        assert shown["Award"] == "EUR {} – EUR {}".format(
            *(formats.number_format(n, force_grouping=True) for n in (50_000, 250_000))
        )
        assert shown["Who may apply"] == (
            "Biobank or collection, Researcher; from Belgium, Netherlands"
        )
        assert shown["Deadlines"] == f"Stage 1: {due(10)} Stage 2: {due(60)}"
        assert 'href="https://funder.example.org/call"' in page
        assert '<a href="/funding/?topic=financing">Financing</a>' in page


def test_summary_with_script_is_escaped(client, make_call):
    call = make_call("Escaped", summary='<script>alert("x")</script> money')
    html = client.get(call.url).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    listing_html = client.get("/funding/").content.decode()
    assert '<script>alert("x")</script>' not in listing_html
