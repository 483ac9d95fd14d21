"""Sync guards: an export that holds no biobanks (a truncated download: only the header rows) and
a sync that would withdraw more than a share of a source's published biobanks are refused with
a clear message, a non-zero exit and nothing changed."""

import shutil
import zipfile

import pytest

from community.biobanks.catalogue import sync
from community.biobanks.catalogue.synthetic import generate
from community.models import Biobank, SyncRun

from .conftest import DATA, rewrite
from .test_sync import refused, run, snapshot

pytestmark = pytest.mark.django_db


def header_only(folder):
    """Keep only the first line of every data table, as a truncated download would."""
    for path in folder.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8-sig").split("\n", 1)[0] + "\n")


def published(source_key="small"):
    return sorted(
        Biobank.objects.filter(source_key=source_key, withdrawn=False).values_list(
            "catalogue_id", flat=True
        )
    )


@pytest.fixture
def synced(small):
    run(small, "--source-key", "small")
    return snapshot()


# --- An export with no biobanks ----------------------------------------------------------------


def test_header_only_emx2_export_is_refused_and_nothing_is_withdrawn(small, synced):
    header_only(small)
    message = refused(small, "--source-key", "small")
    assert "nothing was changed" in message
    assert "Biobanks.csv: the export holds no biobanks" in message
    assert snapshot() == synced
    assert len(published()) == 3
    assert SyncRun.objects.filter(status="failed").count() == 1  # in the sync history


def test_header_only_zip_is_refused(small, synced, tmp_path):
    header_only(small)
    archive = tmp_path / "nightly.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in small.rglob("*.csv"):
            handle.write(path, path.relative_to(small))
    assert "the export holds no biobanks" in refused(archive, "--source-key", "small")
    assert snapshot() == synced


def test_header_only_bbmri_nl_export_is_refused(tmp_path):
    run(DATA / "nl-small")
    before = snapshot()
    export = tmp_path / "nl"
    shutil.copytree(DATA / "nl-small", export)
    header_only(export)
    message = refused(export)
    assert "bbmri_nl_biobanks.csv: the export holds no biobanks" in message
    assert snapshot() == before
    assert len(published("bbmri-nl")) == 2


def test_an_empty_export_is_refused_on_a_dry_run_too(small):
    header_only(small)
    assert "the export holds no biobanks" in refused(small, "--dry-run")
    assert not Biobank.objects.exists()


# --- Mass withdrawal ---------------------------------------------------------------------------


def drop_gamma(folder):
    rewrite(folder / "Biobanks.csv", lambda rows: [r for r in rows if "gamma" not in r["id"]])
    rewrite(folder / "Collections.csv", lambda rows: [r for r in rows if "gamma" not in r["id"]])


def test_withdrawing_more_than_ten_percent_is_refused(small, synced):
    drop_gamma(small)  # 1 of 3 published biobanks = 33 %
    message = refused(small, "--source-key", "small")
    assert "nothing was changed" in message
    assert "would withdraw 1 of the 3 biobanks published from source “small” (33%)" in message
    assert "more than the limit of 10%" in message
    assert "--max-withdraw" in message and "--allow-mass-withdraw" in message
    assert snapshot() == synced
    assert len(published()) == 3


def test_a_higher_limit_or_the_explicit_flag_allows_it(small, synced):
    drop_gamma(small)
    assert "would withdraw" in refused(small, "--source-key", "small", "--max-withdraw", "30")
    output = run(small, "--source-key", "small", "--max-withdraw", "34")
    assert "biobanks 0 added, 0 changed, 1 withdrawn, 2 unchanged" in output
    assert published() == ["bbmri-eric:ID:BE_beta", "bbmri-eric:ID:NL_alpha"]

    rewrite(small / "Biobanks.csv", lambda rows: rows[:1])
    rewrite(small / "Collections.csv", lambda rows: [r for r in rows if "NL_alpha" in r["id"]])
    rewrite(small / "QualityInfoCollections.csv", lambda rows: rows.clear())
    output = run(small, "--source-key", "small", "--allow-mass-withdraw")
    assert "1 withdrawn" in output
    assert published() == ["bbmri-eric:ID:NL_alpha"]


def test_the_limit_is_a_share_of_the_source_biobanks(tmp_path):
    """20 published biobanks: withdrawing 2 (10 %) passes, 3 (15 %) is refused; the biobanks of
    another source count for nothing."""
    generate(tmp_path / "big", 20, 1, seed=3)
    run(DATA / "nl-small")  # another source
    run(tmp_path / "big", "--source-key", "bench")
    ids = published("bench")

    def keep(count):
        export = tmp_path / f"keep-{count}"
        shutil.copytree(tmp_path / "big", export)
        kept = set(ids[:count])
        rewrite(export / "Biobanks.csv", lambda rows: [r for r in rows if r["id"] in kept])
        rewrite(export / "Collections.csv", lambda rows: [r for r in rows if r["biobank"] in kept])
        rewrite(
            export / "QualityInfoBiobanks.csv",
            lambda rows: [r for r in rows if r["biobank"] in kept],
        )
        return export

    assert "would withdraw 3 of the 20 biobanks" in refused(keep(17), "--source-key", "bench")
    assert len(published("bench")) == 20
    assert "2 withdrawn" in run(keep(18), "--source-key", "bench")
    assert len(published("bench")) == 18 and len(published("bbmri-nl")) == 2


def test_the_service_raises_a_domain_exception(small, synced):
    from community.biobanks.catalogue.guards import MassWithdrawal

    drop_gamma(small)
    with pytest.raises(MassWithdrawal) as caught:
        sync(str(small), source_key="small")
    assert (caught.value.withdrawn, caught.value.published) == (1, 3)
    report = sync(str(small), source_key="small", max_withdraw=50)
    assert len(report.biobanks.withdrawn) == 1


def test_a_dry_run_reports_the_refusal(small, synced):
    drop_gamma(small)
    assert "would withdraw 1 of the 3" in refused(small, "--source-key", "small", "--dry-run")
    assert "1 withdrawn" in run(
        small, "--source-key", "small", "--dry-run", "--allow-mass-withdraw"
    )
    assert snapshot() == synced


@pytest.mark.parametrize("value", ["-1", "101", "lots"])
def test_a_bad_limit_is_refused(small, value):
    assert "max-withdraw" in refused(small, "--max-withdraw", value)
    assert not Biobank.objects.exists()
