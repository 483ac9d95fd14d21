"""Demo content for working groups: the index at /working-groups/ and two groups.

One group is open (sample quality and pre-analytics), one admits members on request (access
procedures). Each has a coordinator (a demo account named after the role, with a verified
address and a random password nobody knows: use "Forgot password" to sign in as them), topic
tags, a public contact, a members-only meeting-notes page and a members-only document; one
group also has an announcement, a shared document and a meeting (SHARING_DEMO).

Idempotent: pages are found by slug, users by address, documents by title in the group's
collection; an editor's changes survive a second run. Needs `home.demo` and `community.demo`
first (home page, topics, people).
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from community.models import (
    MaterialKind,
    MembershipPolicy,
    Person,
    Profile,
    Topic,
    WorkingGroupIndexPage,
    WorkingGroupMaterialPage,
    WorkingGroupMembersPage,
    WorkingGroupPage,
)
from home.demo import ensure_child, heading, paragraph
from home.models import HomePage
from hub.translated_snippets import source_snippets

INDEX_INTRO = (
    "Working groups take on the community's themes. Open groups take every hub member at once; "
    "others admit members on request. Members share meeting notes and draft documents in their "
    "group's members area."
)

GROUPS = [
    {
        "slug": "sample-quality",
        "title": "Sample quality and pre-analytics",
        "summary": "Comparable sample quality across biobanks: pre-analytical standards, shared "
        "protocols and the metadata that record how each sample was handled.",
        "purpose": "<p>Differences in how samples are collected, processed and stored show up in "
        "research results. The group compares current practice, agrees on "
        "evidence-based protocols and helps biobanks record the pre-analytical "
        "variables that matter, in line with international standards.</p>",
        "membership": MembershipPolicy.OPEN,
        "how_to_join": "Open to everyone who collects, processes, stores or analyses samples.",
        "meeting_rhythm": "Every six weeks, online (one hour)",
        "topics": ["quality", "linking-data"],
        "contact": "Quality officer",
        "coordinator": (
            "quality-group-coordinator@biobank-hub.example",
            "Quality working group coordinator",
        ),
        "notes": {
            "slug": "kick-off-meeting",
            "title": "Notes of the kick-off meeting",
            "summary": "Who took part, what the group will do first, and the next steps.",
            "body": [
                heading("Agreed"),
                paragraph(
                    "<ul><li>Start with an inventory of the pre-analytical variables each "
                    "biobank records today.</li><li>Draft a shared checklist, then test "
                    "it at three biobanks.</li></ul>"
                ),
                heading("Next meeting"),
                paragraph("<p>Discuss the draft checklist in the members area.</p>"),
            ],
        },
        "document": (
            "Pre-analytical variables checklist (draft)",
            "quality-preanalytical-checklist-draft.txt",
            "Draft checklist of pre-analytical variables\n\n"
            "1. Time from collection to processing\n"
            "2. Storage temperature and freeze-thaw cycles\n"
            "3. Tube type and additives\n",
        ),
    },
    {
        "slug": "access-procedures",
        "title": "Harmonising access procedures",
        "summary": "Simpler, more transparent procedures for requesting, reviewing and releasing "
        "samples and data, shared between the central biobanks.",
        "purpose": "<p>Applicants meet different forms, reviews and agreements at every "
        "institution. The group maps the current procedures, proposes common "
        "templates and review steps, and works towards closer cooperation between the "
        "central biobanks.</p>",
        "membership": MembershipPolicy.CLOSED,
        "how_to_join": "For staff who run access procedures at a biobank or review requests: "
        "say which procedures you work with.",
        "meeting_rhythm": "Monthly, alternating online and on site",
        "topics": ["access-procedures", "incentives-for-reuse"],
        "contact": "Community coordinator",
        "coordinator": (
            "access-group-coordinator@biobank-hub.example",
            "Access procedures working group coordinator",
        ),
        "notes": {
            "slug": "procedures-inventory",
            "title": "Notes: inventory of access procedures",
            "summary": "First comparison of the application and review steps at the members' "
            "biobanks.",
            "body": [
                heading("Findings so far"),
                paragraph(
                    "<p>Most differences lie in the material and data transfer agreements "
                    "and in how ethics review is organised, not in the application forms."
                    "</p>"
                ),
            ],
        },
        "document": (
            "Comparison of transfer agreement templates (draft)",
            "access-transfer-agreements-comparison-draft.txt",
            "Draft comparison of material and data transfer agreement templates\n\n"
            "- Scope of use\n- Publication and acknowledgement\n- Return of results\n",
        ),
    },
    {
        "slug": "catalogues-and-linkage",
        "title": "Catalogues and data linkage",
        "summary": "Collections described once, in a shared format, and linked to the health "
        "data that make them more valuable: local catalogues, the national catalogue and the "
        "BBMRI-ERIC Directory.",
        "purpose": "<p>Researchers can only use what they can find. The group helps biobanks "
        "describe their collections in the Directory's format, keeps the national "
        "catalogue in step with the local ones, and shares experience with linking "
        "samples to registries and health records.</p>",
        "membership": MembershipPolicy.OPEN,
        "how_to_join": "Open to catalogue managers, data stewards and IT staff of biobanks.",
        "meeting_rhythm": "Every two months, online (90 minutes)",
        "topics": ["findability", "linking-data"],
        "contact": "Data steward",
        "coordinator": (
            "catalogue-group-coordinator@biobank-hub.example",
            "Catalogues and linkage working group coordinator",
        ),
        "notes": {
            "slug": "catalogue-mapping-session",
            "title": "Notes: mapping local catalogues to the Directory",
            "summary": "Which fields each local catalogue already has, and which are missing "
            "for the Directory.",
            "body": [
                heading("Findings"),
                paragraph(
                    "<p>Most local catalogues record material types and diagnoses; few record "
                    "storage temperatures or access conditions in a structured way.</p>"
                ),
            ],
        },
        "document": (
            "Field mapping to the Directory format (draft)",
            "catalogue-field-mapping-draft.txt",
            "Draft mapping of local catalogue fields to the Directory format\n\n"
            "- Material type\n- Diagnosis (ICD-10, ORPHA)\n- Storage temperature\n"
            "- Access conditions\n",
        ),
    },
    {
        "slug": "public-private-partnerships",
        "title": "Public-private partnerships",
        "summary": "Fair, workable partnerships between biobanks and companies: contract "
        "templates, cost recovery and what donors may expect.",
        "purpose": "<p>Companies ask biobanks for samples, data and expertise, but each "
        "agreement is negotiated from scratch. The group collects good examples, "
        "drafts model clauses and agrees on principles for cost recovery and benefit "
        "sharing that biobanks can explain to their donors.</p>",
        "membership": MembershipPolicy.CLOSED,
        "how_to_join": "For biobank managers, legal and valorisation staff, and companies that "
        "work with biobanks: say what experience you bring.",
        "meeting_rhythm": "Quarterly, on site",
        "topics": ["public-private-cooperation", "financing"],
        "contact": "Partnerships liaison",
        "coordinator": (
            "partnerships-group-coordinator@biobank-hub.example",
            "Public-private partnerships working group coordinator",
        ),
        "notes": {
            "slug": "cost-recovery-discussion",
            "title": "Notes: cost recovery models",
            "summary": "How the members' biobanks price samples and services for academic and "
            "commercial users.",
            "body": [
                heading("Agreed"),
                paragraph(
                    "<ul><li>Collect the members' fee schedules, without amounts.</li>"
                    "<li>Draft principles for cost recovery that donors would accept.</li></ul>"
                ),
            ],
        },
        "document": (
            "Model clauses for commercial access (draft)",
            "partnerships-model-clauses-draft.txt",
            "Draft model clauses for commercial access\n\n"
            "- Permitted use\n- Cost recovery\n- Publication\n- Benefit sharing\n",
        ),
    },
]


# One group shows what members share: an announcement from its coordinator, a document in
# its library and a meeting (a demo event from events.demo, loaded before this module).
SHARING_DEMO = {
    "group": "public-private-partnerships",
    "announcement": (
        "Model clauses: comments welcome before the next meeting",
        "The draft model clauses for commercial access are in the library. Please add your "
        "comments before the next meeting, where we will agree on a version to test.",
    ),
    "document": (
        "Cost recovery principles (draft)",
        "partnerships-cost-recovery-principles-draft.txt",
        "Draft principles for cost recovery\n\n"
        "1. Prices cover costs, not profit\n2. The same rules for every user\n"
        "3. Explained to donors in plain language\n",
    ),
    "meeting": "public-private-partnerships-meeting",
}


def _sharing(group_page: WorkingGroupPage, coordinator) -> None:
    """Stored as if already mailed: loading the demo never mails anyone."""
    from community.models.group_sharing import GroupAnnouncement, SharedDocument
    from events.models import EventPage

    title, body = SHARING_DEMO["announcement"]
    if not GroupAnnouncement.objects.filter(group=group_page, title=title).exists():
        GroupAnnouncement.objects.create(
            group=group_page, title=title, body=body, author=coordinator, mailed_at=timezone.now()
        )
    document = _document(group_page, *SHARING_DEMO["document"])
    if not SharedDocument.objects.filter(document=document).exists():
        SharedDocument.objects.create(
            group=group_page,
            document=document,
            uploaded_by=coordinator,
            approved_at=timezone.now(),
            approved_by=coordinator,
        )
    event = EventPage.objects.filter(slug=SHARING_DEMO["meeting"]).first()
    if event is not None and not event.working_groups.filter(pk=group_page.pk).exists():
        event.working_groups.add(group_page)
        event.save_revision().publish()  # a revision, so an editor's next publish keeps it


def _coordinator(email: str, name: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=name)
        user.set_password(secrets.token_urlsafe(32))  # known to nobody; never printed
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    profile, _ = Profile.objects.get_or_create(user=user)
    if not profile.organisation:
        profile.organisation = "National biobank node"
        profile.save(update_fields=["organisation"])
    return user


def _document(group_page: WorkingGroupPage, title: str, filename: str, text: str):
    Document = get_document_model()
    existing = Document.objects.filter(collection_id=group_page.collection_id, title=title).first()
    if existing:
        return existing
    storage = Document._meta.get_field("file").storage
    name = f"documents/{filename}"
    if not storage.exists(name):  # a fixed name: repeated loads (and test runs) reuse the file
        name = storage.save(name, ContentFile(text.encode()))
    document = Document(title=title, collection_id=group_page.collection_id, file=name)
    document._set_document_file_metadata()
    document.file.close()
    document.save()
    return document


@transaction.atomic
def load(stdout=None):
    home = HomePage.objects.get(locale__language_code="en")
    index = ensure_child(
        home,
        WorkingGroupIndexPage,
        "working-groups",
        title="Working groups",
        show_in_menus=True,
        intro=INDEX_INTRO,
    )
    for spec in GROUPS:
        coordinator = _coordinator(*spec["coordinator"])
        group_page = ensure_child(
            index,
            WorkingGroupPage,
            spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            purpose=spec["purpose"],
            membership=spec["membership"],
            how_to_join=spec["how_to_join"],
            meeting_rhythm=spec["meeting_rhythm"],
            topics=list(Topic.objects.filter(slug__in=spec["topics"])),
            coordinators=[coordinator],
            contacts=list(source_snippets(Person.objects.filter(name=spec["contact"]))[:1]),
        )
        group_page = WorkingGroupPage.objects.get(pk=group_page.pk)
        area = ensure_child(
            group_page,
            WorkingGroupMembersPage,
            "members-area",
            title="Members area",
            intro="Meeting notes, drafts and documents of the group, for its members only.",
        )
        document = _document(group_page, *spec["document"])
        notes = spec["notes"]
        ensure_child(
            WorkingGroupMembersPage.objects.get(pk=area.pk),
            WorkingGroupMaterialPage,
            notes["slug"],
            title=notes["title"],
            kind=MaterialKind.MEETING_NOTES,
            date=timezone.localdate() - timedelta(days=30),
            summary=notes["summary"],
            body=[
                *notes["body"],
                {
                    "type": "document",
                    "value": {
                        "document": document.pk,
                        "title": document.title,
                    },
                },
            ],
        )
        if spec["slug"] == SHARING_DEMO["group"]:
            _sharing(WorkingGroupPage.objects.get(pk=group_page.pk), coordinator)
    if stdout:
        stdout.write(
            f"Working groups: {WorkingGroupPage.objects.count()} groups under /{index.slug}/."
        )
