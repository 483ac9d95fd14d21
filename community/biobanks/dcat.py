"""The hub's collections as a DCAT-AP 3 catalogue, for national catalogues to harvest.

``/biobanks/catalog/ttl/`` (Turtle) and ``/biobanks/catalog/jsonld/`` (JSON-LD) give one
``dcat:Catalog`` with a ``dcat:Dataset`` per collection of every listed biobank (withdrawn
biobanks and collections are left out); a profile asked for ``Accept: text/turtle`` gives its
own biobank's datasets (``community.biobanks.profile.turtle_response``).

Each dataset is the collection's section on its hub profile (``…/<slug>/#collection-<pk>``), with
the Directory ID as ``dct:identifier``, the hub profile and the Directory page as landing pages,
the biobank as publisher (a ``foaf:Agent``), a contact point that links the hub's contact form —
never the hidden ``contact_email`` —, the EU "Health" data theme, keywords from the material and
disease labels and the country from the EU country authority table. The output validates
against the official DCAT-AP 3.0.0 SHACL shapes (tests/catalogue/test_dcat.py). What is served
is kept until the next sync or edit (``hub.cache.remember``: the content generation).
"""

from collections import defaultdict

from django.http import Http404, HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

from community.biobanks.models import Biobank, Collection
from hub.base_url import absolute
from hub.cache import remember

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HEALTH_THEME = URIRef("http://publications.europa.eu/resource/authority/data-theme/HEAL")
COUNTRY_AUTHORITY = "http://publications.europa.eu/resource/authority/country/"
# The Directory writes a few countries with the EU's own codes rather than ISO 3166.
ISO2_EXCEPTIONS = {"UK": "GB", "EL": "GR"}
KEYWORD_TERMS = ("materials", "diagnoses")  # Collection relations whose labels are keywords

FORMATS = {  # name -> (rdflib format, content type)
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
}


def country_iri(code: str) -> URIRef | None:
    """The EU authority table's IRI of an ISO 3166 alpha-2 country code, or None."""
    code = (code or "").upper()
    alpha3 = countries.alpha3(ISO2_EXCEPTIONS.get(code, code))
    return URIRef(f"{COUNTRY_AUTHORITY}{alpha3}") if alpha3 else None


def _uri(url: str) -> URIRef:
    return URIRef(iri_to_uri(url))


def _graph() -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("skos", SKOS)
    graph.bind("vcard", VCARD)
    return graph


def _add_datasets(graph: Graph, index_url: str, biobanks) -> list[URIRef]:
    """One dcat:Dataset per listed collection of the listed `biobanks` (a queryset), in a fixed
    number of queries; the datasets' IRIs."""
    biobanks = {b.pk: b for b in biobanks.filter(withdrawn=False).select_related("country")}
    collections = list(
        Collection.objects.filter(biobank__in=biobanks.keys(), withdrawn=False)
        .select_related("country")
        .order_by("biobank__name", "name", "pk")
    )
    keywords = defaultdict(list)
    for name in KEYWORD_TERMS:
        relation = getattr(Collection, name)
        target = relation.field.remote_field.model._meta.model_name
        for owner, label in (
            relation.through.objects.filter(collection__in=collections)
            .values_list("collection_id", f"{target}__label")
            .order_by(f"{target}__label")
        ):
            if label not in keywords[owner]:
                keywords[owner].append(label)

    datasets = []
    used_theme = False
    for collection in collections:
        biobank = biobanks[collection.biobank_id]
        profile = absolute(f"{index_url}{biobank.slug}/")
        publisher = _uri(f"{profile}#biobank")
        contact = _uri(f"{profile}#contact")
        dataset = _uri(f"{profile}#collection-{collection.pk}")
        datasets.append(dataset)
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.title, Literal(collection.name)))
        graph.add(
            (dataset, DCTERMS.description, Literal(collection.description or collection.name))
        )
        graph.add((dataset, DCTERMS.identifier, Literal(collection.catalogue_id)))
        for page in (profile, collection.directory_url):
            graph.add((dataset, DCAT.landingPage, _uri(page)))
            graph.add((_uri(page), RDF.type, FOAF.Document))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((publisher, RDF.type, FOAF.Agent))
        graph.add((publisher, FOAF.name, Literal(biobank.name)))
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Kind))
        graph.add((contact, VCARD.fn, Literal(biobank.name)))
        # The address is hub-owned and never shown: readers write through the hub's form.
        can_contact = bool(biobank.contact_email)
        graph.add((contact, VCARD.hasURL, _uri(f"{profile}contact/" if can_contact else profile)))
        graph.add((dataset, DCAT.theme, HEALTH_THEME))
        used_theme = True
        for label in keywords.get(collection.pk, []):
            graph.add((dataset, DCAT.keyword, Literal(label)))
        country = collection.country or biobank.country
        place = country_iri(country.code) if country else None
        if place is not None:
            graph.add((dataset, DCTERMS.spatial, place))
            graph.add((place, RDF.type, DCTERMS.Location))
    if used_theme:
        graph.add((HEALTH_THEME, RDF.type, SKOS.Concept))
        graph.add((HEALTH_THEME, SKOS.prefLabel, Literal("Health", lang="en")))
    return datasets


def catalogue_graph(index_page) -> Graph:
    """The whole catalogue: every listed collection of every listed biobank."""
    from community.services.mail import organisation_name

    graph = _graph()
    index_url = index_page.url or "/biobanks/"
    home = _uri(absolute(index_url))
    catalogue = _uri(f"{absolute(index_url)}#catalog")
    organisation = _uri(f"{absolute('/')}#organisation")
    name = organisation_name()
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal(f"{name}: {index_page.title}")))
    description = index_page.intro or _(
        "The biobanks and collections listed by %(name)s, kept in sync with the BBMRI-ERIC "
        "Directory."
    ) % {"name": name}
    graph.add((catalogue, DCTERMS.description, Literal(description)))
    graph.add((catalogue, DCTERMS.publisher, organisation))
    graph.add((organisation, RDF.type, FOAF.Agent))
    graph.add((organisation, FOAF.name, Literal(name)))
    graph.add((catalogue, FOAF.homepage, home))
    graph.add((home, RDF.type, FOAF.Document))
    for dataset in _add_datasets(graph, index_url, Biobank.objects.all()):
        graph.add((catalogue, DCAT.dataset, dataset))
    return graph


def biobank_graph(index_page, biobank) -> Graph:
    """One biobank's datasets (none if it is withdrawn)."""
    graph = _graph()
    _add_datasets(graph, index_page.url or "/biobanks/", Biobank.objects.filter(pk=biobank.pk))
    return graph


def _response(text: str, fmt: str) -> HttpResponse:
    return HttpResponse(text, content_type=FORMATS[fmt][1])


def catalogue_response(index_page, fmt: str) -> HttpResponse:
    """The catalogue as Turtle (``ttl``) or JSON-LD (``jsonld``), kept until content changes."""
    text = remember(
        f"biobanks:dcat:{fmt}:{get_language()}",
        lambda: catalogue_graph(index_page).serialize(format=FORMATS[fmt][0]),
    )
    return _response(text, fmt)


def biobank_response(index_page, biobank, fmt: str = "ttl") -> HttpResponse:
    """One biobank's datasets as Turtle or JSON-LD, kept until content changes."""
    text = remember(
        f"biobanks:dcat:{fmt}:biobank:{biobank.pk}",
        lambda: biobank_graph(index_page, biobank).serialize(format=FORMATS[fmt][0]),
    )
    return _response(text, fmt)


def catalog_view(request, fmt: str) -> HttpResponse:
    """``/biobanks/catalog.ttl`` and ``/biobanks/catalog.jsonld`` (hub/urls.py: Wagtail's page
    paths hold no dot): the catalogue of the site's live, public biobank index."""
    from community.biobanks.pages import BiobankIndexPage

    index_page = BiobankIndexPage.objects.live().public().first()
    if index_page is None:
        raise Http404
    return catalogue_response(index_page, fmt)
