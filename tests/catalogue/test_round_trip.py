"""The hub's EMX2 zip (/biobanks/export/emx2/) syncs back unchanged: the real BBMRI-NL export,
exported and re-synced under the same source key, changes nothing; the access links the
Directory's model has no column for travel in the hub's own columns; a Directory export without
those columns reads as before (no links)."""

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from community.biobanks.catalogue import sync
from community.models import Biobank, Collection

from .conftest import DATA

pytestmark = pytest.mark.django_db
EXPORT = "/biobanks/export/emx2/"
HUB_COLUMNS = ["data_access_uri", "image_access_uri"]


def run(*args) -> str:
    out = io.StringIO()
    call_command("sync_catalogue", *map(str, args), "--no-progress", stdout=out)
    return out.getvalue()


def download(client, tmp_path):
    """The hub's EMX2 zip, as a reader downloads it."""
    response = client.get(EXPORT)
    assert response.status_code == 200
    archive = tmp_path / "biobanks-emx2.zip"
    archive.write_bytes(response.content)
    return archive


def collection_rows(archive) -> tuple[list, list[dict]]:
    with zipfile.ZipFile(archive) as handle:
        text = handle.read("Collections.csv").decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def access_links() -> dict:
    return {
        cid: (access, data, image)
        for cid, access, data, image in Collection.objects.values_list(
            "catalogue_id", "access_uri", "data_access_uri", "image_access_uri"
        )
    }


@pytest.mark.shared_data
def test_real_bbmri_nl_export_round_trip_changes_nothing(
    nl_export, biobank_index, client, tmp_path
):
    assert "collections 208 added" in run(nl_export)
    links = access_links()
    assert sum(1 for _access, data, _image in links.values() if data) == 45

    archive = download(client, tmp_path)
    output = run(archive, "--source-key", "bbmri-nl", "--details")
    assert "biobanks 0 added, 0 changed, 0 withdrawn, 86 unchanged" in output, output
    assert "collections 0 added, 0 changed, 0 withdrawn, 208 unchanged" in output, output
    assert access_links() == links

    # And back: the original export finds the hub as it left it.
    again = run(nl_export)
    assert "biobanks 0 added, 0 changed, 0 withdrawn, 86 unchanged" in again
    assert "collections 0 added, 0 changed, 0 withdrawn, 208 unchanged" in again


def test_both_access_links_are_exported_and_read_back(biobank_index, client, tmp_path):
    from tests.factories import BiobankFactory

    biobank = BiobankFactory(source_key="hub")
    biobank.collections.update(
        access_uri="https://bank.example.org/samples",
        data_access_uri="https://bank.example.org/data",
        image_access_uri="https://bank.example.org/images",
    )
    archive = download(client, tmp_path)
    header, rows = collection_rows(archive)
    assert header[-2:] == HUB_COLUMNS
    assert [
        (row["access_uri"], row["data_access_uri"], row["image_access_uri"]) for row in rows
    ] == [
        (
            "https://bank.example.org/samples",
            "https://bank.example.org/data",
            "https://bank.example.org/images",
        )
    ]

    # The links are lost on the hub; syncing its own zip back restores them.
    Collection.objects.update(data_access_uri="", image_access_uri="")
    output = run(archive, "--source-key", "hub", "--details")
    assert "collections 0 added, 1 changed" in output
    assert "(data_access_uri, image_access_uri)" in output
    collection = Collection.objects.get()
    assert collection.data_access_uri == "https://bank.example.org/data"
    assert collection.image_access_uri == "https://bank.example.org/images"


def test_a_bad_link_in_a_hub_column_is_refused_by_name(biobank_index, client, tmp_path):
    from tests.factories import BiobankFactory

    BiobankFactory(source_key="hub")
    archive = download(client, tmp_path)
    header, rows = collection_rows(archive)
    rows[0]["image_access_uri"] = "not a link"
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    edited = tmp_path / "edited.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(edited, "w") as target:
        for name in source.namelist():
            data = out.getvalue() if name == "Collections.csv" else source.read(name)
            target.writestr(name, data)

    with pytest.raises(CommandError) as caught:
        run(edited, "--source-key", "hub")
    assert "Collections.csv, row 2, column image_access_uri" in str(caught.value)
    assert Collection.objects.get().image_access_uri == ""


def test_a_directory_export_without_the_hub_columns_reads_no_links(tmp_path):
    """The Directory's own Collections.csv (tests/data/catalogue/small) has no hub columns."""
    header = (DATA / "small" / "Collections.csv").read_text(encoding="utf-8").splitlines()[0]
    assert not set(HUB_COLUMNS) & set(header.split(","))
    archive = tmp_path / "directory.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in (DATA / "small").rglob("*.csv"):
            handle.write(path, str(path.relative_to(DATA / "small")))

    report = sync(str(archive), source_key="directory")
    assert len(report.collections.added) == 5 and not report.collections.changed
    assert Biobank.objects.count() == 3
    colon = Collection.objects.get(catalogue_id="bbmri-eric:ID:NL_alpha:collection:colon")
    assert colon.access_uri == "https://alpha.example.org/access"
    assert set(Collection.objects.values_list("data_access_uri", "image_access_uri")) == {("", "")}
