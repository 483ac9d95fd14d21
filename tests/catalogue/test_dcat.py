"""The DCAT-AP 3 catalogue of /biobanks/ (catalog.ttl, catalog.jsonld, a profile asked for
Turtle): one dataset per listed collection, valid against the official DCAT-AP 3.0.0 shapes,
never the hidden contact address, and new after a sync."""

import shutil
from pathlib import Path

import pytest
from django.test import Client
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from community.biobanks.dcat import VCARD
from community.models import Biobank, Collection
from community.services.mail import organisation_name

from .conftest import DEMO, rewrite

pytestmark = pytest.mark.django_db
SHAPES = Path(__file__).resolve().parent.parent / "data" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"
TURTLE = "/biobanks/catalog.ttl"
JSONLD = "/biobanks/catalog.jsonld"
HIDDEN = "never-shown-desk@uza.example.org"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def fetch(client, url, **headers) -> tuple[Graph, str]:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    kind = response["Content-Type"].split(";")[0]
    graph = Graph().parse(data=text, format={"text/turtle": "turtle"}.get(kind, "json-ld"))
    return graph, text


def identifiers(graph) -> set[str]:
    return {
        str(graph.value(dataset, ns.DCTERMS.identifier))
        for dataset in graph.subjects(ns.RDF.type, ns.DCAT.Dataset)
    }


def listed_collections() -> set[str]:
    return set(
        Collection.objects.filter(withdrawn=False, biobank__withdrawn=False).values_list(
            "catalogue_id", flat=True
        )
    )


def test_catalogue_lists_each_collection_once_and_conforms_to_dcat_ap(client, demo_catalogue):
    from pyshacl import validate

    response = client.get(TURTLE)
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    graph, _text = fetch(client, TURTLE)
    datasets = list(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert len(datasets) == len(listed_collections()) > 10
    assert identifiers(graph) == listed_collections()
    catalogue = graph.value(predicate=ns.RDF.type, object=ns.DCAT.Catalog)
    assert set(graph.objects(catalogue, ns.DCAT.dataset)) == set(datasets)
    publisher = graph.value(catalogue, ns.DCTERMS.publisher)
    assert graph.value(publisher, ns.FOAF.name) == Literal(organisation_name())
    assert str(graph.value(catalogue, ns.FOAF.homepage)) == "http://testserver/biobanks/"

    onco = next(
        d for d in datasets if "collection:onco" in str(graph.value(d, ns.DCTERMS.identifier))
    )
    uza = Biobank.objects.get(catalogue_id="bbmri-eric:ID:BE_UZA")
    collection = Collection.objects.get(catalogue_id="bbmri-eric:ID:BE_UZA:collection:onco")
    assert str(onco).endswith(f"/biobanks/{uza.slug}/#collection-{collection.pk}")
    assert graph.value(onco, ns.DCTERMS.title) == Literal("Solid tumour collection")
    assert {str(page) for page in graph.objects(onco, ns.DCAT.landingPage)} == {
        f"http://testserver/biobanks/{uza.slug}/",
        collection.directory_url,
    }
    assert graph.value(onco, ns.DCAT.theme) == URIRef(
        "http://publications.europa.eu/resource/authority/data-theme/HEAL"
    )
    assert graph.value(onco, ns.DCTERMS.spatial) == URIRef(
        "http://publications.europa.eu/resource/authority/country/BEL"
    )
    keywords = {str(k) for k in graph.objects(onco, ns.DCAT.keyword)}
    assert {term.label for term in collection.materials.all()} <= keywords
    assert {term.label for term in collection.diagnoses.all()} <= keywords

    conforms, _report_graph, report = validate(
        graph, shacl_graph=Graph().parse(SHAPES), inference="none"
    )
    assert conforms, report


def test_the_contact_point_is_the_hub_form_never_the_hidden_address(client, demo_catalogue):
    uza = Biobank.objects.get(catalogue_id="bbmri-eric:ID:BE_UZA")
    uza.contact_email = HIDDEN
    uza.save()  # an editor's change: a new content generation
    graph, turtle = fetch(client, TURTLE)
    _graph, jsonld = fetch(client, JSONLD)
    _graph, own = fetch(client, f"/biobanks/{uza.slug}/", HTTP_ACCEPT="text/turtle")
    for text in (turtle, jsonld, own):
        assert HIDDEN not in text and "mailto:" not in text
    dataset = next(
        d for d in graph.subjects(ns.RDF.type, ns.DCAT.Dataset) if f"/{uza.slug}/#" in str(d)
    )
    contact = graph.value(dataset, ns.DCAT.contactPoint)
    assert (contact, ns.RDF.type, VCARD.Kind) in graph
    assert graph.value(contact, VCARD.fn) == Literal(uza.name)
    assert str(graph.value(contact, VCARD.hasURL)).endswith(f"/biobanks/{uza.slug}/contact/")
    assert graph.value(contact, VCARD.hasEmail) is None


def test_jsonld_is_the_same_catalogue_as_turtle(client, demo_catalogue):
    turtle, _text = fetch(client, TURTLE)
    response = client.get(JSONLD)
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    jsonld, _text = fetch(client, JSONLD)
    assert len(jsonld) > 100
    assert isomorphic(turtle, jsonld)


def test_a_sync_that_withdraws_a_collection_drops_its_dataset(client, demo_catalogue, tmp_path):
    from community.biobanks.catalogue import sync

    gone = "bbmri-eric:ID:BE_UZA:collection:covid"
    before, _text = fetch(client, TURTLE)
    assert gone in identifiers(before)

    export = tmp_path / "demo"
    shutil.copytree(DEMO, export)
    rewrite(export / "Collections.csv", lambda rows: [r for r in rows if r["id"] != gone])
    sync(str(export), source_key="demo-be")
    assert Collection.objects.get(catalogue_id=gone).withdrawn

    after, turtle = fetch(client, TURTLE)
    assert gone not in identifiers(after) and gone not in turtle
    assert identifiers(after) == identifiers(before) - {gone}
    uza = Biobank.objects.get(catalogue_id="bbmri-eric:ID:BE_UZA")
    own, _text = fetch(client, f"/biobanks/{uza.slug}/", HTTP_ACCEPT="text/turtle")
    assert gone not in identifiers(own)


def test_a_profile_gives_turtle_to_harvesters_and_html_to_browsers(client, demo_catalogue):
    uza = Biobank.objects.get(catalogue_id="bbmri-eric:ID:BE_UZA")
    url = f"/biobanks/{uza.slug}/"

    harvester = client.get(url, HTTP_ACCEPT="text/turtle, */*;q=0.1")
    assert harvester["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in harvester["Vary"]
    graph = Graph().parse(data=harvester.content.decode(), format="turtle")
    assert identifiers(graph) == set(
        uza.collections.filter(withdrawn=False).values_list("catalogue_id", flat=True)
    )

    for accept in (BROWSER, "*/*", "text/html;q=1, text/turtle;q=0.5"):
        browser = client.get(url, HTTP_ACCEPT=accept)
        assert browser["Content-Type"].startswith("text/html"), accept
        assert "Accept" in browser["Vary"]
        assert uza.name in browser.content.decode()

    assert client.get("/biobanks/no-such-biobank/", HTTP_ACCEPT="text/turtle").status_code == 404


def test_with_the_page_cache_on_each_reader_gets_the_format_they_asked_for(
    client, demo_catalogue, settings
):
    """The page cache keys on the path: a negotiated page must never be stored, or a harvester
    would get the HTML a browser caused to be stored (and the other way round)."""
    settings.PAGE_CACHE_SECONDS = 60
    uza = Biobank.objects.get(catalogue_id="bbmri-eric:ID:BE_UZA")
    url = f"/biobanks/{uza.slug}/"
    for accept, content_type in [
        (BROWSER, "text/html"),
        ("text/turtle", "text/turtle"),
        (BROWSER, "text/html"),
        ("text/turtle", "text/turtle"),
    ]:
        response = Client().get(url, HTTP_ACCEPT=accept)
        assert response["Content-Type"].startswith(content_type), accept
        assert response.get("X-Page-Cache") != "hit"
