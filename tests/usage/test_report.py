"""The figures as editors see them: Reports → Usage, the dashboard panel, a page's own views
from its editor, `manage.py usage_report` and the purge of old search words."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hub.usage.models import PageViewCount, ReferrerCount, ZeroResultSearch
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(home_page):
    about = factories.AboutPageFactory()
    today = timezone.localdate()
    PageViewCount.objects.create(day=today, path="/about/", views=5)
    PageViewCount.objects.create(day=today - timedelta(days=1), path="/about/", views=2)
    PageViewCount.objects.create(day=today - timedelta(days=20), path="/search/", views=4)
    ReferrerCount.objects.create(day=today, path="/about/", domain="example.org", visits=3)
    ZeroResultSearch.objects.create(day=today, kind="site", query="cryo tubes", searches=6)
    return about


@pytest.fixture
def editor_client(user_factory):
    client = Client()
    client.force_login(user_factory(email="ed@example.org", is_staff=True, is_superuser=True))
    return client


def test_the_admin_report_shows_pages_trend_referrers_and_empty_searches(figures, editor_client):
    html = editor_client.get("/admin/usage/?days=7").content.decode()
    assert "7 page views from" in html  # /search/ was 20 days ago
    assert f'<a href="/admin/pages/{figures.pk}/edit/">About</a>' in html
    assert "example.org" in html and "cryo tubes" in html
    assert 'aria-current="page">Last 7 days' in html
    html = editor_client.get("/admin/usage/?days=30").content.decode()
    assert "11 page views from" in html
    assert html.count("width: 100%") == 1  # the busiest day's bar


def test_the_report_is_for_admin_users_only(figures, user_factory):
    member = Client()
    member.force_login(user_factory())
    assert member.get("/admin/usage/").status_code in (302, 403)
    assert Client().get("/admin/usage/").status_code == 302


def test_the_report_is_in_the_reports_menu(figures, editor_client):
    menu = editor_client.get("/admin/reports/locked/").content.decode()
    # The sidebar menu is data for Wagtail's script: {"name": ..., "label": ..., "url": ...}.
    assert "&quot;label&quot;: &quot;Usage&quot;" in menu or '"label": "Usage"' in menu
    assert "/admin/usage/" in menu


def test_the_dashboard_shows_top_pages_this_week_and_empty_searches(figures, editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "Top pages this week" in html
    panel = html[html.index("Top pages this week") :]
    assert "About" in panel and "<td>7</td>" in panel and "cryo tubes" in panel


def test_a_pages_editor_shows_its_views_of_30_days(figures, editor_client):
    html = editor_client.get(f"/admin/pages/{figures.pk}/edit/").content.decode()
    assert "7 views in 30 days" in html
    page = editor_client.get(f"/admin/usage/page/{figures.pk}/").content.decode()
    assert "7 views in the last 30 days." in page
    assert "<td>5</td>" in page and "<td>2</td>" in page


def test_usage_report_command_prints_the_same_as_text(figures):
    out = io.StringIO()
    call_command("usage_report", "--days", "30", stdout=out)
    text = out.getvalue()
    assert ": 11 page views" in text
    assert "        7  /about/  About" in text
    assert "        4  /search/" in text
    assert "        3  example.org" in text
    assert "        6  cryo tubes  (Site search)" in text


def test_old_search_words_are_purged_after_the_retention_period(figures, settings):
    settings.USAGE_SEARCH_RETENTION_DAYS = 90
    old = timezone.localdate() - timedelta(days=91)
    ZeroResultSearch.objects.create(day=old, kind="site", query="old words", searches=1)
    out = io.StringIO()
    call_command("purge_usage_searches", stdout=out)
    assert "deleted: 1" in out.getvalue()
    assert list(ZeroResultSearch.objects.values_list("query", flat=True)) == ["cryo tubes"]
