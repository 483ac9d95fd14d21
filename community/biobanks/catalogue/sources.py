"""Where a catalogue export comes from: a folder, a zip, or an EMX2 server (CSV API).

A source hands out its tables by file name (``Biobanks.csv``) as binary streams; the parsers
never see paths. Tables are found at the top of the folder/zip or one level down (an EMX2 zip
holds the data tables; the Directory's term lists usually sit in an ``ontologies/`` folder
beside them).

A zip is checked before anything is unpacked: at most ``MAX_MEMBERS`` files, ``MAX_TOTAL_SIZE``
bytes once unpacked and a compression ratio of ``MAX_RATIO`` per file (settings
``CATALOGUE_ZIP_MAX_MEMBERS``, ``…_MAX_TOTAL_SIZE``, ``…_MAX_RATIO`` override them), so that a
zip bomb is refused at once. ``zipfile`` never unpacks more than the size a member declares.

``read_table`` reads a table as a stream, a line at a time (memory holds the rows, never the
file), and checks it: UTF-8 (a byte-order mark is fine), not empty, every required column
present; each problem is a ``CatalogueError`` naming the file, row and column.
"""

import codecs
import csv
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from community.biobanks.catalogue.errors import CatalogueError, Problem

MAX_LINE = 16 * 1024 * 1024  # bytes in one line of a table (and in one cell)
csv.field_size_limit(MAX_LINE)
URL_TIMEOUT = 60
MAX_MEMBERS = 200
MAX_TOTAL_SIZE = 100 * 1024 * 1024  # the whole Directory export: ~4 MB; parsed rows are held
MAX_RATIO = 100  # the Directory's own exports compress about 10:1
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError)
LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def limit(name: str):
    return getattr(settings, f"CATALOGUE_ZIP_{name}", globals()[name])


class Source:
    label: str

    def open(self, name: str) -> BinaryIO | None:  # pragma: no cover - interface
        """The table `name` as a binary stream (the caller closes it), or None."""
        raise NotImplementedError

    def has(self, name: str) -> bool:
        stream = self.open(name)
        if stream is None:
            return False
        stream.close()
        return True

    def display(self, name: str) -> str:
        return name


class FolderSource(Source):
    def __init__(self, path: Path):
        self.path = path
        self.label = str(path)
        self._files: dict[str, Path] = {}
        for candidate in sorted(path.iterdir()):
            if candidate.is_file():
                self._files.setdefault(candidate.name, candidate)
        for candidate in sorted(path.iterdir()):
            if candidate.is_dir():
                for inner in sorted(candidate.iterdir()):
                    if inner.is_file():
                        self._files.setdefault(inner.name, inner)

    def open(self, name):
        found = self._files.get(name)
        return found.open("rb") if found else None

    def has(self, name):
        return name in self._files

    def display(self, name):
        found = self._files.get(name)
        return str(found.relative_to(self.path)) if found else name


class ZipSource(Source):
    def __init__(self, path: Path):
        self.label = str(path)
        try:
            self._zip = zipfile.ZipFile(path)
            check_zip_limits(path.name, self._zip.infolist())
            damaged = self._zip.testzip()  # within the limits: unpacks each member, in chunks
        except READ_ERRORS as exc:
            raise CatalogueError(
                [
                    Problem(
                        path.name,
                        None,
                        None,
                        _("not a readable zip file (%(error)s)") % {"error": exc},
                    )
                ]
            ) from exc
        if damaged:
            raise CatalogueError([Problem(damaged, None, None, _("is damaged (bad checksum)"))])
        self._names: dict[str, str] = {}
        for info in sorted(self._zip.infolist(), key=lambda i: i.filename.count("/")):
            if info.is_dir() or info.filename.count("/") > 2:
                continue
            self._names.setdefault(info.filename.rsplit("/", 1)[-1], info.filename)

    def open(self, name):
        member = self._names.get(name)
        if member is None:
            return None
        try:
            return self._zip.open(member)
        except (*READ_ERRORS, RuntimeError, NotImplementedError) as exc:  # encrypted, unknown
            raise CatalogueError(
                [Problem(member, None, None, _("cannot be read (%(error)s)") % {"error": exc})]
            ) from exc

    def has(self, name):
        return name in self._names

    def display(self, name):
        return self._names.get(name, name)


class ServerSource(Source):
    """An EMX2 server's CSV API: ``<url>/api/csv/<Table>`` for a schema URL such as
    ``https://directory.bbmri-eric.eu/ERIC``; term lists from ``<server>/DirectoryOntologies``."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.label = self.url
        parts = urllib.parse.urlsplit(self.url)
        self.ontology_url = f"{parts.scheme}://{parts.netloc}/DirectoryOntologies"

    def _table_url(self, name):
        table = name.removesuffix(".csv")
        from community.biobanks.catalogue.emx2 import ONTOLOGY_FILES

        base = self.ontology_url if table in ONTOLOGY_FILES else self.url
        return f"{base}/api/csv/{urllib.parse.quote(table)}"

    def open(self, name):
        """The answer, spooled to a temporary file past 8 MB, refused past MAX_TOTAL_SIZE."""
        url = self._table_url(name)
        most = limit("MAX_TOTAL_SIZE")
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        try:
            with urllib.request.urlopen(url, timeout=URL_TIMEOUT) as response:  # noqa: S310
                size = 0
                while chunk := response.read(64 * 1024):
                    size += len(chunk)
                    if size > most:
                        raise CatalogueError(
                            [
                                Problem(
                                    url,
                                    None,
                                    None,
                                    _("the answer is larger than the limit of %(limit)s")
                                    % {"limit": filesizeformat(most)},
                                )
                            ]
                        )
                    spool.write(chunk)
        except urllib.error.HTTPError as exc:
            spool.close()
            if exc.code == 404:
                return None
            raise CatalogueError(
                [Problem(url, None, None, _("the server answered %(code)s") % {"code": exc.code})]
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            spool.close()
            raise CatalogueError(
                [Problem(url, None, None, _("cannot be fetched (%(error)s)") % {"error": exc})]
            ) from exc
        except CatalogueError:
            spool.close()
            raise
        spool.seek(0)
        return spool

    def display(self, name):
        return self._table_url(name)


def open_source(location: str) -> Source:
    if location.startswith(("http://", "https://")):
        return ServerSource(location)
    path = Path(os.path.expanduser(location))
    if not path.exists():
        raise CatalogueError([Problem(location, None, None, _("no such file or folder"))])
    if path.is_dir():
        return FolderSource(path)
    return ZipSource(path)


def check_zip_limits(zip_name: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip that holds too many files, unpacks too large or compresses suspiciously
    well (sizes as the zip declares them; zipfile never unpacks more than declared)."""
    most = limit("MAX_MEMBERS")
    if len(members) > most:
        raise CatalogueError(
            [
                Problem(
                    zip_name,
                    None,
                    None,
                    _("holds %(count)d files, more than the limit of %(limit)d")
                    % {"count": len(members), "limit": most},
                )
            ]
        )
    total, most = sum(member.file_size for member in members), limit("MAX_TOTAL_SIZE")
    if total > most:
        raise CatalogueError(
            [
                Problem(
                    zip_name,
                    None,
                    None,
                    _("would unpack to %(size)s, more than the limit of %(limit)s")
                    % {"size": filesizeformat(total), "limit": filesizeformat(most)},
                )
            ]
        )
    most = limit("MAX_RATIO")
    for member in members:
        if member.file_size > most * max(member.compress_size, 1):
            raise CatalogueError(
                [
                    Problem(
                        member.filename,
                        None,
                        None,
                        _(
                            "compression ratio %(ratio)d:1, more than the limit of %(limit)d:1 "
                            "(a zip bomb?)"
                        )
                        % {
                            "ratio": member.file_size // max(member.compress_size, 1),
                            "limit": most,
                        },
                    )
                ]
            )


@dataclass
class Table:
    name: str  # as shown in messages
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as in a spreadsheet, values)


def lines(stream: BinaryIO, shown: str):
    """The lines of a UTF-8 table, decoded one at a time, ends kept (as csv wants them)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    number = 0
    while raw := stream.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise CatalogueError(
                [
                    Problem(
                        shown,
                        number,
                        None,
                        _("has a line longer than %(limit)s") % {"limit": filesizeformat(MAX_LINE)},
                    )
                ]
            )
        try:
            text = decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise CatalogueError(
                [
                    Problem(
                        shown,
                        number,
                        None,
                        _("is not UTF-8 text (byte 0x%(byte)02x); save it with UTF-8 encoding")
                        % {"byte": exc.object[exc.start]},
                    )
                ]
            ) from exc
        if "\r" in text:  # a lone carriage return ends a line too (old spreadsheet exports)
            yield from (part for part in LONE_CR.split(text) if part)
        else:
            yield text


def read_table(source: Source, name: str, required=(), *, optional=False) -> Table | None:
    shown = source.display(name)
    stream = source.open(name)
    if stream is None:
        if optional:
            return None
        raise CatalogueError([Problem(name, None, None, _("the file is missing"))])
    header, rows = None, []
    with stream:
        reader = csv.reader(lines(stream, shown))
        try:
            for number, values in enumerate(reader, start=1):
                if not any(value.strip() for value in values):
                    continue
                if header is None:
                    header = [column.strip() for column in values]
                    continue
                if len(values) > len(header):
                    raise CatalogueError(
                        [
                            Problem(
                                shown,
                                number,
                                None,
                                _("has %(found)d cells but the header has %(expected)d columns")
                                % {"found": len(values), "expected": len(header)},
                            )
                        ]
                    )
                rows.append((number, dict(zip(header, values, strict=False))))
        except csv.Error as exc:
            raise CatalogueError(
                [
                    Problem(
                        shown,
                        reader.line_num,
                        None,
                        _("is not valid CSV (%(error)s)") % {"error": exc},
                    )
                ]
            ) from exc
        except READ_ERRORS as exc:
            raise CatalogueError(
                [Problem(shown, None, None, _("cannot be read (%(error)s)") % {"error": exc})]
            ) from exc
    if header is None:
        raise CatalogueError([Problem(shown, None, None, _("the file is empty"))])
    missing = [column for column in required if column not in header]
    if missing:
        raise CatalogueError(
            [Problem(shown, 1, column, _("required column is missing")) for column in missing]
        )
    return Table(shown, header, rows)
