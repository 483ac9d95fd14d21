"""/biobanks/'s filter panel as the reader sees it (the shared pattern of templates/includes/
filter_*.html): options that match nothing are not offered unless ticked, long groups show five
options and "Show all (n)", and each active filter is a chip that removes it."""

import re

import pytest

from community.models import Biobank

pytestmark = pytest.mark.django_db
INDEX = "/biobanks/"
OPTION = re.compile(
    r'<input type="checkbox" name="(?P<name>[^"]+)" value="(?P<value>[^"]+)" id="[^"]+"'
    r'(?P<checked> checked)?>\s*<label[^>]*>.*?<span class="count">\((?P<count>\d+)\)</span>',
    re.S,
)


def html(client, query="") -> str:
    response = client.get(f"{INDEX}?{query}" if query else INDEX)
    assert response.status_code == 200
    return response.content.decode()


def options(body) -> dict:
    """{(name, value): (count, ticked)} of every checkbox offered."""
    return {
        (m["name"], m["value"]): (int(m["count"]), bool(m["checked"]))
        for m in OPTION.finditer(body)
    }


def chips(body) -> dict:
    """{accessible name: link} of the active-filter chips."""
    found = re.findall(r'<a class="filter-chip" href="([^"]*)">(.*?)</a>', body, re.S)
    return {
        " ".join(re.sub(r"<[^>]+>|×", " ", text).split()): href.replace("&amp;", "&")
        for href, text in found
    }


def material_without_commercial_use() -> str:
    """A material none of whose biobanks is available for commercial use."""
    through = Biobank.facet_materials.through
    term = Biobank.facet_materials.field.m2m_reverse_field_name()
    rows = through.objects.filter(biobank__withdrawn=False).values_list(
        f"{term}__code", "biobank__commercial_use"
    )
    commercial = {code for code, used in rows if used}
    candidates = sorted({code for code, _used in rows} - commercial)
    assert candidates, "the demo catalogue needs a material no commercial biobank has"
    return candidates[0]


def test_options_that_match_nothing_are_offered_only_when_ticked(client, demo_catalogue):
    material = material_without_commercial_use()

    body = html(client, f"material={material}")
    offered = options(body)
    assert offered[("material", material)] == (offered[("material", material)][0], True)
    assert ("commercial", "1") not in offered  # "Available for commercial use (0)"
    assert all(count > 0 for count, ticked in offered.values() if not ticked)

    # Ticked, it stays offered (with its zero) so that the reader can untick it.
    body = html(client, f"material={material}&commercial=1")
    offered = options(body)
    assert offered[("commercial", "1")] == (0, True)
    assert offered[("material", material)] == (0, True)
    assert ">No biobank matches</h3>" in body
    assert all(count > 0 for count, ticked in offered.values() if not ticked)


def test_each_chip_removes_its_filter_and_clear_keeps_the_words(client, demo_catalogue):
    body = html(client, "q=rare&material=DNA&type=RD&commercial=1")
    assert chips(body) == {
        "Remove filter Collection type: Rare disease": f"{INDEX}?q=rare&material=DNA&commercial=1",
        "Remove filter Material type: DNA": f"{INDEX}?q=rare&type=RD&commercial=1",
        "Remove filter Use: Available for commercial use": f"{INDEX}?q=rare&type=RD&material=DNA",
    }
    assert re.search(r'class="finder__toggle"[^>]*>Filters <span class="finder__badge">\(3\)', body)
    assert '<a href="/biobanks/?q=rare">Clear filters</a>' in body

    body = html(client)
    assert chips(body) == {}
    assert "Clear filters" not in body


def test_a_long_group_shows_five_options_and_the_rest_behind_show_all(client, demo_catalogue):
    body = html(client)
    group = re.search(r"<legend>Material type</legend>(.*?)</fieldset>", body, re.S).group(1)
    first, _, rest = group.partition('<details class="filter-group__more">')
    shown = OPTION.findall(first)
    hidden = OPTION.findall(rest)
    assert len(shown) == 5 and len(hidden) >= 2
    assert f"Show all ({len(shown) + len(hidden)})" in rest

    # A ticked option is never hidden: ticked options come first.
    last = hidden[-1][1]
    body = html(client, f"material={last}")
    group = re.search(r"<legend>Material type</legend>(.*?)</fieldset>", body, re.S).group(1)
    ticked = [(m["value"], bool(m["checked"])) for m in OPTION.finditer(group)]
    assert ticked[0] == (last, True) and not any(on for _value, on in ticked[1:])


def test_the_profile_writes_ages_with_their_plural_unit_and_numbers_with_separators(
    client, demo_catalogue
):
    from community.models import Collection

    collection = (
        Collection.objects.filter(
            withdrawn=False, age_unit__code="YEAR", age_low__isnull=False, age_high__gt=1
        )
        .select_related("biobank")
        .first()
    )
    assert collection, "the demo catalogue needs a collection with an age range in years"
    collection.size = 18000
    collection.save(update_fields=["size"])
    response = client.get(f"{INDEX}{collection.biobank.slug}/")
    body = " ".join(response.content.decode().split())
    ages = re.findall(r"<dt>Age</dt><dd>(.*?)</dd>", body)
    assert f"{collection.age_low}–{collection.age_high} years" in ages, ages
    assert f"<dt>Age</dt><dd>{collection.age_low}–{collection.age_high} years</dd>" in body
    assert "<dt>Samples</dt><dd>18,000</dd>" in body
    assert " Year</dd>" not in body
