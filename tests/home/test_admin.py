"""Editors' side: the Wagtail admin screens for the site shell open and save."""

import pytest
from django.contrib.auth import get_user_model

from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, site_tree):
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)
    return client


def test_page_editor_and_site_settings_open(editor_client):
    about = StandardPage.objects.get(slug="about")
    assert editor_client.get(f"/admin/pages/{about.pk}/edit/").status_code == 200
    settings = SiteSettings.objects.get()
    response = editor_client.get(f"/admin/settings/home/sitesettings/{settings.site_id}/")
    assert response.status_code == 200
    assert "Related communities and websites" in response.content.decode()


def test_anonymous_reader_is_sent_to_the_login_page(client, site_tree):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_without_admin_access_cannot_open_the_admin(client, site_tree, user_factory):
    client.force_login(user_factory())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "Pages" not in response.content.decode()
