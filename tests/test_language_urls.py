"""Languages in the URL (issue 21): English at / as always, Dutch under /nl/, French under
/fr/; a switcher on every page to the same page in the other languages, hreflang alternates and a
sitemap that names them, and no cookie for any of it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

WORDS = {"en": "Search", "nl": "Zoeken", "fr": "Rechercher"}
# Never under a language prefix: files and machine endpoints (hub/urls.py).
UNPREFIXED = ("/static/", "/media/", "/documents/")


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def section(html: str, start: str) -> str:
    """From `start` to the end of the element it opens (no nesting of the same tag inside)."""
    tag = re.match(r"<(\w+)", start)[1]
    begin = html.index(start)
    return html[begin : html.index(f"</{tag}>", begin)]


def site_links(html: str) -> list[str]:
    """The page's links to its own site's pages, but the language switcher's own."""
    switcher = section(html, '<nav class="language-switcher"')
    html = html.replace(switcher, "")
    html = re.sub(r'<link rel="alternate"[^>]*>', "", html)
    return [
        href
        for href in hrefs(html)
        if href.startswith("/") and not href.startswith(("//", *UNPREFIXED))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("path", ["/", "/about/"])
def test_dutch_and_french_are_under_their_prefix(client, site_tree, language, path):
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert WORDS[language] in body
    assert response["Content-Language"] == language


@pytest.mark.django_db
def test_links_on_a_dutch_page_stay_dutch(client, site_tree):
    body = client.get("/nl/").content.decode()
    links = site_links(body)
    assert "/nl/about/" in links and "/nl/news/" in links  # the menu, Wagtail's page URLs
    assert 'action="/nl/search/"' in body
    # Demo content may link a path written out by hand; every link the site makes is Dutch.
    made_by_hand = {"/accounts/signup/"}
    assert [link for link in links if not link.startswith("/nl/")] == list(
        made_by_hand & set(links)
    )
    # Links inside a page's own content ({% pageurl %}, rich text) and its breadcrumbs too.
    news = client.get("/nl/news/").content.decode()
    articles = [
        link for link in site_links(news) if link.startswith("/nl/news/") and link != "/nl/news/"
    ]
    assert articles, "the news index links its articles"
    assert client.get(articles[0]).status_code == 200


@pytest.mark.django_db
def test_english_stays_at_the_root_whatever_was_read_before(client, site_tree):
    # A Dutch reader first: nothing cached for them may reach an English reader.
    client.get("/nl/")
    client.get("/nl/about/")
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE="nl")  # the browser does not decide
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in body and "Zoeken" not in body
    links = site_links(body)
    assert "/news/" in links and "/" in links
    assert not [link for link in links if link.startswith(("/nl/", "/fr/"))]
    with override("nl"):
        assert reverse("search") == "/nl/search/"
    assert reverse("search") == "/search/"


@pytest.mark.django_db
def test_the_switcher_leads_to_the_same_page_in_each_language(client, site_tree):
    body = client.get("/nl/search/?q=biobank").content.decode()
    switcher = section(body, '<nav class="language-switcher"')
    assert 'aria-label="Taal"' in switcher
    links = re.findall(r"<a ([^>]*)>([^<]*)</a>", switcher)
    assert [(re.search(r'href="([^"]*)"', attrs)[1], name) for attrs, name in links] == [
        ("/search/?q=biobank", "English"),
        ("/nl/search/?q=biobank", "Nederlands"),
        ("/fr/search/?q=biobank", "Français"),
    ]
    for (attrs, _name), code in zip(links, ["en", "nl", "fr"], strict=True):
        assert f'lang="{code}"' in attrs and f'hreflang="{code}"' in attrs
        assert ("aria-current" in attrs) == (code == "nl")


@pytest.mark.django_db
def test_a_page_names_its_other_languages_with_absolute_links(client, site_tree):
    """The alternates are the page's translations (the demo's about page has Dutch and French
    ones, tests/test_translated_pages.py builds the rest); an English page read under /fr/
    is no French alternate."""
    from home.models import StandardPage

    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    translated = {
        page.locale.language_code: page.url for page in about.get_translations(inclusive=True)
    }
    body = client.get("/fr/about/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))
    base = settings.HUB_BASE_URL
    assert alternates == {
        **{code: f"{base}{url}" for code, url in translated.items()},
        "x-default": f"{base}/about/",
    }


@pytest.mark.django_db
def test_the_sitemap_lists_each_page_in_each_language_with_its_alternates(client, site_tree):
    xml = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<url>(.*?)</url>", xml, re.S)
    about = [entry for entry in entries if re.search(r"<loc>[^<]*/about/</loc>", entry)]
    assert [re.search(r"<loc>([^<]*)</loc>", entry)[1] for entry in about] == [
        "http://testserver/about/",
        "http://testserver/nl/about/",
        "http://testserver/fr/about/",
    ]
    for entry in about:
        assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry) == [
            ("en", "http://testserver/about/"),
            ("nl", "http://testserver/nl/about/"),
            ("fr", "http://testserver/fr/about/"),
            ("x-default", "http://testserver/about/"),
        ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/nl/", "/fr/about/", "/nl/search/?q=biobank", "/nl/accounts/login/", "/sitemap.xml"],
)
def test_no_cookie_but_csrf_for_reading_in_a_language(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 200
    assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}


@pytest.mark.django_db
def test_the_admin_and_machine_endpoints_have_one_url(client, site_tree):
    assert client.get("/admin/").status_code == 302  # to the admin's login
    assert client.get("/nl/admin/").status_code == 404
    with override("fr"):
        assert reverse("wagtailadmin_home") == "/admin/"
        assert reverse("sitemap") == "/sitemap.xml"
        assert reverse("events_calendar_feed") == "/events/feed.ics"
        assert reverse("dcat_catalog_ttl") == "/biobanks/catalog.ttl"
    assert client.get("/nl/sitemap.xml").status_code == 404
