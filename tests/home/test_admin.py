"""Editors' side: the Wagtail admin screens for the site shell open, filled with what is stored."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.utils.html import escape

from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def field_value(html: str, name: str) -> str | None:
    """The value of the form's <input name="…">, as the editor sees it; None if absent."""
    found = re.search(rf'<input[^>]* name="{re.escape(name)}"[^>]* value="([^"]*)"', html)
    return found and found.group(1)


@pytest.fixture
def editor_client(client, site_tree):
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)
    return client


def test_page_editor_and_site_settings_open(editor_client):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    about.intro = "Who we are & how the community works."
    about.save_revision()  # a draft: the editor opens the latest revision
    response = editor_client.get(f"/admin/pages/{about.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert field_value(html, "title") == "About"
    intro = re.search(r'<textarea[^>]* name="intro"[^>]*>(.*?)</textarea>', html, re.S)
    assert intro and intro.group(1).strip() == escape(about.intro)

    settings = SiteSettings.objects.get()
    links = list(settings.footer_links.all())
    assert links, "the demo has footer links to show"
    response = editor_client.get(f"/admin/settings/home/sitesettings/{settings.site_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert field_value(html, "organisation_name") == escape(settings.organisation_name)
    assert field_value(html, "tagline") == escape(settings.tagline)
    assert field_value(html, "contact_email") == settings.contact_email
    assert "Related communities and websites" in html
    assert field_value(html, "footer_links-INITIAL_FORMS") == str(len(links))
    shown = {
        (field_value(html, f"footer_links-{n}-title"), field_value(html, f"footer_links-{n}-url"))
        for n in range(len(links))
    }
    assert shown == {(escape(link.title), escape(link.url)) for link in links}


def test_anonymous_reader_is_sent_to_the_login_page(client, site_tree):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_without_admin_access_cannot_open_the_admin(client, site_tree, user_factory):
    member = user_factory()
    client.force_login(member)
    for url in ("/admin/", "/admin/pages/", "/admin/settings/home/sitesettings/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/accounts/login/?next={url}", url
        told = {str(m).strip() for m in get_messages(response.wsgi_request)}
        assert told == {"You do not have permission to access the admin."}, url

    # Followed as a browser would: the login page, saying why (it was a redirect loop, as
    # allauth sent a signed-in member straight back to ?next=/admin/).
    page = client.get("/admin/", follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [("/accounts/login/?next=/admin/", 302)]
    assert "You do not have permission to access the admin." in page.content.decode()

    # The same member, once given admin access, gets the dashboard: the refusal was the rule.
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    member = get_user_model().objects.get(pk=member.pk)  # no cached permissions
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="wagtail-sidebar-props"' in response.content.decode()
