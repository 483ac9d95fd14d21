"""Fixtures for the catalogue tests: small EMX2 exports built in tmp_path, the demo catalogue,
a /biobanks/ page under a bare home page, and the real BBMRI-NL export (skipped when absent,
failing under CI=true)."""

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from hub.search.testing import search_backend  # noqa: F401 - the fixture
from tests.conftest import _missing

DATA = Path(__file__).resolve().parent.parent / "data" / "catalogue"
DEMO = Path(__file__).resolve().parents[2] / "community" / "biobanks" / "catalogue" / "demo"


def shared_dir() -> Path:
    return Path(os.environ.get("HUB_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))


@pytest.fixture
def nl_export():
    path = shared_dir() / "catalogue" / "bbmri-nl-catalogue"
    if not path.is_dir():
        _missing(f"needs the real BBMRI-NL export in {path} (set HUB_SHARED_DIR)")
    return path


@pytest.fixture
def emx2_directory():
    path = shared_dir() / "catalogue" / "emx2-directory"
    if not path.is_dir():
        _missing(f"needs the EMX2 Directory model in {path} (set HUB_SHARED_DIR)")
    return path


@pytest.fixture
def small(tmp_path):
    """A copy of tests/data/catalogue/small (an EMX2 export) that a test may edit."""
    target = tmp_path / "small"
    shutil.copytree(DATA / "small", target)
    return target


def rewrite(path: Path, change):
    """Apply `change(rows)` to the CSV at `path` (rows are dicts; header kept)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    rows = change(rows) or rows
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def home(db):
    from wagtail.models import Page, Site

    from home.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Hub", slug="hub-home")
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    return home


@pytest.fixture
def biobank_index(home):
    from community.models import BiobankIndexPage

    index = BiobankIndexPage(title="Biobanks", slug="biobanks", intro="Find biobanks.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def demo_catalogue(biobank_index, django_capture_on_commit_callbacks):
    from community.biobanks.catalogue import sync

    with django_capture_on_commit_callbacks(execute=True):  # the search index update
        sync(str(DEMO), source_key="demo-be")
    return biobank_index


@pytest.fixture
def coded_export(small):
    """The small export plus: a collection coded I21 (with the I20-I25 block in the term list)
    whose own words never name the disease, and a biobank that only mentions it."""

    def collections(rows):
        coded = dict(rows[2])
        coded.update(
            id="bbmri-eric:ID:NL_gamma:collection:mi",
            name="Gamma follow-up study",
            acronym="GFS",
            description="Plasma taken yearly.",
            biobank="bbmri-eric:ID:NL_gamma",
            diagnosis_available="urn:miriam:icd:I21",
        )
        return [*rows, coded]

    def biobanks(rows):
        mention = dict(rows[1])
        mention.update(
            id="bbmri-eric:ID:BE_delta",
            pid="pid-delta",
            name="Delta Cardiology Archive",
            acronym="",
            description="Records of a ward that also treats myocardial infarction.",
        )
        return [*rows, mention]

    def diseases(rows):
        base = dict(rows[0])
        return [
            *rows,
            {**base, "name": "urn:miriam:icd:I21", "label": "Acute myocardial infarction"},
            {**base, "name": "urn:miriam:icd:I20-I25", "label": "Ischaemic heart diseases"},
        ]

    rewrite(small / "Collections.csv", collections)
    rewrite(small / "Biobanks.csv", biobanks)
    rewrite(small / "ontologies" / "DiseaseTypes.csv", diseases)
    return small


@pytest.fixture
def synced(search_backend, biobank_index, coded_export, django_capture_on_commit_callbacks):  # noqa: F811
    from community.biobanks.catalogue import sync

    with django_capture_on_commit_callbacks(execute=True):  # the search index update
        sync(str(coded_export), source_key="small")
    return search_backend
