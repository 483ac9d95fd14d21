"""Catalogue zips are checked before they are unpacked (number of files, total unpacked size,
compression ratio) and read as streams, so a zip bomb is refused at once and a large export
never sits whole in memory."""

import tracemalloc
import zipfile

import pytest

from community.biobanks.catalogue import sync
from community.models import Biobank

from .test_sync import refused, run, snapshot

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def write_zip(path, members: dict, chunks: dict | None = None):
    """`members`: name -> bytes; `chunks`: name -> (head, chunk, count), the head then the chunk
    `count` times, written as a stream (the test never holds the big member in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, (head, chunk, count) in (chunks or {}).items():
            with archive.open(name, "w", force_zip64=True) as handle:
                handle.write(head)
                for _ in range(count):
                    handle.write(chunk)
    return path


def export_members(folder) -> dict:
    return {
        str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.csv"))
    }


@pytest.fixture
def synced(small):
    run(small, "--source-key", "small")
    return snapshot()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(small, synced, tmp_path):
    """A zip of a few dozen KB that unpacks to 64 MB of blank lines."""
    members = export_members(small)
    header = members.pop("Biobanks.csv")
    bomb = write_zip(
        tmp_path / "bomb.zip",
        members,
        chunks={"Biobanks.csv": (header, b"\n" * MB, 64)},
    )
    assert bomb.stat().st_size < 500 * 1024
    message = refused(bomb, "--source-key", "small")
    assert "nothing was changed" in message
    assert "Biobanks.csv: compression ratio" in message
    assert "more than the limit of 100:1" in message
    assert snapshot() == synced


def test_too_many_files(small, synced, tmp_path, settings):
    settings.CATALOGUE_ZIP_MAX_MEMBERS = 10
    archive = write_zip(tmp_path / "many.zip", export_members(small))  # 16 files
    message = refused(archive, "--source-key", "small")
    assert "holds 16 files, more than the limit of 10" in message
    assert snapshot() == synced


def test_too_large_unpacked(small, synced, tmp_path, settings):
    settings.CATALOGUE_ZIP_MAX_TOTAL_SIZE = 4 * 1024  # the export unpacks to 7 KB
    archive = write_zip(tmp_path / "large.zip", export_members(small))
    message = refused(archive, "--source-key", "small")
    assert "would unpack to" in message and "more than the limit of 4.0\xa0KB" in message
    assert snapshot() == synced


def test_an_ordinary_zip_passes_the_default_limits(small, tmp_path):
    archive = write_zip(tmp_path / "nightly.zip", export_members(small))
    assert "biobanks 3 added" in run(archive, "--source-key", "small")


def test_a_large_table_is_read_as_a_stream(small, tmp_path, settings):
    """20 MB of padding (lines of spaces) after the rows: memory stays far below that."""
    settings.CATALOGUE_ZIP_MAX_RATIO = 10_000
    members = export_members(small)
    biobanks = members.pop("Biobanks.csv")
    archive = write_zip(
        tmp_path / "padded.zip",
        members,
        chunks={"Biobanks.csv": (biobanks, (b" " * 1023 + b"\n") * 1024, 20)},
    )
    tracemalloc.start()
    try:
        sync(str(archive), source_key="small")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert Biobank.objects.count() == 3
    assert peak < 8 * MB, f"peak {peak / MB:.0f} MB"


def test_streamed_tables_read_carriage_return_line_ends(small):
    """Old spreadsheet exports end lines with a lone CR; the line reader keeps them working."""
    for name in ("Biobanks.csv", "Collections.csv"):
        path = small / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert "biobanks 3 added" in run(small, "--source-key", "small")
    assert Biobank.objects.get(catalogue_id__endswith="beta").name == "Beta Population Biobank"


def test_a_damaged_member_is_named(small, synced, tmp_path):
    archive = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as handle:
        for name, data in export_members(small).items():
            handle.writestr(name, data)
    data = bytearray(archive.read_bytes())
    at = data.index(b"Alpha Tumour Bank")
    data[at] = ord("X")  # the stored bytes no longer match the checksum
    archive.write_bytes(bytes(data))
    assert "Biobanks.csv: is damaged (bad checksum)" in refused(archive, "--source-key", "small")
    assert snapshot() == synced
