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
from dataclasses import dataclass, field, fields

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from community.biobanks.models import Biobank, Collection
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
# Facets a reader selects values of (commercial use and notified biobanks are switches).
PARAMS = (
    *("country", "type", "material", "category", "chapter", "disease", "quality"),
    *("sex", "age", "samples", "donors", "access"),
)
SWITCHES = ("commercial", "notified")

# Ranges of a collection's number of samples or donors: code, lowest number, label. A collection
# with no number falls in the range of its order of magnitude (SampleSize code n: 10^n to 10^n+1).
SIZES = (
    ("0-99", 0, _("Fewer than 100")),
    ("100-999", 100, _("100 to 999")),
    ("1000-9999", 1000, _("1,000 to 9,999")),
    ("10000-99999", 10000, _("10,000 to 99,999")),
    ("100000-", 100000, _("100,000 or more")),
)
# Age groups in years (a collection is in each group its age range overlaps): code, from, to.
AGES = (
    ("children", 0, 17, _("Children (0–17)")),
    ("adults", 18, 64, _("Adults (18–64)")),
    ("older", 65, None, _("Older adults (65 and over)")),
)
ACCESS = (
    ("fee", _("Fee-based access")),
    ("joint", _("Access through joint projects")),
)
# Facets with fixed values, shown in this order and labelled here (translated when shown, so
# the stored index holds no language).
FIXED = {
    "age": {code: label for code, _low, _high, label in AGES},
    "samples": {code: label for code, _low, label in SIZES},
    "donors": {code: label for code, _low, label in SIZES},
    "access": dict(ACCESS),
}
# The shape of the stored index (the fields of FacetIndex): part of its cache key, so that
# after a deploy that changes them no process unpacks a value stored by the old code.
FORMAT = 2

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
    notified: int = 0
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
        for switch in SWITCHES:
            if params.get(switch) and without != switch:
                result &= getattr(self, switch)
        return result

    def label(self, param: str, code: str) -> str:
        fixed = FIXED.get(param, {}).get(code)
        return str(fixed) if fixed else self.labels.get(param, {}).get(code) or code

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
                codes = FIXED.get(param) or self.bits[param]
            scope = self.mask(params, matches, without=param)
            values = []
            for code in codes:
                number = (scope & self.bits[param].get(code, 0)).bit_count()
                if number:
                    values.append((code, self.label(param, code), number))
            if param not in FIXED:  # ranges keep their order
                values.sort(key=lambda item: (-item[2], item[1]))
            out[param] = values
        for switch in SWITCHES:
            scope = self.mask(params, matches, without=switch)
            yes = (scope & getattr(self, switch)).bit_count()
            out[switch] = [
                (code, "", number)
                for code, number in (("1", yes), ("0", scope.bit_count() - yes))
                if number
            ]
        return out


def size_range(number, magnitude) -> str | None:
    """The SIZES code of a number of samples or donors, else of its order of magnitude."""
    if number is None:
        if magnitude is None or not str(magnitude).isdigit():
            return None
        number = 10 ** min(int(magnitude), 9)
    code = None
    for candidate, low, _label in SIZES:
        if number >= low:
            code = candidate
    return code


def age_groups(low, high, unit) -> list[str]:
    """The AGES codes an age range overlaps (in years: other units are not compared)."""
    if (low is None and high is None) or (unit and unit != "YEAR"):
        return []
    low = 0 if low is None else low
    return [
        code
        for code, start, end, _label in AGES
        if (high is None or high >= start) and (end is None or low <= end)
    ]


def _collection_facets(positions, bits, labels) -> None:
    """Add the facets of the collections (sex, age, sizes, access): a biobank has a value when
    one of its collections in the catalogue has it. Four queries whatever the size."""
    rows = Collection.objects.filter(withdrawn=False).values_list(
        "biobank_id",
        "size",
        "order_of_magnitude__code",
        "number_of_donors",
        "order_of_magnitude_donors__code",
        "age_low",
        "age_high",
        "age_unit__code",
    )
    for pk, size, magnitude, donors, donor_magnitude, low, high, unit in rows.iterator(
        chunk_size=5000
    ):
        position = positions.get(pk)
        if position is None:  # withdrawn biobank
            continue
        for param, code in (
            ("samples", size_range(size, magnitude)),
            ("donors", size_range(donors, donor_magnitude)),
        ):
            if code:
                bits[param][code].append(position)
        for code in age_groups(low, high, unit):
            bits["age"][code].append(position)
    through = Collection.sex.through.objects.filter(collection__withdrawn=False)
    for pk, code, label in through.values_list(
        "collection__biobank_id", "sextype__code", "sextype__label"
    ).iterator(chunk_size=5000):
        if pk in positions:
            bits["sex"][code].append(positions[pk])
            labels["sex"][code] = label
    for code, name in (("fee", "access_fee"), ("joint", "access_joint_project")):
        through = getattr(Collection, name).through.objects.filter(collection__withdrawn=False)
        for pk in through.values_list("collection__biobank_id", flat=True).distinct():
            if pk in positions:
                bits["access"][code].append(positions[pk])


def build() -> FacetIndex:
    rows = Biobank.objects.listed().order_by("name", "pk")
    pks, positions, commercial, notified = [], {}, [], []
    bits = defaultdict(lambda: defaultdict(list))
    labels = defaultdict(dict)
    for pk, code, label, for_commerce, is_notified in rows.values_list(
        "pk", "country__code", "country__label", "commercial_use", "notified_biobank"
    ):
        positions[pk] = len(pks)
        if code:
            bits["country"][code].append(len(pks))
            labels["country"][code] = label
        if for_commerce:
            commercial.append(len(pks))
        if is_notified:
            notified.append(len(pks))
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
    _collection_facets(positions, bits, labels)
    return FacetIndex(
        pks=pks,
        bits={param: {c: _bitset(p) for c, p in bits[param].items()} for param in PARAMS},
        labels={param: labels[param] for param in PARAMS},
        chapter_of=chapter_of,
        commercial=_bitset(commercial),
        notified=_bitset(notified),
    )


_STORED = tuple(f.name for f in fields(FacetIndex) if f.init)
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
    return f"biobanks:facets:v{FORMAT}:{version or generation()}"


def _fields(index: FacetIndex) -> tuple:
    return tuple(getattr(index, name) for name in _STORED)


def _stored(version) -> FacetIndex:
    key = stored_key(version)
    stored = cache.get(key)
    # The format is in the key; the shape is checked too, as a value of another shape would
    # otherwise unpack into the wrong fields.
    if isinstance(stored, tuple) and len(stored) == len(_STORED):
        return FacetIndex(*stored)
    index = build()
    cache.set(key, _fields(index), STORED_SECONDS)
    return index
