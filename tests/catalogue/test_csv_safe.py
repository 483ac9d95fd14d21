"""Spreadsheet formulas in catalogue text: the public results CSV neutralises them (OWASP's
advice: a leading apostrophe), the EMX2 export keeps every byte so that it syncs back unchanged."""

import csv
import io
import zipfile

import pytest

from community.biobanks.catalogue import sync

from .conftest import rewrite

INDEX = "/biobanks/"
FORMULAS = {
    "bbmri-eric:ID:NL_alpha": ('=HYPERLINK("https://evil.example","Click")', "+1+1", "@SUM(A1)"),
    "bbmri-eric:ID:BE_beta": ("-2+3 Biobank", "=B1", "-Leuven"),
}


@pytest.fixture
def formula_catalogue(small, biobank_index):
    def change(rows):
        for row in rows:
            if row["id"] in FORMULAS:
                row["name"], row["acronym"], row["location"] = FORMULAS[row["id"]]

    rewrite(small / "Biobanks.csv", change)
    sync(str(small), source_key="small")
    return small


def csv_rows(response) -> dict:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_results_csv_neutralises_formula_cells(client, formula_catalogue):
    response = client.get(f"{INDEX}results/csv/")
    assert response.status_code == 200
    rows = csv_rows(response)
    for catalogue_id, cells in FORMULAS.items():
        row = rows[catalogue_id]
        assert (row["name"], row["acronym"], row["location"]) == tuple("'" + c for c in cells)
    gamma = rows["bbmri-eric:ID:NL_gamma"]
    assert gamma["name"] == "Gamma Rare Disease Biobank"  # ordinary text untouched
    assert gamma["profile"].startswith("http://testserver/biobanks/")


def test_emx2_export_keeps_formulas_byte_exact_and_syncs_back_unchanged(
    client, formula_catalogue, tmp_path
):
    response = client.get(f"{INDEX}export/emx2/")
    archive = tmp_path / "hub.zip"
    archive.write_bytes(response.content)
    with zipfile.ZipFile(archive) as handle:
        text = handle.read("Biobanks.csv").decode()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    for catalogue_id, cells in FORMULAS.items():
        row = rows[catalogue_id]
        assert (row["name"], row["acronym"], row["location"]) == cells
    report = sync(str(archive), source_key="small", dry_run=True)
    assert not report.biobanks.changed and report.biobanks.unchanged == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 30 123", "'+31 30 123"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_spreadsheet_safe(value, expected):
    from hub.csvsafe import spreadsheet_safe

    assert spreadsheet_safe(value) == expected
