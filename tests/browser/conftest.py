"""Browser tests: Debian's headless Chromium, driven by Playwright, against pytest-django's live server.

Every test under tests/browser is marked `browser` (see pytest_collection_modifyitems), so it skips
locally without /usr/bin/chromium and fails under CI=true (tests/conftest.py).

Never run `playwright install`: the browser is Debian's package (apt-get install -y chromium).
"""

from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback, site_tree):
    """The URL of a live server (no trailing slash) serving the demo page tree.

    `live_server` makes the test transactional (the server thread must see committed data); the
    serialized rollback restores what the migrations created (Wagtail's root page, locale,
    collection) after the flush that ends every transactional test, so the next test's
    `site_tree` finds them again. The demo loader's default Site answers for any host and port.
    """
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
