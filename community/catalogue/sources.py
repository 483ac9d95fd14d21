"""Where a catalogue export comes from: a folder, a zip, or an EMX2 server (CSV API).

A source hands out its tables by file name (``Biobanks.csv``); the parsers never see paths.
Tables are found at the top of the folder/zip or one level down (an EMX2 zip holds the data
tables; the Directory's term lists usually sit in an ``ontologies/`` folder beside them).

``read_table`` decodes and checks a table: UTF-8 (a byte-order mark is fine), not empty, every
required column present; each problem is a ``CatalogueError`` naming the file, row and column.
"""

import csv
import io
import os
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from community.catalogue.errors import CatalogueError, Problem

csv.field_size_limit(16 * 1024 * 1024)
URL_TIMEOUT = 60


class Source:
    label: str

    def read(self, name: str) -> bytes | None:  # pragma: no cover - interface
        raise NotImplementedError

    def has(self, name: str) -> bool:
        return self.read(name) is not None


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

    def read(self, name):
        found = self._files.get(name)
        return found.read_bytes() if found else None

    def display(self, name):
        found = self._files.get(name)
        return str(found.relative_to(self.path)) if found else name


class ZipSource(Source):
    def __init__(self, path: Path):
        self.label = str(path)
        try:
            self._zip = zipfile.ZipFile(path)
            self._zip.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
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
        self._names: dict[str, str] = {}
        for info in sorted(self._zip.infolist(), key=lambda i: i.filename.count("/")):
            if info.is_dir() or info.filename.count("/") > 2:
                continue
            self._names.setdefault(info.filename.rsplit("/", 1)[-1], info.filename)

    def read(self, name):
        member = self._names.get(name)
        if member is None:
            return None
        try:
            return self._zip.read(member)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CatalogueError(
                [
                    Problem(
                        member,
                        None,
                        None,
                        _("cannot be read from the zip (%(error)s)") % {"error": exc},
                    )
                ]
            ) from exc

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
        self._cache: dict[str, bytes | None] = {}

    def _table_url(self, name):
        table = name.removesuffix(".csv")
        from community.catalogue.emx2 import ONTOLOGY_FILES

        base = self.ontology_url if table in ONTOLOGY_FILES else self.url
        return f"{base}/api/csv/{urllib.parse.quote(table)}"

    def read(self, name):
        if name not in self._cache:
            url = self._table_url(name)
            try:
                with urllib.request.urlopen(url, timeout=URL_TIMEOUT) as response:  # noqa: S310
                    self._cache[name] = response.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    self._cache[name] = None
                else:
                    raise CatalogueError(
                        [
                            Problem(
                                url,
                                None,
                                None,
                                _("the server answered %(code)s") % {"code": exc.code},
                            )
                        ]
                    ) from exc
            except (urllib.error.URLError, OSError) as exc:
                raise CatalogueError(
                    [Problem(url, None, None, _("cannot be fetched (%(error)s)") % {"error": exc})]
                ) from exc
        return self._cache[name]

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


@dataclass
class Table:
    name: str  # as shown in messages
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as in a spreadsheet, values)


def decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            [
                Problem(
                    name,
                    row,
                    None,
                    _("is not UTF-8 text (byte 0x%(byte)02x); save it with UTF-8 encoding")
                    % {"byte": data[exc.start]},
                )
            ]
        ) from exc


def read_table(source: Source, name: str, required=(), *, optional=False) -> Table | None:
    data = source.read(name)
    shown = source.display(name) if hasattr(source, "display") else name
    if data is None:
        if optional:
            return None
        raise CatalogueError([Problem(name, None, None, _("the file is missing"))])
    text = decode(shown, data)
    if not text.strip():
        raise CatalogueError([Problem(shown, None, None, _("the file is empty"))])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader)]
        rows = []
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
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
                    shown, reader.line_num, None, _("is not valid CSV (%(error)s)") % {"error": exc}
                )
            ]
        ) from exc
    missing = [column for column in required if column not in header]
    if missing:
        raise CatalogueError(
            [Problem(shown, 1, column, _("required column is missing")) for column in missing]
        )
    return Table(shown, header, rows)
