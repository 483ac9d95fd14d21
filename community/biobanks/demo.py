"""Demo biobanks: the /biobanks/ page, the shipped demo catalogue and, when present, the real
BBMRI-NL export.

``catalogue/demo/`` is a small catalogue in the Directory's EMX2 format, written for
the hub: the Belgian network's biobanks with invented collections (marked as demo data). It is
synced through the same code as a real export. If an export folder is named by
``HUB_CATALOGUE_DIR``, or the shared data folder (``HUB_SHARED_DIR``, default ``../shared``)
holds ``catalogue/bbmri-nl-catalogue``, the real Dutch biobanks are synced as well; without it
the demo simply has the Belgian ones.

Idempotent: a second run reports everything unchanged and writes nothing; hub-owned fields
that an editor changed stay as they are (only empty ones are filled in).
"""

import os
from pathlib import Path

from django.conf import settings
from django.db import transaction

from community.biobanks.catalogue import sync
from community.models import Biobank, BiobankIndexPage, Topic, WorkingGroupPage
from home.demo import ensure_child
from home.models import HomePage

DEMO_CATALOGUE = Path(__file__).resolve().parent / "catalogue" / "demo"
DEMO_SOURCE_KEY = "demo-be"
INTRO = (
    "Find biobanks and their collections by disease, material, data and quality marks. The "
    "profiles are kept in sync with the BBMRI-ERIC Directory; each one links to its Directory "
    "page and lets you contact the biobank."
)
# Hub-owned extras of the demo biobanks (slug -> fields); contact addresses are fictitious.
# Most, not all, are marked as notified biobanks: a realistic mix for the filter and badges.
HUB_FIELDS = {
    "uza": {
        "contact_email": "biobank@uza.example.org",
        "notified_biobank": True,
        "local_introduction": "Biobank@UZA is a founding member of the Belgian network "
        "and hosts the network's quality working group meetings.",
        "topics": ["quality", "findability"],
        "working_groups": ["sample-quality"],
    },
    "uz-gent": {
        "contact_email": "bimetra-biobank@uzgent.example.org",
        "notified_biobank": True,
        "topics": ["access-procedures"],
        "working_groups": ["access-procedures"],
    },
    "bordet": {
        "contact_email": "biobank@bordet.example.org",
        "notified_biobank": True,
        "topics": ["public-private-cooperation"],
    },
    "uz-leuven": {"contact_email": "biobank@uzleuven.example.org", "notified_biobank": True},
    "chu-liege": {"contact_email": "biotheque@chuliege.example.org", "notified_biobank": True},
    "erasme": {"contact_email": "biobanque@erasme.example.org", "notified_biobank": True},
    "roi-albert-ii": {
        "contact_email": "biotheque-oncologie@saintluc.example.org",
        "notified_biobank": True,
    },
    "uz-brussel": {"contact_email": "biobank@uzbrussel.example.org", "notified_biobank": True},
    "ipg": {"contact_email": "biobank@ipg.example.org", "notified_biobank": True},
    "ubilim": {"contact_email": "biobank@uhasselt.example.org"},
    "brutus": {"contact_email": "brutus@chu-brugmann.example.org"},
    "isppc": {"contact_email": "biobanque-oncologie@isppc.example.org"},
    "chu-ucl-namur": {"contact_email": "biobanque@chuuclnamur.example.org"},
}


def real_export_dir() -> Path | None:
    """The real BBMRI-NL export to sync as well, if there is one."""
    named = os.environ.get("HUB_CATALOGUE_DIR")
    if named:
        return Path(named) if Path(named).exists() else None
    shared = Path(os.environ.get("HUB_SHARED_DIR", settings.BASE_DIR.parent / "shared"))
    candidate = shared / "catalogue" / "bbmri-nl-catalogue"
    return candidate if candidate.is_dir() else None


def _hub_fields():
    for slug, fields in HUB_FIELDS.items():
        biobank = Biobank.objects.filter(slug=slug).first()
        if biobank is None:
            continue
        changed = []
        for name in ("contact_email", "local_introduction", "notified_biobank"):
            if name in fields and not getattr(biobank, name):
                setattr(biobank, name, fields[name])
                changed.append(name)
        if changed:
            biobank.save(update_fields=changed)
        if "topics" in fields and not biobank.topics.exists():
            biobank.topics.set(Topic.objects.filter(slug__in=fields["topics"]))
        if "working_groups" in fields and not biobank.working_groups.exists():
            biobank.working_groups.set(
                WorkingGroupPage.objects.filter(slug__in=fields["working_groups"])
            )


@transaction.atomic
def load(stdout=None):
    home = HomePage.objects.get(locale__language_code="en")
    ensure_child(
        home, BiobankIndexPage, "biobanks", title="Biobanks", show_in_menus=True, intro=INTRO
    )
    reports = [sync(str(DEMO_CATALOGUE), format_name="emx2", source_key=DEMO_SOURCE_KEY)]
    real = real_export_dir()
    if real is not None:
        reports.append(sync(str(real), source_key="bbmri-nl"))
    _hub_fields()
    if stdout:
        for report in reports:
            stdout.write(report.summary())
