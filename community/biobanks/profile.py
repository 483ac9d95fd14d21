"""A biobank's profile (/biobanks/<slug>/): the catalogue's data, cached, and the page's context.

``load_profile`` reads the biobank, its collections with their terms and its quality marks in a
fixed number of queries, and keeps them until the next sync or edit (``hub.cache``); the JSON API
(``community.biobanks.api``) reads the same. ``page_context`` adds what the hub links to it
(topics, working groups, partnership listings) and the JSON-LD.
"""

from collections import defaultdict

from django.db.models import CharField, Q, Value
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.biobanks import jsonld
from community.biobanks.models import NEGOTIATOR_URL, Biobank, Collection, QualityMark, SyncRun
from hub.cache import remember
from hub.privacy import public

COLLECTION_TERMS = {  # relation -> heading
    "types": gettext_lazy("Collection types"),
    "materials": gettext_lazy("Materials"),
    "diagnoses": gettext_lazy("Diseases"),
    "data_categories": gettext_lazy("Data categories"),
    "sex": gettext_lazy("Sex"),
    "storage_temperatures": gettext_lazy("Storage temperatures"),
    "access_fee": gettext_lazy("Fee-based access to"),
    "access_joint_project": gettext_lazy("Joint-project access to"),
}
TEMPLATE = "community/biobanks/biobank_profile.html"


def load_profile(slug) -> dict:
    """Everything a profile shows from the catalogue, kept until the next sync or edit."""
    return remember(f"biobank-profile:{slug}", lambda: _load_profile(slug))


def _load_profile(slug) -> dict:
    """Everything a profile shows from the catalogue, in a fixed number of queries (7)."""
    biobank = Biobank.objects.select_related("country", "photo").filter(slug=slug).first()
    if biobank is None:
        raise Http404(_("No biobank has this address."))
    collections = list(
        Collection.objects.filter(biobank=biobank)
        .select_related(
            "country", "age_unit", "order_of_magnitude", "order_of_magnitude_donors", "parent"
        )
        .order_by("withdrawn", "parent_id", "name")
    )
    # Every many-to-many value of every collection, in one query.
    parts = []
    for name in COLLECTION_TERMS:
        relation = getattr(Collection, name)
        target = relation.field.remote_field.model._meta.model_name
        parts.append(
            relation.through.objects.filter(collection__biobank=biobank)
            .values_list(
                "collection_id",
                Value(name, output_field=CharField()),
                f"{target}__code",
                f"{target}__label",
            )
            .order_by()
        )
    terms = defaultdict(lambda: defaultdict(list))
    for owner, name, code, label in parts[0].union(*parts[1:], all=True):
        terms[owner][name].append({"code": code, "label": label})
    marks = defaultdict(list)
    biobank_marks = []
    for mark in QualityMark.objects.filter(
        Q(biobank=biobank) | Q(collection__biobank=biobank)
    ).select_related("standard", "level"):
        if mark.biobank_id:
            biobank_marks.append(mark)
        else:
            marks[mark.collection_id].append(mark)
    items = []
    for collection in collections:
        by_name = terms.get(collection.pk, {})
        items.append(
            {
                "collection": collection,
                "parent_id": collection.parent.catalogue_id if collection.parent_id else None,
                "terms": {
                    name: sorted(by_name.get(name, []), key=lambda t: t["label"])
                    for name in COLLECTION_TERMS
                },
                "term_rows": [
                    (heading, sorted(by_name[name], key=lambda t: t["label"]))
                    for name, heading in COLLECTION_TERMS.items()
                    if by_name.get(name)
                ],
                "marks": marks.get(collection.pk, []),
            }
        )
    last = (
        SyncRun.objects.filter(source_key=biobank.source_key, status=SyncRun.Status.SUCCESS)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {
        "biobank": biobank,
        "collections": items,
        "biobank_marks": biobank_marks,
        "last_synced": last,
    }


def wants_turtle(request) -> bool:
    """Whether the request's Accept header prefers Turtle (``text/turtle``) to HTML: a harvester
    asking for RDF, not a browser (whose ``*/*`` also covers Turtle, at a lower weight)."""
    turtle = html = 0.0
    for part in request.headers.get("Accept", "").split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for param in params:
            key, _sep, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        media = media.lower()
        if media == "text/turtle":
            turtle = max(turtle, weight)
        elif media in ("text/html", "application/xhtml+xml", "text/*", "*/*"):
            html = max(html, weight)
    return turtle > 0 and turtle > html


def turtle_response(request, index_page, slug):
    """The profile's collections as DCAT-AP Turtle if the request asks for it, else None."""
    if not wants_turtle(request):
        return None
    from community.biobanks import dcat

    return dcat.biobank_response(index_page, load_profile(slug)["biobank"])


def page_context(request, index_page, slug) -> dict:
    """What the profile page shows (raises Http404 for an unknown slug)."""
    from community.models import TopicPage

    data = load_profile(slug)
    biobank = data["biobank"]
    topics = list(biobank.topics.all())
    groups = list(public(biobank.working_groups.live()).only("title", "url_path", "path"))
    listings = list(biobank.partnership_listings.public().order_by("-created_at")[:10])
    topic_pages = {}
    if topics:
        topic_pages = {
            p.topic_id: p
            for p in public(TopicPage.objects.live())
            .filter(topic__in=topics)
            .only("title", "url_path", "path", "topic_id")
        }
    return {
        "biobank": biobank,
        "collections": data["collections"],
        "biobank_marks": data["biobank_marks"],
        "last_synced": data["last_synced"],
        "topic_links": [topic_pages.get(t.pk) or t for t in topics],
        "working_groups": groups,
        "partnership_listings": listings,
        "negotiator_url": NEGOTIATOR_URL,
        "can_contact": bool(biobank.contact_email) and not biobank.withdrawn,
        "json_ld": jsonld.script(request, index_page, data),
        "page_title": biobank.name,
    }
