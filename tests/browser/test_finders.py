"""The finders' filter panel in a real browser (templates/includes/filter_*.html): on /biobanks/
each checkbox sits beside its label and no option is clipped or offered with nothing behind it;
on a phone every finder shows its results first and its filters behind "Filters (n)"."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FINDERS = ["/biobanks/", "/training/", "/funding/", "/events/", "/news/", "/partnerships/"]
FIRST_RESULT = ".finder__results > ul > li"

# Every visible option of the panel: its checkbox and label boxes, whether the label is the
# element actually painted at its centre (not clipped by a scroll box), and its text.
OPTIONS_JS = """
() => [...document.querySelectorAll('.filter-panel .filter-option')]
  .filter(li => li.checkVisibility())
  .map(li => {
    const box = li.querySelector('input').getBoundingClientRect();
    const label = li.querySelector('label');
    const text = label.getBoundingClientRect();
    label.scrollIntoView({block: 'center'});
    const now = label.getBoundingClientRect();
    const x = now.left + Math.min(now.width / 2, 20), y = now.top + now.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {
      text: label.textContent.trim().replace(/\\s+/g, ' '),
      checked: li.querySelector('input').checked,
      sameLine: box.top < text.bottom && text.top < box.bottom,
      besides: box.right <= text.left,
      painted: !!hit && label.contains(hit),
    };
  })
"""


def test_biobank_filters_on_a_desktop(live_site, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(f"{live_site}/biobanks/")
        options = page.evaluate(OPTIONS_JS)
        assert len(options) > 5
        problems = [o["text"] for o in options if not (o["sameLine"] and o["besides"])]
        assert not problems, f"checkbox not beside its label: {problems}"
        clipped = [o["text"] for o in options if not o["painted"]]
        assert not clipped, f"options clipped or hidden: {clipped}"
        assert not [o["text"] for o in options if "(0)" in o["text"] and not o["checked"]]

        # Beside the results, no "Filters" button.
        panel = page.locator(".filter-panel").bounding_box()
        first = page.locator(FIRST_RESULT).first.bounding_box()
        assert panel["x"] + panel["width"] <= first["x"]
        expect(page.locator(".finder__toggle")).to_be_hidden()

        # A long group: five options, the rest behind "Show all (n)".
        group = page.locator(".filter-group").filter(has=page.locator(".filter-group__more")).first
        more = group.locator(".filter-group__more")
        hidden = more.locator(".filter-option")
        expect(hidden.first).to_be_hidden()
        summary = more.locator("summary")
        expect(summary).to_contain_text(f"Show all ({5 + hidden.count()})")
        summary.click()
        expect(more).to_have_attribute("open", "")
        for index in range(hidden.count()):
            expect(hidden.nth(index)).to_be_visible()
        expect(summary.locator(".filter-group__hide")).to_have_text("Show fewer")
        expect(summary.locator(".filter-group__show")).to_be_hidden()
        options = page.evaluate(OPTIONS_JS)
        assert all(o["sameLine"] and o["painted"] for o in options)
        assert group.locator(".filter-option:visible").count() == 5 + hidden.count()

        # Ticking a filter and applying it gives a removable chip.
        checkbox = page.locator(".filter-option input").first
        checkbox.check()
        page.get_by_role("button", name="Show biobanks").click()
        chip = page.locator(".filter-chip").first
        expect(chip).to_contain_text("×")
        expect(page.get_by_role("button", name="Filters (1)")).to_be_hidden()
        assert_accessible(page)
        chip.click()
        expect(page.locator(".filter-chip")).to_have_count(0)
    finally:
        context.close()


def test_every_finder_shows_results_first_on_a_phone(live_site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = []
    try:
        for path in FINDERS:
            page.goto(f"{live_site}{path}")
            toggle = page.locator(".finder__toggle")
            panel = page.locator(".filter-panel")
            if not toggle.is_visible():
                problems.append(f"{path}: no visible Filters button")
                continue
            first = page.locator(FIRST_RESULT).first
            if not first.count():
                problems.append(f"{path}: no result listed")
                continue
            top = first.bounding_box()["y"]
            if top > 2 * PHONE["height"]:
                problems.append(f"{path}: the first result starts at {top:.0f} px")
            if panel.is_visible():
                problems.append(f"{path}: the filters are open before the reader asks")
            if toggle.get_attribute("aria-expanded") != "false":
                problems.append(f"{path}: the Filters button does not say it is collapsed")
            toggle.click()
            if toggle.get_attribute("aria-expanded") != "true" or not panel.is_visible():
                problems.append(f"{path}: the Filters button does not open the filters")
                continue
            submit = panel.locator(".filter-panel__actions button[type=submit]")
            if not submit.is_visible():
                problems.append(f"{path}: no button to apply the filters")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{path}: scrolls sideways ({width} px) with the filters open")
            if path == "/biobanks/":
                assert_accessible(page)
                page.keyboard.press("Escape")
                if toggle.get_attribute("aria-expanded") != "false":
                    problems.append(f"{path}: Escape does not close the filters")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/biobanks/?material=DNA"])
def test_without_javascript_the_filters_follow_the_results(live_site, browser, path):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_site}{path}")
        jump = page.get_by_role("link", name="Filters (1)")
        expect(jump).to_be_visible()
        first = page.locator(FIRST_RESULT).first.bounding_box()
        panel = page.locator(".filter-panel").bounding_box()
        assert first["y"] < 2 * PHONE["height"] and first["y"] < panel["y"]
        jump.click()
        page.get_by_role("button", name="Show biobanks").click()
        expect(page.locator(".filter-chip")).to_have_count(1)
    finally:
        context.close()
