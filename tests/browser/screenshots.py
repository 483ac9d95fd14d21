"""`make screenshots`: full-page PNGs of every page type of the demo, for reviewing the look.

Not a test (pytest does not collect this file by default): the Makefile target runs it with
`pytest tests/browser/screenshots.py`. Each page type is shot at 1280 px, at 390 px, and at
390 px with the largest text in high contrast, into var/screenshots/<mode>/ (SCREENSHOTS_DIR
sets another folder). The page types are the ones tests/browser/test_page_types.py sweeps, plus
a member's account page.
"""

import os
import re
from pathlib import Path

import pytest

from .helpers import log_in_as
from .test_page_types import MEMBER, PUBLIC_PAGES, SCANNED_ELSEWHERE, day_path

ROOT = Path(__file__).resolve().parents[2]
MODES = {
    "1280": ({"width": 1280, "height": 800}, None),
    "390": ({"width": 390, "height": 844}, None),
    "390-larger-high-contrast": ({"width": 390, "height": 844}, "larger.high"),
}
MEMBER_PATHS = ["/accounts/", "/accounts/profile/"]


def page_paths() -> list[str]:
    return [
        *SCANNED_ELSEWHERE,
        day_path(),
        *(param.values[0] for param in PUBLIC_PAGES),
        "/no-such-page/",
    ]


def file_name(path: str) -> str:
    name = re.sub(r"[^a-zA-Z0-9]+", "-", path).strip("-")
    return f"{name or 'home'}.png"


@pytest.mark.parametrize("mode", list(MODES))
def test_screenshots(live_site, browser, user_factory, mode):
    out = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "var" / "screenshots")) / mode
    out.mkdir(parents=True, exist_ok=True)
    viewport, display = MODES[mode]
    member = user_factory(MEMBER, first_name="Mira", last_name="Member")
    context = browser.new_context(viewport=viewport)
    if display:
        context.add_cookies([{"name": "display", "value": display, "url": live_site}])
    page = context.new_page()
    try:
        for path in page_paths():
            page.goto(f"{live_site}{path}")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=out / file_name(path), full_page=True)
        log_in_as(page, live_site, member)
        for path in MEMBER_PATHS:
            page.goto(f"{live_site}{path}")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=out / file_name(f"member{path}"), full_page=True)
    finally:
        context.close()
    print(f"\n{mode}: screenshots in {out}")
