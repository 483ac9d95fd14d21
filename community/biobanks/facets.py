"""The facets of /biobanks/ as bitsets: one bit per listed biobank, in name order.

Counting a facet value is then an AND and a popcount over 10,000 bits (microseconds), for any
combination of filters, instead of a scan of the facet tables per search. The index is built
from the database once per catalogue version per process (a few queries, ~0.5 s at 10,000
biobanks) and the listing's name order comes with it: bit *i* is the *i*-th biobank by name.

Its version is the content generation (hub.cache), which the sync and any saved or deleted
biobank renew in their own transaction, so every process rebuilds after a change, and a lost or
evicted key can never bring an old index back. The built index is stored in the shared cache
under its version, so only one process builds it (the sync does, right after its commit) and the
others (gunicorn workers just started, other hosts) load it in milliseconds instead.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache

from community.biobanks.models import Biobank
from community.biobanks.terms import CHAPTER_LABELS
from hub.cache import generation

# URL parameter -> Biobank many-to-many field counted by it
THROUGH = {
    "type": "facet_collection_types",
    "material": "facet_materials",
    "category": "facet_data_categories",
    "disease": "facet_diseases",
    "quality": "facet_quality_standards",
}
# Facets a reader selects values of (commercial use is a single switch).
PARAMS = ("country", "type", "material", "category", "chapter", "disease", "quality")

_BYTE_BITS = tuple(tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256))


def _bitset(positions) -> int:
    positions = list(positions)
    if not positions:
        return 0
    buffer = bytearray((max(positions) >> 3) + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


@dataclass
class FacetIndex:
    pks: list[int]  # listed biobanks by name: bit i is pks[i]
    bits: dict[str, dict[str, int]]  # parameter -> code -> bitset
    labels: dict[str, dict[str, str]]  # parameter -> code -> label
    chapter_of: dict[str, str]  # disease code -> ICD-10 chapter
    commercial: int = 0
    position: dict[int, int] = field(init=False, repr=False)

    def __post_init__(self):
        self.position = {pk: i for i, pk in enumerate(self.pks)}
        self.everything = (1 << len(self.pks)) - 1

    def mask(self, params: dict, matches=None, *, without: str | None = None) -> int:
        """The biobanks matching `params` (all facets but `without`) and the text `matches`."""
        result = self.everything if matches is None else self.of(matches)
        for param in PARAMS:
            values = params.get(param) or []
            if values and param != without:
                chosen = 0
                for code in values:
                    chosen |= self.bits[param].get(code, 0)
                result &= chosen
        if params.get("commercial") and without != "commercial":
            result &= self.commercial
        return result

    def of(self, pks) -> int:
        return _bitset(self.position[pk] for pk in pks if pk in self.position)

    def pks_in(self, mask: int) -> list[int]:
        """The biobanks of `mask`, by name."""
        out = []
        for index, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) // 8, "little")):
            if byte:
                base = index * 8
                out.extend(self.pks[base + bit] for bit in _BYTE_BITS[byte])
        return out

    def has(self, mask: int, pk: int) -> bool:
        position = self.position.get(pk)
        return position is not None and bool(mask >> position & 1)

    def counts(self, params: dict, matches=None) -> dict:
        """{param: [(code, label, count)]}, most first; each facet counted without its own
        selection, so values of one facet combine with OR and facets with AND."""
        out = {}
        for param in PARAMS:
            if param == "disease":
                chapters = set(params.get("chapter") or [])
                if not chapters:
                    continue
                codes = [c for c, ch in self.chapter_of.items() if ch in chapters]
            else:
                codes = self.bits[param]
            scope = self.mask(params, matches, without=param)
            values = []
            for code in codes:
                number = (scope & self.bits[param].get(code, 0)).bit_count()
                if number:
                    values.append((code, self.labels[param].get(code) or code, number))
            values.sort(key=lambda item: (-item[2], item[1]))
            out[param] = values
        scope = self.mask(params, matches, without="commercial")
        yes = (scope & self.commercial).bit_count()
        out["commercial"] = [
            (code, "", number)
            for code, number in (("1", yes), ("0", scope.bit_count() - yes))
            if number
        ]
        return out


def build() -> FacetIndex:
    rows = Biobank.objects.listed().order_by("name", "pk")
    pks, positions, commercial = [], {}, []
    bits = defaultdict(lambda: defaultdict(list))
    labels = defaultdict(dict)
    for pk, code, label, for_commerce in rows.values_list(
        "pk", "country__code", "country__label", "commercial_use"
    ):
        positions[pk] = len(pks)
        if code:
            bits["country"][code].append(len(pks))
            labels["country"][code] = label
        if for_commerce:
            commercial.append(len(pks))
        pks.append(pk)
    chapter_of = {}
    for param, name in THROUGH.items():
        relation = getattr(Biobank, name).field
        term = relation.m2m_reverse_field_name()
        values = ["biobank_id", f"{term}__code", f"{term}__label"]
        if param == "disease":
            values.append(f"{term}__chapter")
        for pk, code, label, *chapter in relation.remote_field.through.objects.values_list(
            *values
        ).iterator(chunk_size=5000):
            position = positions.get(pk)
            if position is None:  # withdrawn
                continue
            bits[param][code].append(position)
            labels[param][code] = label
            if chapter and chapter[0]:
                chapter_of[code] = chapter[0]
                bits["chapter"][chapter[0]].append(position)
    labels["chapter"] = {code: str(CHAPTER_LABELS.get(code, code)) for code in bits["chapter"]}
    return FacetIndex(
        pks=pks,
        bits={param: {c: _bitset(p) for c, p in bits[param].items()} for param in PARAMS},
        labels={param: labels[param] for param in PARAMS},
        chapter_of=chapter_of,
        commercial=_bitset(commercial),
    )


_built: tuple[object, FacetIndex] | None = None
_lock = threading.Lock()
STORED_SECONDS = 7 * 24 * 3600  # a generation no process asks for any more ages out


def current() -> FacetIndex:
    """The index of the catalogue as it is now (built at most once per version)."""
    global _built
    version = generation()
    built = _built
    if built is None or built[0] != version:
        with _lock:
            if _built is None or _built[0] != version:
                _built = (version, _stored(version))
            built = _built
    return built[1]


def stored_key(version=None) -> str:
    """The shared cache's key of the index of `version` (the current one by default)."""
    return f"biobanks:facets:{version or generation()}"


def _stored(version) -> FacetIndex:
    key = stored_key(version)
    fields = cache.get(key)
    if fields is None:
        index = build()
        fields = (index.pks, index.bits, index.labels, index.chapter_of, index.commercial)
        cache.set(key, fields, STORED_SECONDS)
        return index
    return FacetIndex(*fields)
