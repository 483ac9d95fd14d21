"""/search/ as a reader uses it: kinds of result with counts, highlighted snippets, "did you
mean", editors' picks, autocomplete, junk input; the admin's search on the same backend."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.factories import AboutPageFactory, NewsPageFactory, StandardPageFactory, TopicPageFactory

pytestmark = pytest.mark.django_db


def result_titles(html: str) -> list[str]:
    import re

    start = '<ol class="results"'
    block = html.split(start, 1)[1].split("</ol>", 1)[0] if start in html else ""
    return re.findall(r"<h3><a href=\"[^\"]*\">([^<]*)</a></h3>", block)


def type_filters(html: str) -> dict[str, str]:
    import re

    nav = html.split('class="search-types"', 1)[1].split("</nav>", 1)[0]
    pattern = r">([^<>]+) <span class=\"search-types__count\">\((\d+)\)"
    return {label.strip(): count for label, count in re.findall(pattern, nav)}


def test_results_across_types_with_counts_and_a_type_filter(client, search_backend):
    StandardPageFactory(
        title="Pseudonymisation explained", intro="How pseudonymisation protects donors."
    )
    topic = TopicPageFactory(summary="Pseudonymisation and donor privacy in this theme.")
    TopicPageFactory(summary="Consent and its limits.")
    NewsPageFactory(intro="A new freezer room.")

    html = client.get("/search/", {"q": "pseudonymisation"}).content.decode()
    filters = type_filters(html)
    assert filters["Topics"] == "1"
    assert filters["Pages"] == "1"
    assert int(filters["All"]) == sum(int(n) for label, n in filters.items() if label != "All")
    assert {"Pseudonymisation explained", topic.title} <= set(result_titles(html))

    html = client.get("/search/", {"q": "pseudonymisation", "type": "topics"}).content.decode()
    assert result_titles(html) == [topic.title]
    assert 'aria-current="page">Topics' in html
    # The query box keeps the chosen kind for the next search.
    assert '<input type="hidden" name="type" value="topics">' in html


def test_snippets_highlight_the_matched_words_escaped(client, search_backend):
    # The intro doubles as the search description, which the result shows.
    page = StandardPageFactory(title="Cold chain", intro="Cryovials zorblaxed in transport.")
    # An editor's description is shown as text, never as markup.
    page.search_description = "Keeping <serum> cryovials zorblaxed at -80 °C during transport."
    page.save_revision().publish()
    html = client.get("/search/", {"q": "zorblaxed cryovials"}).content.decode()
    assert "<mark>zorblaxed</mark>" in html
    assert "<mark>cryovials</mark>" in html
    assert "&lt;serum&gt;" in html and "<serum>" not in html


def test_a_misspelling_gets_did_you_mean_and_similar_results(client, search_backend):
    StandardPageFactory(title="Quokka collections", intro="Tissue samples of quokkas.")
    html = client.get("/search/", {"q": "quokkka"}).content.decode()
    assert 'Did you mean <a href="?q=quokka">quokka</a>?' in html
    assert "these results match similar words" in html
    assert "Quokka collections" in result_titles(html)


def test_nothing_found_helps_the_reader_on(client, search_backend):
    StandardPageFactory(title="Training calendar", intro="Courses this year.")
    html = client.get("/search/", {"q": "qqqxxzz", "type": "training"}).content.decode()
    assert "0 results" in html
    assert "Check the spelling" in html
    assert "Search all kinds of content" in html
    assert 'href="/biobanks/"' in html


def test_editors_promoted_results_come_first(client, search_backend):
    about = AboutPageFactory()
    SearchPromotion.objects.create(
        query=Query.get("Who are we"), page=about, description="Start here to meet the community."
    )
    html = client.get("/search/", {"q": "who are WE?"}).content.decode()
    recommended = html.split("Recommended", 1)[1].split("</section>", 1)[0]
    assert 'href="/about/"' in recommended
    assert "Start here to meet the community." in recommended
    assert "Recommended" not in client.get("/search/", {"q": "who"}).content.decode()


def test_autocomplete_suggests_titles(client, search_backend):
    StandardPageFactory(title="Biobanks & Collections Day", intro="The yearly meeting.")
    response = client.get("/search/autocomplete/", {"q": "collec"})
    assert response.status_code == 200
    data = response.json()
    assert "Biobanks & Collections Day" in data["suggestions"]
    assert len(data["suggestions"]) <= 8
    assert client.get("/search/autocomplete/", {"q": "c"}).json()["suggestions"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "!!!???...;;;"},
        {"q": '"unbalanced quote'},
        {"q": "data", "page": "x"},
        {"q": "data", "page": "99999"},
        {"q": "data", "type": "<script>"},
        {"q": "AND OR NOT ( )"},
        {"q": "\x00\x1f"},
        {"type": "biobanks"},
    ],
)
def test_junk_input_renders_a_page(client, search_backend, params):
    StandardPageFactory(title="Data access", intro="How to ask for data.")
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
    assert client.get("/search/autocomplete/", params).status_code == 200


def test_search_page_query_count_does_not_grow_with_results(search_backend, cold_and_warm):
    def notes(numbers):
        for n in numbers:
            StandardPageFactory(title=f"Biobank note {n}", intro="A biobank note.")
        NewsPageFactory(intro=f"{len(numbers)} more biobank notes.")

    notes(range(3))
    few = cold_and_warm("/search/", {"q": "biobank"})
    assert "Biobank note 2" in result_titles(few.html) and 'rel="next"' not in few.html
    notes(range(3, 28))
    many = cold_and_warm("/search/", {"q": "biobank"})
    assert len(result_titles(many.html)) == 10
    assert 'rel="next"' in many.html
    assert len(many.cold) == len(few.cold), "\n".join(many.cold)
    assert len(many.warm) == len(few.warm) <= 12, "\n".join(many.warm)


def test_the_admin_search_uses_the_same_backend(admin_client, search_backend):
    about = AboutPageFactory()
    edit_link = f'href="/admin/pages/{about.pk}/edit/"'

    def admin_finds_about() -> bool:
        response = admin_client.get("/admin/pages/search/", {"q": "about"})
        assert response.status_code == 200
        return edit_link in response.content.decode()

    def reader_finds_about() -> bool:
        html = admin_client.get("/search/", {"q": "about"}).content.decode()
        return "About" in result_titles(html)

    assert admin_finds_about() and reader_finds_about()
    # Taken out of the whoosh index only (the page stays in the database and in Wagtail's
    # database index): neither the readers' search nor the editors' finds it any more.
    search_backend.delete(about)
    assert not reader_finds_about()
    assert not admin_finds_about(), "the admin's page search does not read the whoosh index"
