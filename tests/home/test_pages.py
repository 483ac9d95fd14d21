"""The site shell as a reader sees it: pages, navigation, sharing, search, feeds for robots."""

import pytest
from django.core.management import call_command

from home.models import FooterLink
from tests import factories

pytestmark = pytest.mark.django_db


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def test_home_page_shows_site_and_sections(client):
    factories.sections()
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
def test_fixed_urls_answer(client, home_page, url):
    section = factories.SECTIONS.get(url.strip("/"))
    if section:
        section()
    assert client.get(url).status_code == 200


def test_section_page_marks_itself_in_the_menu_and_has_breadcrumbs(client):
    factories.sections("about", "topics")
    html = client.get("/about/").content.decode()
    assert 'href="/about/" aria-current="page"' in html
    assert 'href="/topics/" aria-current' not in html
    assert 'aria-label="Breadcrumb"' in html
    assert '<span aria-current="page">About</span>' in html


def test_share_row_uses_plain_links_with_the_page_address(client):
    factories.AboutPageFactory()
    html = client.get("/about/").content.decode()
    assert "Share this page" in html
    assert "https://www.linkedin.com/sharing/share-offsite/?url=http%3A//testserver/about/" in html
    assert "mailto:?subject=About" in html
    assert "<script" not in html.split("Share this page")[1].split("</aside>")[0]


def test_open_graph_and_description_meta(client):
    about = factories.AboutPageFactory()
    about.search_description = "Who we are & how we work"
    about.save_revision().publish()
    html = client.get("/about/").content.decode()
    assert '<meta property="og:title" content="About">' in html
    assert '<meta property="og:url" content="http://testserver/about/">' in html
    assert '<meta name="description" content="Who we are &amp; how we work">' in html


def test_footer_shows_related_sites_contact_and_privacy_notice(client):
    factories.site_settings(
        contact_email="community@hub.example.org",
        privacy_notice=factories.PrivacyPageFactory(),
        footer_links=[
            FooterLink(title="BBMRI-ERIC Directory", url="https://directory.bbmri-eric.eu/")
        ],
    )
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "Related communities and websites" in footer
    assert 'href="https://directory.bbmri-eric.eu/"' in footer
    assert "community@hub.example.org" in footer
    assert 'href="/privacy/">Privacy notice</a>' in footer


def test_editor_text_is_escaped(client, home_page):
    factories.site_settings(organisation_name='<script>alert("x")</script>')
    html = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_unknown_page_gets_a_friendly_404(client, home_page):
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
def test_junk_query_strings_still_render(client, query):
    factories.AboutPageFactory()
    for url in ["/", "/about/", "/search/"]:
        assert client.get(url + query).status_code == 200


def test_search_finds_pages_and_escapes_the_query(client):
    factories.AboutPageFactory(body=[paragraph("<p>The national node links biobanks.</p>")])
    factories.StandardPageFactory(title="Contact", intro="Write to the coordinator.")
    call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    html = client.get("/search/", {"q": "national node"}).content.decode()
    assert 'href="/about/"' in html
    assert 'href="/contact/"' not in html
    html = client.get("/search/", {"q": "<b>zzzqqq</b>"}).content.decode()
    assert "&lt;b&gt;zzzqqq&lt;/b&gt;" in html
    assert "Nothing matched" in html


def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_the_live_pages(client):
    factories.sections("about", "topics", "events")
    factories.StandardPageFactory(title="Draft plans", publish=False)
    body = client.get("/sitemap.xml").content.decode()
    for slug in ["about", "topics", "events"]:
        assert f"/{slug}/</loc>" in body
    assert "/draft-plans/</loc>" not in body


def test_home_page_query_count_does_not_grow_with_sections(cold_and_warm, home_page):
    def add_sections(numbers):
        for i in numbers:
            factories.StandardPageFactory(title=f"Extra {i}", show_in_menus=True)

    add_sections(range(3))
    few = cold_and_warm("/")
    add_sections(range(3, 18))
    many = cold_and_warm("/")
    assert ">Extra 17</a>" in many.html  # the menu shows them all
    assert len(many.cold) == len(few.cold), "\n".join(many.cold)
    assert len(many.warm) == len(few.warm) <= 12, "\n".join(many.warm)


def test_public_pages_forbid_inline_scripts_and_framing(client):
    factories.AboutPageFactory()
    response = client.get("/about/")
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_home_page_presents_the_topics(client):
    quality = factories.TopicFactory(
        name="Sample and data quality and reproducibility", slug="quality"
    )
    for topic in (quality, factories.TopicFactory(), factories.TopicFactory()):
        factories.TopicPageFactory(topic=topic)
    factories.TopicPageFactory(title="Not yet", publish=False)
    html = client.get("/").content.decode()
    section = html.split('id="home-topics"')[1].split("</section>")[0]
    assert section.count('class="card"') == 3
    assert 'href="/topics/quality/">Sample and data quality and reproducibility</a>' in section


def test_home_page_hides_the_topics_block_while_there_are_none(client):
    page = factories.TopicPageFactory()
    assert 'id="home-topics"' in client.get("/").content.decode()
    page.unpublish()
    assert 'id="home-topics"' not in client.get("/").content.decode()


def test_home_page_lists_upcoming_events_and_follows_publishing(client):
    events = [
        factories.EventPageFactory(title=f"Meeting {days}", days=days) for days in (9, 5, 7, 20)
    ]
    factories.EventPageFactory(title="Last year's meeting", days=-300)
    html = client.get("/").content.decode()
    section = html.split('id="home-events"')[1].split("</section>")[0]
    titles = [
        title for title in ("Meeting 5", "Meeting 7", "Meeting 9") if f">{title}</a>" in section
    ]
    assert titles == ["Meeting 5", "Meeting 7", "Meeting 9"]
    assert section.index(">Meeting 5</a>") < section.index(">Meeting 7</a>")
    assert "Meeting 20" not in section and "Last year" not in section
    assert section.count('class="card"') == 3

    for event in events:
        event.unpublish()
    assert 'id="home-events"' not in client.get("/").content.decode()
