"""/biobanks/'s collection filters (sex, age group, numbers of samples and donors, access) and
the notified-biobank switch, and what a search that finds nothing offers instead."""

import html as htmllib
import re
from urllib.parse import quote

import pytest

from community.biobanks import facets as facet_index
from community.biobanks.models import DIRECTORY_BASE_URL
from community.biobanks.terms import AccessType, AgeUnit, SampleSize, SexType
from community.models import Biobank, Collection
from hub.cache import forget_cached, generation
from tests import factories
from tests.catalogue.test_finder_panel import chips
from tests.catalogue.test_pages import INDEX, facet, html, listed

pytestmark = pytest.mark.django_db


def term(model, code, label=None):
    return model.objects.get_or_create(code=code, defaults={"label": label or code.title()})[0]


def biobank(name, *, notified=False, withdrawn=False, sex=(), fee=False, joint=False, **fields):
    """A biobank whose one collection has `fields` (size, order_of_magnitude, ages…)."""
    made = factories.BiobankFactory(name=name, notified_biobank=notified, withdrawn=withdrawn)
    collection = made.collections.get()
    for name, value in fields.items():
        setattr(collection, name, value)
    collection.save()
    collection.sex.set([term(SexType, code) for code in sex])
    if fee:
        collection.access_fee.set([term(AccessType, "samples")])
    if joint:
        collection.access_joint_project.set([term(AccessType, "data")])
    return made


@pytest.fixture
def catalogue(biobank_index):
    years, months = term(AgeUnit, "YEAR"), term(AgeUnit, "MONTH")
    biobank(
        "Alpha Biobank",
        notified=True,
        sex=["FEMALE"],
        fee=True,
        size=50,
        order_of_magnitude_donors=term(SampleSize, "4", "10.000 - 100.000"),
        age_low=0,
        age_high=12,
        age_unit=years,
    )
    beta = biobank(
        "Beta Biobank",
        sex=["MALE"],
        joint=True,
        order_of_magnitude=term(SampleSize, "5", "100.000 - 1.000.000"),
        size=None,
        number_of_donors=500,
        age_low=30,
        age_high=70,
    )
    # A withdrawn collection of Beta, and a withdrawn biobank: neither counts.
    gone = Collection.objects.create(
        catalogue_id="gone:1", biobank=beta, name="Old cohort", withdrawn=True, age_low=1
    )
    gone.sex.set([term(SexType, "FEMALE")])
    biobank("Gamma Biobank", notified=True, withdrawn=True, sex=["FEMALE"], size=20)
    biobank("Delta Biobank", size=1500, age_low=0, age_high=24, age_unit=months)
    forget_cached()  # the collections were changed after their biobanks were saved
    return biobank_index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("notified=1", ["alpha-biobank"]),
        ("sex=FEMALE", ["alpha-biobank"]),
        ("sex=FEMALE&sex=MALE", ["alpha-biobank", "beta-biobank"]),
        ("age=children", ["alpha-biobank"]),
        ("age=adults", ["beta-biobank"]),
        ("age=older", ["beta-biobank"]),
        ("samples=0-99", ["alpha-biobank"]),
        ("samples=1000-9999", ["delta-biobank"]),
        ("samples=100000-", ["beta-biobank"]),
        ("samples=0-99&samples=100000-", ["alpha-biobank", "beta-biobank"]),
        ("donors=10000-99999", ["alpha-biobank"]),
        ("donors=100-999", ["beta-biobank"]),
        ("access=fee", ["alpha-biobank"]),
        ("access=joint", ["beta-biobank"]),
        ("access=joint&sex=FEMALE", []),
    ],
)
def test_each_filter_narrows_to_the_biobanks_of_its_collections(client, catalogue, query, expected):
    assert listed(client, query) == expected


def test_the_panel_counts_each_range_in_order_and_each_switch(client, catalogue):
    body = html(client.get(INDEX))
    assert facet(body, "sex") == {"FEMALE": 1, "MALE": 1}
    assert list(facet(body, "samples").items()) == [
        ("0-99", 1),
        ("1000-9999", 1),
        ("100000-", 1),
    ]
    assert facet(body, "age") == {"children": 1, "adults": 1, "older": 1}
    assert facet(body, "access") == {"fee": 1, "joint": 1}
    assert facet(body, "notified") == {"1": 1}
    assert "Older adults (65 and over)" in body and "Fewer than 100" in body
    assert "<legend>Number of donors</legend>" in body

    # Counts follow the other filters: with men only, only Beta's values are left.
    body = html(client.get(f"{INDEX}?sex=MALE"))
    assert facet(body, "age") == {"adults": 1, "older": 1}
    assert facet(body, "sex") == {"FEMALE": 1, "MALE": 1}  # its own selection ignored


def test_unknown_values_are_ignored_not_an_error(client, catalogue):
    everything = listed(client)
    assert len(everything) == 3
    for query in ("samples=lots", "age=babies&donors=-1", "sex=NOBODY", "notified=false"):
        body = html(client.get(f"{INDEX}?{query}"))
        assert chips(body) == {}, query
    assert listed(client, "samples=lots&age=adults") == ["beta-biobank"]


def test_each_chip_removes_its_filter(client, catalogue):
    body = html(client.get(f"{INDEX}?sex=FEMALE&age=children&notified=1&access=fee"))
    assert listed(client, "sex=FEMALE&age=children&notified=1&access=fee") == ["alpha-biobank"]
    assert chips(body) == {
        "Remove filter Sex: Female": f"{INDEX}?age=children&access=fee&notified=1",
        "Remove filter Age group: Children (0–17)": f"{INDEX}?sex=FEMALE&access=fee&notified=1",
        "Remove filter Access: Fee-based access": f"{INDEX}?sex=FEMALE&age=children&notified=1",
        "Remove filter Status: Notified biobank": f"{INDEX}?sex=FEMALE&age=children&access=fee",
    }


def test_the_csv_and_the_api_take_the_new_filters(client, catalogue):
    response = client.get(f"{INDEX}results/csv/?access=joint")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2 and "Beta Biobank" in lines[1]
    data = client.get(f"{INDEX}api/?notified=1&samples=0-99").json()
    assert [item["name"] for item in data["results"]] == ["Alpha Biobank"]


def broader(body) -> dict:
    """{label: (link, count text)} of the broader searches offered when nothing matches."""
    section = re.search(r'<section class="biobank-none".*?</section>', body, re.S)
    assert section, "no zero-result help"
    found = re.findall(r'<li><a href="([^"]*)">(.*?)</a> <span class="count">\((.*?)\)', section[0])
    return {htmllib.unescape(label): (htmllib.unescape(url), count) for url, label, count in found}


def test_no_result_offers_each_filter_removed_with_its_count(client, catalogue):
    body = html(client.get(f"{INDEX}?access=joint&sex=FEMALE&notified=1"))
    assert listed(client, "access=joint&sex=FEMALE&notified=1") == []
    assert ">No biobank matches</h3>" in body
    assert broader(body) == {
        # Without the access filter: Alpha (a woman's collection, notified).
        "Without “Access through joint projects” (Access)": (
            f"{INDEX}?sex=FEMALE&notified=1",
            "1 biobank",
        ),
        # Without "Female", Beta is still not notified; without "notified", Beta has no women:
        # neither is offered.
    }
    assert "directory.bbmri-eric.eu" not in body  # no words to search there


def test_no_result_offers_each_word_alone_and_the_directory(client, catalogue):
    query = "Alpha Delta <zzz> & co"
    body = html(client.get(f"{INDEX}?{'q=' + quote(query)}&samples=0-99"))
    assert ">No biobank matches</h3>" in body
    options = broader(body)
    assert options["Only “Alpha”"] == (f"{INDEX}?q=Alpha&samples=0-99", "1 biobank")
    assert "Only “Delta”" not in options  # Delta has more than 99 samples
    assert "Without the words “Alpha Delta <zzz> & co”" in options
    link = f"{DIRECTORY_BASE_URL}/?search={quote(query, safe='')}"
    assert link.startswith("https://directory.bbmri-eric.eu/ERIC/directory/#/?search=Alpha%20")
    assert f'<a href="{htmllib.escape(link)}">' in body
    assert "Search the BBMRI-ERIC Directory for “Alpha Delta &lt;zzz&gt; &amp; co”" in body
    assert "<zzz>" not in body


def test_an_index_stored_by_the_code_before_a_deploy_is_not_unpacked(
    client, catalogue, monkeypatch
):
    from django.core.cache import cache

    version = generation()
    old = facet_index.build()
    # What the previous code stored: five fields, under the key without a format.
    cache.set(f"biobanks:facets:{version}", (old.pks, old.bits, old.labels, old.chapter_of, 0))
    # And a value of a wrong shape under the new key (a format bump forgotten).
    cache.set(facet_index.stored_key(version), (old.pks, old.bits))
    monkeypatch.setattr(facet_index, "_built", None)  # a worker started after the deploy
    assert listed(client, "notified=1") == ["alpha-biobank"]
    assert len(cache.get(facet_index.stored_key(version))) == 6  # rebuilt and stored again
    monkeypatch.setattr(facet_index, "_built", None)
    assert listed(client, "access=fee") == ["alpha-biobank"]


def test_the_index_is_built_when_the_cache_lost_it(client, catalogue, monkeypatch):
    from django.core.cache import cache

    assert listed(client, "age=older") == ["beta-biobank"]
    cache.clear()
    monkeypatch.setattr(facet_index, "_built", None)
    assert listed(client, "age=older") == ["beta-biobank"]
    Biobank.objects.filter(slug="beta-biobank").update(notified_biobank=True)
    forget_cached()  # as a profile edit does
    assert listed(client, "notified=1") == ["alpha-biobank", "beta-biobank"]
