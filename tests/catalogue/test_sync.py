"""sync_catalogue: both formats, the diff, idempotence, dry runs, withdrawal, hub-owned fields,
zip and server sources, and every kind of bad input (clear error, nothing changed)."""

import io
import shutil
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.biobanks.terms import DiseaseTerm, MaterialType
from community.models import Biobank, Collection, ContactMessage, QualityMark, SyncRun

from .conftest import DATA, rewrite

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


def run(*args) -> str:
    out = io.StringIO()
    call_command("sync_catalogue", *map(str, args), "--no-progress", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything the sync may write, to compare before and after a refused run."""
    return {
        "biobanks": list(Biobank.objects.order_by("pk").values()),
        "collections": list(Collection.objects.order_by("pk").values()),
        "marks": list(QualityMark.objects.order_by("pk").values()),
        "materials": list(Collection.materials.through.objects.order_by("pk").values()),
        "facets": list(Biobank.facet_materials.through.objects.order_by("pk").values()),
        "terms": MaterialType.objects.count() + DiseaseTerm.objects.count(),
    }


def refused(*args) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


# --- EMX2 -------------------------------------------------------------------------------------


def test_emx2_sync_creates_biobanks_collections_and_facets(small):
    output = run(small, "--source-key", "small")
    assert "biobanks 3 added, 0 changed, 0 withdrawn, 0 unchanged" in output
    assert "collections 5 added" in output

    alpha = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_alpha")
    assert alpha.name == "Alpha Tumour Bank"
    assert alpha.description == (
        "Tumour tissue of the Alpha hospital.\nSecond line of the description."
    )
    assert alpha.country.code == "NL"
    assert alpha.networks == ["bbmri-eric:networkID:NL_one", "bbmri-eric:networkID:EU_two"]
    assert alpha.slug == "atb"
    assert alpha.collection_count == 2
    assert alpha.commercial_use is True
    assert alpha.latitude == pytest.approx(52.09)
    assert [str(m.standard.code) for m in alpha.quality_marks.all()] == ["ISO-20387-2018"]
    # Facet values are the union over the collections.
    assert set(alpha.facet_materials.values_list("code", flat=True)) == {
        "TISSUE_FROZEN",
        "DNA",
        "SERUM",
    }
    assert set(alpha.facet_diseases.values_list("chapter", flat=True)) == {"II"}
    assert "Colon cancer collection" in alpha.search_text
    assert "Malignant neoplasm of colon" in alpha.vocabulary_text  # what it is coded for

    colon = Collection.objects.get(catalogue_id="bbmri-eric:ID:NL_alpha:collection:colon")
    assert set(colon.types.values_list("code", flat=True)) == {"DISEASE_SPECIFIC", "HOSPITAL"}
    assert set(colon.access_fee.values_list("code", flat=True)) == {"samples", "data"}
    assert colon.age_unit.code == "YEAR" and (colon.age_low, colon.age_high) == (18, 90)
    assert colon.order_of_magnitude.code == "3"
    sub = Collection.objects.get(catalogue_id="bbmri-eric:ID:NL_alpha:collection:colon-sub")
    assert sub.parent == colon

    beta = Biobank.objects.get(catalogue_id="bbmri-eric:ID:BE_beta")
    assert set(beta.facet_quality_standards.values_list("code", flat=True)) == {"iso-9001"}
    assert beta.commercial_use is False

    history = SyncRun.objects.get()
    assert (history.status, history.added, history.collections_added) == ("success", 3, 5)
    assert history.source_key == "small"


def test_second_run_reports_everything_unchanged_and_writes_nothing(small):
    run(small, "--source-key", "small")
    with CaptureQueriesContext(connection) as queries:
        output = run(small, "--source-key", "small")
    assert "biobanks 0 added, 0 changed, 0 withdrawn, 3 unchanged" in output
    assert "collections 0 added, 0 changed, 0 withdrawn, 5 unchanged" in output
    assert "vocabulary terms 0 added, 0 changed" in output
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]
    # Only the history row of this run.
    assert len(writes) == 1 and "community_syncrun" in writes[0]


def test_dry_run_reports_and_writes_nothing(small):
    before = snapshot()
    output = run(small, "--dry-run", "--details")
    assert "biobanks 3 added" in output
    assert "+ Biobank bbmri-eric:ID:NL_alpha: Alpha Tumour Bank" in output
    assert "Dry run: nothing was written." in output
    assert snapshot() == before
    assert not SyncRun.objects.exists()


def test_changes_are_reported_by_field_and_withdrawn_records_kept(small):
    run(small, "--source-key", "small")
    alpha = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_alpha")
    rewrite(
        small / "Biobanks.csv",
        lambda rows: [
            {**row, "name": "Alpha Cancer Bank"} if row["id"].endswith("alpha") else row
            for row in rows
            if not row["id"].endswith("gamma")
        ],
    )
    rewrite(
        small / "Collections.csv",
        lambda rows: [
            {**row, "materials": "TISSUE_FROZEN,RNA"} if row["id"].endswith(":colon") else row
            for row in rows
            if "gamma" not in row["id"]
        ],
    )
    # 1 of 3 is more than the default share a sync may withdraw (test_sync_guards.py).
    output = run(small, "--source-key", "small", "--details", "--allow-mass-withdraw")
    assert "biobanks 0 added, 1 changed, 1 withdrawn, 1 unchanged" in output
    assert "collections 0 added, 1 changed, 1 withdrawn, 3 unchanged" in output
    assert "~ Biobank bbmri-eric:ID:NL_alpha: Alpha Cancer Bank (name)" in output
    assert "(materials)" in output
    alpha.refresh_from_db()
    assert alpha.name == "Alpha Cancer Bank" and alpha.slug == "atb"  # the address stays
    assert set(alpha.facet_materials.values_list("code", flat=True)) == {
        "TISSUE_FROZEN",
        "RNA",
        "SERUM",
    }
    gamma = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_gamma")
    assert gamma.withdrawn is True  # kept, not deleted
    assert Collection.objects.get(catalogue_id__endswith=":cf").withdrawn is True


def test_sync_never_touches_hub_owned_fields(small):
    run(small, "--source-key", "small")
    alpha = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_alpha")
    alpha.local_introduction = "Our own words."
    alpha.contact_email = "biobank@alpha.example.org"
    alpha.notified_biobank = True
    alpha.slug = "alpha"
    alpha.save()
    ContactMessage.objects.create(
        target=alpha, name="A", email="a@example.org", message="Hi", sent_to=alpha.contact_email
    )
    rewrite(
        small / "Biobanks.csv",
        lambda rows: [{**row, "description": "New description."} for row in rows],
    )
    run(small, "--source-key", "small")
    alpha.refresh_from_db()
    assert alpha.description == "New description."
    assert (alpha.local_introduction, alpha.contact_email, alpha.notified_biobank, alpha.slug) == (
        "Our own words.",
        "biobank@alpha.example.org",
        True,
        "alpha",
    )
    assert alpha.contact_messages.count() == 1


def test_withdrawal_is_scoped_to_the_source(small):
    run(small, "--source-key", "small")
    run(DATA / "nl-small", "--source-key", "other")
    assert not Biobank.objects.filter(withdrawn=True).exists()
    assert Biobank.objects.count() == 5


def test_a_withdrawn_biobank_that_returns_is_listed_again(small):
    run(small, "--source-key", "small")
    originals = {name: (small / name).read_bytes() for name in ("Biobanks.csv", "Collections.csv")}
    rewrite(small / "Biobanks.csv", lambda rows: rows[:2])
    rewrite(small / "Collections.csv", lambda rows: [r for r in rows if "gamma" not in r["id"]])
    run(small, "--source-key", "small", "--allow-mass-withdraw")
    assert Biobank.objects.get(catalogue_id__endswith="gamma").withdrawn
    for name, data in originals.items():
        (small / name).write_bytes(data)
    output = run(small, "--source-key", "small", "--details")
    assert "(withdrawn)" in output
    assert not Biobank.objects.get(catalogue_id__endswith="gamma").withdrawn


def test_zip_export(small, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in small.rglob("*.csv"):
            handle.write(path, f"ERIC/{path.relative_to(small)}")
    output = run(archive)
    assert "biobanks 3 added" in output
    assert SyncRun.objects.get().source_key == "emx2-export"


def test_emx2_server_csv_api(small, tmp_path):
    """A local stub of an EMX2 server: /ERIC/api/csv/<Table>, /DirectoryOntologies/api/csv/…"""
    root = tmp_path / "www"
    for schema, folder in (("ERIC", small), ("DirectoryOntologies", small / "ontologies")):
        target = root / schema / "api" / "csv"
        target.mkdir(parents=True)
        for path in folder.glob("*.csv"):
            shutil.copy(path, target / path.stem)
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        output = run(f"http://127.0.0.1:{server.server_port}/ERIC", "--source-key", "server")
    finally:
        server.shutdown()
    assert "biobanks 3 added" in output and "collections 5 added" in output
    assert MaterialType.objects.filter(code="TISSUE_FROZEN").exists()


# --- BBMRI-NL ---------------------------------------------------------------------------------


def test_bbmri_nl_format_maps_onto_the_directory_model():
    output = run(DATA / "nl-small")
    assert "Catalogue sync bbmri-nl (bbmri-nl)" in output
    assert "biobanks 2 added" in output and "collections 2 added" in output
    delta = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_aaaadelta")
    assert delta.url == "https://delta.example.org"  # website -> url
    assert delta.juridical_person == "Delta University Medical Centre"
    assert delta.country.code == "NL"
    epsilon = Biobank.objects.get(catalogue_id="bbmri-eric:ID:NL_AAAAEPSILON")  # case kept
    assert epsilon.country is None and epsilon.longitude == pytest.approx(6.1)
    kidney = Collection.objects.get(catalogue_id="bbmri-eric:ID:NL_aaaadelta:collection:1")
    assert list(kidney.diagnoses.values_list("code", flat=True)) == ["urn:miriam:icd:N18"]
    assert set(kidney.materials.values_list("code", flat=True)) == {"DNA", "SERUM"}  # NAV dropped
    assert kidney.number_of_donors == 900
    assert list(kidney.access_fee.values_list("code", flat=True)) == ["samples"]
    assert list(kidney.access_joint_project.values_list("code", flat=True)) == ["data"]
    assert kidney.data_access_uri == "https://delta.example.org/data"
    assert "Samples: Contact the PI." in kidney.access_description
    assert run(DATA / "nl-small").count("unchanged") == 2 and "2 unchanged" in run(
        DATA / "nl-small"
    )


# --- Bad input: a clear error, nothing changed ---------------------------------------------


@pytest.fixture
def synced(small):
    run(small, "--source-key", "small")
    return snapshot()


def assert_unchanged(before):
    assert snapshot() == before


def test_missing_folder(synced):
    assert "no such file or folder" in refused("/nonexistent/export")
    assert_unchanged(synced)


def test_missing_file(small, synced):
    (small / "Collections.csv").unlink()
    message = refused(small, "--source-key", "small")
    assert "Collections.csv: the file is missing" in message
    assert_unchanged(synced)
    failed = SyncRun.objects.filter(status="failed").get()
    assert "Collections.csv" in failed.errors


def test_missing_column(small, synced):
    text = (small / "Collections.csv").read_text()
    (small / "Collections.csv").write_text(text.replace(",biobank,", ",owner,", 1))
    message = refused(small, "--source-key", "small")
    assert "Collections.csv, row 1, column biobank: required column is missing" in message
    assert_unchanged(synced)


def test_unknown_vocabulary_code(small, synced):
    rewrite(
        small / "Collections.csv",
        lambda rows: [
            {**row, "materials": "DNA,UNOBTAINIUM"} if row["id"].endswith(":pop") else row
            for row in rows
        ],
    )
    message = refused(small, "--source-key", "small")
    assert (
        "Collections.csv, row 4, column materials: unknown material type code “UNOBTAINIUM”"
        in message
    )
    assert_unchanged(synced)


def test_duplicate_id(small, synced):
    rewrite(small / "Biobanks.csv", lambda rows: [*rows, {**rows[0], "name": "Copy"}])
    message = refused(small, "--source-key", "small")
    assert (
        "Biobanks.csv, row 5, column id: duplicate ID “bbmri-eric:ID:NL_alpha” (also on row 2)"
        in message
    )
    assert_unchanged(synced)


def test_collection_of_unknown_biobank(small, synced):
    rewrite(
        small / "Collections.csv",
        lambda rows: [
            {**row, "biobank": "bbmri-eric:ID:NL_nowhere"} if row["id"].endswith(":cf") else row
            for row in rows
        ],
    )
    message = refused(small, "--source-key", "small")
    assert (
        "Collections.csv, row 6, column biobank: unknown biobank “bbmri-eric:ID:NL_nowhere”"
        in message
    )
    assert_unchanged(synced)


def test_invalid_cells_are_reported_together(small, synced):
    rewrite(
        small / "Collections.csv",
        lambda rows: [
            {**row, "size": "lots", "withdrawn": "maybe"} if row["id"].endswith(":cf") else row
            for row in rows
        ],
    )
    rewrite(
        small / "Biobanks.csv",
        lambda rows: [
            {**row, "url": "not a url"} if row["id"].endswith("beta") else row for row in rows
        ],
    )
    message = refused(small, "--source-key", "small")
    assert "Collections.csv, row 6, column size: “lots” is not a whole number" in message
    assert "Collections.csv, row 6, column withdrawn: “maybe” is not true or false" in message
    assert "Biobanks.csv, row 3, column url: Enter a valid URL." in message  # full_clean
    assert_unchanged(synced)


def test_broken_zip(synced):
    message = refused(DATA / "broken.zip")
    assert "broken.zip: not a readable zip file" in message
    assert_unchanged(synced)


def test_wrong_encoding(synced):
    message = refused(DATA / "bad-encoding")
    assert "Biobanks.csv, row 3: is not UTF-8 text (byte 0xe8)" in message
    assert_unchanged(synced)


def test_empty_file(synced):
    message = refused(DATA / "empty")
    assert "Biobanks.csv: the file is empty" in message
    assert_unchanged(synced)


def test_failure_late_in_apply_rolls_everything_back(small, synced, monkeypatch):
    from community.biobanks.catalogue import apply as apply_module
    from community.biobanks.catalogue.errors import CatalogueError, Problem

    def explode(*args):
        raise CatalogueError([Problem("x", None, None, "boom")])

    rewrite(
        small / "Biobanks.csv", lambda rows: [{**row, "name": row["name"] + "!"} for row in rows]
    )
    # The last write of the sync: everything before it must be rolled back.
    monkeypatch.setattr(apply_module, "write_facets", explode)
    assert "boom" in refused(small, "--source-key", "small")
    assert_unchanged(synced)


# --- The real data ----------------------------------------------------------------------------


@pytest.mark.shared_data
def test_real_bbmri_nl_export(nl_export):
    output = run(nl_export)
    assert "biobanks 86 added" in output and "collections 208 added" in output
    amc = Collection.objects.get(
        catalogue_id="bbmri-eric:ID:NL_AAAACXPAF5YXYACQK2ME25QAAM:collection:124"
    )
    assert amc.name == "AMC Renal Transplant Biobank"
    assert Biobank.objects.filter(country=None).count() == 7
    with CaptureQueriesContext(connection) as queries:
        again = run(nl_export)
    assert "biobanks 0 added, 0 changed, 0 withdrawn, 86 unchanged" in again
    assert "collections 0 added, 0 changed, 0 withdrawn, 208 unchanged" in again
    assert sum(q["sql"].lstrip().upper().startswith(WRITES) for q in queries.captured_queries) == 1


@pytest.mark.shared_data
def test_real_emx2_directory_model_and_demo_rows(emx2_directory):
    output = run(emx2_directory, "--source-key", "eric-demo")
    assert "biobanks 3 added" in output and "collections 3 added" in output
    sub = Collection.objects.get(catalogue_id="bbmri-eric:ID:NL_biobank2:collection:coll2a")
    assert sub.parent.catalogue_id == "bbmri-eric:ID:NL_biobank2:collection:coll2"
    assert DiseaseTerm.objects.count() > 20000
    assert "3 unchanged" in run(emx2_directory, "--source-key", "eric-demo")
