"""Keyboard and style helpers shared by the browser tests."""

MAX_TABS = 30


def tab_to(page, locator, max_tabs: int = MAX_TABS):
    """Press Tab until `locator` has the focus, as a keyboard user would; fail if it never does."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(f"{locator} not reached in {max_tabs} Tab presses; focus is on {focused}")


def html_font_size(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).fontSize")


def body_colours(page) -> tuple[str, str]:
    return tuple(
        page.evaluate(
            "(() => { const s = getComputedStyle(document.body);"
            " return [s.backgroundColor, s.color]; })()"
        )
    )


def log_in_as(page, live_site: str, user) -> None:
    """Sign `user` in for this browser context, as a finished login would: a session cookie.

    Faster than the login form, for tests about what a member sees rather than about logging in.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_site}]
    )
