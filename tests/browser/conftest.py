"""Browser tests: Debian's headless Chromium, driven by Playwright, against a live server.

Every test under tests/browser is marked `browser` (see pytest_collection_modifyitems), so it skips
locally without /usr/bin/chromium and fails under CI=true (tests/conftest.py).

Never run `playwright install`: the browser is Debian's package (apt-get install -y chromium).
"""

from pathlib import Path

import pytest

from hub.env import env_bool

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.hookimpl(tryfirst=True)  # before pytest's own -m deselection sees the items
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _django_connections(django_db_setup):
    """Django's database wrappers as the test databases were set up, before Playwright starts."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session", autouse=True)
def _keep_django_connections_under_playwright(_django_connections, playwright):
    """Hand the same database wrappers to the code that runs once Playwright has started.

    Playwright's sync API runs on greenlets, and once it has started the tests see another
    contextvars context; Django keeps its connections in an asgiref Local (contextvars), so the
    tests would get fresh wrappers: without the serialized copy of the database that
    `django_db_serialized_rollback` restores, and, on in-memory SQLite, not the connection the
    live server shares.
    """
    from django.db import connections

    for alias, wrapper in _django_connections.items():
        connections[alias] = wrapper


@pytest.fixture(scope="session")
def base_url():
    """Unused (tests build URLs from `live_site`); replaces pytest-playwright's class-based
    fixture, which pytest 9 warns about."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Session fixtures are set up before the function-scoped check in tests/conftest.py, so
    # without Chromium the launch would error: skip (locally) or fail (CI) with the reason here.
    if not Path(CHROMIUM).is_file():
        reason = f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)"
        if env_bool("CI", False):
            pytest.fail(f"{reason} (CI=true: this test must run, not skip)", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback, site_tree, settings):
    """The URL of a live server (no trailing slash) serving the demo page tree.

    `live_server` makes the test transactional (the server thread must see committed data); the
    serialized rollback restores what the migrations created (Wagtail's root page, locale,
    collection) after the flush that ends every transactional test, so the next test's
    `site_tree` finds them again. The demo loader's default Site answers for any host and port;
    mails link HUB_BASE_URL, set to the server's address as `make run` sets it to its port.
    """
    settings.HUB_BASE_URL = live_server.url
    return live_server.url


def assert_accessible(page, context=None):
    """Run axe-core on the page; fail listing every serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious/critical axe violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    at {' > '.join(map(str, node['target']))}")
                summary = node.get("failureSummary", "").replace("\n", " ")
                if summary:
                    lines.append(f"       {summary}")
        pytest.fail("\n".join(lines), pytrace=False)
