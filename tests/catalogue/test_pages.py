"""/biobanks/: the faceted search and its counts, the profile, the exports and the JSON API,
with query budgets that do not grow with the catalogue."""

import csv
import io
import json
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Biobank, Collection

from .conftest import DATA

pytestmark = pytest.mark.django_db
INDEX = "/biobanks/"
RESULT = re.compile(r'<h3 class="biobank-card__title"><a href="/biobanks/([^/"]+)/">')


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(client, query="") -> list[str]:
    return RESULT.findall(html(client.get(f"{INDEX}?{query}")))


def facet(body, param) -> dict:
    """{code: count} of a facet as shown (checkbox value and the count after its label)."""
    found = re.findall(
        rf'name="{param}" value="([^"]+)" id="[^"]+"(?: checked)?>\s*<label[^>]*>[^<]*'
        r'<span class="count">\((\d+)\)</span>',
        body,
    )
    return {code: int(count) for code, count in found}


def chip_names(body) -> list[str]:
    """The accessible names of the active-filter chips (tags and the "×" left out)."""
    chips = re.findall(r'<a class="filter-chip" href="[^"]*">(.*?)</a>', body, re.S)
    return [" ".join(re.sub(r"<[^>]+>|×", " ", chip).split()) for chip in chips]


def test_index_lists_every_biobank_by_name_with_a_first_time_entry(client, demo_catalogue):
    body = html(client.get(INDEX))
    slugs = RESULT.findall(body)
    assert len(slugs) == 13
    names = list(
        Biobank.objects.filter(slug__in=slugs).order_by("name").values_list("slug", flat=True)
    )
    assert slugs == names
    assert "Where to start" in body and "?material=" in body
    assert "<legend>Material type</legend>" in body


def test_facet_counts_and_combined_filters(client, demo_catalogue):
    body = html(client.get(INDEX))
    materials = facet(body, "material")
    assert materials["DNA"] == 9 and materials["PLASMA"] == 7
    assert facet(body, "country") == {"BE": 13}
    assert facet(body, "chapter")["II"] == 10  # neoplasms

    # Within a facet values combine with OR, across facets with AND; the counts of a facet
    # ignore its own selection, so the other values stay choosable.
    both = listed(client, "material=CELL_LINES&material=FECES")
    assert sorted(both) == ["ipg", "uz-brussel", "uz-gent"]
    body = html(client.get(f"{INDEX}?material=DNA&type=RD"))
    assert sorted(RESULT.findall(body)) == ["ipg", "uz-brussel"]
    assert facet(body, "material")["DNA"] == 2
    assert facet(body, "type")["RD"] == 2 and facet(body, "type")["DISEASE_SPECIFIC"] == 7
    assert "checked>" in body and chip_names(body) == [
        "Remove filter Collection type: Rare disease",
        "Remove filter Material type: DNA",
    ]


def test_disease_facet_goes_from_chapter_to_code(client, demo_catalogue):
    body = html(client.get(f"{INDEX}?chapter=II"))
    assert len(RESULT.findall(body)) == 10
    diseases = facet(body, "disease")
    assert diseases["urn:miriam:icd:C50"] == 4
    assert sorted(listed(client, "chapter=II&disease=urn:miriam:icd:C50")) == [
        "bordet",
        "chu-liege",
        "ipg",
        "uza",
    ]
    assert 'name="disease"' not in html(client.get(INDEX))


def test_commercial_and_quality_filters(client, demo_catalogue):
    assert sorted(listed(client, "commercial=1")) == [
        "bordet",
        "chu-liege",
        "ipg",
        "uz-gent",
        "uz-leuven",
        "uza",
    ]
    assert sorted(listed(client, "quality=ISO-20387-2018")) == ["bordet", "uza"]


def test_text_search_over_collections_diseases_and_materials(client, demo_catalogue):
    assert listed(client, "q=Crohn") == ["uz-gent"]  # a disease label of a collection
    assert "ipg" in listed(client, "q=marfan")
    assert listed(client, "q=BruTus") == ["brutus"]
    assert listed(client, "q=tuberculosis&country=BE") == ["erasme"]
    assert listed(client, "q=nothing-like-this") == []


def test_text_search_tolerates_a_typo_with_the_search_backend(
    search_backend, client, demo_catalogue
):
    from community.models import Biobank

    search_backend.add_bulk(Biobank, list(Biobank.objects.all()))
    assert listed(client, "q=tuberculosis") == ["erasme"]
    body = html(client.get(f"{INDEX}?q=tuberculoses"))
    assert RESULT.findall(body) == ["erasme"]
    body = html(client.get(f"{INDEX}?q=tuberclosis"))
    assert RESULT.findall(body) == ["erasme"]
    assert "similar words" in body


def test_bad_parameters_never_break_the_page(client, demo_catalogue):
    assert listed(client, "material=NOPE") == []
    assert len(listed(client, "sort=sideways&page=99")) == 13
    assert client.get(f"{INDEX}?q=" + "x" * 500).status_code == 200
    assert client.get(f"{INDEX}?q=%22unbalanced").status_code == 200


def test_pagination_keeps_the_search_in_the_url(client, demo_catalogue, monkeypatch):
    from community.biobanks import search

    monkeypatch.setattr(search, "PER_PAGE", 3)
    body = html(client.get(f"{INDEX}?country=BE"))
    assert len(RESULT.findall(body)) == 3
    assert re.search(r'href="\?country=BE&amp;page=2" rel="next"', body)
    second = listed(client, "country=BE&page=2")
    assert len(second) == 3 and not set(second) & set(RESULT.findall(body))


def test_results_as_csv(client, demo_catalogue):
    response = client.get(f"{INDEX}results/csv/?material=CELL_LINES")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == [
        "bbmri-eric:ID:BE_UZBRUSSEL",
        "bbmri-eric:ID:BE_IPG",
    ] or sorted(row["id"] for row in rows) == ["bbmri-eric:ID:BE_IPG", "bbmri-eric:ID:BE_UZBRUSSEL"]
    assert rows[0]["profile"].startswith("http://testserver/biobanks/")
    assert "results/csv/?material=CELL_LINES" in html(client.get(f"{INDEX}?material=CELL_LINES"))


@pytest.mark.parametrize(
    "path",
    [
        INDEX,
        f"{INDEX}?material=DNA&chapter=II&q=tumour&sort=name",
        f"{INDEX}?chapter=II&disease=urn:miriam:icd:C50&commercial=1&page=1",
        f"{INDEX}bordet/",
        f"{INDEX}api/uz-gent/",
    ],
)
def test_query_count_does_not_grow_with_the_catalogue(
    client, demo_catalogue, path, django_assert_max_num_queries
):
    """The page's own queries stay within 12 (the site's shell adds its own, as elsewhere:
    the project budget for a whole page is 25); more data never means more queries."""
    from community.biobanks.catalogue import sync

    client.get(path)  # warm caches (site root paths, index URL)
    with CaptureQueriesContext(connection) as before:
        html(client.get(path))
    baseline = len(before.captured_queries)
    own = [q for q in before.captured_queries if "community_" in q["sql"]]
    assert len(own) <= 12, [q["sql"][:80] for q in own]
    sync(str(DATA / "nl-small"), source_key="nl")
    sync(str(DATA / "small"), source_key="small")
    client.get(path)
    with django_assert_max_num_queries(baseline):
        html(client.get(path))
    with django_assert_max_num_queries(25):
        html(client.get(path))


# --- Profile ----------------------------------------------------------------------------------


def test_profile_shows_collections_quality_access_and_links(client, demo_catalogue):
    bordet = Biobank.objects.get(slug="bordet")
    body = html(client.get(f"{INDEX}bordet/"))
    assert "<h1>Biothèque de l&#x27;Institut Jules Bordet" in body
    assert "Solid tumour biobank" in body and "Liquid biopsy collection" in body
    assert "Malignant neoplasm of breast" in body
    assert "ISO 20387:2018 Biobanking" in body
    assert "Fee-based and joint-project access" in body
    assert f'href="{bordet.directory_url}"' in body
    assert "Last synced with the catalogue on" in body
    assert "Demo data" in body


def test_profile_lists_the_public_partnership_listings_that_name_it(
    client, demo_catalogue, user_factory
):
    from datetime import timedelta

    from django.utils import timezone

    from funding.models import PartnershipListing

    bordet = Biobank.objects.get(slug="bordet")

    def listing(title, status):
        made = PartnershipListing.objects.create(
            kind="offer",
            title=title,
            summary="Tumour tissue.",
            description="Tissue.",
            organisation_name="Bordet",
            organisation_type="biobank",
            sector="academic",
            resources=["samples"],
            commercial_use="allowed",
            contact_role="Biobank manager",
            contact_email="biobank@example.org",
            status=status,
            submitted_by=user_factory(email=f"{status}@example.org"),
            expires_on=timezone.localdate() + timedelta(days=60),
        )
        made.biobanks.add(bordet)
        return made

    approved = listing("Breast tumour tissue on offer", "approved")
    listing("Not reviewed yet", "pending")
    body = html(client.get(f"{INDEX}bordet/"))
    assert f'<a href="{approved.url}">Breast tumour tissue on offer</a>' in body
    assert "Not reviewed yet" not in body


def test_profile_json_ld(client, demo_catalogue):
    body = html(client.get(f"{INDEX}bordet/"))
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "DataCatalog"
    assert data["identifier"] == "bbmri-eric:ID:BE_BORDET"
    assert {d["@type"] for d in data["dataset"]} == {"Dataset"}
    assert {d["name"] for d in data["dataset"]} == {
        "Solid tumour biobank",
        "Liquid biopsy collection",
    }
    assert "</script" not in raw.lower()


def test_withdrawn_profile_says_so_and_unknown_is_404(client, demo_catalogue):
    from hub.cache import forget_cached

    Biobank.objects.filter(slug="ipg").update(withdrawn=True)
    forget_cached()  # as the sync does in its transaction
    body = html(client.get(f"{INDEX}ipg/"))
    assert "no longer listed in the BBMRI-ERIC Directory" in body
    assert "ipg" not in listed(client)
    assert client.get(f"{INDEX}no-such-biobank/").status_code == 404


def test_user_text_is_escaped(client, demo_catalogue):
    Biobank.objects.filter(slug="uza").update(
        description="<script>alert(1)</script>", local_introduction="<b>bold</b>"
    )
    body = html(client.get(f"{INDEX}uza/"))
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body
    assert "<b>bold</b>" not in body


# --- Machine-readable -------------------------------------------------------------------------


def test_json_api(client, demo_catalogue):
    data = client.get(f"{INDEX}api/?material=CELL_LINES").json()
    assert data["count"] == 2
    detail = client.get(f"{INDEX}api/uz-gent/").json()
    assert detail["id"] == "bbmri-eric:ID:BE_UZGENT"
    assert {c["name"] for c in detail["collections"]} == {
        "Hepatopancreatobiliary tumours",
        "Inflammatory bowel disease cohort",
        "Paediatric IBD sub-cohort",
    }
    ibd = next(c for c in detail["collections"] if c["name"].startswith("Inflammatory"))
    assert ibd["materials"] == ["FECES", "SERUM", "TISSUE_FROZEN"] or set(ibd["materials"]) == {
        "FECES",
        "SERUM",
        "TISSUE_FROZEN",
    }
    assert ibd["quality"] == [{"standard": "cen-ts-16945-2016", "level": "eric"}]
    assert "contact_email" not in json.dumps(detail)
    assert client.get(f"{INDEX}api/nope/").status_code == 404


def test_emx2_export_syncs_back_unchanged(client, demo_catalogue, tmp_path):
    from community.biobanks.catalogue import sync

    response = client.get(f"{INDEX}export/emx2/")
    assert response.status_code == 200
    archive = tmp_path / "hub.zip"
    archive.write_bytes(response.content)
    assert set(zipfile.ZipFile(archive).namelist()) == {
        "Biobanks.csv",
        "Collections.csv",
        "QualityInfoBiobanks.csv",
        "QualityInfoCollections.csv",
    }
    report = sync(str(archive), source_key="demo-be", dry_run=True)
    # Every catalogue value survives the round trip; only the demo marker is not exported.
    assert {tuple(fields) for _id, _name, fields in report.biobanks.changed} == {("source",)}
    assert report.collections.unchanged == 24 and not report.collections.changed
    assert not (report.biobanks.added or report.collections.added or report.terms_added)
    assert Collection.objects.count() == 24
