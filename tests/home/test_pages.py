"""The site shell as a reader sees it: pages, navigation, sharing, search, feeds for robots."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_shows_site_and_sections(client, site_tree):
    html = client.get("/").content.decode()
    assert "<h1>Biobank Community Hub</h1>" in html
    for section in [
        "About",
        "Topics",
        "Working groups",
        "Training",
        "Events",
        "Funding",
        "Partnerships",
        "Biobanks",
    ]:
        assert f">{section}</a>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/about/",
        "/topics/",
        "/working-groups/",
        "/training/",
        "/news/",
        "/events/",
        "/funding/",
        "/partnerships/",
        "/biobanks/",
        "/search/",
        "/newsletter/",
        "/accounts/login/",
    ],
)
def test_fixed_urls_answer(client, site_tree, url):
    assert client.get(url).status_code == 200


def test_section_page_marks_itself_in_the_menu_and_has_breadcrumbs(client, site_tree):
    html = client.get("/about/").content.decode()
    assert 'href="/about/" aria-current="page"' in html
    assert 'aria-label="Breadcrumb"' in html
    assert '<span aria-current="page">About</span>' in html


def test_about_page_tells_the_community_story(client, site_tree):
    html = client.get("/about/").content.decode()
    assert "national node" in html
    assert "Biobanks &amp; Collections Day" in html


def test_share_row_uses_plain_links_with_the_page_address(client, site_tree):
    html = client.get("/about/").content.decode()
    assert "Share this page" in html
    assert "https://www.linkedin.com/sharing/share-offsite/?url=http%3A//testserver/about/" in html
    assert "mailto:?subject=About" in html
    assert "<script" not in html.split("Share this page")[1].split("</aside>")[0]


def test_open_graph_and_description_meta(client, site_tree):
    about = StandardPage.objects.get(slug="about")
    about.search_description = "Who we are & how we work"
    about.save_revision().publish()
    html = client.get("/about/").content.decode()
    assert '<meta property="og:title" content="About">' in html
    assert '<meta property="og:url" content="http://testserver/about/">' in html
    assert '<meta name="description" content="Who we are &amp; how we work">' in html


def test_footer_shows_related_sites_contact_and_privacy_notice(client, site_tree):
    html = client.get("/").content.decode()
    assert "Related communities and websites" in html
    assert 'href="https://directory.bbmri-eric.eu/"' in html
    assert 'href="/privacy/">Privacy notice</a>' in html


def test_editor_text_is_escaped(client, site_tree):
    settings = SiteSettings.objects.get()
    settings.organisation_name = '<script>alert("x")</script>'
    settings.save()
    html = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_unknown_page_gets_a_friendly_404(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="/search/"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?q=%00%ff",
        "?page=-1&q=<script>",
        "?" + "x=1&" * 200,
        "?utm_source=x",
        '?q="consent',
        "?q=AND OR NOT",
        "?q=*",
        "?q=" + "a" * 5000,
        "?q=(((",
    ],
)
def test_junk_query_strings_still_render(client, site_tree, query):
    for url in ["/", "/about/", "/search/"]:
        assert client.get(url + query).status_code == 200


def test_search_finds_pages_and_escapes_the_query(client, site_tree):
    call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    html = client.get("/search/", {"q": "national node"}).content.decode()
    assert 'href="/about/"' in html
    html = client.get("/search/", {"q": "<b>zzzqqq</b>"}).content.decode()
    assert "&lt;b&gt;zzzqqq&lt;/b&gt;" in html
    assert "Nothing matched" in html


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_the_live_pages(client, site_tree):
    body = client.get("/sitemap.xml").content.decode()
    for slug in ["about", "topics", "events"]:
        assert f"/{slug}/</loc>" in body


def test_home_page_query_count_does_not_grow_with_sections(
    client, site_tree, django_assert_max_num_queries
):
    for i in range(15):
        site_tree.add_child(
            instance=StandardPage(title=f"Extra {i}", slug=f"extra-{i}", show_in_menus=True)
        )
    client.get("/")  # warm Wagtail's cached site root paths, as in steady state
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_load_demo_twice_duplicates_nothing_and_keeps_editor_changes(site_tree):
    about = StandardPage.objects.get(slug="about")
    about.title = "About us"
    about.save_revision().publish()
    pages_before = Page.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Page.objects.count() == pages_before
    assert StandardPage.objects.get(slug="about").title == "About us"
    assert SiteSettings.objects.get().footer_links.count() == 5


def test_public_pages_forbid_inline_scripts_and_framing(client, site_tree):
    response = client.get("/about/")
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_home_page_presents_the_eight_topics(client, site_tree):
    html = client.get("/").content.decode()
    section = html.split('id="home-topics"')[1].split("</section>")[0]
    assert section.count('class="card"') == 8
    assert 'href="/topics/quality/">Sample and data quality and reproducibility</a>' in section


def test_home_page_hides_the_topics_block_while_there_are_none(client, site_tree):
    from community.models import TopicPage

    for page in TopicPage.objects.all():
        page.unpublish()
    assert 'id="home-topics"' not in client.get("/").content.decode()


def test_home_page_lists_upcoming_events_and_follows_publishing(client, site_tree):
    from events.models import EventPage

    html = client.get("/").content.decode()
    section = html.split('id="home-events"')[1].split("</section>")[0]
    upcoming = EventPage.objects.live().upcoming().first()
    assert f">{upcoming.title}</a>" in section
    assert section.count('class="card"') <= 3

    for event in EventPage.objects.live():
        event.unpublish()
    assert 'id="home-events"' not in client.get("/").content.decode()
