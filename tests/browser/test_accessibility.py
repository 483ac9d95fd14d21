"""axe-core finds no serious or critical violations on the public pages."""

import pytest

from .conftest import assert_accessible


@pytest.mark.parametrize(
    ("display", "html_class"),
    [
        ("normal.normal", "text-normal contrast-normal"),
        ("normal.high", "text-normal contrast-high"),
        ("larger.normal", "text-larger contrast-normal"),
        ("larger.high", "text-larger contrast-high"),
    ],
    ids=["default", "high-contrast", "largest-text", "largest-text-high-contrast"],
)
def test_home_page_is_accessible(live_site, page, display, html_class):
    page.context.add_cookies([{"name": "display", "value": display, "url": live_site}])
    response = page.goto(f"{live_site}/")
    assert response.ok, response.status
    assert page.evaluate("document.documentElement.className") == html_class
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    ["/about/", "/search/?q=biobank", "/newsletter/", "/accounts/login/", "/accounts/signup/",
     "/topics/", "/topics/quality/", "/news/"],
)
def test_page_is_accessible(live_site, page, path):
    response = page.goto(f"{live_site}{path}")
    assert response.ok, f"{path}: HTTP {response.status}"
    assert_accessible(page)
